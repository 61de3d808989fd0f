import type { Command, CommandByWire, ParsedInput, Provider, ProviderWireName } from '@hostkit/core';
import type { Session, SessionStore } from '../auth';
import { type DeploiMessage, deploiErrors } from '../messages';
import type { Client, SandboxState, User } from '../model';

// What every handler file uses: the context a handler gets, the reply helpers, and the ownership
// lookups that turn "not yours" into the same refusal as "does not exist", as a real API would.

/** Settings handlers read. */
export interface SandboxConfig {
  /** How long CreateVirtualServer stays `creating`. */
  provisioningDelayMs: number;
  /** How long RestartVirtualServer and reboot-dserver take. */
  restartDelayMs: number;
  /** The code Login accepts as second factor. */
  twoFactorCode: string;
  /** Where the PNG graphs are served, ending in "/"; known once the server listens. */
  graphsBaseUrl: string;
}

/** What a handler gets besides its input. */
export interface HandlerContext {
  /** The state, to read and change in place. Changes by write commands are saved afterwards. */
  readonly state: SandboxState;
  /** The sandbox clock's time of this request (epoch ms). */
  readonly now: number;
  /** The Deploi session of a `session` command; undefined for `none` commands and for SeFlow. */
  readonly session: Session | undefined;
  /** Deploi sessions, for Login and Logout. */
  readonly sessions: SessionStore;
  readonly config: SandboxConfig;
  /** The registry command being handled. */
  readonly command: Command;
}

/** A reply in the API's shape: Deploi `{success, message, messageId, …}`, SeFlow `{status, statusmsg, …}`. */
export type Reply = Record<string, unknown>;

/**
 * What the dispatcher hands the handler of provider `P`'s command `W`: core's `parseInput` output for it,
 * after the patch flags are dropped and `fromWire` has undone any `toWire`. Derived from the core command,
 * so a field renamed or retyped there is a compile error where a handler reads it.
 */
// `W` is not constrained to P's wire names here (TypeScript cannot relate them for a generic P); a name
// that is not one gives `never`, and the provider-specific aliases below do constrain it.
export type InputOf<P extends Provider, W extends string> = ParsedInput<CommandByWire<P, W>>;
/** {@link InputOf} a Deploi command. */
export type DeploiInput<W extends ProviderWireName<'deploi'>> = InputOf<'deploi', W>;
/** {@link InputOf} a SeFlow action. */
export type SeflowInput<W extends ProviderWireName<'seflow'>> = InputOf<'seflow', W>;

/** Handles one command: `input` is already validated by the command's core schema. Throws via {@link refuse} to refuse. */
export type Handler<I> = (ctx: HandlerContext, input: I) => Reply;

/** A handler whose wire fields differ from the core input (the command has `toWire`): `fromWire` undoes it. */
export interface HandlerEntry<I> {
  /** Turns the request's wire fields (without command/token/setX flags) into the core input shape; parseInput checks the result. */
  fromWire: (wire: Record<string, unknown>) => Record<string, unknown>;
  handle: Handler<I>;
}

/** The handler of provider `P`'s command `W`, a bare function or, for `toWire` commands, an entry. */
export type HandlerOf<P extends Provider, W extends string> =
  | Handler<InputOf<P, W>>
  | HandlerEntry<InputOf<P, W>>;

/** Every handler of one provider, keyed by wire name: a command without one is a compile error. */
export type Handlers<P extends Provider> = { readonly [W in ProviderWireName<P>]: HandlerOf<P, W> };

/**
 * A handler file's export: the handlers of one registry group, keyed by wire name. Written
 * `{ … } satisfies HandlerMap<'deploi'>`, so each handler's input is typed from its command and a key
 * that is no wire name of the provider is an error.
 */
export type HandlerMap<P extends Provider> = Partial<Handlers<P>>;

/** A refusal thrown by a handler; the dispatcher answers it in the API's shape. */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly messageId: number = -1,
    /** Extra reply fields sent with the refusal (SeFlow's dserver-graph sends `loadgraph: null`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

/** Refuses the request: Deploi `success: false` with this message and messageId, SeFlow `status: "error"`. */
export function refuse(refusal: DeploiMessage | string, extra: Record<string, unknown> = {}): never {
  if (typeof refusal === 'string') throw new Refusal(refusal, -1, extra);
  throw new Refusal(refusal.message, refusal.messageId, extra);
}

/** A Deploi success reply: `{ success: true, message, messageId, ...fields }`. */
export function ok(fields: Record<string, unknown> = {}, message = '', messageId = 0): Reply {
  return { success: true, message, messageId, ...fields };
}

/** A SeFlow success reply: `{ status: "success", statusmsg, ...fields }`. */
export function seflowOk(statusmsg: string, fields: Record<string, unknown> = {}): Reply {
  return { status: 'success', statusmsg, ...fields };
}

/** The logged-in user. Only for `session` commands (the dispatcher has checked the token). */
export function userOf(ctx: HandlerContext): User {
  const user = ctx.session && ctx.state.users.find((u) => u.id === ctx.session?.userId);
  if (!user) return refuse(deploiErrors.tokenInvalid);
  return user;
}

/** True when the logged-in user administers `clientId`. */
export function canAccess(ctx: HandlerContext, clientId: number): boolean {
  return userOf(ctx).clientIds.includes(clientId);
}

/**
 * The client a request acts for: `clientid` if given (refused when the user has no access to it),
 * else the user's first client, as the core client would fill in.
 */
export function clientFor(ctx: HandlerContext, clientid: number | undefined): Client {
  const user = userOf(ctx);
  const id = clientid ?? user.clientIds[0];
  const client = ctx.state.clients.find((c) => c.id === id);
  if (!client || !user.clientIds.includes(client.id)) return refuse(deploiErrors.noSuchClient);
  return client;
}

/** The first record the user may see that matches `where`; refused with `notFound` otherwise. */
export function findOwned<T extends { clientId: number }>(
  ctx: HandlerContext,
  records: readonly T[],
  where: (record: T) => boolean,
  notFound: DeploiMessage | string,
): T {
  const clientIds = userOf(ctx).clientIds;
  const found = records.find((r) => clientIds.includes(r.clientId) && where(r));
  if (!found) return refuse(notFound);
  return found;
}

/** The records of one client. */
export function ofClient<T extends { clientId: number }>(records: readonly T[], client: Client): T[] {
  return records.filter((r) => r.clientId === client.id);
}
