/** What a secret value is replaced with. */
export const REDACTED = '[redacted]';

// Names are compared after lower-casing and dropping everything but letters and digits, so
// `api_key`, `apiKey` and `API-KEY` are one name.
const secretNames = new Set([
  'password',
  'passwd',
  'pass',
  'passphrase',
  'token',
  'key',
  'apikey',
  'secondfactor',
  'twofactor',
  'twofactorcode',
  'otp',
  'totp',
  'authcode',
  'eppcode',
  'transfercode',
  'kubeconfig',
  'privatekey',
  'authorization',
  'cookie',
  'setcookie',
]);

// Any name containing one of these is a secret too (`newpassword`, `clientsecret`, `sshprivatekey`).
const secretParts = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'privatekey',
  'apikey',
  'authcode',
  'eppcode',
  'kubeconfig',
];

/** `api_key` → `apikey`: the form secret names are compared in. */
export function normalizeKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * True when a field of this name holds a secret: a global name (password, token, key, two-factor code,
 * auth code, kubeconfig, private key…), any name ending in `token`, or one of `extraKeys` (a command's `secrets`).
 */
export function isSecretKey(name: string, extraKeys: readonly string[] = []): boolean {
  const n = normalizeKey(name);
  if (n === '') return false;
  if (secretNames.has(n) || n.endsWith('token')) return true;
  if (secretParts.some((p) => n.includes(p))) return true;
  return extraKeys.some((k) => normalizeKey(k) === n);
}

const maxDepth = 64;

/**
 * A deep copy of `value` with the value of every secret field replaced by `"[redacted]"`, for logs and
 * audit records. Never throws: cycles become `"[circular]"`, unreadable properties `"[unreadable]"`.
 */
export function redactValue(value: unknown, extraKeys: readonly string[] = []): unknown {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') return typeof v === 'function' ? '[function]' : v;
    if (seen.has(v)) return '[circular]';
    if (depth >= maxDepth) return '[too deep]';
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
      if (v instanceof Date) return new Date(v.getTime());
      if (v instanceof Error) return { name: v.name, message: v.message };
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        let item: unknown;
        try {
          item = (v as Record<string, unknown>)[key];
        } catch {
          out[key] = '[unreadable]';
          continue;
        }
        out[key] =
          isSecretKey(key, extraKeys) && item !== undefined && item !== null
            ? REDACTED
            : walk(item, depth + 1);
      }
      return out;
    } catch {
      return '[unreadable]';
    } finally {
      // A value reachable twice without a cycle (shared, not circular) is copied both times.
      seen.delete(v);
    }
  };
  return walk(value, 0);
}

/** Secrets shorter than this are not searched for in text: redacting "1" would mangle every message. */
export const MIN_SECRET_LENGTH = 4;

/**
 * The string values of secret fields found anywhere in `value` (a command's input, say), to pass to
 * {@link redactText}. A secret field holding an object (a kubeconfig as JSON) gives every string inside it.
 * Never throws.
 */
export function collectSecrets(value: unknown, extraKeys: readonly string[] = []): string[] {
  const found = new Set<string>();
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number, secret: boolean): void => {
    if (typeof v === 'string' || typeof v === 'number') {
      if (secret) found.add(String(v));
      return;
    }
    if (v === null || typeof v !== 'object' || seen.has(v) || depth >= maxDepth) return;
    seen.add(v);
    try {
      for (const key of Object.keys(v)) {
        walk((v as Record<string, unknown>)[key], depth + 1, secret || isSecretKey(key, extraKeys));
      }
    } catch {
      // An unreadable property cannot be echoed by us either.
    }
  };
  walk(value, 0, false);
  return [...found].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

function encodings(secret: string): string[] {
  const forms = new Set([secret]);
  try {
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
    forms.add(JSON.stringify(secret).slice(1, -1));
  } catch {
    // A lone surrogate cannot be URI-encoded; the plain form is still replaced.
  }
  return [...forms];
}

/**
 * `text` with every occurrence of each known secret, and of its URL-encoded and JSON-escaped forms,
 * replaced by `"[redacted]"`; also the values of secret-named JSON fields (`"token":"…"`) and query
 * parameters (`key=…`), known or not. Secrets shorter than {@link MIN_SECRET_LENGTH} are not searched for.
 * Never throws.
 */
export function redactText(text: unknown, knownSecrets: readonly (string | undefined | null)[] = []): string {
  return textRedactor(knownSecrets)(text);
}

/**
 * {@link redactText} against the same secrets for many texts (every string of a result): the secrets'
 * forms are worked out once.
 */
export function textRedactor(
  knownSecrets: readonly (string | undefined | null)[],
): (text: unknown) => string {
  const forms = knownSecrets
    .filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
    .flatMap(encodings)
    // Longest first, so a secret containing another is replaced whole.
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out: string;
    try {
      out = typeof text === 'string' ? text : String(text);
    } catch {
      return '[unprintable]';
    }
    for (const form of forms) {
      if (form.length > 0 && out.includes(form)) out = out.split(form).join(REDACTED);
    }
    return redactFields(out);
  };
}

// `"token": "abc"` (possibly cut off before its closing quote) and `key=abc` in text whose secrets are not
// known yet, such as the start of a truncated Login reply.
const jsonField = /"([A-Za-z0-9_-]{1,64})"(\s*:\s*)"((?:[^"\\]|\\.)*)("?)/g;
const queryField = /([?&;\s]|^)([A-Za-z0-9_-]{1,64})=([^&\s"'<>]+)/g;

function redactFields(text: string): string {
  // Most strings (names, ids, addresses) hold neither pattern's marker.
  if (!text.includes('"') && !text.includes('=')) return text;
  return text
    .replace(jsonField, (whole, name: string, colon: string, value: string, close: string) =>
      value !== '' && isSecretKey(name) ? `"${name}"${colon}"${REDACTED}${close}` : whole,
    )
    .replace(queryField, (whole, lead: string, name: string) =>
      isSecretKey(name) ? `${lead}${name}=${REDACTED}` : whole,
    );
}
