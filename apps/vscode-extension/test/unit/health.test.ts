import { describe, expect, it } from 'vitest';
import { domainFindings, proxyFindings, ruleFinding, usageFindings } from '../../src/model/health';
import { type PanelModel, panelHtml } from '../../src/ui/details-html';

describe('fleet health', () => {
  it('flags usage from the thresholds', () => {
    expect(usageFindings({ cpu: 84, ram: 93, disk: 36 }).map((f) => f.short)).toEqual(['CPU 84%', 'RAM 93%']);
    expect(usageFindings({ cpu: 84 }, { cpu: 90, ram: 90, disk: 90 })).toEqual([]);
    expect(usageFindings({ disk: 99 })[0]?.severity).toBe('error');
  });

  it('flags sensitive ports open to the whole internet, not narrower sources or other ports', () => {
    const rule = {
      srcNetwork: '0.0.0.0',
      srcCidr: 0,
      srcIp: '192.0.2.5',
      srcPort: 3306,
      dstIp: '10.0.0.2',
      dstPort: 3306,
    };
    expect(ruleFinding(rule)?.short).toBe('MySQL open to the world');
    expect(ruleFinding({ ...rule, srcNetwork: '198.51.100.0', srcCidr: 24 })).toBeUndefined();
    expect(ruleFinding({ ...rule, srcPort: 443, dstPort: 443 })).toBeUndefined();
    expect(ruleFinding({ ...rule, srcPort: 2201, dstPort: 22 })?.short).toBe('SSH open to the world');
  });

  it('flags WAF off and domains expiring within 30 days', () => {
    const p = { id: 1, name: 'shop', domains: [], allowList: [], blockList: [] };
    expect(proxyFindings({ ...p, wafEnabled: false }).map((f) => f.short)).toEqual(['WAF off']);
    expect(proxyFindings({ ...p, wafEnabled: true })).toEqual([]);
    const now = Date.parse('2026-06-01T00:00:00Z');
    expect(domainFindings({ name: 'a.example', expiryDate: '2026-06-13' }, now)[0]?.short).toBe(
      'expires in 12 days',
    );
    expect(domainFindings({ name: 'a.example', expiryDate: '2026-05-01' }, now)[0]?.short).toBe('expired');
    expect(domainFindings({ name: 'a.example', expiryDate: '2026-09-01' }, now)).toEqual([]);
  });
});

describe('details panel HTML', () => {
  const model: PanelModel = {
    title: 'web-01 <script>alert(1)</script>',
    subtitle: 'Deploi virtual server 1000',
    status: 'active',
    updated: 'Updated just now',
    findings: [{ severity: 'warning', short: 'CPU 84%', text: 'CPU at 84% (flagged from 80%)' }],
    facts: [['Main IP', '192.0.2.11']],
    usage: [{ label: 'CPU', percent: 84, limit: 80 }],
    tables: [{ caption: 'Disks', head: ['Id'], rows: [['1001']], empty: '' }],
    blocks: [],
    notes: [],
    actions: [{ command: 'hostkit.servers.copyIp', label: 'Copy IP' }],
  };
  const html = panelHtml(model, 'N0NCE', 'vscode-resource:');

  it('escapes every value and admits only its own nonce', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain("script-src 'nonce-N0NCE'");
    expect(html).not.toMatch(/ style="|onclick=/);
  });

  it('draws usage against its threshold, findings and actions as buttons', () => {
    expect(html).toContain('<meter min="0" max="100" low="80"');
    expect(html).toContain('value="84"');
    expect(html).toContain('CPU at 84% (flagged from 80%)');
    expect(html).toContain('<button type="button" data-command="hostkit.servers.copyIp">Copy IP</button>');
  });
});
