import { execFileSync, execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  directDeploi,
  measureConcurrency,
  measureMemory,
  measureOverhead,
  readProbe,
  startHttpServer,
} from './calls';
import { type ColdVariant, measureColdStart } from './cold-start';
import { type ContextRow, contextOf, TOKENIZER } from './context';
import { bestSet, DEFAULT_SET_ASSUMPTION, DEFAULT_SET_WEIGHTS, priceSet } from './default-set';
import { accountsEnv, BUNDLE, EVERYTHING, noAccountEnv, ROOT, scratch, startSandboxProcess } from './env';
import { type Results, render, targets } from './report';
import { HttpPeer, StdioPeer } from './rpc';
import { bundleSize, vsixSize } from './sizes';
import { round } from './stats';
import { TASKS } from './task-scripts';
import { runTask, type TaskCost } from './tasks';
import { measureTree } from './tree';

// `pnpm bench`: builds the MCP server, measures it side by side with bare node and
// @modelcontextprotocol/server-everything, prints a table and writes bench/results.json. Loopback only:
// every server here talks to a sandbox on 127.0.0.1. BENCH_ROUNDS and BENCH_CALLS shorten a trial run.

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const started = Date.now();
const log = (m: string) =>
  process.stderr.write(`bench: ${m} (${round((Date.now() - started) / 1000, 0)} s)\n`);

async function listOnce(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ tools: Record<string, unknown>[] }> {
  const peer = new StdioPeer(process.execPath, [BUNDLE, ...args], env);
  try {
    await peer.initialize();
    return (await peer.request('tools/list')) as { tools: Record<string, unknown>[] };
  } finally {
    await peer.close();
  }
}

log('building apps/mcp-server');
execFileSync(process.execPath, [join(ROOT, 'apps', 'mcp-server', 'scripts', 'build.mjs')], {
  stdio: 'inherit',
});
const load = { atStart: loadavg().map((l) => round(l)) };
const sandbox = await startSandboxProcess();
const dir = scratch();
const env = accountsEnv(sandbox, dir);
let results: Results;
try {
  log(`cold start, ${ROUNDS} rounds`);
  const node = process.execPath;
  const quiet = { PATH: process.env.PATH ?? '' };
  const variants: ColdVariant[] = [
    { id: 'bare-node', label: 'node -e 0', command: node, args: ['-e', '0'], env: quiet, mcp: false },
    {
      id: 'everything',
      label: 'server-everything (stdio)',
      command: node,
      args: [EVERYTHING, 'stdio'],
      env: quiet,
      mcp: true,
    },
    { id: 'hostkit-default', label: 'hostkit-mcp (default)', command: node, args: [BUNDLE], env, mcp: true },
    {
      id: 'hostkit-all',
      label: 'hostkit-mcp --toolsets all',
      command: node,
      args: [BUNDLE, '--toolsets', 'all'],
      env,
      mcp: true,
    },
    {
      id: 'hostkit-discovery',
      label: 'hostkit-mcp --discovery',
      command: node,
      args: [BUNDLE, '--discovery'],
      env,
      mcp: true,
    },
    {
      id: 'hostkit-embedded',
      label: 'hostkit-mcp, no account (embedded sandbox)',
      command: node,
      args: [BUNDLE],
      env: noAccountEnv(dir),
      mcp: true,
    },
  ];
  const cold = await measureColdStart(variants, ROUNDS);
  const listOf = (id: string) => {
    const list = cold.find((c) => c.id === id)?.list;
    if (!list) throw new Error(`no tools/list from ${id}`);
    return list;
  };

  log('context cost');
  const rows: ContextRow[] = [
    contextOf('default', 'hostkit default', listOf('hostkit-default')),
    contextOf('all', 'hostkit --toolsets all', listOf('hostkit-all')),
    contextOf('discovery', 'hostkit --discovery', listOf('hostkit-discovery')),
    contextOf('read-only', 'hostkit --read-only', await listOnce(['--read-only'], env)),
    contextOf(
      'read-only-all',
      'hostkit --toolsets all --read-only',
      await listOnce(['--toolsets', 'all', '--read-only'], env),
    ),
    contextOf(
      'core-toolsets',
      'hostkit --toolsets hostkit,servers,dns,firewalls,seflow',
      await listOnce(['--toolsets', 'hostkit,servers,dns,firewalls,seflow'], env),
    ),
    contextOf('everything', 'server-everything', listOf('everything')),
  ];

  log(`agent tasks: ${TASKS.length} tasks × default and discovery modes`);
  const taskRuns: TaskCost[] = [];
  for (const task of TASKS)
    for (const mode of ['default', 'discovery'] as const) taskRuns.push(await runTask(task, mode));
  const listingBytes = (t: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(t));
  const toolListing = Object.fromEntries(listOf('hostkit-all').tools.map((t) => [t.name, listingBytes(t)]));
  const metaListing = Buffer.byteLength(JSON.stringify(listOf('hostkit-discovery')));
  const discovery = taskRuns.filter((r) => r.mode === 'discovery');
  const pricing = { metaListing, toolListing, ...DEFAULT_SET_WEIGHTS };
  const configured = listOf('hostkit-default')
    .tools.map((t) => String(t.name))
    .filter(
      (n) =>
        ![
          'hostkit_search_tools',
          'hostkit_enable_toolset',
          'hostkit_describe_tool',
          'hostkit_call_tool',
        ].includes(n),
    );
  const tasks: Results['tasks'] = {
    runs: taskRuns,
    assumption: DEFAULT_SET_ASSUMPTION,
    configured: priceSet(configured, discovery, pricing),
    best: bestSet(discovery, pricing),
  };

  log(`call overhead, ${CALLS} calls per path`);
  const direct = await directDeploi(sandbox);
  const probe = await readProbe(direct);
  const stdio = new StdioPeer(process.execPath, [BUNDLE], env);
  const http = await startHttpServer(env);
  let overhead: Results['overhead'];
  let concurrency: Results['concurrency'];
  try {
    await stdio.initialize();
    await stdio.request('tools/list');
    const peer = new HttpPeer(http.url);
    await peer.discover();
    overhead = await measureOverhead(stdio, peer, http.cpuMs, direct, probe, CALLS, 50);
    log('concurrency, 50 HTTP clients × 40 calls');
    concurrency = await measureConcurrency(http.url, http.cpuMs, probe, 50, 40);
  } finally {
    await stdio.close();
    await http.stop();
  }

  log('memory');
  const memory = await measureMemory(env, probe, 1000, 1500);
  await sandbox.stop();

  log('VS Code tree at scale');
  const tree = await measureTree();

  log('sizes (packaging the .vsix)');
  const sizes = { bundle: bundleSize(), vsix: vsixSize() };

  results = {
    coldStart: { rounds: ROUNDS, results: cold.map(({ list: _list, ...rest }) => rest) },
    context: { tokenizer: TOKENIZER, rows },
    tasks,
    overhead,
    concurrency,
    memory,
    tree,
    sizes,
  };
} finally {
  await sandbox.stop();
}

const evaluated = targets(results);
process.stdout.write(`${render(results, evaluated)}\n`);
const seconds = round((Date.now() - started) / 1000, 0);
const commit = (() => {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
})();
writeFileSync(
  join(ROOT, 'bench', 'results.json'),
  `${JSON.stringify(
    {
      when: new Date().toISOString(),
      commit,
      machine: {
        node: process.version,
        cpus: cpus().length,
        loadAverage: { ...load, atEnd: loadavg().map((l) => round(l)) },
      },
      seconds,
      targets: evaluated,
      ...results,
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(`\nbench/results.json written; pnpm bench took ${seconds} s.\n`);
