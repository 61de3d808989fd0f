import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { environmentSchema, flagsSchema, problemsOf, type SANDBOX_DATA } from './config-schema';

/** Deploi settings from the environment and flags. */
export interface DeploiSettings {
  url?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  /** A current two-factor code, or the base32 TOTP secret codes are computed from. */
  totp?: string | undefined;
  token?: string | undefined;
  clientId?: number | undefined;
}

/** SeFlow settings from the environment and flags. */
export interface SeflowSettings {
  url?: string | undefined;
  username?: string | undefined;
  key?: string | undefined;
}

/** How the server confirms destructive and billable calls. */
export type ConfirmPolicy = 'confirm' | 'none';

/** Everything the server is started with. */
export interface Config {
  /** `sandbox`: an embedded sandbox (asked for, or because no account is configured). */
  backend: 'accounts' | 'sandbox';
  /** Why the sandbox is used, for the start-up message. */
  sandboxReason?: 'flag' | 'no-account';
  deploi: DeploiSettings;
  seflow: SeflowSettings;
  readOnly: boolean;
  confirm: ConfirmPolicy;
  /** Toolset names, `all`, or undefined for the default set. */
  toolsets: readonly string[] | undefined;
  tools: readonly string[] | undefined;
  discovery: boolean;
  auditLog: string;
  http:
    | { host: string; port: number; token: string | undefined; allowedOrigins: readonly string[] }
    | undefined;
  timeoutMs: number | undefined;
  /** Seed of the embedded sandbox. */
  sandboxSeed: number;
  /** Which account the embedded sandbox holds. */
  sandboxData: SandboxData;
  /** The command that opens a confirmation page (`none`: never); the platform's when undefined. */
  browser: string | undefined;
}

/** A configuration problem: the message says what to set. The process exits with status 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** `$XDG_STATE_HOME/hostkit/audit.jsonl`, else `~/.local/state/hostkit/audit.jsonl`. */
export function defaultAuditLogPath(env: NodeJS.ProcessEnv): string {
  const state = env.XDG_STATE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.local', 'state');
  return join(state, 'hostkit', 'audit.jsonl');
}

export const DEFAULT_HTTP_PORT = 3717;

/** The text of `hostkit-mcp --help`. */
export const USAGE = `Usage: hostkit-mcp [options]

Serves every Deploi and SeFlow command as an MCP tool (stdio by default).

Accounts (environment; flags override the non-secret ones):
  HOSTKIT_DEPLOI_USERNAME, HOSTKIT_DEPLOI_PASSWORD   Deploi login (e-mail and password)
  HOSTKIT_DEPLOI_TOTP       two-factor code or base32 TOTP secret (if the login has 2FA)
  HOSTKIT_DEPLOI_TOKEN      a session token instead of username and password
  HOSTKIT_DEPLOI_URL        API endpoint (default https://api.deploi.no)    --deploi-url URL
  HOSTKIT_DEPLOI_CLIENT_ID  default client (customer account) id           --deploi-client-id N
  HOSTKIT_SEFLOW_URL, HOSTKIT_SEFLOW_USERNAME, HOSTKIT_SEFLOW_KEY         --seflow-url URL
  With no account configured, an embedded sandbox with demo data is used.

Options:
  --sandbox             run against an embedded sandbox (nothing leaves this machine)
  --sandbox-data KIND   its account: demo (default), troubled (the demo with a fault planted
                        per kind, for hostkit_diagnose), or scale (1,000 servers, 500 domains)
  --read-only           list and accept only tools that change nothing
  --no-confirm          do not ask before destructive or billable calls (automation; see README)
  --toolsets a,b|all    toolsets to list (default: five tools chosen by measurement, and the
                        meta-tools that reach every tool and enable toolsets at run time)
  --tools x,y           individual tools to list (added to --toolsets)
  --discovery           list only the meta-tools to search, enable, describe and call every tool
  --audit-log PATH      audit log file (env HOSTKIT_AUDIT_LOG; default
                        $XDG_STATE_HOME/hostkit/audit.jsonl or ~/.local/state/hostkit/audit.jsonl)
  --timeout MS          per-request timeout towards the APIs (default 30000)
  --http                serve Streamable HTTP instead of stdio
  --host HOST           HTTP bind address (default 127.0.0.1; others need a token)
  --port N              HTTP port (default ${DEFAULT_HTTP_PORT})
  --token-file PATH     file holding the bearer token HTTP clients must send (or env
                        HOSTKIT_HTTP_TOKEN / HOSTKIT_HTTP_TOKEN_FILE; never on the command line,
                        where other local users can read it). Generate one: openssl rand -base64 32
  --allowed-origins a,b extra browser Origin host names to accept over HTTP
  --help, --version
`;

export type SandboxData = (typeof SANDBOX_DATA)[number];

/** Reads flags and environment; throws {@link ConfigError} on anything inconsistent or missing. */
export function loadConfig(argv: readonly string[], e: NodeJS.ProcessEnv): Config | 'help' | 'version' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        sandbox: { type: 'boolean' },
        'read-only': { type: 'boolean' },
        'no-confirm': { type: 'boolean' },
        toolsets: { type: 'string' },
        tools: { type: 'string' },
        discovery: { type: 'boolean' },
        'audit-log': { type: 'string' },
        timeout: { type: 'string' },
        http: { type: 'boolean' },
        host: { type: 'string' },
        port: { type: 'string' },
        'token-file': { type: 'string' },
        'allowed-origins': { type: 'string' },
        'deploi-url': { type: 'string' },
        'deploi-client-id': { type: 'string' },
        'seflow-url': { type: 'string' },
        'sandbox-seed': { type: 'string' },
        'sandbox-data': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}. Run hostkit-mcp --help for the options.`);
  }
  const problems = problemsOf(values, e);
  if (problems.length) throw new ConfigError(problems.join(' '));
  const flags = flagsSchema.parse(values);
  const env = environmentSchema.parse(e);
  if (flags.help) return 'help';
  if (flags.version) return 'version';

  const deploi: DeploiSettings = {
    url: flags['deploi-url'] ?? env.HOSTKIT_DEPLOI_URL,
    username: env.HOSTKIT_DEPLOI_USERNAME,
    password: env.HOSTKIT_DEPLOI_PASSWORD,
    totp: env.HOSTKIT_DEPLOI_TOTP,
    token: env.HOSTKIT_DEPLOI_TOKEN,
    clientId: flags['deploi-client-id'] ?? env.HOSTKIT_DEPLOI_CLIENT_ID,
  };
  const seflow: SeflowSettings = {
    url: flags['seflow-url'] ?? env.HOSTKIT_SEFLOW_URL,
    username: env.HOSTKIT_SEFLOW_USERNAME,
    key: env.HOSTKIT_SEFLOW_KEY,
  };

  const deploiGiven = Boolean(deploi.username || deploi.password || deploi.token || deploi.totp);
  const seflowGiven = Boolean(seflow.username || seflow.key);
  const partial: string[] = [];
  if (deploiGiven && !deploi.token && !(deploi.username && deploi.password)) {
    const missing = [
      deploi.username ? '' : 'HOSTKIT_DEPLOI_USERNAME',
      deploi.password ? '' : 'HOSTKIT_DEPLOI_PASSWORD',
    ];
    partial.push(
      `Deploi is partly configured: set ${missing.filter(Boolean).join(' and ')} (or HOSTKIT_DEPLOI_TOKEN instead of both).`,
    );
  }
  if (seflowGiven || seflow.url) {
    const missing = [
      seflow.url ? '' : 'HOSTKIT_SEFLOW_URL (the API address SeFlow gave you)',
      seflow.username ? '' : 'HOSTKIT_SEFLOW_USERNAME',
      seflow.key ? '' : 'HOSTKIT_SEFLOW_KEY',
    ].filter(Boolean);
    if (missing.length > 0) partial.push(`SeFlow is partly configured: set ${missing.join(', ')}.`);
  }
  if (partial.length > 0 && !flags.sandbox) throw new ConfigError(partial.join(' '));

  const noAccount = !deploiGiven && !seflowGiven && !seflow.url;
  const backend = flags.sandbox || noAccount ? 'sandbox' : 'accounts';

  let http: Config['http'];
  if (flags.http) {
    const host = flags.host ?? '127.0.0.1';
    const token = httpToken(flags['token-file'] ?? env.HOSTKIT_HTTP_TOKEN_FILE, env.HOSTKIT_HTTP_TOKEN);
    if (!isLoopback(host) && !token) {
      throw new ConfigError(
        `--host ${host} is not a loopback address: anyone who can reach it could manage your hosting. Set a bearer token in HOSTKIT_HTTP_TOKEN or a file named by --token-file (generate one with: openssl rand -base64 32), or bind to 127.0.0.1.`,
      );
    }
    http = {
      host,
      port: flags.port ?? DEFAULT_HTTP_PORT,
      token,
      allowedOrigins: flags['allowed-origins'] ?? [],
    };
  } else {
    for (const name of ['host', 'port', 'token-file', 'allowed-origins'] as const) {
      if (values[name] !== undefined) throw new ConfigError(`--${name} only applies with --http.`);
    }
  }

  return {
    backend,
    ...(backend === 'sandbox' ? { sandboxReason: flags.sandbox ? 'flag' : 'no-account' } : {}),
    deploi,
    seflow,
    readOnly: flags['read-only'],
    confirm: flags['no-confirm'] ? 'none' : 'confirm',
    toolsets: flags.toolsets,
    tools: flags.tools,
    discovery: flags.discovery,
    auditLog: flags['audit-log'] ?? env.HOSTKIT_AUDIT_LOG ?? defaultAuditLogPath(e),
    browser: env.HOSTKIT_BROWSER,
    http,
    timeoutMs: flags.timeout,
    sandboxSeed: flags['sandbox-seed'] ?? 1,
    sandboxData: flags['sandbox-data'] ?? 'demo',
  };
}

/** Bits of entropy a bearer token needs, estimated from its length and how its characters vary. */
export const MIN_TOKEN_BITS = 128;

/** Length × the Shannon entropy of the token's characters: low for short, repetitive or patterned tokens. */
export function tokenBits(token: string): number {
  const counts = new Map<string, number>();
  for (const c of token) counts.set(c, (counts.get(c) ?? 0) + 1);
  const n = [...token].length;
  let perChar = 0;
  for (const k of counts.values()) perChar -= (k / n) * Math.log2(k / n);
  return perChar * n;
}

/** The HTTP bearer token, from a file (its first line) or the environment; refused when guessable. */
function httpToken(file: string | undefined, value: string | undefined): string | undefined {
  let token = value;
  if (file !== undefined) {
    try {
      token = readFileSync(file, 'utf8').split(/\r?\n/)[0]?.trim();
    } catch (err) {
      throw new ConfigError(`cannot read the HTTP token file ${file}: ${(err as Error).message}.`);
    }
    if (!token) throw new ConfigError(`The HTTP token file ${file} is empty.`);
  }
  if (token !== undefined && (token.length < 32 || tokenBits(token) < MIN_TOKEN_BITS)) {
    throw new ConfigError(
      'The HTTP bearer token is too easy to guess: use at least 32 random characters (64 for hex), such as the output of: openssl rand -base64 32',
    );
  }
  return token;
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The setting names of each provider, for "not configured" messages. */
export const MISSING_DEPLOI =
  'Deploi is not configured: set HOSTKIT_DEPLOI_USERNAME and HOSTKIT_DEPLOI_PASSWORD (plus HOSTKIT_DEPLOI_TOTP if the login uses two-factor), or HOSTKIT_DEPLOI_TOKEN; optionally HOSTKIT_DEPLOI_URL and HOSTKIT_DEPLOI_CLIENT_ID. Then restart the MCP server.';
export const MISSING_SEFLOW =
  'SeFlow is not configured: set HOSTKIT_SEFLOW_URL (the API address SeFlow gave you), HOSTKIT_SEFLOW_USERNAME and HOSTKIT_SEFLOW_KEY. Then restart the MCP server.';
