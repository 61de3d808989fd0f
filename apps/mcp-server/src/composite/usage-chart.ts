import { HostkitError, quote, type ServerUsage, serverUsage, THRESHOLDS, usageOf } from '@hostkit/core';
import { z } from 'zod';
import { type HostkitTool, parseWith, READ_ONLY, type ToolContext, type ToolRun } from '../tools';
import { usageChart } from '../usage-chart';
import { requireServerTarget, serverTarget } from './server-target';
import { typedRead } from './typed-read';

const PERIODS = {
  daily: 'dailygraph',
  weekly: 'weekgraph',
  monthly: 'monthgraph',
  yearly: 'yeargraph',
} as const;
type Period = keyof typeof PERIODS;

const input = z
  .strictObject({
    ...serverTarget,
    period: z
      .enum(['daily', 'weekly', 'monthly', 'yearly'])
      .default('daily')
      .describe('SeFlow only: which bandwidth graph (default daily).'),
  })
  .superRefine(requireServerTarget);
type Input = z.output<typeof input>;

const output = z.object({
  provider: z.enum(['deploi', 'seflow']),
  server: z.union([z.number(), z.string()]),
  image: z.string().describe('What the attached PNG shows.'),
  usage: serverUsage.optional().describe('Deploi: the readings the chart draws.'),
  period: z.enum(['daily', 'weekly', 'monthly', 'yearly']).optional(),
  graphs: z
    .record(z.string(), z.string())
    .optional()
    .describe('SeFlow: the link of every period’s graph, as the API gave them.'),
});

const pct = (n: number | null) => (n === null ? 'unknown' : `${Math.round(n)} %`);
const gib = (bytes: number | null) => (bytes === null ? undefined : `${(bytes / 2 ** 30).toFixed(1)} GiB`);
const of = (what: string | undefined) => (what ? ` of ${what}` : '');
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

async function deploiChart(id: number, ctx: ToolContext): Promise<ToolRun> {
  const read = typedRead(ctx);
  const [cpu, ram, disk] = await Promise.all([
    read('deploi_monitor_cpu', { id }),
    read('deploi_monitor_ram', { id }),
    read('deploi_monitor_disk', { id }),
  ]);
  const u: ServerUsage = usageOf(cpu, ram, disk);
  const png = usageChart([
    { label: 'CPU', percent: u.cpuPercent, critical: THRESHOLDS.cpu },
    { label: 'Memory', percent: u.ramPercent, critical: THRESHOLDS.ram },
    { label: 'Disk', percent: u.diskPercent, critical: THRESHOLDS.disk },
  ]);
  const vcpus = u.vcpus === null ? undefined : `${u.vcpus} vCPU${u.vcpus === 1 ? '' : 's'}`;
  const load = u.loadAverage === null ? '' : `, load ${u.loadAverage}`;
  const headline = `Deploi server ${id}: CPU ${pct(u.cpuPercent)}${of(vcpus)}${load}, memory ${pct(u.ramPercent)}${of(gib(u.ramTotalBytes))}, disk ${pct(u.diskPercent)}${of(gib(u.diskTotalBytes))}; chart attached.`;
  return {
    structured: { provider: 'deploi', server: id, image: 'CPU, memory and disk use, per cent', usage: u },
    headline,
    text: headline,
    images: [{ data: base64(png), mimeType: 'image/png' }],
  };
}

async function seflowGraph(serverid: string, period: Period, ctx: ToolContext): Promise<ToolRun> {
  const reply = await typedRead(ctx)('seflow_dserver_graph', { serverid });
  const graphs: Record<string, string> = {};
  for (const [p, field] of Object.entries(PERIODS)) {
    const link = reply[field];
    if (link) graphs[p] = link;
  }
  const url = graphs[period];
  if (!url)
    throw new HostkitError(
      'api_error',
      `SeFlow sent no ${period} graph for ${quote(serverid)}${Object.keys(graphs).length ? `; it has ${Object.keys(graphs).join(', ')}` : ''}.`,
    );
  const png = await ctx.backend.seflowImage(url, ctx.signal);
  return {
    structured: {
      provider: 'seflow',
      server: serverid,
      image: `${period} bandwidth, in and out`,
      period,
      graphs,
    },
    headline: `The ${period} bandwidth graph of SeFlow server ${quote(serverid)} is attached (${quote(url)}).`,
    images: [{ data: base64(png), mimeType: 'image/png' }],
  };
}

/** hostkit_usage_chart: what a server's use looks like, as an image a person can look at. */
export function usageChartTool(): HostkitTool {
  const name = 'hostkit_usage_chart';
  return {
    name,
    title: "A server's use as an image",
    description:
      "Shows a server's use as a PNG image beside the figures: for a Deploi server a bar chart of CPU, memory and disk use (reads deploi_monitor_cpu, _ram and _disk); for a SeFlow server its bandwidth graph for a period (reads seflow_dserver_graph and fetches the image it links to). For numbers alone use those tools.",
    group: 'monitoring',
    ...READ_ONLY,
    input,
    output,
    parse: (raw) => parseWith(name, input, raw),
    run(args, _plan, ctx) {
      const a = args as Input;
      return a.provider === 'deploi'
        ? deploiChart(a.id as number, ctx)
        : seflowGraph(a.serverid as string, a.period, ctx);
    },
  };
}
