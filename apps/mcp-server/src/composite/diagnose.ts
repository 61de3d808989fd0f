import { type Diagnosis, diagnose, diagnosis, HostkitError, quote, THRESHOLDS } from '@hostkit/core';
import { z } from 'zod';
import { type HostkitTool, parseWith, READ_ONLY } from '../tools';
import { workflowClients, workflowRead } from './workflow';

const input = z.strictObject({
  target: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .describe(
      'What is not working: a host name (shop.example.com), a site domain, a Deploi server name or id, or an IP address.',
    ),
  clientid: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Look only at this Deploi client (default: every client you can act for).'),
});

const mark = { outage: 'OUTAGE', degraded: 'DEGRADED', warning: 'WARNING' } as const;

/** The diagnosis as an agent reads it: the path, then each finding with the call that clears it. */
function text(d: Diagnosis): string {
  const lines = [
    d.findings.length
      ? `${d.findings.length} problem${d.findings.length === 1 ? '' : 's'} found for ${quote(d.target)}, worst first (${d.reads} reads).`
      : `Nothing wrong found for ${quote(d.target)} along its path (${d.reads} reads).`,
  ];
  if (d.path.length) lines.push(`Path: ${d.path.map((h) => h.what).join(' → ')}`);
  d.findings.forEach((f, i) => {
    lines.push(`${i + 1}. ${mark[f.severity]} [${f.where}] ${f.title}.`);
    lines.push(`   evidence: ${JSON.stringify(f.evidence)}`);
    if (f.fix)
      lines.push(
        `   fix: ${f.fix.tool} ${JSON.stringify(f.fix.arguments)}${f.fix.note ? ` (${f.fix.note})` : ''}`,
      );
  });
  if (d.unchecked) lines.push(`Not checked: ${d.unchecked.join('; ')}.`);
  return lines.join('\n');
}

/**
 * hostkit_diagnose: why a host is down or slow. Follows the path a request takes (domain, DNS, the
 * firewall or WAF in front, the server, the site) across every client and says what is wrong, ranked,
 * each finding with its evidence and the call that clears it. Reads only; the fixes are the agent's
 * next calls, confirmed as any other.
 */
export function diagnoseTool(): HostkitTool {
  const name = 'hostkit_diagnose';
  return {
    name,
    title: 'Diagnose why a host is down or slow',
    description: `Finds why a host, site, server or IP is down or slow: follows the path a request takes (domain expiry, DNS records, the firewall rule or WAF site in front, the server behind it, the site that should answer) across every Deploi client and SeFlow, and returns what is wrong, outages first, each with its evidence and the tool call that fixes it (confirmed like any other call). Checks: expired or expiring domains and certificates, names that do not resolve or point at the wrong server, firewalls that do not forward 443, WAFs that block real visitors (over 5 %) or filter nothing, servers off, suspended, or over ${THRESHOLDS.disk} % disk, ${THRESHOLDS.cpu} % CPU or RAM. Reads only; says what it could not check.`,
    group: 'hostkit',
    ...READ_ONLY,
    input,
    output: diagnosis,
    parse: (raw) => parseWith(name, input, raw),
    async run(args, _plan, ctx) {
      const { deploi, seflow } = ctx.backend.providers;
      if (!deploi && !seflow)
        throw new HostkitError(
          'config',
          'Neither Deploi nor SeFlow is configured, so there is nothing to look at.',
        );
      const { clients } = await workflowClients(ctx, args.clientid);
      const result = await diagnose(String(args.target), {
        read: workflowRead(ctx),
        clients,
        seflow,
        now: Date.now(),
      });
      return { structured: result, headline: text(result).split('\n')[0] ?? '', text: text(result) };
    },
  };
}
