import type { z } from 'zod';
import { type InputIssue, ValidationError } from '../errors.js';
import type { Command } from './define.js';

/** A zod error as the issues a {@link ValidationError} names: one place says what each means. */
export function inputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    if (i.code === 'unrecognized_keys') {
      return { path, message: `unknown field(s) ${i.keys.map((k) => `"${k}"`).join(', ')}; remove them` };
    }
    return { path, message: i.message };
  });
}

/**
 * Checks a caller's input against the command's schema and returns the parsed value.
 * Throws a {@link ValidationError} naming each bad field; a patch command must name at least one change.
 */
export function parseInput<C extends Command>(command: C, raw: unknown): z.output<C['input']> {
  const result = command.input.safeParse(raw ?? {});
  if (!result.success) throw new ValidationError(command.tool, inputIssues(result.error));
  const value = result.data as Record<string, unknown>;
  if (command.patch) {
    const fields = Object.keys(command.patch);
    if (!fields.some((f) => value[f] !== undefined)) {
      throw new ValidationError(command.tool, [
        { path: '', message: `nothing to change: give at least one of ${fields.join(', ')}` },
      ]);
    }
  }
  return result.data as z.output<C['input']>;
}

/**
 * The wire fields for a parsed input (without `command`/`action` and auth fields).
 * For patch commands each `setX` flag is `true` exactly when its field was given; fields not given are not sent.
 */
export function toWireFields(command: Command, input: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = command.toWire ? command.toWire(input) : { ...input };
  if (command.patch) {
    for (const [field, flag] of Object.entries(command.patch)) {
      if (flag !== null && flag !== undefined) fields[flag] = input[field] !== undefined;
    }
  }
  return fields;
}
