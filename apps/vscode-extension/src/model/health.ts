import { parseCidr, sensitivePort, sourceText } from '@hostkit/core';
import { ruleSourceCidr } from './normalize';
import { daysUntil } from './status';
import type { DomainSummary, FirewallRule, ReverseProxy, ServerDetails } from './types';

// What deserves a person's attention in a fleet, from data the extension has already read. Free of
// `vscode`: the tree shows `short`, tooltips and the details panel `text`.

/** One thing to look at. */
export interface Finding {
  severity: 'warning' | 'error';
  /** For a tree row: `CPU 84%`. */
  short: string;
  /** For a tooltip or the details panel: what it is and why it matters. */
  text: string;
}

/** Usage (percent) from which a server is flagged. */
export interface Thresholds {
  cpu: number;
  ram: number;
  disk: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { cpu: 80, ram: 90, disk: 90 };

/**
 * Where findings come from. Today the rules in this file, on what the extension has read. Core's
 * diagnosis (the workflows issue, not landed yet) is meant to become one more source of this shape,
 * added where the sources are listed (extension.ts); the tree and the details panel take any number.
 */
export type FindingSource<Subject> = (subject: Subject) => Promise<readonly Finding[]>;

/** High CPU, RAM or disk usage. */
export function usageFindings(usage: ServerDetails['usage'], t: Thresholds = DEFAULT_THRESHOLDS): Finding[] {
  const out: Finding[] = [];
  const check = (value: number | undefined, limit: number, what: string, why: string) => {
    if (value === undefined || value < limit) return;
    const p = Math.round(value);
    out.push({
      severity: p >= 98 ? 'error' : 'warning',
      short: `${what} ${p}%`,
      text: `${what} at ${p}% (flagged from ${limit}%): ${why}`,
    });
  };
  check(usage.cpu, t.cpu, 'CPU', 'the server is busy; requests slow down or queue.');
  check(usage.ram, t.ram, 'RAM', 'processes may be killed when memory runs out.');
  check(usage.disk, t.disk, 'Disk', 'writes fail once the disk is full.');
  return out;
}

/**
 * A port-forwarding rule that opens a service attackers look for to the whole internet (a narrower
 * public source, such as an office's range, is a deliberate choice and not flagged).
 */
export function ruleFinding(rule: FirewallRule): Finding | undefined {
  const cidr = ruleSourceCidr(rule);
  if (!cidr || parseCidr(cidr).prefix !== 0) return undefined;
  const port = rule.dstPort ?? rule.srcPort;
  const service =
    (rule.dstPort && sensitivePort(rule.dstPort)) || (rule.srcPort && sensitivePort(rule.srcPort));
  if (!service || port === undefined) return undefined;
  const from = sourceText(cidr);
  return {
    severity: 'warning',
    short: `${service} open to the world`,
    text: `${service} (port ${port} on ${rule.dstIp ?? '?'}) is reachable from ${from} through ${rule.srcIp ?? '?'}:${rule.srcPort ?? '?'}: narrow the source to the addresses that need it.`,
  };
}

/** A WAF site whose firewall is off. */
export function proxyFindings(p: ReverseProxy): Finding[] {
  if (p.wafEnabled !== false) return [];
  return [
    {
      severity: 'warning',
      short: 'WAF off',
      text: `The web application firewall of ${p.name} is off: attacks reach ${p.forwardTo ?? 'the site'} unfiltered.`,
    },
  ];
}

/** A domain that has expired or expires within 30 days. */
export function domainFindings(d: DomainSummary, now: number): Finding[] {
  const days = daysUntil(d.expiryDate, now);
  if (days === undefined || days > 30) return [];
  if (days < 0)
    return [
      {
        severity: 'error',
        short: 'expired',
        text: `${d.name} expired on ${d.expiryDate}: renew it before someone else registers it.`,
      },
    ];
  return [
    {
      severity: 'warning',
      short: `expires in ${days} day${days === 1 ? '' : 's'}`,
      text: `${d.name} expires on ${d.expiryDate} (in ${days} day${days === 1 ? '' : 's'}): check that it renews.`,
    },
  ];
}

/** `⚠ CPU 84%, RAM 93%` for a row's description, or undefined when all is well. */
export function findingsLine(findings: readonly Finding[]): string | undefined {
  return findings.length ? `⚠ ${findings.map((f) => f.short).join(', ')}` : undefined;
}
