import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { createRequestStateCodec } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { AuditLog } from './audit';
import { startBackend } from './backend';
import { type Config, ConfigError, loadConfig, USAGE } from './config';
import { ConfirmationStore, Confirmer } from './confirm';
import { discoveryTools } from './discovery';
import { endpointOf, serveHttp } from './http';
import { stderrLogger } from './log';
import { createServer, type ServerDeps } from './server';
import type { HostkitTool } from './tools';
import { allTools, DEFAULT_TOOLSETS, selectTools } from './toolsets';
import { VERSION } from './version';

function instructions(config: Config): string {
  const parts = [
    'Hostkit manages hosting at Deploi (servers, domains and DNS, firewalls, WAF, sites, WordPress, databases, e-mail, Kubernetes, backups, billing) and SeFlow (dedicated servers, reverse DNS, portable IPs).',
    'Ids come from the list tools (deploi_get_servers, deploi_get_domains, deploi_get_firewalls…); hostkit_find searches both providers. clientid is optional: hostkit_list_clients shows the clients you can act for.',
  ];
  if (config.confirm === 'confirm') {
    parts.push(
      'Destructive and billable tools ask the user to confirm. When a call returns a confirmationId instead, show its summary to the user and call again with it only after they agree.',
    );
  }
  if (config.readOnly) parts.push('This server is read-only: tools that change anything are not available.');
  if (config.discovery)
    parts.push(
      'Use hostkit_search_tools to find a tool, hostkit_describe_tool for its schema, hostkit_call_tool to run it.',
    );
  return parts.join(' ');
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
  const logger = stderrLogger(() => secrets);

  let listed: HostkitTool[];
  let scope: Map<string, HostkitTool>;
  let audit: AuditLog;
  try {
    const tools = allTools(config.deploi.clientId);
    const selection = { toolsets: config.toolsets, tools: config.tools, readOnly: config.readOnly };
    const chosen = selectTools(tools, selection);
    // Discovery reaches every tool unless toolsets or tools narrow it; read-only always applies.
    const reachable =
      config.discovery && !config.toolsets && !config.tools
        ? selectTools(tools, { ...selection, toolsets: ['all'] })
        : chosen;
    scope = new Map(reachable.map((t) => [t.name, t]));
    listed = config.discovery ? discoveryTools(scope, config.confirm === 'confirm') : chosen;
    if (config.readOnly) listed = listed.filter((t) => t.risk === 'read' || t.name === 'hostkit_call_tool');
    audit = new AuditLog(config.auditLog, (m) => logger.error(m));
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    fail(
      `cannot open the audit log ${config.auditLog}: ${(e as Error).message}. Set --audit-log or HOSTKIT_AUDIT_LOG to a writable file.`,
    );
  }

  const running = await startBackend(config, logger);
  secrets.push(...running.secrets);
  const codec = createRequestStateCodec<{ b: string }>({ key: randomBytes(32), ttlSeconds: 600 });
  const deps: ServerDeps = {
    backend: running.backend,
    audit,
    confirmer: new Confirmer(config.confirm, new ConfirmationStore(), codec),
    policy: config.confirm,
    listed,
    scope,
    verifyRequestState: (state, ctx) => codec.verify(state, ctx),
    instructions: instructions(config),
    logger,
  };
  const factory = () => createServer(deps);

  if (config.sandboxReason === 'no-account') {
    logger.info(
      'No Deploi or SeFlow account is configured, so Hostkit runs on its embedded sandbox with demo data (nothing leaves this machine). To use your accounts set HOSTKIT_DEPLOI_USERNAME and HOSTKIT_DEPLOI_PASSWORD (or HOSTKIT_DEPLOI_TOKEN), and HOSTKIT_SEFLOW_URL, HOSTKIT_SEFLOW_USERNAME and HOSTKIT_SEFLOW_KEY.',
    );
  }
  const what = config.discovery
    ? `discovery mode (3 meta-tools over ${scope.size} tools)`
    : `${listed.length} tools (${config.toolsets?.join(',') ?? (config.tools ? 'selected tools' : DEFAULT_TOOLSETS.join(','))})`;
  const policy = config.confirm === 'none' ? '; CONFIRMATION OFF (--no-confirm)' : '';
  logger.info(
    `${VERSION}: ${what}${config.readOnly ? ', read-only' : ''}${policy}; talking to ${running.description}; audit log ${audit.path}`,
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
      await running.close();
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
      await running.close();
      fail(`cannot listen on ${config.http.host}:${config.http.port}: ${(e as Error).message}`);
    }
    logger.info(
      `Streamable HTTP at ${endpointOf(httpServer, config.http.host)}${config.http.token ? ' (bearer token required)' : ''}`,
    );
    return;
  }
  stdio = serveStdio(factory, { onerror: (e) => logger.warn(`stdio: ${e.message}`) });
  // The client closing stdin ends the session; the embedded sandbox would otherwise keep the process alive.
  process.stdin.on('end', () => void stop(0));
  process.stdin.on('close', () => void stop(0));
}
