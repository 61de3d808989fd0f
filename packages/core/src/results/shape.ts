// A reply as an agent should get it: the data, once, without what carries no information.

/** The success envelope's keys: Deploi `success`, `message`, `messageId`; SeFlow `status`, `statusmsg`. */
export const ENVELOPE_KEYS: readonly string[] = ['success', 'message', 'messageId', 'status', 'statusmsg'];

/**
 * A number without noise digits: at most 6 significant digits after a float's rounding error
 * (`24.000000022351742` → 24, `0.30000000000000004` → 0.3); integers as they are.
 */
export function roundNumber(n: number): number {
  if (!Number.isFinite(n) || Number.isInteger(n)) return n;
  const rounded = Number(n.toPrecision(6));
  // Keep values whose magnitude needs more than 6 digits to stay the same integer part.
  return Math.abs(n) >= 1e6 ? Math.round(n) : rounded;
}

/** Whether a value says nothing: undefined, null, "", an empty list or an empty object. */
export function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

/**
 * `value` with empty fields (undefined, null, "", empty lists and objects) left out at every depth and
 * numbers rounded. Items of a list are kept even when empty, so positions still mean something.
 */
export function prune(value: unknown): unknown {
  if (typeof value === 'number') return roundNumber(value);
  if (Array.isArray(value)) return value.map(prune);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const p = prune(v);
    if (!isEmptyValue(p)) out[k] = p;
  }
  return out;
}

/**
 * A parsed reply without its success envelope (a non-empty message, or SeFlow's `statusmsg`, which
 * often is the answer, is kept) and pruned. What structured content carries.
 */
export function shapeReply(reply: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(reply)) {
    if (k === 'success' || k === 'status') continue;
    if (k === 'messageId' && (v === 0 || v === '0')) continue;
    out[k] = v;
  }
  return prune(out) as Record<string, unknown>;
}
