import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { createRequestStateCodec } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { AuditLog } from './audit';
import { browserOpener } from './browser';
import { ENABLE_TOOLSET, LIST_QUERY_HELP } from './catalog';
import { type Config, ConfigError, loadConfig, USAGE } from './config';
import { Confirmer, type ConfirmState, REQUEST_STATE_TTL_SECONDS } from './confirm';
import { ConfirmationPages } from './confirm-page';
import type { ContextDeps } from './context-features';
import { endpointOf, serveHttp } from './http';
import { ToolOffer } from './listing';
import type { ReadTool } from './live-lists';
import { stderrLogger } from './log';
import { LogHub } from './logging';
import type { CallTool, Result } from './pipeline';
import type { Runtime } from './runtime';
import { createServer, type ServerDeps } from './server';
import { LineLimitedStdioTransport } from './stdio';
import { VERSION } from './version';

function instructions(config: Config, meta: boolean): string {
  const parts = [
    'Hostkit manages hosting at Deploi (servers, domains and DNS, firewalls, WAF, sites, WordPress, databases, e-mail, Kubernetes, backups, billing) and SeFlow (dedicated servers, reverse DNS, portable IPs).',
    'Ids come from the list tools (deploi_get_servers, deploi_get_domains, deploi_get_firewalls…); hostkit_find searches both providers. clientid is optional: hostkit_list_clients shows the clients you can act for.',
    'Workflows: hostkit_diagnose says why a host is down and how to fix it; hostkit_change_set makes many changes behind one confirmation (repoint an IP in every zone, delete records); hostkit_undo reverts the last change; hostkit_costs says what is paid.',
    LIST_QUERY_HELP,
  ];
  if (config.confirm === 'confirm') {
    parts.push(
      'Tools that break something, cost money or open access ask the user to confirm, in the client or on a page in their browser; the call waits for the answer. If one is declined or refused, tell the user: do not repeat it or look for another way.',
    );
  }
  if (config.readOnly) parts.push('This server is read-only: tools that change anything are not available.');
  // The enable path first: enabled tools are listed as themselves, with their own annotations, so the
  // client asks for each as it should. hostkit_call_tool stays for clients that do not re-list on
  // notifications/tools/list_changed (no client capability says whether one does).
  const enable = `${ENABLE_TOOLSET} lists a whole toolset's tools (your tool list updates); if your client does not show them, call them through hostkit_call_tool.`;
  if (config.discovery)
    parts.push(
      `Use hostkit_search_tools to find a tool (schemas: 1 adds the best hit's input schema); ${enable} hostkit_describe_tool tells the rest.`,
    );
  else if (meta)
    parts.push(
      `Only a few tools are listed: find every other one (the workflows above, restarts, creating servers, domains, WAF, sites, WordPress, databases, e-mail, Kubernetes, backups, billing, SeFlow) with hostkit_search_tools (schemas: 1 adds the best hit's input schema); ${enable}`,
    );
  return parts.join(' ');
}

const DEPLOI_DEFAULT_URL = 'https://api.deploi.no';

/**
 * What the tools talk to, for the start-up line; throws on an API address that is not an http(s) URL
 * (with the message the clients give, which are only made on the first call).
 */
function backendDescription(config: Config): string {
  if (config.backend === 'sandbox') return 'the embedded sandbox (demo data; nothing leaves this machine)';
  const d = config.deploi;
  const s = config.seflow;
  const deploiUrl = d.url ?? DEPLOI_DEFAULT_URL;
  if (!/^https?:\/\/[^/\s]/i.test(deploiUrl) || !URL.canParse(deploiUrl)) {
    throw new Error('Deploi baseUrl is not an http(s) URL: leave it out to use https://api.deploi.no.');
  }
  const seflowUrl = s.url && URL.canParse(s.url) ? new URL(s.url) : undefined;
  if (s.url && (!seflowUrl || !['https:', 'http:'].includes(seflowUrl.protocol))) {
    throw new Error('SeFlow baseUrl is not an http(s) URL: set it to the API address SeFlow gave you.');
  }
  return [
    d.token || (d.username && d.password) ? `Deploi at ${deploiUrl}` : 'Deploi not configured',
    seflowUrl && s.username && s.key ? `SeFlow at ${seflowUrl.origin}` : 'SeFlow not configured',
  ].join('; ');
}

/** Which providers have credentials (the embedded sandbox has both), as the clients will be made. */
function providersOf(config: Config): ContextDeps['providers'] {
  if (config.backend === 'sandbox') return { deploi: true, seflow: true };
  const d = config.deploi;
  const s = config.seflow;
  return {
    deploi: Boolean(d.token || (d.username && d.password)),
    seflow: Boolean(s.url && s.username && s.key),
  };
}

function fail(message: string): never {
  process.stderr.write(`hostkit-mcp: error: ${message}\n`);
  process.exit(2);
}

/** Runs the server until stdin closes (stdio) or a signal arrives. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig(argv, env);
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  if (loaded === 'help') return void process.stdout.write(USAGE);
  if (loaded === 'version') return void process.stdout.write(`${VERSION}\n`);
  const config = loaded;
  const secrets: string[] = [
    config.deploi.password,
    config.deploi.token,
    config.deploi.totp,
    config.seflow.key,
    config.http?.token,
  ].filter((s): s is string => Boolean(s));
  const logs = new LogHub();
  const logger = stderrLogger(() => secrets, false, logs);

  let offer: ToolOffer;
  let audit: AuditLog;
  try {
    offer = new ToolOffer({
      toolsets: config.toolsets,
      tools: config.tools,
      readOnly: config.readOnly,
      discovery: config.discovery,
      http: config.http !== undefined,
    });
    audit = new AuditLog(
      config.auditLog,
      (m) => logger.error(m),
      () => secrets,
    );
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    fail(
      `cannot open the audit log ${config.auditLog}: ${(e as Error).message}. Set --audit-log or HOSTKIT_AUDIT_LOG to a writable file.`,
    );
  }

  const codec = createRequestStateCodec<ConfirmState>({
    key: randomBytes(32),
    ttlSeconds: REQUEST_STATE_TTL_SECONDS,
  });
  const pages = new ConfirmationPages();
  const confirmer = new Confirmer(config.confirm, codec, pages, browserOpener(config.browser, env));
  // The registry, the clients (or the embedded sandbox) and the call pipeline load on the first call, or
  // just after the first listing, whichever comes first: start-up answers the handshake and tools/list
  // from the catalog alone.
  let runtime: Promise<Runtime> | undefined;
  const loadRuntime = (): Promise<Runtime> => {
    if (runtime) return runtime;
    const started = import('./runtime').then((m) =>
      m.startRuntime({ config, logger, audit, confirmer, scope: offer.scope.map((t) => t.name), secrets }),
    );
    runtime = started;
    // A failed start (the embedded sandbox could not listen) is reported, and tried again on the next call.
    started.catch((e: unknown) => {
      logger.error(`cannot start the tools: ${e instanceof Error ? e.message : String(e)}`);
      if (runtime === started) runtime = undefined;
    });
    return started;
  };
  const preload = () => setTimeout(() => void loadRuntime().catch(() => {}), 0);
  /** Runs `use` on the loaded call side; a start that failed is the call's error result. */
  const withRuntime = async (use: (r: Runtime) => Promise<Result>): Promise<Result> => {
    let loaded: Runtime;
    try {
      loaded = await loadRuntime();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return {
        content: [{ type: 'text', text: `Hostkit could not start its tools: ${message}` }],
        isError: true,
      };
    }
    return use(loaded);
  };
  const call: CallTool = (name, args, ctx, server, toolsets) =>
    withRuntime((r) => r.call(name, args, ctx, server, toolsets));
  const read: ReadTool = (name, args, ctx, server) => withRuntime((r) => r.read(name, args, ctx, server));
  const context: ContextDeps = {
    prompts: {
      // What a connection starts with: a prompt names a tool listed there directly, any other through
      // hostkit_call_tool (or after hostkit_enable_toolset).
      listed: new Set(offer.baseListing(true).map((t) => t.name)),
      reachable: new Set(offer.scope.map((t) => t.name)),
      readOnly: config.readOnly,
      confirming: config.confirm === 'confirm',
    },
    providers: providersOf(config),
    read,
  };
  const deps: ServerDeps = {
    offer,
    logs,
    call,
    // By the time a model has read the listing, the call side is loaded.
    onList: preload,
    verifyRequestState: (state, ctx) => codec.verify(state, ctx),
    instructions: instructions(config, offer.meta),
    context,
  };
  const factory = ({ era }: { era: 'legacy' | 'modern' }) => createServer(deps, era);

  if (config.sandboxReason === 'no-account') {
    logger.info(
      'No Deploi or SeFlow account is configured, so Hostkit runs on its embedded sandbox with demo data (nothing leaves this machine). To use your accounts set HOSTKIT_DEPLOI_USERNAME and HOSTKIT_DEPLOI_PASSWORD (or HOSTKIT_DEPLOI_TOKEN), and HOSTKIT_SEFLOW_URL, HOSTKIT_SEFLOW_USERNAME and HOSTKIT_SEFLOW_KEY.',
    );
  }
  const scope = offer.scope.length;
  const what = config.discovery
    ? `discovery mode (4 meta-tools over ${scope} tools)`
    : offer.meta
      ? `${offer.direct} tools and 4 meta-tools over all ${scope}`
      : `${offer.direct} tools (${config.toolsets?.join(',') ?? 'selected tools'})`;
  const policy = config.confirm === 'none' ? '; CONFIRMATION OFF (--no-confirm)' : '';
  if (config.backend === 'sandbox') {
    logs.stand({
      level: 'notice',
      logger: 'hostkit',
      data: 'Hostkit is running on its embedded sandbox: demo data, nothing leaves this machine.',
    });
  }
  if (config.confirm === 'none') {
    logs.stand({
      level: 'warning',
      logger: 'hostkit',
      data: 'Confirmation is off (--no-confirm): destructive and billable calls run without asking.',
    });
  }
  logger.info(
    `${VERSION}: ${what}${config.readOnly ? ', read-only' : ''}${policy}; talking to ${backendDescription(config)}; audit log ${audit.path}`,
  );

  let httpServer: HttpServer | undefined;
  let stdio: { close(): Promise<void> } | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    try {
      await stdio?.close();
      await new Promise<void>((resolve) => (httpServer ? httpServer.close(() => resolve()) : resolve()));
      await (await runtime?.catch(() => undefined))?.close();
      await pages.close();
    } finally {
      process.exit(code);
    }
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  if (config.http) {
    try {
      httpServer = await serveHttp(factory, config.http, logger);
    } catch (e) {
      fail(`cannot listen on ${config.http.host}:${config.http.port}: ${(e as Error).message}`);
    }
    logger.info(
      `Streamable HTTP at ${endpointOf(httpServer, config.http.host)}${config.http.token ? ' (bearer token required)' : ''}`,
    );
    // A long-running server: load the call side now rather than on the first client's first call.
    preload();
    return;
  }
  stdio = serveStdio(factory, {
    transport: new LineLimitedStdioTransport(),
    onerror: (e) => logger.warn(`stdio: ${e.message}`),
  });
  // The client closing stdin ends the session; the embedded sandbox would otherwise keep the process alive.
  process.stdin.on('end', () => void stop(0));
  process.stdin.on('close', () => void stop(0));
}
