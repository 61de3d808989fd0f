import type { AddressInfo } from 'node:net';
import { SessionStore } from './auth';
import { type Clock, systemClock } from './clock';
import type { DispatchEnv } from './dispatch';
import { FaultController, type FaultSpec } from './faults';
import type { SandboxConfig } from './handlers/support';
import type { DeepReadonly, SandboxState, Scale } from './model';
import { loadState, saveState } from './persistence';
import { RequestLog, type RequestLogEntry } from './request-log';
import { seedState } from './seed';
import { demoCredentials } from './seed-data';
import { plantTroubles } from './seed-troubled';
import { CONTROL_PATH, createSandboxServer, GRAPHS_PATH, SEFLOW_PATH } from './server';
import { advance, hashSecret } from './state';

/** Settings of {@link startSandbox}; all optional. */
export interface SandboxOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Seed of the generated state (default 1): the same seed gives the same state. */
  seed?: number;
  /**
   * "demo" (default): a realistic account; "scale": 1,000 servers, 500 domains, 100 firewalls;
   * "troubled": the demo with planted faults for hostkit_diagnose (see `TROUBLES`).
   */
  scale?: Scale;
  /** Faults active from the start (more can be added with `faults.add`). */
  faults?: readonly FaultSpec[];
  /** How long a Deploi session token lives (default 1 hour). */
  tokenTtlMs?: number;
  /** How long a new server stays "creating" before it is active with an IP (default 3 s). */
  provisioningDelayMs?: number;
  /** How long a restart (Deploi) or reboot (SeFlow) takes (default: the provisioning delay). */
  restartDelayMs?: number;
  /** When true, the demo user's Login needs the two-factor code (given in `credentials`). Default false. */
  requireTwoFactor?: boolean;
  /** JSON file to keep the state in: loaded at start when it exists (seed and scale are then ignored), saved after each change and at stop. */
  stateFile?: string;
  /** Where time comes from (default the wall clock); a manual clock lets tests skip provisioning delays. */
  clock?: Clock;
  /** Answer HTTP 500 when a handler's reply fails its command's output schema (default true): catches sandbox bugs. */
  strictReplies?: boolean;
  /** Largest accepted request body (default 1 MiB); larger ones get HTTP 413. */
  bodyLimitBytes?: number;
  /**
   * Secrets to use instead of the public demo ones (the demo user and SeFlow account stay the same), so
   * tests can plant canary values and search every output for them: the Deploi password, the two-factor
   * code (6-8 digits, as Login's schema requires), the SeFlow API key, and a prefix put in front of every
   * session token issued.
   */
  credentials?: {
    deploiPassword?: string;
    twoFactorCode?: string;
    seflowKey?: string;
    tokenPrefix?: string;
  };
}

/** The logins the sandbox accepts. */
export interface SandboxCredentials {
  deploi: { username: string; password: string; twoFactorCode?: string };
  seflow: { username: string; key: string };
}

/** Read access to the state, plus direct changes for test set-up. */
export interface SandboxStateAccess {
  /** The live state, read-only, with time-driven transitions (provisioning, restarts) applied up to now. */
  get(): DeepReadonly<SandboxState>;
  /** A deep copy of the state (transitions applied) that you may keep or change. */
  snapshot(): SandboxState;
  /** Changes the state directly, for test set-up, then saves it to the state file if there is one. */
  update(change: (state: SandboxState) => void): void;
  /** Replaces the state with a freshly seeded one (same seed and scale) and forgets every session. */
  reset(): void;
}

/** The redacted request log. */
export interface SandboxRequests {
  /** Every request so far (the last 10,000), oldest first. */
  entries(): RequestLogEntry[];
  clear(): void;
}

/** Fault injection at runtime. */
export interface SandboxFaults {
  /** Adds a fault; returns its id. */
  add(spec: FaultSpec): string;
  remove(id: string): boolean;
  clear(): void;
  list(): ReturnType<FaultController['list']>;
}

/** A running sandbox. */
export interface Sandbox {
  /** Deploi API: POST JSON here. */
  deploiUrl: string;
  /** SeFlow API: GET with action, username, key and variables as query parameters. */
  seflowUrl: string;
  /** Where dserver-graph's PNG images are served. */
  graphsBaseUrl: string;
  /** The control API (state, requests, faults, reset) for use from another process. */
  controlUrl: string;
  port: number;
  credentials: SandboxCredentials;
  state: SandboxStateAccess;
  requests: SandboxRequests;
  faults: SandboxFaults;
  clock: Clock;
  /** Saves the state file (if any) and closes the server and its connections. */
  stop(): Promise<void>;
}

/** Starts the sandbox on 127.0.0.1 and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? 1;
  const scale = options.scale ?? 'demo';
  const clock = options.clock ?? systemClock;
  const requireTwoFactor = options.requireTwoFactor ?? false;
  const provisioningDelayMs = options.provisioningDelayMs ?? 3000;
  const secrets = {
    password: options.credentials?.deploiPassword ?? demoCredentials.deploi.password,
    twoFactorCode: options.credentials?.twoFactorCode ?? demoCredentials.deploi.twoFactorCode,
    seflowKey: options.credentials?.seflowKey ?? demoCredentials.seflow.key,
    tokenPrefix: options.credentials?.tokenPrefix ?? '',
  };
  // The troubled demo is the demo with faults planted, dated from the clock (see seed-troubled.ts).
  const fresh = (): SandboxState =>
    scale === 'troubled'
      ? { ...plantTroubles(seedState(seed, 'demo'), clock.now()), scale: 'troubled' }
      : seedState(seed, scale);
  let state = (options.stateFile ? loadState(options.stateFile) : undefined) ?? fresh();
  const applyOptions = (s: SandboxState) => {
    const demo = s.users.find((u) => u.email === demoCredentials.deploi.username);
    if (demo) demo.twoFactor = requireTwoFactor;
    if (demo && options.credentials?.deploiPassword !== undefined)
      demo.passwordHash = hashSecret(secrets.password);
    if (options.credentials?.seflowKey !== undefined) s.seflow.keyHash = hashSecret(secrets.seflowKey);
  };
  applyOptions(state);
  let sessions = new SessionStore(clock, options.tokenTtlMs ?? 3_600_000, secrets.tokenPrefix);
  const save = () => {
    if (options.stateFile) saveState(options.stateFile, state);
  };
  const config: SandboxConfig = {
    provisioningDelayMs,
    restartDelayMs: options.restartDelayMs ?? provisioningDelayMs,
    twoFactorCode: secrets.twoFactorCode,
    graphsBaseUrl: '',
  };
  const env: DispatchEnv = {
    state: () => state,
    get sessions() {
      return sessions;
    },
    clock,
    config,
    strictReplies: options.strictReplies ?? true,
  };
  const faults = new FaultController();
  for (const spec of options.faults ?? []) faults.add(spec);
  const log = new RequestLog();
  const reset = () => {
    state = fresh();
    applyOptions(state);
    sessions = new SessionStore(clock, options.tokenTtlMs ?? 3_600_000, secrets.tokenPrefix);
    save();
  };
  const urls = { deploiUrl: '', seflowUrl: '', graphsBaseUrl: '', controlUrl: '' };
  const server = createSandboxServer({
    env,
    faults,
    log,
    bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
    onMutated: save,
    reset,
    describe: () => ({ name: 'Hostkit sandbox', ...urls, seed: state.seed, scale: state.scale }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  urls.deploiUrl = `${base}/`;
  urls.seflowUrl = `${base}${SEFLOW_PATH}`;
  urls.graphsBaseUrl = `${base}${GRAPHS_PATH}`;
  urls.controlUrl = `${base}${CONTROL_PATH}`;
  config.graphsBaseUrl = urls.graphsBaseUrl;
  save();

  let stopped: Promise<void> | undefined;
  const deploiCredentials: SandboxCredentials['deploi'] = {
    username: demoCredentials.deploi.username,
    password: secrets.password,
    ...(requireTwoFactor ? { twoFactorCode: secrets.twoFactorCode } : {}),
  };
  return {
    ...urls,
    port,
    credentials: {
      deploi: deploiCredentials,
      seflow: { username: demoCredentials.seflow.username, key: secrets.seflowKey },
    },
    state: {
      get: () => {
        advance(state, clock.now());
        return state;
      },
      snapshot: () => {
        advance(state, clock.now());
        return structuredClone(state);
      },
      update: (change) => {
        change(state);
        save();
      },
      reset,
    },
    requests: { entries: () => log.entries(), clear: () => log.clear() },
    faults: {
      add: (spec) => faults.add(spec),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
      list: () => faults.list(),
    },
    clock,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        save();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
