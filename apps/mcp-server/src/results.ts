import {
  type Command,
  ENVELOPE_KEYS,
  identifying,
  type ListQuery,
  listPath,
  listQueryShape,
  moreText,
  narrow,
  type Page,
  prune,
  quote,
  type ReadRow,
  type Row,
  renderResult,
  rowsAt,
  ValidationError,
  withRows,
} from '@hostkit/core';
import type { z } from 'zod';
import { type JsonSchema, outputJsonSchema } from './schemas';

// Results shaped for an agent: structured content carries the data once (no envelope, no empty fields,
// numbers without noise), lists are narrowed and paged, nothing exceeds the size budget, and the text is
// a compact rendering of the same data (a table, zone-file lines, key: value), never a copy of the JSON.

/** The most a result may weigh (its structured content as JSON), unless the caller pages further. */
export const RESULT_BUDGET = 16 * 1024;

const QUERY_KEYS = Object.keys(listQueryShape);

/** The MCP input of a command: its own fields, and for a list the ways to narrow it. */
export function commandInput(command: Command): z.ZodType {
  return command.list ? command.input.extend(listQueryShape) : command.input;
}

/** The caller's input split into what the API gets and how to narrow the list. */
export function splitQuery(input: Record<string, unknown>): {
  api: Record<string, unknown>;
  query: ListQuery;
} {
  const api: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) (QUERY_KEYS.includes(k) ? query : api)[k] = v;
  return { api, query: query as ListQuery };
}

function refuse(tool: string, path: string, message: string): never {
  throw new ValidationError(tool, [{ path, message }]);
}

// A field name the rows do not have matches nothing: say so rather than return an empty list.
function checkFields(tool: string, rows: readonly Row[], query: ListQuery): void {
  if (rows.length === 0) return;
  const known = new Set(rows.flatMap((r) => Object.keys(r)));
  const list = [...known].join(', ');
  for (const field of Object.keys(query.where ?? {}))
    if (!known.has(field))
      refuse(tool, `where.${field}`, `the rows have no field "${field}"; they have ${list}`);
  for (const field of query.fields ?? [])
    if (!known.has(field)) refuse(tool, 'fields', `the rows have no field "${field}"; they have ${list}`);
}

/** A list result: one page of the rows that match, within the budget, with the total and the next cursor. */
export interface ListResult {
  structured: Record<string, unknown>;
  page: Page;
  /** A sentence saying what was left out and how to see it, or "". */
  more: string;
}

/** Runs joins: at most this many reads at once. */
const JOIN_CONCURRENCY = 8;

async function joined(rows: Row[], list: NonNullable<Command['list']>, read: ReadRow): Promise<Row[]> {
  const join = list.join;
  if (!join) return rows;
  const out = [...rows];
  for (let i = 0; i < rows.length; i += JOIN_CONCURRENCY) {
    const batch = rows.slice(i, i + JOIN_CONCURRENCY);
    const extras = await Promise.all(batch.map((r) => join.extra(r, read).catch(() => ({}))));
    for (const [j, extra] of extras.entries()) out[i + j] = prune({ ...batch[j], ...extra }) as Row;
  }
  return out;
}

/**
 * Narrows, pages and budgets the list of a shaped reply: rows tidied (defaults that do not apply
 * dropped, implicit facts added), filtered, paged, joined with what another read holds (only the rows
 * returned), and cut to the budget with a cursor for the rest.
 */
export async function listResult(
  command: Command,
  shaped: Record<string, unknown>,
  query: ListQuery,
  read: ReadRow,
  budget = RESULT_BUDGET,
): Promise<ListResult> {
  const list = command.list;
  if (!list) throw new Error(`${command.tool} is not a list`);
  const replaced = new Set<string>(list.replaces ?? []);
  if (replaced.size) shaped = Object.fromEntries(Object.entries(shaped).filter(([k]) => !replaced.has(k)));
  const rows = (rowsAt(shaped, list) ?? []).map((r) => (list.tidy ? (prune(list.tidy(r)) as Row) : r));
  // A join adds fields the caller may filter on: then every row is joined before narrowing.
  const filtersJoined = Object.keys(query.where ?? {}).some((k) => !rows.some((r) => k in r));
  const all = filtersJoined ? await joined(rows, list, read) : rows;
  checkFields(command.tool, all, query);
  const keep = identifying(list);
  // Joined fields cost a request per row: none when the caller asked only for other fields.
  const wantsJoin =
    list.join !== undefined && (!query.fields || list.join.fields.some((f) => query.fields?.includes(f)));
  const cache = new Map<Row, Row>();
  const build = async (limit: number | undefined) => {
    let page: Page;
    try {
      page = narrow(all, { ...query, ...(limit === undefined ? {} : { limit }) }, keep);
    } catch (e) {
      refuse(command.tool, 'cursor', (e as Error).message);
    }
    if (!filtersJoined && wantsJoin) {
      const missing = page.rows.filter((r) => !cache.has(r));
      const done = await joined(missing, list, read);
      for (const [i, r] of missing.entries()) cache.set(r, done[i] as Row);
      page = { ...page, rows: page.rows.map((r) => cache.get(r) ?? r) };
    }
    const structured = {
      ...withRows(shaped, list, page.rows),
      total: page.total,
      ...(page.next ? { next: page.next } : {}),
    };
    return { page, structured, bytes: JSON.stringify(structured).length };
  };
  let result = await build(undefined);
  // Over the budget: fewer rows per page, so the rest is a cursor away instead of cut off unseen.
  for (let tries = 0; result.bytes > budget && result.page.rows.length > 1 && tries < 8; tries++) {
    const fits = Math.max(1, Math.floor((result.page.rows.length * budget * 0.9) / result.bytes));
    result = await build(fits);
  }
  const plural = list.noun.endsWith('s') ? list.noun : `${list.noun}s`;
  return {
    structured: result.structured,
    page: result.page,
    more: moreText(result.page, result.page.rows.length, list.noun, plural),
  };
}

/** The plural of a noun: `servers`, `matches`, `kubernetes` as it is. */
export function plural(noun: string): string {
  if (/(s|x|ch|sh)$/.test(noun)) return noun.endsWith('s') ? noun : `${noun}es`;
  return `${noun}s`;
}

/** `3 servers`, `1 DNS record`. */
export function counted(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : plural(noun)}`;
}

/** The headline and text of a list result. */
export function listText(command: Command, result: ListResult, context: string): string {
  const list = command.list;
  if (!list) return '';
  const { page } = result;
  const shown = page.rows.length;
  const head = `${counted(page.total, list.noun)}${context}${shown < page.total ? `, ${shown} shown` : ''}.${result.more ? ` ${result.more}` : ''}`;
  const lines = renderResult(result.structured, list);
  return [head, ...lines].join('\n');
}

/** The text of a result that is not a list: the headline, then `key: value` lines. */
export function plainText(headline: string, structured: Record<string, unknown>): string {
  const lines = renderResult(structured);
  return [headline, ...lines].join('\n');
}

/** `…: "message"` when the API said something worth repeating. */
export function messageOf(structured: Record<string, unknown>): string {
  const m = [structured.message, structured.statusmsg].find((x) => typeof x === 'string' && x !== '');
  return m === undefined ? '' : quote(m);
}

/** What a call that creates something adds: the new rows, read from the list before and after. */
function withCreated(schema: JsonSchema): JsonSchema {
  const row = {
    type: 'object',
    properties: { id: { type: ['integer', 'string'] }, name: { type: 'string' }, status: { type: 'string' } },
    required: ['id'],
  };
  const properties = { ...((schema.properties ?? {}) as Record<string, unknown>) };
  return { ...schema, type: 'object', properties: { ...properties, created: { type: 'array', items: row } } };
}

function dropEnvelope(schema: JsonSchema): JsonSchema {
  const properties = { ...((schema.properties ?? {}) as Record<string, unknown>) };
  // The envelope is gone from results; a message the API did send is still allowed (and shown).
  for (const k of ENVELOPE_KEYS) delete properties[k];
  const required = ((schema.required ?? []) as string[]).filter(
    (k) => k in properties && k !== 'statusmsg' && k !== 'message',
  );
  const { required: _r, ...rest } = schema;
  return { ...rest, properties, ...(required.length ? { required } : {}) };
}

function optionalRows(schema: JsonSchema, path: readonly string[]): JsonSchema {
  const [key, ...more] = path as [string, ...string[]];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const sub = properties[key];
  if (!sub) return schema;
  let next: JsonSchema;
  if (more.length) next = optionalRows(sub, more);
  else {
    const items = (sub.items ?? {}) as JsonSchema;
    const { required: _r, ...rest } = items;
    next = { ...sub, items: rest };
  }
  return { ...schema, properties: { ...properties, [key]: next } };
}

/** The JSON Schema of what a command's result carries: its reply without the envelope, lists paged. */
export function resultJsonSchema(command: Command): JsonSchema {
  const base = dropEnvelope(outputJsonSchema(command.output));
  if (command.creates) return withCreated(base);
  if (!command.list) return base;
  const paged = optionalRows(base, listPath(command.list));
  const properties = {
    ...((paged.properties ?? {}) as Record<string, unknown>),
    total: { type: 'integer' },
    next: { type: 'string' },
  };
  return { ...paged, properties, required: [...((paged.required ?? []) as string[]), 'total'] };
}
