import { z } from 'zod';

// What the server is started with, as two schemas: the flags (after node:util's parseArgs) and the
// environment. Each issue's path is the flag or the variable, so every error names what to fix.

// Empty means unset, and so does an unreplaced `${…}` placeholder: MCP bundle hosts (Claude Desktop) pass an
// optional setting the user left empty as "" or, in some versions, as the literal "${user_config.name}".
const text = z
  .string()
  .transform((v) => v.trim())
  .transform((v) => (v === '' || /^\$\{[^}]*\}$/.test(v) ? undefined : v))
  .optional();

const whole = (what: string) =>
  text.pipe(
    z
      .string()
      .regex(/^\d+$/, `must be ${what}`)
      .transform(Number)
      .pipe(z.number().int().positive(`must be ${what}`))
      .optional(),
  );

/** A comma-separated list, as `--toolsets dns,servers` gives it. */
const list = text.transform((v) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
);

const flag = z.boolean().optional().default(false);

export const SANDBOX_DATA = ['demo', 'troubled', 'scale'] as const;

/** The flags, as parseArgs gives them (strings and booleans). */
export const flagsSchema = z.object({
  sandbox: flag,
  'read-only': flag,
  'no-confirm': flag,
  discovery: flag,
  http: flag,
  help: flag,
  version: flag,
  toolsets: list,
  tools: list,
  'audit-log': text,
  timeout: whole('a positive whole number of milliseconds'),
  host: text,
  port: text.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a port number (0-65535)')
      .transform(Number)
      .pipe(z.number().int().max(65535, 'must be a port number (0-65535)'))
      .optional(),
  ),
  'token-file': text,
  'allowed-origins': list,
  'deploi-url': text,
  'deploi-client-id': whole('a positive whole number (a Deploi client id)'),
  'seflow-url': text,
  'sandbox-seed': whole('a positive whole number'),
  'sandbox-data': text.pipe(z.enum(SANDBOX_DATA, { error: `must be ${SANDBOX_DATA.join(', ')}` }).optional()),
});

/** The environment variables Hostkit reads; every other one is ignored. */
export const environmentSchema = z.object({
  HOSTKIT_DEPLOI_URL: text,
  HOSTKIT_DEPLOI_USERNAME: text,
  HOSTKIT_DEPLOI_PASSWORD: text,
  /** A current two-factor code, or the base32 TOTP secret codes are computed from. */
  HOSTKIT_DEPLOI_TOTP: text,
  HOSTKIT_DEPLOI_TOKEN: text,
  HOSTKIT_DEPLOI_CLIENT_ID: whole('a positive whole number (a Deploi client id)'),
  HOSTKIT_SEFLOW_URL: text,
  HOSTKIT_SEFLOW_USERNAME: text,
  HOSTKIT_SEFLOW_KEY: text,
  HOSTKIT_AUDIT_LOG: text,
  /** The command that opens a confirmation page (`none`: never). */
  HOSTKIT_BROWSER: text,
  HOSTKIT_HTTP_TOKEN: text,
  HOSTKIT_HTTP_TOKEN_FILE: text,
  HOME: text,
  XDG_STATE_HOME: text,
});

export type Flags = z.output<typeof flagsSchema>;
export type Environment = z.output<typeof environmentSchema>;

// Variables whose values may be shown in an error (the others may hold a secret).
const SHOWN = new Set(['HOSTKIT_DEPLOI_CLIENT_ID', 'HOSTKIT_DEPLOI_URL', 'HOSTKIT_SEFLOW_URL']);

/** Each problem with the flags and the environment, naming the flag (`--port`) or the variable. */
export function problemsOf(flags: Record<string, unknown>, env: Record<string, unknown>): string[] {
  const out: string[] = [];
  const given = (v: unknown) => (typeof v === 'string' ? `, not "${v}"` : '');
  const f = flagsSchema.safeParse(flags);
  if (!f.success)
    for (const i of f.error.issues) {
      const key = String(i.path[0]);
      out.push(`--${key} ${i.message}${given(flags[key])}.`);
    }
  const e = environmentSchema.safeParse(env);
  if (!e.success)
    for (const i of e.error.issues) {
      const key = String(i.path[0]);
      out.push(`${key} ${i.message}${SHOWN.has(key) ? given(env[key]) : ''}.`);
    }
  return out;
}
