import { type Command, collectSecrets, getCommandByWire, parseInput, ValidationError } from '@hostkit/core';
import type { SessionStore } from './auth';
import { seflowKeyAccepted } from './auth';
import type { Clock } from './clock';
import { findHandler } from './handlers/index';
import { type HandlerContext, Refusal, type Reply, type SandboxConfig } from './handlers/support';
import { deploiErrors, seflowErrors } from './messages';
import type { SandboxState } from './model';
import { advance } from './state';

// The API pipeline, without HTTP: find the command by wire name, check auth, turn wire fields back
// into the core input, validate it with the core schema, run the handler, check the reply against
// the core output schema. Every refusal is answered in the API's own shape.

/** What the dispatcher needs from the sandbox. */
export interface DispatchEnv {
  /** The current state (a getter: reset replaces it). */
  state(): SandboxState;
  sessions: SessionStore;
  clock: Clock;
  config: SandboxConfig;
  /** Answer a reply that fails its command's output schema with HTTP 500 (a sandbox bug). */
  strictReplies: boolean;
}

/** The answer to one API request. */
export interface DispatchResult {
  status: number;
  body: Reply;
  /** The wire name, or "(none)" when the request named no known command. */
  command: string;
  /** Names of the fields sent, without auth fields. */
  fields: string[];
  /** True when a write command succeeded, so the state should be saved. */
  mutated: boolean;
  /** Secret values the request carried, to redact from anything logged. */
  secrets: string[];
}

const deploiAuthFields = new Set(['command', 'token']);
const seflowAuthFields = new Set(['action', 'username', 'key']);

/** Handles a Deploi request body (already parsed JSON). */
export function dispatchDeploi(env: DispatchEnv, body: unknown): DispatchResult {
  const secrets = collectSecrets(body);
  const deploiFail = (
    command: string,
    fields: string[],
    refusal: { message: string; messageId: number },
    status = 200,
  ) => ({
    status,
    body: { success: false, message: refusal.message, messageId: refusal.messageId },
    command,
    fields,
    mutated: false,
    secrets,
  });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return deploiFail('(none)', [], deploiErrors.notAnObject, 400);
  }
  const raw = body as Record<string, unknown>;
  const fields = Object.keys(raw).filter((k) => !deploiAuthFields.has(k));
  if (typeof raw.command !== 'string' || raw.command === '')
    return deploiFail('(none)', fields, deploiErrors.missingCommand);
  const command = getCommandByWire(raw.command, 'deploi');
  if (!command) return deploiFail('(none)', fields, deploiErrors.unknownCommand(raw.command));
  const state = env.state();
  advance(state, env.clock.now());
  let session: HandlerContext['session'];
  if (command.auth === 'session') {
    const checked = env.sessions.check(raw.token);
    if (typeof checked === 'string') {
      return deploiFail(
        command.wire,
        fields,
        checked === 'expired' ? deploiErrors.tokenExpired : deploiErrors.tokenInvalid,
      );
    }
    session = checked;
  }
  const wire: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!deploiAuthFields.has(k)) wire[k] = v;
  const flagIssues = unflag(command, wire);
  if (flagIssues.length > 0)
    return deploiFail(command.wire, fields, deploiErrors.invalidInput(flagIssues.join('; ')));
  const result = run(env, command, wire, session);
  if (result.kind === 'invalid')
    return deploiFail(command.wire, fields, deploiErrors.invalidInput(result.issues));
  if (result.kind === 'missing')
    return deploiFail(command.wire, fields, deploiErrors.notImplemented(command.wire));
  if (result.kind === 'refused') {
    const { message, messageId, extra } = result.refusal;
    return {
      ...deploiFail(command.wire, fields, { message, messageId }),
      body: { success: false, message, messageId, ...extra },
    };
  }
  if (result.kind === 'bug')
    return deploiFail(command.wire, fields, { message: result.message, messageId: -1 }, 500);
  return {
    status: 200,
    body: result.reply,
    command: command.wire,
    fields,
    mutated: command.risk !== 'read',
    secrets,
  };
}

/** Handles a SeFlow request's query parameters. */
export function dispatchSeflow(env: DispatchEnv, params: URLSearchParams): DispatchResult {
  const secrets = [params.get('key') ?? ''].filter((s) => s.length >= 4);
  const fields = [...params.keys()].filter((k) => !seflowAuthFields.has(k));
  const fail = (command: string, statusmsg: string, extra: Record<string, unknown> = {}, status = 200) => ({
    status,
    body: { status: 'error', statusmsg, ...extra },
    command,
    fields,
    mutated: false,
    secrets,
  });
  const action = params.get('action');
  if (!action) return fail('(none)', seflowErrors.missingAction);
  const command = getCommandByWire(action, 'seflow');
  if (!command) return fail('(none)', seflowErrors.unknownAction);
  const state = env.state();
  advance(state, env.clock.now());
  if (!seflowKeyAccepted(state, params.get('username'), params.get('key'))) {
    return fail(command.wire, seflowErrors.wrongCredentials);
  }
  const wire: Record<string, unknown> = {};
  for (const [k, v] of params) if (!seflowAuthFields.has(k)) wire[k] = v;
  const result = run(env, command, wire, undefined);
  if (result.kind === 'invalid') return fail(command.wire, seflowErrors.invalidInput(result.issues));
  if (result.kind === 'missing') return fail(command.wire, seflowErrors.notImplemented(command.wire));
  if (result.kind === 'refused') return fail(command.wire, result.refusal.message, result.refusal.extra);
  if (result.kind === 'bug') return fail(command.wire, result.message, {}, 500);
  return {
    status: 200,
    body: result.reply,
    command: command.wire,
    fields,
    mutated: command.risk !== 'read',
    secrets,
  };
}

/**
 * Patch commands send `setX` flags beside every field; the core input has only the fields that are
 * set. A field whose flag is false is a placeholder and dropped; the flags themselves are removed.
 */
function unflag(command: Command, wire: Record<string, unknown>): string[] {
  const issues: string[] = [];
  if (!command.patch) return issues;
  for (const [field, flag] of Object.entries(command.patch)) {
    if (!flag || !(flag in wire)) continue;
    const set = wire[flag];
    delete wire[flag];
    if (set === false) delete wire[field];
    else if (set !== true) issues.push(`${flag}: must be true or false`);
    else if (wire[field] === undefined) issues.push(`${field}: required when ${flag} is true`);
  }
  return issues;
}

type RunResult =
  | { kind: 'ok'; reply: Reply }
  | { kind: 'invalid'; issues: string }
  | { kind: 'missing' }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'bug'; message: string };

function run(
  env: DispatchEnv,
  command: Command,
  wire: Record<string, unknown>,
  session: HandlerContext['session'],
): RunResult {
  const entry = findHandler(command);
  const fromWire = entry && typeof entry !== 'function' ? entry.fromWire : (w: Record<string, unknown>) => w;
  let input: unknown;
  try {
    input = parseInput(command, fromWire(wire));
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return {
      kind: 'invalid',
      issues: e.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '),
    };
  }
  if (!entry) return { kind: 'missing' };
  const handle = typeof entry === 'function' ? entry : entry.handle;
  const ctx: HandlerContext = {
    state: env.state(),
    now: env.clock.now(),
    session,
    sessions: env.sessions,
    config: env.config,
    command,
  };
  let reply: Reply;
  try {
    // `input` is parseInput's result for this command: exactly the InputOf<P, W> the handler is typed with.
    reply = (handle as (ctx: HandlerContext, input: unknown) => Reply)(ctx, input);
  } catch (e) {
    if (e instanceof Refusal) return { kind: 'refused', refusal: e };
    return {
      kind: 'bug',
      message: `Sandbox bug in ${command.wire}: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  if (env.strictReplies) {
    const checked = command.output.safeParse(reply);
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return {
        kind: 'bug',
        message: `Sandbox bug: the reply of ${command.wire} does not match its output schema: ${issues}`,
      };
    }
  }
  return { kind: 'ok', reply };
}
