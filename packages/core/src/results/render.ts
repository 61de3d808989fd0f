import { quote, token } from '../text.js';
import { type ListSpec, listPath, type Row } from './list.js';

// The compact text of a result, for clients that pass only text to the model: a table with one line per
// row, zone-file lines for DNS, `key: value` for the rest. Never a copy of the JSON; values from the APIs
// are bare only when they are plain tokens (names, addresses, numbers), otherwise quoted.

/** `{a: {b: 1}, c: [x, y]}` → `a.b`, `c` with their values; lists of scalars as one value. */
function flatten(
  value: Record<string, unknown>,
  prefix = '',
  out: [string, unknown][] = [],
): [string, unknown][] {
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      flatten(v as Record<string, unknown>, key, out);
    else out.push([key, v]);
  }
  return out;
}

/** One cell or value as text. */
export function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) {
    return v.every((x) => x === null || typeof x !== 'object') ? v.map(cell).join(',') : quote(v);
  }
  if (typeof v === 'object') return quote(v);
  return token(v);
}

/** Rows as a table: a header of columns (the identifying ones first, then every other field seen). */
export function table(rows: readonly Row[], columns: readonly string[]): string[] {
  const flat = rows.map((r) => new Map(flatten(r)));
  const names = [...columns.filter((c) => flat.some((f) => f.has(c)))];
  for (const f of flat) for (const k of f.keys()) if (!names.includes(k)) names.push(k);
  if (names.length === 0) return [];
  // One row reads better, and costs less, as its own line than as a table with a header.
  const only = flat.length === 1 ? flat[0] : undefined;
  if (only)
    return [
      names
        .filter((n) => only.has(n))
        .map((n) => `${n} ${cell(only.get(n))}`)
        .join(', '),
    ];
  return [names.join(' | '), ...flat.map((f) => names.map((n) => cell(f.get(n))).join(' | '))];
}

/** `key: value` lines of an object, nested keys dotted. */
export function keyValues(value: Record<string, unknown>): string[] {
  return flatten(value).map(([k, v]) => {
    if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object')) {
      return [
        `${k}:`,
        ...v.map(
          (item) =>
            `  - ${flatten(item as Record<string, unknown>)
              .map(([a, b]) => `${a}=${cell(b)}`)
              .join(' ')}`,
        ),
      ].join('\n');
    }
    return `${k}: ${cell(v)}`;
  });
}

/** The text lines of a shaped result: its list (table or per-row lines) and its other fields. */
export function renderResult(result: Record<string, unknown>, list?: ListSpec): string[] {
  if (!list) {
    // `serverInfo.virtual.mainip`: a reply wrapped in one object reads better without the wrapping.
    let inner = result;
    for (;;) {
      const keys = Object.keys(inner);
      const only = keys.length === 1 ? inner[keys[0] as string] : undefined;
      if (!only || typeof only !== 'object' || Array.isArray(only)) break;
      inner = only as Record<string, unknown>;
    }
    return keyValues(inner);
  }
  const path = listPath(list);
  const parent =
    path.length === 2 ? (result[path[0] as string] as Record<string, unknown> | undefined) : result;
  const rows = (parent?.[path.at(-1) as string] as Row[] | undefined) ?? [];
  const lines = list.line
    ? rows.map((r) => list.line?.(r) ?? '')
    : table(rows, list.columns as readonly string[]);
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(result)) {
    if (k === 'total' || k === 'next') continue;
    if (k === path[0]) {
      if (path.length === 2 && v && typeof v === 'object') {
        const { [path[1] as string]: _rows, ...others } = v as Record<string, unknown>;
        if (Object.keys(others).length) rest[k] = others;
      }
      continue;
    }
    rest[k] = v;
  }
  return [...lines, ...keyValues(rest)];
}
