import { ApiError, DeploiClient, type HostkitWarning, SeflowClient } from '@hostkit/core';
import {
  type ManualClock,
  manualClock,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from '../../src/index';
import type { Json } from './http';

// The sandbox driven through the real core clients, as the MCP server and the extension use it: the
// client validates the input, fills clientid, logs in, and parses the reply with the output schema.

/** A sandbox on a manual clock, with a logged-in-on-demand Deploi client and a SeFlow client. */
export interface ClientSandbox {
  sandbox: Sandbox;
  clock: ManualClock;
  deploi: DeploiClient;
  seflow: SeflowClient;
  /** Schema-drift warnings the clients reported: a test expects none. */
  warnings: HostkitWarning[];
  /** Calls a Deploi command by tool name; the parsed reply, loosely typed for assertions. */
  call(tool: string, input?: Record<string, unknown>): Promise<Json>;
  /** The ApiError a Deploi call is refused with (fails the test if it succeeds or fails otherwise). */
  refusal(tool: string, input?: Record<string, unknown>): Promise<ApiError>;
}

/** Starts a sandbox (manual clock unless one is given) and the clients for it. Stop it with `sandbox.stop()`. */
export async function startWithClients(options: SandboxOptions = {}): Promise<ClientSandbox> {
  const clock = manualClock();
  const sandbox = await startSandbox({ clock, ...options });
  const warnings: HostkitWarning[] = [];
  const onWarning = (w: HostkitWarning) => warnings.push(w);
  const { username, password } = sandbox.credentials.deploi;
  const deploi = new DeploiClient({ baseUrl: sandbox.deploiUrl, username, password, onWarning });
  const seflow = new SeflowClient({ baseUrl: sandbox.seflowUrl, ...sandbox.credentials.seflow, onWarning });
  const call = async (tool: string, input: Record<string, unknown> = {}): Promise<Json> => {
    const result = await deploi.call(tool, input);
    if (!result.ok) throw new Error(result.drift.message);
    return result.output as Json;
  };
  const refusal = async (tool: string, input: Record<string, unknown> = {}): Promise<ApiError> => {
    try {
      await deploi.call(tool, input);
    } catch (e) {
      if (e instanceof ApiError) return e;
      throw e;
    }
    throw new Error(`${tool} succeeded; a refusal was expected`);
  };
  return { sandbox, clock, deploi, seflow, warnings, call, refusal };
}
