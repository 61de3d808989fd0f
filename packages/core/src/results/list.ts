import { z } from 'zod';
import { quote } from '../text.js';

// Lists an agent can narrow: the API returns everything, Hostkit filters, selects fields and pages, and
// says how many there are. The facts of each list (where its rows are, what a row is called, which
// columns identify it) live in the command's definition (`list`), typed from its output.

/** A row of a list: a record with named fields. */
export type Row = Record<string, unknown>;

/** The keys a type names itself, without those of an index signature (`z.looseObject` adds one). */
export type KnownKeys<T> = keyof {
  [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K];
} &
  string;

type ElementKeys<T> =
  NonNullable<T> extends readonly (infer R)[]
    ? NonNullable<R> extends object
      ? KnownKeys<NonNullable<R>>
      : never
    : never;
type NestedKeys<T> =
  NonNullable<T> extends readonly unknown[]
    ? never
    : NonNullable<T> extends object
      ? { [K in KnownKeys<NonNullable<T>>]: ElementKeys<NonNullable<T>[K]> }[KnownKeys<NonNullable<T>>]
      : never;

/** The fields of the rows a reply can hold (lists at its top level or one level down). */
export type ColumnOf<Out> = {
  [K in KnownKeys<Out>]: ElementKeys<Out[K]> | NestedKeys<Out[K]>;
}[KnownKeys<Out>];

/** Where a reply's rows are: a key of the reply, or a key and a key within it. */
export type ListPath<Out> =
  | KnownKeys<Out>
  | { [K in KnownKeys<Out>]: readonly [K, KnownKeys<NonNullable<Out[K]>>] }[KnownKeys<Out>];

/**
 * The list facts of a command whose reply is a list, typed from its output: renaming a field breaks
 * the list that names it.
 */
export interface ListSpec<Out = unknown> {
  /** Where the rows are in the reply. */
  at: ListPath<Out>;
  /** One row, in words: `server`, `DNS record`. */
  noun: string;
  /** The fields the compact text shows first, in order (every other field follows). */
  columns: readonly ColumnOf<Out>[];
  /** The fields that tell rows apart, kept whatever `fields` asks for; default the first two columns. */
  identify?: readonly ColumnOf<Out>[];
  /** Reply fields that say the rows again in another form (SeFlow's packed `statusmsg`): left out of results. */
  replaces?: readonly KnownKeys<Out>[];
  /** The row as one line of text, where a format is better known than a table (a zone-file line). */
  line?(row: Row): string;
  /** The row without fields that say nothing here (defaults that do not apply), with facts the API leaves implicit. */
  tidy?(row: Row): Row;
  /**
   * Fields the API keeps in another read, joined into each row returned (after narrowing, so only the
   * rows shown cost a request), and what that costs, for the tool's description.
   */
  join?: { fields: readonly string[]; cost: string; extra(row: Row, read: ReadRow): Promise<Row> };
}

/** Reads one command by tool name, for a join. */
export type ReadRow = (tool: string, input: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** The fields that tell a list's rows apart. */
export function identifying(spec: ListSpec): readonly string[] {
  return (spec.identify ?? spec.columns.slice(0, 2)) as readonly string[];
}

/** The path of a list as keys. */
export function listPath(spec: ListSpec): readonly string[] {
  return typeof spec.at === 'string' ? [spec.at] : (spec.at as readonly string[]);
}

/** The rows of a list in a reply (after shaping), or undefined when the reply has none there. */
export function rowsAt(reply: Record<string, unknown>, spec: ListSpec): Row[] | undefined {
  let v: unknown = reply;
  for (const key of listPath(spec)) v = (v as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(v) ? (v as Row[]) : undefined;
}

/** `reply` with the rows of its list replaced (the path created when the reply had none). */
export function withRows(
  reply: Record<string, unknown>,
  spec: ListSpec,
  rows: Row[],
): Record<string, unknown> {
  const [first, second] = listPath(spec) as [string, string | undefined];
  if (second === undefined) return { ...reply, [first]: rows };
  const parent = (reply[first] ?? {}) as Record<string, unknown>;
  return { ...reply, [first]: { ...parent, [second]: rows } };
}

/** How a caller narrows a list. */
export interface ListQuery {
  /** Field → wanted value: text matches case-insensitively as a substring, or as a glob with `*`; other values exactly. */
  where?: Record<string, string | number | boolean> | undefined;
  /** Words every row must contain somewhere (any field, any case). */
  match?: string | undefined;
  /** Only these fields of each row (the identifying ones are always kept). */
  fields?: readonly string[] | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
  /** What else the rows depend on (the search that produced them), so a cursor of another search is refused. */
  scope?: string | undefined;
}

/** The default number of rows a list returns at once, and the most it returns. */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * The input fields every narrowable list takes, besides its command's own. Not described one by one:
 * they are the same on every list, and the MCP server says once what they do (its instructions) rather
 * than in every tool's schema.
 */
export const listQueryShape = {
  where: z.record(z.string(), scalar).optional(),
  match: z.string().trim().max(200).optional(),
  fields: z.array(z.string()).min(1).optional(),
  limit: z.number().int().min(1).max(MAX_LIMIT).optional(),
  cursor: z.string().max(200).optional(),
} as const;

function fingerprint(query: ListQuery): string {
  const text = JSON.stringify([query.where ?? {}, query.match ?? '', query.fields ?? [], query.scope ?? '']);
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/** The cursor for the rows after `offset`: the offset and what the query was, so a mismatch is caught. */
export function encodeCursor(offset: number, query: ListQuery): string {
  return btoa(`${offset}.${fingerprint(query)}`).replace(/=+$/, '');
}

/** The offset a cursor stands for; throws when it is not one of ours or belongs to another query. */
export function decodeCursor(cursor: string, query: ListQuery): number {
  let text = '';
  try {
    text = atob(cursor);
  } catch {
    // Falls through to the error below.
  }
  const [offset, print] = text.split('.');
  const n = Number(offset);
  if (!Number.isInteger(n) || n < 0 || print !== fingerprint(query)) {
    throw new Error(
      'cursor is not the `next` of a page of this same query (same where, match and fields): start again without cursor',
    );
  }
  return n;
}

function matchesText(actual: unknown, wanted: string): boolean {
  const value = String(actual ?? '').toLowerCase();
  const w = wanted.toLowerCase();
  if (!w.includes('*')) return value.includes(w);
  const pattern = w.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${pattern.join('.*')}$`).test(value);
}

function rowMatches(row: Row, query: ListQuery): boolean {
  for (const [field, wanted] of Object.entries(query.where ?? {})) {
    const actual = row[field];
    if (typeof wanted === 'string' ? !matchesText(actual, wanted) : actual !== wanted) return false;
  }
  if (query.match) {
    const text = JSON.stringify(row).toLowerCase();
    if (
      !query.match
        .toLowerCase()
        .split(/\s+/)
        .every((word) => text.includes(word))
    )
      return false;
  }
  return true;
}

/** One page of a narrowed list. */
export interface Page {
  rows: Row[];
  /** How many rows match in all. */
  total: number;
  /** The cursor of the next page, when there is one. */
  next?: string;
}

/** The rows matching `query`, one page of them, with the total and the next cursor. */
export function narrow(rows: readonly Row[], query: ListQuery, keep: readonly string[] = []): Page {
  const matching = rows.filter((r) => rowMatches(r, query));
  const offset = query.cursor ? decodeCursor(query.cursor, query) : 0;
  const limit = query.limit ?? DEFAULT_LIMIT;
  const slice = matching.slice(offset, offset + limit);
  const selected = query.fields
    ? slice.map((r) => {
        const wanted = new Set([...keep, ...(query.fields ?? [])]);
        return Object.fromEntries(Object.entries(r).filter(([k]) => wanted.has(k)));
      })
    : slice;
  const end = offset + slice.length;
  return {
    rows: selected,
    total: matching.length,
    ...(end < matching.length ? { next: encodeCursor(end, query) } : {}),
  };
}

/** The words that tell an agent how to see more of a cut list. */
export function moreText(page: Page, shown: number, noun: string, plural = `${noun}s`): string {
  const rest = page.total - shown;
  if (rest <= 0) return '';
  const what = rest === 1 ? noun : plural;
  return `${rest} more ${what}: narrow with where, match or fields${page.next ? `, or pass cursor ${quote(page.next)}` : ''}.`;
}
