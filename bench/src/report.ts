import type { ConcurrencyResult, MemoryResult, OverheadResult } from './calls';
import type { ColdResult } from './cold-start';
import type { ContextRow } from './context';
import { callLimit, type SetCost } from './default-set';
import type { BundleSize, VsixSize } from './sizes';
import { round } from './stats';
import type { TaskCost } from './tasks';
import type { TreeResult } from './tree';

/** Everything one `pnpm bench` measured. */
export interface Results {
  coldStart: { rounds: number; results: Omit<ColdResult, 'list'>[] };
  context: { tokenizer: string; rows: ContextRow[] };
  tasks: { runs: TaskCost[]; assumption: string; configured: SetCost; best: SetCost };
  overhead: OverheadResult;
  concurrency: ConcurrencyResult;
  memory: MemoryResult;
  tree: TreeResult;
  sizes: { bundle: BundleSize; vsix: VsixSize };
}

/** One target: the figure, its limit, and whether it was met. */
export interface Target {
  id: string;
  figure: string;
  value: string;
  limit: string;
  met: boolean | null;
}

const KB = 1024;
const MB = 1024 * 1024;

function cold(r: Results, id: string): number {
  return r.coldStart.results.find((x) => x.id === id)?.medianMs ?? Number.NaN;
}

function ctx(r: Results, id: string): ContextRow | undefined {
  return r.context.rows.find((x) => x.id === id);
}

/** Each target of the benchmark issue, evaluated. `met: null` is a figure that could not be measured. */
export function targets(r: Results): Target[] {
  const out: Target[] = [];
  const add = (id: string, figure: string, value: number, limit: number, unit: string, digits = 2) =>
    out.push({
      id,
      figure,
      value: Number.isFinite(value) ? `${round(value, digits)}${unit}` : 'not measured',
      limit: `≤ ${limit}${unit}`,
      met: Number.isFinite(value) ? value <= limit : null,
    });
  const bare = cold(r, 'bare-node');
  const everything = cold(r, 'everything');
  for (const id of ['hostkit-default', 'hostkit-all']) {
    add(
      `cold-start.${id}.vs-everything`,
      `cold start ${id} ÷ server-everything`,
      cold(r, id) / everything,
      0.6,
      '×',
    );
    add(`cold-start.${id}.vs-bare-node`, `cold start ${id} ÷ bare node`, cold(r, id) / bare, 1.8, '×');
  }
  add('context.default', 'tools/list default', (ctx(r, 'default')?.bytes ?? Number.NaN) / KB, 12, ' KB', 1);
  add('context.all', 'tools/list all', (ctx(r, 'all')?.bytes ?? Number.NaN) / KB, 40, ' KB', 1);
  add(
    'context.all.per-tool',
    'tools/list all, per tool',
    ctx(r, 'all')?.bytesPerTool ?? Number.NaN,
    400,
    ' B',
    0,
  );
  add(
    'context.discovery',
    'tools/list discovery',
    (ctx(r, 'discovery')?.bytes ?? Number.NaN) / KB,
    3,
    ' KB',
    2,
  );
  for (const run of r.tasks.runs.filter((x) => x.mode === 'default')) {
    if (run.error) {
      out.push({
        id: `task.${run.id}`,
        figure: `task ${run.id}`,
        value: `failed: ${run.error}`,
        limit: '',
        met: false,
      });
      continue;
    }
    add(`task.${run.id}.calls`, `task ${run.id}: calls (default mode)`, run.calls, callLimit(run.id), '', 0);
    add(`task.${run.id}.bytes`, `task ${run.id}: result bytes (default mode)`, run.context / KB, 8, ' KB', 1);
  }
  const reads = r.tasks.runs.flatMap((x) => x.results.filter((c) => c.floor !== undefined && c.read));
  const worst = (list: typeof reads) => list.reduce((m, c) => Math.max(m, c.floor ? c.text / c.floor : 0), 0);
  add(
    'results.vs-floor',
    'read results: text ÷ information floor (worst)',
    worst(reads.filter((c) => !c.zone)),
    3,
    '×',
  );
  add(
    'results.zone-vs-floor',
    'DNS zones: text ÷ zone-file lines (worst)',
    worst(reads.filter((c) => c.zone)),
    2,
    '×',
  );
  const scale = r.tasks.runs.filter((x) => x.data === 'scale').flatMap((x) => x.results);
  add(
    'results.scale-budget',
    'largest result on the scale seed',
    Math.max(0, ...scale.map((c) => c.text)) / KB,
    16,
    ' KB',
    1,
  );
  const same = [...r.tasks.configured.tools].sort().join(',') === [...r.tasks.best.tools].sort().join(',');
  out.push({
    id: 'default-set.measured',
    figure: 'default listing = the measured best set',
    value: same ? 'same' : `best: ${r.tasks.best.tools.join(', ')}`,
    limit: 'same',
    met: same,
  });
  add('overhead.stdio', 'added per call over stdio (median)', r.overhead.stdio.addedMedianMs, 0.5, ' ms', 3);
  out.push({
    id: 'concurrency.errors',
    figure: `errors, ${r.concurrency.clients} HTTP clients × ${r.concurrency.callsPerClient} calls`,
    value: String(r.concurrency.errors),
    limit: '0',
    met: r.concurrency.errors === 0,
  });
  add('concurrency.p99', 'p99 under concurrency', r.concurrency.p99Ms, 25, ' ms', 1);
  add('memory.idle', 'RSS idle', r.memory.idleRssMb, 80, ' MB', 1);
  if (r.tree.measured) {
    for (const v of r.tree.views) {
      add(
        `tree.${v.view}.requests`,
        `${v.view} view: list requests per account`,
        v.requestsPerAccount,
        1,
        '',
        1,
      );
      add(`tree.${v.view}.build`, `${v.view} view: tree build`, v.buildMs, 50, ' ms', 1);
    }
  } else {
    out.push({ id: 'tree', figure: 'tree', value: `not measured: ${r.tree.reason}`, limit: '', met: null });
  }
  add('size.bundle', 'MCP server bundle (all files)', r.sizes.bundle.totalBytes / MB, 1.5, ' MB', 2);
  if (r.sizes.vsix.measured) add('size.vsix', '.vsix', r.sizes.vsix.bytes / MB, 2, ' MB', 2);
  else
    out.push({
      id: 'size.vsix',
      figure: '.vsix',
      value: `missing: ${r.sizes.vsix.reason}`,
      limit: '≤ 2 MB',
      met: null,
    });
  return out;
}

function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.slice(1).map(line),
  ].join('\n');
}

const ms = (v: number, d = 1) => `${round(v, d)} ms`;

/** The report printed by `pnpm bench`. */
export function render(r: Results, t: Target[]): string {
  const bare = cold(r, 'bare-node');
  const everything = cold(r, 'everything');
  const parts: string[] = [];
  parts.push(
    `## Cold start: spawn → tools/list answered over stdio (${r.coldStart.rounds} interleaved rounds, medians)`,
  );
  parts.push(
    table(
      ['process', 'median', 'p90', 'min', 'CPU', '÷ bare node', '÷ server-everything'],
      r.coldStart.results.map((c) => [
        c.label,
        ms(c.medianMs, 0),
        ms(c.p90Ms, 0),
        ms(c.minMs, 0),
        c.medianCpuMs === null ? '' : ms(c.medianCpuMs, 0),
        `${round(c.medianMs / bare)}×`,
        `${round(c.medianMs / everything)}×`,
      ]),
    ),
  );
  parts.push(`## Context cost of tools/list (tokens: ${r.context.tokenizer})`);
  parts.push(
    table(
      ['listing', 'tools', 'bytes', 'tokens', 'B/tool', 'tokens/tool', 'description chars avg (min)'],
      r.context.rows.map((c) => [
        c.label,
        c.tools,
        c.bytes,
        c.tokens,
        Math.round(c.bytesPerTool),
        Math.round(c.tokensPerTool),
        `${Math.round(c.avgDescriptionChars)} (${c.minDescriptionChars})`,
      ]),
    ),
  );
  parts.push(
    '## Agent tasks: calls and result bytes per task (text content; structured and wire bytes beside it)',
  );
  parts.push(
    table(
      ['task', 'seed', 'mode', 'calls', 'result bytes', 'structured', 'wire', 'worst read ÷ floor', ''],
      r.tasks.runs.map((x) => {
        const ratios = x.results.filter((c) => c.read && c.floor).map((c) => c.text / (c.floor as number));
        return [
          x.label,
          x.data,
          x.mode,
          x.calls,
          x.context,
          x.results.reduce((n, c) => n + c.structured, 0),
          x.wire,
          ratios.length ? `${round(Math.max(...ratios))}×` : '',
          x.error ? `failed: ${x.error.slice(0, 60)}` : '',
        ];
      }),
    ),
  );
  const set = (s: SetCost) => [
    s.tools.join(', '),
    s.listingBytes,
    Math.round(s.totalBytes),
    Object.values(s.calls).reduce((a, b) => a + b, 0),
  ];
  parts.push(`Default listing priced over the tasks (${r.tasks.assumption}):`);
  parts.push(
    table(
      ['set', 'tools', 'listing bytes', 'priced bytes', 'calls (all tasks)'],
      [
        ['configured', ...set(r.tasks.configured)],
        ['measured best', ...set(r.tasks.best)],
      ],
    ),
  );
  const o = r.overhead;
  parts.push(`## Call overhead: ${o.tool}, ${o.calls} calls per path after ${o.warmup} warm-up, interleaved`);
  parts.push(
    table(
      ['path', 'median', 'p99', 'added median', 'added p99', 'server CPU per call'],
      [
        ['straight to the sandbox (fetch)', ms(o.direct.medianMs, 3), ms(o.direct.p99Ms, 3), '', '', ''],
        ...(['stdio', 'http'] as const).map((p) => [
          p === 'stdio' ? 'MCP over stdio' : 'MCP over Streamable HTTP',
          ms(o[p].medianMs, 3),
          ms(o[p].p99Ms, 3),
          ms(o[p].addedMedianMs, 3),
          ms(o[p].addedP99Ms, 3),
          ms(o[p].serverCpuMsPerCall, 2),
        ]),
      ],
    ),
  );
  const c = r.concurrency;
  parts.push(`## Concurrency: ${c.clients} HTTP MCP clients × ${c.callsPerClient} calls (${c.calls} calls)`);
  parts.push(
    table(
      ['errors', 'p50', 'p99', 'max', 'calls/s', 'server CPU per call'],
      [
        [
          `${c.errors}${c.firstError ? ` (first: ${c.firstError.slice(0, 80)})` : ''}`,
          ms(c.p50Ms),
          ms(c.p99Ms),
          ms(c.maxMs),
          Math.round(c.callsPerSecond),
          ms(c.serverCpuMsPerCall, 2),
        ],
      ],
    ),
  );
  const m = r.memory;
  parts.push('## Memory (stdio server, RSS)');
  parts.push(
    table(
      ['idle (after tools/list)', `after ${m.calls} calls`],
      [[`${round(m.idleRssMb, 1)} MB`, `${round(m.afterCallsRssMb, 1)} MB`]],
    ),
  );
  parts.push('## VS Code views: first render at scale');
  if (r.tree.measured) {
    parts.push(`${r.tree.seed}; ${r.tree.accounts}.`);
    parts.push(
      table(
        [
          'view',
          'nodes',
          'first render (with requests)',
          'tree build',
          'requests',
          'list requests per account',
        ],
        r.tree.views.map((v) => [
          v.view,
          v.nodes,
          ms(v.firstRenderMs),
          ms(v.buildMs, 2),
          Object.entries(v.requests)
            .map(([k, n]) => `${k} ${n}`)
            .join(', '),
          round(v.requestsPerAccount, 1),
        ]),
      ),
    );
  } else {
    parts.push(`Not measured: ${r.tree.reason}`);
  }
  parts.push('## Sizes');
  const b = r.sizes.bundle;
  const v = r.sizes.vsix;
  parts.push(
    table(
      ['artifact', 'size'],
      [
        ['MCP server: entry + chunks', `${round(b.totalBytes / 1024, 0)} KiB`],
        ['MCP server: read at start-up', `${round(b.startupBytes / 1024, 0)} KiB`],
        ['.vsix', v.measured ? `${round(v.bytes / 1024, 0)} KiB (${v.file})` : `missing: ${v.reason}`],
      ],
    ),
  );
  parts.push('## Targets');
  parts.push(
    table(
      ['target', 'value', 'limit', ''],
      t.map((x) => [x.figure, x.value, x.limit, x.met === null ? 'n/a' : x.met ? 'met' : 'MISSED']),
    ),
  );
  return parts.join('\n\n');
}
