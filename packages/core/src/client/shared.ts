import { HostkitError, ValidationError } from '../errors.js';
import { collectSecrets, redactText } from '../redact.js';
import type { Command, Provider } from '../registry/define.js';
import { getCommand } from '../registry/registry.js';
import { parseInput } from '../registry/wire.js';
import { type CallResult, issuePath, readReply } from './result.js';
import { providerName } from './transport.js';

/** Options of one call. */
export interface CallOptions {
  /** Cancels the call: a {@link HostkitError} with code `aborted` is raised. */
  signal?: AbortSignal | undefined;
}

/** Something worth knowing that did not fail the call. */
export interface HostkitWarning {
  /** `schema_drift`: the reply did not match the documented shape; the call's result carries the drift. */
  code: 'schema_drift';
  provider: Provider;
  /** The tool name. */
  command: string;
  message: string;
  issues: readonly { path: string; message: string }[];
}

/** Receives warnings; it must not throw (a throw is ignored). */
export type WarningHandler = (warning: HostkitWarning) => void;

/** Finds the command a client is asked to call, refusing the other provider's commands. */
export function resolveCommand(provider: Provider, ref: Command | string): Command {
  const command = typeof ref === 'string' ? getCommand(ref) : ref;
  const client = provider === 'deploi' ? 'DeploiClient' : 'SeflowClient';
  if (!command) {
    const example =
      provider === 'deploi' ? 'deploi_get_servers or GetServers' : 'seflow_checkstatus or checkstatus';
    throw new HostkitError(
      'unknown_command',
      `No ${providerName(provider)} command is named "${String(ref)}". Give a tool name or a wire name, such as ${example}.`,
    );
  }
  if (command.provider !== provider) {
    const other = command.provider === 'deploi' ? 'DeploiClient' : 'SeflowClient';
    throw new HostkitError(
      'unknown_command',
      `${command.tool} is a ${providerName(command.provider)} command: call it with ${other}, not ${client}.`,
    );
  }
  return command;
}

/** Parses the input, raising a {@link ValidationError} whose messages hold no secret input value. */
export function parseRedacted(
  command: Command,
  input: unknown,
  secrets: readonly string[],
): Record<string, unknown> {
  try {
    return parseInput(command, input) as Record<string, unknown>;
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    throw new ValidationError(
      command.tool,
      e.issues.map((i) => ({ path: i.path, message: redactText(i.message, secrets) })),
    );
  }
}

/** The secret values in a call's input: global secret field names plus the command's own. */
export function inputSecrets(command: Command, input: unknown): string[] {
  return collectSecrets(input, command.secrets ?? []);
}

/**
 * Redacts `secrets` from the message and stack of `error` and of every cause under it, in place, as a
 * last guard: each message is built redacted, but a cause from elsewhere might not be.
 */
export function scrub(error: unknown, secrets: readonly string[]): unknown {
  const seen = new Set<unknown>();
  for (let e: unknown = error; e instanceof Error && !seen.has(e); e = e.cause) {
    seen.add(e);
    try {
      e.message = redactText(e.message, secrets);
      if (typeof e.stack === 'string') e.stack = redactText(e.stack, secrets);
    } catch {
      // A frozen error keeps its message; every message Hostkit builds is already redacted.
    }
  }
  return error;
}

/** Reads a successful reply with the output schema (see {@link readReply}); on drift also warns. */
export function parseOutput<O>(
  command: Command,
  reply: Record<string, unknown>,
  onWarning: WarningHandler | undefined,
): CallResult<O> {
  const result = readReply<O>(command, reply);
  if (result.drift) {
    try {
      onWarning?.({
        code: 'schema_drift',
        provider: command.provider,
        command: command.tool,
        message: result.drift.message,
        issues: result.drift.issues.map((i) => ({ path: issuePath(i.path), message: i.message })),
      });
    } catch {
      // A failing warning handler must not fail a call that succeeded.
    }
  }
  return result;
}
