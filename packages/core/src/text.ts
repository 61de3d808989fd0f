// How values from a caller or a provider appear in text a person or a model reads: always as data.

/**
 * Characters that can make text read as something it is not: C0 and C1 controls, format characters
 * (bidi overrides and isolates, zero-width joiners, the BOM, soft hyphens), and the line and paragraph
 * separators U+2028/U+2029, which end a line in many renderers but not in JSON.
 */
export const DECEPTIVE_CHARACTERS = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

const deceptiveGlobal = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

function escapeDeceptive(text: string): string {
  return text.replace(deceptiveGlobal, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

/**
 * A value as it appears in a summary, headline or message: a string JSON-quoted, with every
 * {@link DECEPTIVE_CHARACTERS deceptive character} escaped (`"a\u202eb"`), so it can neither end a line,
 * reorder what follows, nor pass for the surrounding prose; numbers and booleans as they are; anything
 * else as JSON, escaped the same way.
 */
export function quote(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === undefined) return 'undefined';
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = JSON.stringify(String(value));
  }
  // JSON.stringify escapes C0 controls but leaves C1, format characters and U+2028/U+2029 raw.
  return escapeDeceptive(json);
}

/** A zod `.regex()` pair for free text fields: no deceptive characters where the API has no use for them. */
export const PLAIN_TEXT = /^[^\p{Cc}\p{Cf}\u2028\u2029]*$/u;

/** The message of {@link PLAIN_TEXT}. */
export const PLAIN_TEXT_MESSAGE =
  'must not contain control, format, bidi or line-separator characters (such as U+202E or U+2028)';

// Text that cannot carry a sentence: no spaces, quotes or punctuation beyond what names, addresses and
// ids use. Such a value reads the same bare; anything else is quoted.
const TOKEN = /^[A-Za-z0-9._:@/+=%-]+$/;

/** A value bare when it is a plain token (`web-01`, `192.0.2.1`, `3600`), else {@link quote quoted}. */
export function token(value: unknown): string {
  if (typeof value === 'string' && TOKEN.test(value)) return value;
  return quote(value);
}
