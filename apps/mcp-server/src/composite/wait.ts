import { setTimeout as delay } from 'node:timers/promises';
import { type CommandByTool, HostkitError, outputOf, quote } from '@hostkit/core';
import { z } from 'zod';
import { commandNamed, type HostkitTool, parseWith, READ_ONLY, type ToolContext } from '../tools';
import { requireServerTarget, serverTarget } from './server-target';

const input = z
  .strictObject({
    ...serverTarget,
    timeoutSeconds: z
      .number()
      .int()
      .min(5)
      .max(1800)
      .default(300)
      .describe('Give up after this many seconds (5-1800, default 300).'),
    intervalSeconds: z
      .number()
      .int()
      .min(1)
      .max(60)
      .default(5)
      .describe('Seconds between checks (1-60, default 5).'),
  })
  .superRefine(requireServerTarget);

const output = z.object({
  ready: z.boolean(),
  provider: z.enum(['deploi', 'seflow']),
  server: z.union([z.number(), z.string()]),
  waitedSeconds: z.number(),
  checks: z.number(),
  state: z.string().describe('What the last check showed.'),
});

type Info = CommandByTool<'deploi_get_server_info'>;

interface Check {
  ready: boolean;
  state: string;
}

const placeholderIps = new Set(['', '0.0.0.0']);

async function checkDeploi(command: Info, id: number, ctx: ToolContext): Promise<Check> {
  const v = outputOf(await ctx.backend.call(command, { id }, ctx.signal)).serverInfo?.virtual ?? {};
  const ip = v.mainip ?? '';
  const ready = v.running === true && v.suspended !== true && !placeholderIps.has(ip);
  return {
    ready,
    state: `running ${String(v.running ?? 'unknown')}, suspended ${String(v.suspended ?? 'unknown')}, mainip "${ip}"`,
  };
}

async function checkSeflow(
  status: CommandByTool<'seflow_checkstatus'>,
  graph: CommandByTool<'seflow_dserver_graph'>,
  serverid: string,
  ctx: ToolContext,
): Promise<Check> {
  try {
    const msg = outputOf(await ctx.backend.call(status, { serverid }, ctx.signal)).statusmsg;
    const active = /\bactive\b/i.test(msg) && !/(suspend|cancel|reboot|not active|inactive)/i.test(msg);
    if (!active) return { ready: false, state: msg };
    // checkstatus reports the contract, not the machine: during a reboot SeFlow still says "active" but
    // refuses actions on the server ("not yet active"). The bandwidth-graph read is the cheapest such action.
    await ctx.backend.call(graph, { serverid }, ctx.signal);
    return { ready: true, state: msg };
  } catch (e) {
    // While a server reboots SeFlow may answer with an error; that is a state to wait through.
    if (e instanceof HostkitError && e.code === 'api_error') return { ready: false, state: e.message };
    throw e;
  }
}

// node:timers/promises ends the wait with an AbortError when the signal aborts; the tool reports its own.
async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    throw new HostkitError('aborted', 'The wait was cancelled.');
  }
}

/** hostkit_wait_for_server: polls until a server is up (new, or back after a restart or reboot). */
export function waitForServerTool(): HostkitTool {
  const info = commandNamed('deploi_get_server_info');
  const status = commandNamed('seflow_checkstatus');
  const graph = commandNamed('seflow_dserver_graph');
  return {
    name: 'hostkit_wait_for_server',
    title: 'Wait until a server is up',
    description:
      'Waits until a server is up: a new Deploi server running with its IP, or a Deploi/SeFlow server back after a restart or reboot. Polls deploi_get_server_info or seflow_checkstatus (and seflow_dserver_graph, refused while a reboot runs), reports progress, gives up after timeoutSeconds.',
    group: 'servers',
    ...READ_ONLY,
    input,
    output,
    parse: (raw) => parseWith('hostkit_wait_for_server', input, raw),
    async run(args, _plan, ctx) {
      const a = args as z.output<typeof input>;
      const server = a.provider === 'deploi' ? (a.id as number) : (a.serverid as string);
      const started = Date.now();
      const deadline = started + a.timeoutSeconds * 1000;
      let checks = 0;
      for (;;) {
        checks++;
        const check =
          a.provider === 'deploi'
            ? await checkDeploi(info, a.id as number, ctx)
            : await checkSeflow(status, graph, a.serverid as string, ctx);
        const waited = Math.round((Date.now() - started) / 1000);
        await ctx.progress(
          Math.min(waited, a.timeoutSeconds),
          a.timeoutSeconds,
          `${check.ready ? 'Up' : 'Waiting'}: ${quote(check.state)}`,
        );
        if (check.ready) {
          const structured = {
            ready: true,
            provider: a.provider,
            server,
            waitedSeconds: waited,
            checks,
            state: check.state,
          };
          return {
            structured,
            headline: `Server ${quote(server)} is up after ${waited} s (${quote(check.state)}).`,
          };
        }
        if (Date.now() + a.intervalSeconds * 1000 > deadline) {
          const read = a.provider === 'deploi' ? 'deploi_get_server_info' : 'seflow_checkstatus';
          throw new HostkitError(
            'timeout',
            `Server ${quote(server)} is not up after ${waited} s (${checks} checks; last: ${quote(check.state)}). It may still be starting: wait longer with a larger timeoutSeconds, or check ${read}.`,
          );
        }
        await sleep(a.intervalSeconds * 1000, ctx.signal);
      }
    },
  };
}
