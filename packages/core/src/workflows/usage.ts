import { z } from 'zod';
import type { ToolOutput } from './typed-read.js';

// A Deploi server's usage from its three monitor readings (MonitorCPU, MonitorRAM, MonitorDisk), worked
// out once for every reader (hostkit_diagnose, hostkit_usage_chart). Values arrive as strings or numbers.

/** Per cents used (0-100, null when the reading did not say) and the figures they come from. */
export const serverUsage = z.object({
  cpuPercent: z.number().nullable().describe('CPU used, per cent of all vCPUs.'),
  vcpus: z.number().nullable(),
  loadAverage: z.number().nullable().describe('Load average over the last 15 minutes.'),
  ramPercent: z.number().nullable().describe('Memory used, per cent: from total and available.'),
  ramTotalBytes: z.number().nullable(),
  ramAvailableBytes: z.number().nullable(),
  diskPercent: z.number().nullable().describe('Disk used, per cent.'),
  diskTotalBytes: z.number().nullable(),
  diskAvailableBytes: z.number().nullable(),
});
export type ServerUsage = z.infer<typeof serverUsage>;

// Typed, not `unknown`: a field renamed in a monitor's output schema reads as `unknown` and fails here.
const finite = (v: string | number | undefined): number | null => {
  const n = typeof v === 'number' ? v : Number.parseFloat(String(v ?? ''));
  return Number.isFinite(n) ? n : null;
};
const clamp = (n: number | null) => (n === null ? null : Math.min(100, Math.max(0, n)));

/** The usage the three monitor replies show (a reply not read: `undefined`, and its figures null). */
export function usageOf(
  cpuReply: ToolOutput<'deploi_monitor_cpu'> | undefined,
  ramReply: ToolOutput<'deploi_monitor_ram'> | undefined,
  diskReply: ToolOutput<'deploi_monitor_disk'> | undefined,
): ServerUsage {
  const cpu = cpuReply?.data ?? {};
  const ram = ramReply?.data ?? {};
  const disk = diskReply?.data ?? {};
  const ramTotal = finite(ram.total);
  const ramAvailable = finite(ram.available);
  const diskTotal = finite(disk.total);
  const diskAvailable = finite(disk.available);
  // MonitorRAM's documented "used" is the available share, so memory use is worked out from total and
  // available; the disk's "used" ("26%") is what it says, with total and available as the fallback.
  const ramPercent = ramTotal && ramAvailable !== null ? 100 * (1 - ramAvailable / ramTotal) : null;
  const diskPercent =
    finite(disk.used) ?? (diskTotal && diskAvailable !== null ? 100 * (1 - diskAvailable / diskTotal) : null);
  return {
    cpuPercent: clamp(finite(cpu.used)),
    vcpus: finite(cpu.total),
    loadAverage: finite(cpu.average),
    ramPercent: clamp(ramPercent),
    ramTotalBytes: ramTotal,
    ramAvailableBytes: ramAvailable,
    diskPercent: clamp(diskPercent),
    diskTotalBytes: diskTotal,
    diskAvailableBytes: diskAvailable,
  };
}
