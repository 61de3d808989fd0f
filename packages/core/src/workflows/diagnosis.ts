import { z } from 'zod';

// What hostkit_diagnose returns, as the schema the result is checked against and the types come from.

/** How bad a finding is: `outage` stops the host answering, `degraded` hurts some of it, `warning` will. */
export const severity = z.enum(['outage', 'degraded', 'warning']);
export type Severity = z.infer<typeof severity>;

/** A call that would clear a finding. */
export const fix = z.object({
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  /** What the call does, when the tool name does not say it (a restart that starts an off server). */
  note: z.string().optional(),
});
export type Fix = z.infer<typeof fix>;

export const finding = z.object({
  severity,
  /** Where on the path it sits. */
  where: z.enum(['domain', 'dns', 'firewall', 'waf', 'server', 'site']),
  /** What is wrong, in one sentence; API values quoted. */
  title: z.string(),
  /** The values that show it, as data. */
  evidence: z.record(z.string(), z.unknown()),
  fix: fix.optional(),
});
export type Finding = z.infer<typeof finding>;

/** One step of the path a request takes. */
export const hop = z.object({
  step: z.enum(['zone', 'dns', 'firewall', 'waf', 'server', 'site', 'portable-ip']),
  what: z.string(),
});
export type Hop = z.infer<typeof hop>;

export const diagnosis = z.object({
  target: z.string(),
  path: z.array(hop),
  /** Ranked: outages first, then along the path from the domain to the server. */
  findings: z.array(finding),
  /** What could not be checked, and why (absent when everything was). */
  unchecked: z.array(z.string()).optional(),
  /** Requests made. */
  reads: z.number().int(),
});
export type Diagnosis = z.infer<typeof diagnosis>;
