// Internationalized domain names: Unicode names (blåbær.no) are sent in their ASCII form
// (xn--blbr-loa4a.no) and shown in both. The encoding uses the WHATWG URL parser, present in every
// runtime core supports; decoding is RFC 3492's algorithm, which no runtime-neutral API offers.

/** `blåbær.no` → `xn--blbr-loa4a.no`; an ASCII name as it is (lower-cased). Throws on a name URL cannot hold. */
export function toAsciiDomain(name: string): string {
  if (/^[\x20-\x7e]*$/.test(name)) return name.toLowerCase();
  const host = new URL(`http://${name}/`).hostname;
  return host.replace(/\.$/, '');
}

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

function digitOf(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 26;
  if (code >= 0x41 && code <= 0x5a) return code - 0x41;
  if (code >= 0x61 && code <= 0x7a) return code - 0x61;
  return BASE;
}

/** One `xn--` label's Unicode text (RFC 3492 decoding); undefined when it is not valid Punycode. */
function decodeLabel(encoded: string): string | undefined {
  const dash = encoded.lastIndexOf('-');
  const output = dash > 0 ? [...encoded.slice(0, dash)].map((c) => c.codePointAt(0) ?? 0) : [];
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let pos = dash > 0 ? dash + 1 : 0; pos < encoded.length; ) {
    const old = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (pos >= encoded.length) return undefined;
      const digit = digitOf(encoded.charCodeAt(pos++));
      if (digit >= BASE) return undefined;
      i += digit * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < t) break;
      w *= BASE - t;
    }
    bias = adapt(i - old, output.length + 1, old === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) return undefined;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

/** `xn--blbr-loa4a.no` → `blåbær.no`; a name without `xn--` labels (or with broken ones) as it is. */
export function toUnicodeDomain(name: string): string {
  return name
    .split('.')
    .map((label) => (label.toLowerCase().startsWith('xn--') ? (decodeLabel(label.slice(4)) ?? label) : label))
    .join('.');
}

/** Whether a name has labels in their ASCII (`xn--`) form. */
export function isIdn(name: string): boolean {
  return /(^|\.)xn--/i.test(name);
}
