import type { z } from 'zod';
import { SchemaDriftError } from '../errors.js';
import type { Command, Provider } from '../registry/define.js';

/** One way a reply differs from its command's output schema: zod's issue, its path into the reply as sent. */
export type DriftIssue = z.core.$ZodIssue;

/** A successful reply that did not match its command's documented output schema. */
export interface SchemaDrift {
  provider: Provider;
  /** The tool name. */
  command: string;
  /** The reply as sent (envelope included), untouched. It may hold secrets the command returns, as the output would. */
  raw: unknown;
  /** zod's issues, checked against {@link raw}. */
  issues: readonly DriftIssue[];
  /**
   * Dotted paths into {@link raw} of the values left out to give a typed output: a field whose value had the
   * wrong type, or a list entry that lacked a required field. Empty when no typed output could be made.
   */
  dropped: readonly string[];
  /** One sentence naming each issue's path and problem; it holds no reply value. */
  message: string;
}

/**
 * What a call gives back: never a value its type does not describe.
 *
 * - `ok: true`: `output` matches the command's output schema. When the reply drifted (a field of the wrong
 *   type, a list entry without its id), `drift` says how, and `output` is the reply with those values left out
 *   (see `drift.dropped`); the rest is there as sent.
 * - `ok: false`: the reply cannot be read as documented even without the values that drifted (a required
 *   top-level field is missing or wrong); `drift.raw` is all there is. The call itself succeeded: a write
 *   that answers so was carried out.
 */
export type CallResult<O> =
  | { ok: true; output: O; drift?: SchemaDrift | undefined }
  | { ok: false; output?: undefined; drift: SchemaDrift };

/** A path as one dotted string, `""` for the whole reply. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

// A list entry marked for removal; entries are removed after each round so the issue paths of the round,
// which all refer to the same state, stay valid.
const DROP = Symbol('drop');

type Container = Record<PropertyKey, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

function childOf(v: unknown, key: PropertyKey): unknown {
  return isContainer(v) ? (v as Record<PropertyKey, unknown>)[key] : undefined;
}

// At most this many rounds of leaving values out; each round goes at least one level up or clears a value.
const MAX_ROUNDS = 16;

/**
 * The reply with the values that break the schema left out, parsed: a wrong-typed field goes, and when the
 * field is required, the object that holds it goes (as a list entry, or as an optional field); up to the
 * top, where nothing can go and there is no typed output.
 */
function repair<S extends z.ZodType>(
  schema: S,
  reply: unknown,
): { output: z.output<S>; dropped: string[] } | undefined {
  const work: unknown = structuredClone(reply);
  // Where each remaining entry of a list was in the reply as sent, so dropped paths name the raw reply.
  const origin = new WeakMap<unknown[], number[]>();
  const dropped: string[] = [];
  const rawPath = (path: readonly PropertyKey[]): string => {
    let node: unknown = work;
    const out: PropertyKey[] = [];
    for (const key of path) {
      const at = Array.isArray(node) && typeof key === 'number' ? origin.get(node)?.[key] : undefined;
      out.push(at ?? key);
      node = childOf(node, key);
    }
    return issuePath(out);
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const parsed = schema.safeParse(work);
    if (parsed.success) return { output: parsed.data, dropped: outermost(dropped) };
    const lists = new Set<unknown[]>();
    for (const issue of parsed.error.issues) {
      const path = [...issue.path];
      // A required field that is missing (or was left out last round): its holder goes instead.
      while (
        path.length > 0 &&
        childOf(valueAt(work, path.slice(0, -1)), path.at(-1) as PropertyKey) === undefined
      )
        path.pop();
      if (path.length === 0) return undefined;
      const key = path.at(-1) as PropertyKey;
      const holder = valueAt(work, path.slice(0, -1));
      if (!isContainer(holder) || (holder as Record<PropertyKey, unknown>)[key] === DROP) continue;
      dropped.push(rawPath(path));
      if (Array.isArray(holder) && typeof key === 'number') {
        holder[key] = DROP;
        lists.add(holder);
      } else {
        delete (holder as Record<PropertyKey, unknown>)[key];
      }
    }
    for (const list of lists) {
      const before = origin.get(list) ?? list.map((_, i) => i);
      const kept = before.filter((_, i) => list[i] !== DROP);
      const remaining = list.filter((v) => v !== DROP);
      list.splice(0, list.length, ...remaining);
      origin.set(list, kept);
    }
  }
  return undefined;
}

// A field left out first and its holder after it: only the holder is named.
function outermost(paths: readonly string[]): string[] {
  const within = (p: string, q: string) => p !== q && (q === '' || p.startsWith(`${q}.`));
  return [...new Set(paths)]
    .filter((p) => !paths.some((q) => within(p, q)))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === DROP) return DROP;
    node = childOf(node, key);
  }
  return node;
}

/** Parses a successful reply with the command's output schema: the honest {@link CallResult} of the call. */
export function readReply<O>(command: Command, reply: Record<string, unknown>): CallResult<O> {
  const first = command.output.safeParse(reply);
  if (first.success) return { ok: true, output: first.data as O };
  const issues = first.error.issues;
  const fixed = repair(command.output, reply);
  const list = issues
    .map((i) => (i.path.length ? `${issuePath(i.path)}: ${i.message}` : i.message))
    .join('; ');
  const drift = (dropped: string[], outcome: string): SchemaDrift => ({
    provider: command.provider,
    command: command.tool,
    raw: reply,
    issues,
    dropped,
    message: `The reply of ${command.wire} does not match its documented shape (${list}); ${outcome}.`,
  });
  if (fixed) {
    const left = fixed.dropped.join(', ');
    return { ok: true, output: fixed.output as O, drift: drift(fixed.dropped, `left out: ${left}`) };
  }
  return {
    ok: false,
    drift: drift([], `${command.wire} succeeded, but its reply cannot be read as documented`),
  };
}

/**
 * The typed output of a call, for callers that cannot go on without it: a {@link SchemaDriftError} (code
 * `schema_drift`, carrying the drift) when the reply could not be read as documented. A drift the output
 * survived is not an error here: read `result.drift` for it.
 */
export function outputOf<O>(result: CallResult<O>): O {
  if (!result.ok) throw new SchemaDriftError(result.drift);
  return result.output;
}
