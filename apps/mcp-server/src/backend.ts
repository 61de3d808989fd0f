import {
  type ClientEvent,
  type Command,
  type CommandInput,
  DEFAULT_TIMEOUT_MS,
  DeploiClient,
  type DeploiClientOptions,
  HostkitError,
  SeflowClient,
  type WarningHandler,
} from '@hostkit/core';
import { type Sandbox, startSandbox } from '@hostkit/sandbox';
import { type Config, MISSING_DEPLOI, MISSING_SEFLOW } from './config';
import type { Logger } from './log';
import { nodeFetch } from './node-fetch';
import { fetchProviderPng } from './provider-images';
import type { Backend } from './tools';
import { isTotpSecret, totpCode } from './totp';
import { VERSION } from './version';

/** The backend, plus what the process needs to describe and stop it. */
export interface RunningBackend {
  backend: Backend;
  /** One line for stderr: what the tools talk to. */
  description: string;
  /** Secrets to redact from every log line. */
  secrets: readonly string[];
  sandbox: Sandbox | undefined;
  close(): Promise<void>;
}

function secondFactor(totp: string | undefined): DeploiClientOptions['secondFactor'] {
  if (!totp) return undefined;
  // A TOTP secret gives a fresh code at each (re-)login; a bare code only lasts one login.
  return isTotpSecret(totp) ? async () => totpCode(totp) : totp;
}

function makeBackend(
  deploi: DeploiClient | undefined,
  seflow: SeflowClient | undefined,
  configuredClientId: number | undefined,
  secrets: readonly string[],
  seflowUrl: string | undefined,
  timeoutMs: number,
): Backend {
  return {
    providers: { deploi: deploi !== undefined, seflow: seflow !== undefined },
    secrets: () => secrets,
    async defaultClientId(signal?: AbortSignal) {
      if (configuredClientId !== undefined || !deploi) return configuredClientId;
      return (await deploi.clients(signal ? { signal } : {}))[0]?.id;
    },
    async call<C extends Command>(command: C, input: CommandInput<C>, signal?: AbortSignal) {
      const options = signal ? { signal } : {};
      if (command.provider === 'deploi') {
        if (!deploi) throw new HostkitError('config', MISSING_DEPLOI);
        return deploi.call(command, input, options);
      }
      if (!seflow) throw new HostkitError('config', MISSING_SEFLOW);
      return seflow.call(command, input, options);
    },
    async clients(signal?: AbortSignal) {
      if (!deploi) throw new HostkitError('config', MISSING_DEPLOI);
      return deploi.clients(signal ? { signal } : {});
    },
    async seflowImage(url: string, signal?: AbortSignal) {
      if (!seflowUrl) throw new HostkitError('config', MISSING_SEFLOW);
      return fetchProviderPng(url, seflowUrl, timeoutMs, secrets, signal);
    },
  };
}

const PROVIDER = { deploi: 'Deploi', seflow: 'SeFlow' } as const;

/** A client's own doings as an MCP log line: level, logger and text (names and counts, no values). */
function logLineOf(event: ClientEvent): ['notice' | 'warning', string, string] {
  const logger = `hostkit.${event.provider}`;
  if (event.kind === 'login') {
    return [
      'notice',
      logger,
      event.renewal
        ? `logged in to ${PROVIDER[event.provider]} again (the session had expired or was refused)`
        : `logged in to ${PROVIDER[event.provider]}`,
    ];
  }
  return [
    'warning',
    logger,
    `${event.wire} to ${PROVIDER[event.provider]} failed (${event.reason}): sending the read again in ${event.waitMs} ms (try ${event.attempt + 1})`,
  ];
}

/** Starts the embedded sandbox (when configured so) and makes the API clients. */
export async function startBackend(config: Config, logger: Logger): Promise<RunningBackend> {
  const onWarning: WarningHandler = (w) => logger.warn(w.message);
  // A linked image (SeFlow's graphs) is fetched within the API requests' own timeout.
  const imageTimeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const common = {
    userAgent: `hostkit-mcp/${VERSION}`,
    timeoutMs: config.timeoutMs,
    onWarning,
    onEvent: (event: ClientEvent) => logger.log(...logLineOf(event)),
    fetch: nodeFetch,
  };
  if (config.backend === 'sandbox') {
    const sandbox = await startSandbox({ seed: config.sandboxSeed, scale: config.sandboxData });
    const { deploi, seflow } = sandbox.credentials;
    const deploiClient = new DeploiClient({
      ...common,
      baseUrl: sandbox.deploiUrl,
      username: deploi.username,
      password: deploi.password,
      secondFactor: deploi.twoFactorCode,
      clientId: config.deploi.clientId,
    });
    const seflowClient = new SeflowClient({
      ...common,
      baseUrl: sandbox.seflowUrl,
      username: seflow.username,
      key: seflow.key,
    });
    const secrets = [deploi.password, seflow.key];
    return {
      backend: makeBackend(
        deploiClient,
        seflowClient,
        config.deploi.clientId,
        secrets,
        sandbox.seflowUrl,
        imageTimeout,
      ),
      description: `the embedded sandbox at ${sandbox.deploiUrl} (demo data; nothing leaves this machine)`,
      secrets,
      sandbox,
      close: () => sandbox.stop(),
    };
  }
  const d = config.deploi;
  const s = config.seflow;
  const deploiClient =
    d.token || (d.username && d.password)
      ? new DeploiClient({
          ...common,
          baseUrl: d.url,
          username: d.username,
          password: d.password,
          token: d.token,
          secondFactor: secondFactor(d.totp),
          clientId: d.clientId,
        })
      : undefined;
  const seflowClient =
    s.url && s.username && s.key
      ? new SeflowClient({ ...common, baseUrl: s.url, username: s.username, key: s.key })
      : undefined;
  const parts = [
    deploiClient ? `Deploi at ${deploiClient.baseUrl}` : 'Deploi not configured',
    seflowClient ? `SeFlow at ${new URL(s.url ?? '').origin}` : 'SeFlow not configured',
  ];
  const secrets = [d.password, d.token, d.totp, s.key].filter((x): x is string => Boolean(x));
  return {
    backend: makeBackend(
      deploiClient,
      seflowClient,
      d.clientId,
      secrets,
      seflowClient ? s.url : undefined,
      imageTimeout,
    ),
    description: parts.join('; '),
    secrets,
    sandbox: undefined,
    close: async () => {},
  };
}
