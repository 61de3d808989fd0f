import type { z } from 'zod';
import type { ListSpec, ReadRow } from '../results/list.js';
import type { ToolCall, UndoSpec } from './undo.js';

/** The API a command belongs to. */
export type Provider = 'deploi' | 'seflow';

/**
 * What a command can do to the user's hosting:
 * - `read`: changes nothing;
 * - `write`: changes something that can be changed back without loss;
 * - `destructive`: loses data, disrupts service, weakens security or moves ownership.
 */
export type Risk = 'read' | 'write' | 'destructive';

/** How a command authenticates: not at all, with a Deploi session token, or with a SeFlow API key. */
export type Auth = 'none' | 'session' | 'apikey';

/** Any zod object usable as a command input. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds commands of every shape
export type AnyInput = z.ZodObject<any>;

/** The fields of a command definition, as written in the group files. */
export interface CommandSpec<I extends AnyInput, O extends z.ZodType> {
  provider: Provider;
  /** The name on the wire: Deploi's `command`, SeFlow's `action`. */
  wire: string;
  /** Overrides the derived `<provider>_<snake_case>` tool name where the derivation reads badly. */
  tool?: string;
  /** The registry group, also the MCP toolset name. */
  group: string;
  title: string;
  /** Written for a model: what it does, when to use it, what it costs or breaks, where ids come from. */
  description: string;
  /** The caller's input, without auth fields (`token`, `username`, `key`). */
  input: I;
  /** A tolerant schema of the whole reply: unknown keys kept, documented drift accepted. */
  output: O;
  risk: Risk;
  billable: boolean;
  idempotent: boolean;
  auth: Auth;
  /**
   * Patch commands: maps an input field to the wire's `setX` flag. The flag is sent `true` exactly when
   * the caller gave the field, so nothing the caller did not name is overwritten. `null` marks a field
   * that is a change on its own but has no flag on the wire (it is sent only when given).
   */
  patch?: Readonly<Partial<Record<keyof z.input<I> & string, string | null>>>;
  /** Field names (input or output, any depth) whose values are secrets, beyond the global list. */
  secrets?: readonly string[];
  /**
   * Input fields whose names look secret but whose values a human must see to confirm the call (an SSH
   * public key, which grants access); logs and the audit still redact them.
   */
  shown?: readonly string[];
  /**
   * One or two sentences saying what the call will do, in the user's terms, for its confirmation: the
   * resources by name and id (`names`), values through `quote()`. Every argument is listed after it
   * anyway (see `summaryOf`), so it says what they mean rather than repeating all of them.
   */
  // Methods, not properties, so a command with a narrow input still fits `Command` (bivariant parameter).
  summary?(input: z.output<I>, names: Names): string;
  /**
   * Risk by argument: why this call needs a human's yes although the command is neither destructive nor
   * billable (it opens access, moves mail or traffic, accepts terms, reveals credentials), or undefined
   * when this input does none of that.
   */
  confirm?(input: z.output<I>): string | undefined;
  /** A refusal whose message means "none" (SeFlow answers "No Portable IP"): an empty reply, not an error. */
  emptyWhen?: RegExp;
  /** A list reply: where its rows are and what identifies one, so an agent can narrow and page it. */
  list?: ListSpec<z.output<O>>;
  /**
   * What the reply does not say after something is created (Deploi returns no id): the list to read
   * before and after, and which new row is the one created.
   */
  creates?: {
    list: string;
    input(input: z.output<I>): Record<string, unknown>;
    /** The rows under this key of the list's reply. */
    rows: string;
    matches(row: Record<string, unknown>, input: z.output<I>): boolean;
  };
  /** After an API refusal: a read that names what the call clashed with, as a sentence, if it finds it. */
  explainRefusal?(input: z.output<I>, read: ReadRow): Promise<string | undefined>;
  /** The resources the call acts on, so a confirmation can name them (`server "web-01" (id 1005)`). */
  targets?(input: z.output<I>): readonly Target[];
  /**
   * The read that shows whether the call took effect when its reply was lost (a write is never sent
   * twice): its tool and the arguments this input gives it. Absent on a change: no read shows it.
   */
  check?(input: z.output<I>): ToolCall;
  /**
   * How the call is undone, for the undo journal (see `UndoSpec`). Absent on a change: Hostkit knows no
   * call that undoes it, and says so.
   */
  undo?: UndoSpec<z.output<I>>;
  /** Maps the parsed input to wire fields, only where the wire shape differs from the input. */
  // A method, not a property, so a command with a narrow input still fits `Command` (bivariant parameter).
  toWire?(input: z.output<I>): Record<string, unknown>;
}

/** A resource a call acts on, by the id its input gives. */
export type Target =
  | { kind: 'server' | 'firewall' | 'site'; id: number }
  | { kind: 'proxy'; firewall: number; id: number };

/**
 * How a summary names a resource: with its name when Hostkit could look it up before asking
 * (`server "web-01" (id 1005)`), else by id (`server 1005`). Names are quoted as data.
 */
export interface Names {
  server(id: number): string;
  firewall(id: number): string;
  site(id: number): string;
  proxy(firewall: number, id: number): string;
}

/** A command of the registry: its spec plus the derived tool name. */
export interface Command<I extends AnyInput = AnyInput, O extends z.ZodType = z.ZodType>
  extends CommandSpec<I, O> {
  tool: string;
}

type IsUpper<C extends string> = C extends Lowercase<C> ? false : true;
type IsLowerOrDigit<C extends string> = C extends ''
  ? false
  : C extends Uppercase<C>
    ? C extends `${number}`
      ? true
      : false
    : true;
type StartsLower<S extends string> = S extends `${infer H}${string}`
  ? H extends Uppercase<H>
    ? false
    : true
  : false;

/** {@link snakeCase} at the type level, so tool names stay literal types: `GetSSHKeys` → `get_ssh_keys`. */
export type SnakeCase<S extends string, Prev extends string = ''> = S extends `${infer C}${infer Rest}`
  ? `${IsUpper<C> extends true
      ? IsLowerOrDigit<Prev> extends true
        ? '_'
        : IsUpper<Prev> extends true
          ? StartsLower<Rest> extends true
            ? '_'
            : ''
          : ''
      : ''}${C extends '-' ? '_' : Lowercase<C>}${SnakeCase<Rest, C>}`
  : '';

/** The tool name of a spec: its override, else `<provider>_<snake_case wire>`. */
export type ToolNameOf<P extends Provider, W extends string, T> = T extends string
  ? T
  : `${P}_${SnakeCase<W>}`;

/** A registry command with its provider, wire and tool names as literal types. */
export type NamedCommand<
  I extends AnyInput,
  O extends z.ZodType,
  P extends Provider,
  W extends string,
  T extends string,
> = Command<I, O> & { provider: P; wire: W; tool: T };

/** The parsed input a command accepts. */
export type CommandInput<C> = C extends Command<infer I, z.ZodType> ? z.input<I> : never;
/**
 * What `parseInput` hands on for a command: its input schema's output (defaults applied). This is
 * what the sandbox's handlers receive, so they type their input from it rather than restating it.
 */
export type ParsedInput<C> = C extends { input: infer I extends AnyInput } ? z.output<I> : never;
/** The parsed output a command returns. */
export type CommandOutput<C> = C extends Command<AnyInput, infer O> ? z.output<O> : never;

/** `GetSSHKeys` → `get_ssh_keys`, `reboot-dserver` → `reboot_dserver`. */
export function snakeCase(wire: string): string {
  return wire
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}

/** Defines one command; the tool name is derived unless given. */
export function defineCommand<
  I extends AnyInput,
  O extends z.ZodType,
  const P extends Provider,
  const W extends string,
  const T extends string | undefined = undefined,
>(
  spec: Omit<CommandSpec<I, O>, 'provider' | 'wire' | 'tool'> & { provider: P; wire: W; tool?: T },
): NamedCommand<I, O, P, W, NoInfer<ToolNameOf<P, W, T>>> {
  const tool = spec.tool ?? `${spec.provider}_${snakeCase(spec.wire)}`;
  return { ...spec, tool } as NamedCommand<I, O, P, W, ToolNameOf<P, W, T>>;
}
