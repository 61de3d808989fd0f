import { type Command, getCommand, HostkitError } from '@hostkit/core';

/** The registry command of a tool name; a missing one is a programming error, said plainly. */
export function commandOf(tool: string): Command {
  const c = getCommand(tool);
  if (!c)
    throw new HostkitError(
      'unknown_command',
      `The Hostkit core has no command ${tool}; update the extension.`,
    );
  return c;
}

/**
 * A validateInput for one field of a command's input, checked against the command's own zod schema
 * (so the rules live once, in core). `build` makes the whole input from the typed text, with the
 * answers given so far and plausible values for fields not asked yet; only issues at `path` count.
 */
export function fieldValidator(
  tool: string,
  path: readonly (string | number)[],
  build: (text: string) => Record<string, unknown> | string,
): (text: string) => string | undefined {
  const command = commandOf(tool);
  const want = path.join('.');
  return (text) => {
    const candidate = build(text);
    if (typeof candidate === 'string') return candidate;
    const result = command.input.safeParse(candidate);
    if (result.success) return undefined;
    const issue = result.error.issues.find(
      (i) => i.path.join('.') === want || i.path.join('.').startsWith(`${want}.`),
    );
    return issue ? issue.message : undefined;
  };
}

/** "3600" → 3600; text that is not a whole number gives the message to show instead. */
export function toInt(text: string, what = 'a whole number'): number | string {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return `must be ${what}`;
  return Number(t);
}

/**
 * The options of an enum field of a command's input (record types, SRV protocols), for a quick pick;
 * `path` walks nested objects, optional wrappers are looked through.
 */
export function enumOptions(tool: string, ...path: string[]): string[] {
  let schema: unknown = commandOf(tool).input;
  for (const key of path) {
    schema = unwrap(schema);
    schema = (schema as { shape?: Record<string, unknown> }).shape?.[key];
  }
  const options = (unwrap(schema) as { options?: unknown } | undefined)?.options;
  return Array.isArray(options) ? options.filter((o): o is string => typeof o === 'string') : [];
}

function unwrap(schema: unknown): unknown {
  let s = schema as { unwrap?: () => unknown } | undefined;
  // ZodOptional/ZodNullable/ZodDefault expose unwrap(); anything else is returned as is.
  for (let i = 0; i < 5 && s && typeof s.unwrap === 'function'; i++) s = s.unwrap() as typeof s;
  return s;
}
