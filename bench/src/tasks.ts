import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { BUNDLE, noAccountEnv, scratch } from './env';

// Scripted agent tasks: what an agent sends for the everyday requests, through the official client
// against the server's embedded sandbox, counting calls and the bytes each result puts in the model's
// context. A tool the listing does not show costs a search first (with the best hit's input schema),
// then goes through hostkit_call_tool, as an agent in that mode would have to. The person is played by
// the client: every confirmation is accepted.

type Json = Record<string, unknown>;

/** Which sandbox account a task runs on. */
export type TaskData = 'demo' | 'troubled' | 'scale';

/** How the server is listed: the default set, or only the three discovery meta-tools. */
export type TaskMode = 'default' | 'discovery';

/** What the script can do: call a tool as an agent would reach it. */
export interface Agent {
  /** Calls `tool` (searching for it first with `words` when it is not listed); its structured content. */
  use(tool: string, args: Json, words: string): Promise<Json>;
  /** A file the task may write (a kubeconfig). */
  file(name: string): string;
}

export interface Task {
  id: string;
  label: string;
  data: TaskData;
  run(agent: Agent): Promise<void>;
}

/** One result the model read. */
export interface ResultCost {
  tool: string;
  /** A search made to reach this tool (not listed): the tool it found. */
  for?: string;
  /** Bytes of the text content: what a client that passes text puts in the context. */
  text: number;
  /** Bytes of structuredContent as JSON. */
  structured: number;
  /** Bytes of the whole result on the wire. */
  wire: number;
  /** Bytes of the data's values alone, one line per row (see `floorOf`); absent for meta-tool results. */
  floor?: number;
  /** Zone-file-like results (DNS records), held to the tighter target. */
  zone: boolean;
  /** A read (a list, a lookup, a diagnosis): the results the floor targets are for. */
  read: boolean;
}

export interface TaskCost {
  id: string;
  label: string;
  data: TaskData;
  mode: TaskMode;
  calls: number;
  results: ResultCost[];
  /** Sum of text bytes. */
  context: number;
  wire: number;
  /** Largest text/floor ratio of a data result. */
  worstRatio: number;
  error?: string;
}

const META = new Set(['hostkit_search_tools', 'hostkit_describe_tool', 'hostkit_call_tool']);

/**
 * The information floor of a result: its values alone, without keys, quotes or syntax, one line per
 * row of a list (a DNS zone comes out as zone-file lines: host, type, value, ttl). What no rendering can
 * go below without dropping data; computed here, not by Hostkit.
 */
export function floorOf(value: unknown): string {
  const leaves = (v: unknown): string[] => {
    if (v === null || v === undefined) return [];
    if (Array.isArray(v)) return v.flatMap(leaves);
    if (typeof v === 'object') return Object.values(v as Json).flatMap(leaves);
    return [String(v)];
  };
  const lines: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object')) {
      for (const row of v) lines.push(leaves(row).join(' '));
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v as Json)) walk(x, k);
    } else {
      const values = leaves(v);
      if (values.length) lines.push(`${key} ${values.join(' ')}`);
    }
  };
  walk(value, '');
  return lines.join('\n');
}

const bytes = (s: string) => Buffer.byteLength(s);

type Listed = { name: string; annotations?: { readOnlyHint?: boolean | undefined } | undefined };
let everyTool: Listed[] | undefined;
/** Every tool with its annotations, asked once of a server listing all of them. */
async function allTools(): Promise<Listed[]> {
  if (everyTool) return everyTool;
  const c = new Client({ name: 'hostkit-bench-agent', version: '1.0.0' });
  await c.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BUNDLE, '--sandbox', '--toolsets', 'all'],
      env: noAccountEnv(scratch()) as Record<string, string>,
      stderr: 'ignore',
    }),
  );
  const tools: Listed[] = (await c.listTools()).tools;
  everyTool = tools;
  await c.close();
  return tools;
}

/** Runs one task in one mode against a fresh embedded sandbox. */
export async function runTask(task: Task, mode: TaskMode): Promise<TaskCost> {
  const dir = scratch();
  const client = new Client(
    { name: 'hostkit-bench-agent', version: '1.0.0' },
    { capabilities: { elicitation: { form: {} } } },
  );
  // The person: says yes to every confirmation.
  client.setRequestHandler('elicitation/create', async () => ({
    action: 'accept',
    content: { confirm: true },
  }));
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [
        BUNDLE,
        '--sandbox',
        '--sandbox-data',
        task.data,
        ...(mode === 'discovery' ? ['--discovery'] : []),
      ],
      env: { ...noAccountEnv(dir), HOSTKIT_BROWSER: 'none' } as Record<string, string>,
      stderr: 'ignore',
    }),
  );
  const listed = new Set((await client.listTools()).tools.map((t) => t.name));
  // What a tool does, from its annotations in the full listing (the default one shows only a few).
  const readTools = new Set(
    (await allTools()).filter((t) => t.annotations?.readOnlyHint === true).map((t) => t.name),
  );
  const found = new Set<string>();
  const results: ResultCost[] = [];
  const send = async (tool: string, args: Json, target = tool, searchFor?: string): Promise<Json> => {
    const r = await client.callTool({ name: tool, arguments: args });
    const text = ((r.content ?? []) as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
    const structured = (r.structuredContent ?? {}) as Json;
    results.push({
      tool: target,
      ...(searchFor ? { for: searchFor } : {}),
      text: bytes(text),
      structured: bytes(JSON.stringify(structured)),
      wire: bytes(JSON.stringify(r)),
      ...(META.has(target) ? {} : { floor: bytes(floorOf(structured)) }),
      zone: target === 'deploi_get_domain_records',
      read: !META.has(target) && readTools.has(target),
    });
    if (r.isError) throw new Error(`${target}: ${text}`);
    return structured;
  };
  const agent: Agent = {
    async use(tool, args, words) {
      if (listed.has(tool)) return send(tool, args);
      if (!found.has(tool)) {
        const hits = (await send('hostkit_search_tools', { query: words, schemas: 1 }, undefined, tool))
          .tools as { name: string }[] | undefined;
        if (!hits?.some((h) => h.name === tool)) throw new Error(`searching "${words}" did not find ${tool}`);
        found.add(tool);
      }
      return send('hostkit_call_tool', { name: tool, arguments: args }, tool);
    },
    file: (name) => join(dir, name),
  };
  let error: string | undefined;
  try {
    await task.run(agent);
  } catch (e) {
    error = (e as Error).message.slice(0, 300);
  } finally {
    await client.close();
  }
  const ratios = results
    .filter((r) => r.read && r.floor !== undefined && r.floor > 0)
    .map((r) => r.text / (r.floor as number));
  return {
    id: task.id,
    label: task.label,
    data: task.data,
    mode,
    calls: results.length,
    results,
    context: results.reduce((n, r) => n + r.text, 0),
    wire: results.reduce((n, r) => n + r.wire, 0),
    worstRatio: ratios.length ? Math.max(...ratios) : 0,
    ...(error ? { error } : {}),
  };
}
