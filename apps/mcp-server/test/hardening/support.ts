// Shared pieces of the hardening suites: a stdio connection to the built bundle that records every
// message the server sends and all it writes to stderr, bounded concurrency, and tool-result helpers.
import { setTimeout as delay } from 'node:timers/promises';
import type { Client, Tool } from '@modelcontextprotocol/client';
import { Client as McpClient } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { z } from 'zod';
import { BUNDLE, startWorld, type World } from '../helpers';

/** A client on the bundle, with what the server said on stdout (every JSON-RPC message) and stderr. */
export interface Tapped {
  client: Client;
  /** Every message the server sent, JSON-encoded, in order. */
  stdout: string[];
  stderr(): string;
  /** The server's process id; `alive()` is true while the process runs. */
  pid: number | undefined;
  alive(): boolean;
  close(): Promise<void>;
}

export interface TapOptions {
  args?: string[];
  env?: Record<string, string>;
  /** Declares form elicitation and answers every confirmation with "accept". */
  elicitAccept?: boolean;
}

/** Starts the bundle over stdio with the official client, recording its stdout messages and stderr. */
export async function connectTapped(world: World, options: TapOptions = {}): Promise<Tapped> {
  const client = new McpClient(
    { name: 'hostkit-hardening', version: '1.0.0' },
    { capabilities: options.elicitAccept ? { elicitation: { form: {} } } : {} },
  );
  if (options.elicitAccept) {
    client.setRequestHandler('elicitation/create', async () => ({
      action: 'accept',
      content: { confirm: true },
    }));
  }
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUNDLE, ...(options.args ?? [])],
    env: { ...world.env, ...options.env },
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => {
    err += String(d);
  });
  const stdout: string[] = [];
  await client.connect(transport);
  // Tap after connect: the client installed its own handler, which still gets every message.
  const inner = transport.onmessage;
  transport.onmessage = (message) => {
    stdout.push(JSON.stringify(message));
    inner?.call(transport, message);
  };
  const pid = transport.pid ?? undefined;
  return {
    client,
    stdout,
    stderr: () => err,
    pid,
    alive: () => {
      if (pid === undefined) return false;
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    },
    close: () => client.close(),
  };
}

/** Runs `f` over `items` with at most `limit` at a time; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  f: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await f(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A tool result as the tests look at it. */
export interface CallResult {
  isError: boolean;
  text: string;
  structured: Record<string, unknown> | undefined;
  /** Set when the call threw (a protocol error or a client-side validation failure). */
  thrown?: string;
  raw: unknown;
}

/** Calls a tool and never throws: a thrown error is recorded in `thrown`. */
export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  timeoutMs = 60_000,
): Promise<CallResult> {
  try {
    const raw = await client.callTool({ name, arguments: args }, { timeout: timeoutMs });
    const content = (raw as { content?: { type: string; text?: string }[] }).content ?? [];
    return {
      isError: raw.isError === true,
      text: content.find((c) => c.type === 'text')?.text ?? '',
      structured: raw.structuredContent as Record<string, unknown> | undefined,
      raw,
    };
  } catch (e) {
    return {
      isError: true,
      text: '',
      structured: undefined,
      thrown: e instanceof Error ? e.message : String(e),
      raw: undefined,
    };
  }
}

/** The error code of an error result (`structuredContent.error`), or undefined. */
export function codeOf(result: CallResult): string | undefined {
  const code = result.structured?.error;
  return typeof code === 'string' ? code : undefined;
}

/** A validator of `structuredContent` from the tool's advertised output schema (the same JSON clients see). */
export function outputValidator(tool: Tool): ((value: unknown) => string | undefined) | undefined {
  if (!tool.outputSchema) return undefined;
  const schema = z.fromJSONSchema(tool.outputSchema as Parameters<typeof z.fromJSONSchema>[0]);
  return (value) => {
    const parsed = schema.safeParse(value);
    return parsed.success
      ? undefined
      : parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ');
  };
}

/** The wire names the sandbox received since the log was last cleared. */
export function sent(world: World): string[] {
  return world.sandbox.requests.entries().map((e) => e.command);
}

/** Counts of each value, for the summaries. */
export function histogram(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** Waits until `check` is true (polling), or throws after `ms`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}

/** The fuzz suites' seed (HOSTKIT_FUZZ_SEED to try another), and how many calls they keep in flight. */
export const FUZZ_SEED = Number(process.env.HOSTKIT_FUZZ_SEED ?? 20_261_129);
export const FUZZ_CONCURRENCY = 24;

/** What the fuzz suites run against: one sandbox, the bundle with every tool listed, and one in discovery mode. */
export interface FuzzServers {
  world: World;
  full: Tapped;
  discovery: Tapped;
  fullTools: Tool[];
  metaTools: Tool[];
  stop(): Promise<void>;
}

/** Starts the fuzz suites' sandbox and two server processes, and lists their tools. */
export async function startFuzzServers(): Promise<FuzzServers> {
  const world = await startWorld();
  const [full, discovery] = await Promise.all([
    connectTapped(world, { args: ['--toolsets', 'all'] }),
    connectTapped(world, { args: ['--discovery'] }),
  ]);
  return {
    world,
    full,
    discovery,
    fullTools: (await full.client.listTools()).tools,
    metaTools: (await discovery.client.listTools()).tools,
    stop: async () => {
      await Promise.all([full.close(), discovery.close()]);
      await world.sandbox.stop();
    },
  };
}
