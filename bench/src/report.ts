import type { ConcurrencyResult, MemoryResult, OverheadResult } from './calls';
import type { ColdResult } from './cold-start';
import type { ContextRow } from './context';
import type { BundleSize, VsixSize } from './sizes';
import { round } from './stats';
import type { TreeResult } from './tree';

/** Everything one `pnpm bench` measured. */
export interface Results {
  coldStart: { rounds: number; results: Omit<ColdResult, 'list'>[] };
  context: { tokenizer: string; rows: ContextRow[] };
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
