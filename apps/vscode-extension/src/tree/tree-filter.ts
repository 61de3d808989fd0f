import { type ListQuery, narrow, type Row } from '@hostkit/core';

// The view filter: words a row must contain (its name, IPs, status or client, never the account's
// label or a field's name), and `field:value` for one field. Matching is core's `narrow`, the same an
// agent's list filters use (substring, any case, `*` as a wildcard). Free of `vscode`.

/** What a filter can see of one item: field → text (several IPs joined by spaces). */
export type FilterRow = Record<string, string>;

export interface TreeFilter {
  /** As typed, for the view's message. */
  text: string;
  where: Record<string, string>;
  /** Words that must each appear in one of the row's values. */
  words: string[];
}

/** `web status:active ip:10.0.*` → a filter, or undefined for empty text. */
export function parseFilter(text: string, fields: readonly string[]): TreeFilter | undefined {
  const parts = text.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return undefined;
  const where: Record<string, string> = {};
  const words: string[] = [];
  for (const part of parts) {
    const m = /^([a-z]+):(.+)$/i.exec(part);
    const field = m?.[1]?.toLowerCase();
    if (m && field && fields.includes(field)) where[field] = m[2] ?? '';
    else words.push(part);
  }
  return { text: text.trim(), where, words };
}

/** Which rows pass the filter, in order. */
export function passes(rows: readonly FilterRow[], filter: TreeFilter): boolean[] {
  const all = rows.length;
  const byWhere: Row[] = Object.keys(filter.where).length
    ? narrow(rows, { where: filter.where, limit: all } satisfies ListQuery).rows
    : [...rows];
  let kept = new Set<Row>(byWhere);
  if (filter.words.length) {
    // The values alone, so a word such as "name" or "ip" does not match every row by its field name.
    const values = new Map<Row, Row>(byWhere.map((r) => [{ '': Object.values(r).join(' ') }, r]));
    const matched = narrow([...values.keys()], { match: filter.words.join(' '), limit: all }).rows;
    kept = new Set(matched.map((v) => values.get(v)).filter((r): r is Row => r !== undefined));
  }
  return rows.map((r) => kept.has(r));
}
