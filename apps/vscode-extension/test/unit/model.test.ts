import { getCommandByTool, outputOf, readReply, type ToolName } from '@hostkit/core';
import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatBytes,
  formatPercent,
  formatTtl,
  relativeHost,
  usageBar,
} from '../../src/model/format';
import {
  cpuPercent,
  deleteRuleInput,
  describeRule,
  domainsFromReply,
  firewallsFromReply,
  nameServersFromReply,
  newOptions,
  privateNetworksFromReply,
  recordsFromReply,
  reverseProxyFromInfo,
  rulesFromReply,
  serverDetailsFromReplies,
  serversFromReply,
  usedPercent,
} from '../../src/model/normalize';
import { parseSeflowServers } from '../../src/model/seflow-servers';
import {
  domainStatusLook,
  firewallStatusLook,
  seflowStatusFromMessage,
  serverStatusLook,
} from '../../src/model/status';
import type { Output } from '../../src/model/types';

describe('status looks', () => {
  it('draws server states with a codicon and a theme colour, marking transitional ones', () => {
    expect(serverStatusLook('active')).toMatchObject({
      icon: 'vm-running',
      color: 'charts.green',
      transitional: false,
    });
    expect(serverStatusLook('off')).toMatchObject({ icon: 'vm-outline', transitional: false });
    for (const s of ['creating', 'restarting', 'Rebooting']) {
      expect(serverStatusLook(s)).toMatchObject({ icon: 'sync~spin', transitional: true });
    }
    expect(serverStatusLook('suspended')).toMatchObject({
      icon: 'debug-pause',
      color: 'charts.orange',
      transitional: true,
    });
    expect(serverStatusLook('suspended by SeFlow').icon).toBe('debug-pause');
    expect(serverStatusLook('canceled')).toMatchObject({ icon: 'error', color: 'errorForeground' });
    expect(serverStatusLook(undefined)).toMatchObject({ icon: 'server', label: 'unknown' });
  });

  it('reads SeFlow checkstatus prose', () => {
    expect(seflowStatusFromMessage('Server is active')).toBe('active');
    expect(seflowStatusFromMessage('Server is suspended by customer')).toBe('suspended');
    expect(seflowStatusFromMessage('Server is suspended by SeFlow')).toBe('suspended by SeFlow');
    expect(seflowStatusFromMessage('Server is canceled')).toBe('canceled');
  });

  it('warns about domains that expire soon or have', () => {
    const now = Date.parse('2026-01-01');
    expect(domainStatusLook('active', '2027-01-01', now).color).toBe('charts.green');
    expect(domainStatusLook('active', '2026-01-20', now).color).toBe('charts.yellow');
    expect(domainStatusLook('active', '2025-12-01', now)).toMatchObject({
      icon: 'warning',
      label: 'expired',
    });
    expect(domainStatusLook('pending transfer', undefined, now).transitional).toBe(true);
  });

  it('tells WAF firewalls from IP firewalls', () => {
    expect(firewallStatusLook('active', 'waf').icon).toBe('shield');
    expect(firewallStatusLook('active', 'ip').icon).toBe('flame');
    expect(firewallStatusLook('off', 'ip').color).toBe('disabledForeground');
  });
});

describe('formatting', () => {
  it('says how old data is', () => {
    const now = 1_000_000_000;
    expect(formatAge(now - 1000, now)).toBe('just now');
    expect(formatAge(now - 42_000, now)).toBe('42 s ago');
    expect(formatAge(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatAge(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatAge(now - 3 * 86_400_000, now)).toBe('3 days ago');
  });

  it('formats sizes, percentages, bars and TTLs', () => {
    expect(formatBytes(42949672960)).toBe('40 GiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatPercent(41.27)).toBe('41%');
    expect(formatPercent(140)).toBe('100%');
    expect(usageBar(26)).toBe('███░░░░░░░');
    expect(formatTtl(86400)).toBe('1 d');
    expect(formatTtl(3600)).toBe('1 h');
    expect(formatTtl(300)).toBe('5 min');
    expect(formatTtl(45)).toBe('45 s');
  });

  it('shows hosts relative to their zone', () => {
    expect(relativeHost('www.example.com', 'example.com')).toBe('www');
    expect(relativeHost('example.com', 'example.com')).toBe('@');
    expect(relativeHost('example.com.', 'example.com')).toBe('@');
    expect(relativeHost('other.net', 'example.com')).toBe('other.net');
  });
});

/** A Deploi reply as sent, read as the client reads it: core's output schema coerces and leaves out drift. */
function reply<T extends ToolName>(tool: T, sent: Record<string, unknown>): Output<T> {
  return outputOf(readReply<Output<T>>(getCommandByTool(tool), { success: true, ...sent }));
}

describe('replies to view models', () => {
  it('lists servers tolerantly: string ids, missing fields, placeholder IPs', () => {
    const s = serversFromReply(
      reply('deploi_get_servers', {
        servers: [
          { id: '7', name: 'web', status: 'active', ram: '2', mainip: '0.0.0.0' },
          { name: 'no id' },
          { id: 8 },
        ],
      }),
    );
    expect(s).toEqual([
      { provider: 'deploi', id: 7, name: 'web', status: 'active', ram: 2 },
      { provider: 'deploi', id: 8, name: 'Server 8', status: 'unknown' },
    ]);
    expect(serversFromReply(reply('deploi_get_servers', {}))).toEqual([]);
  });

  it('works out usage: used or used%, RAM from total and available', () => {
    expect(cpuPercent(reply('deploi_monitor_cpu', { data: { average: '1.00', total: '4', used: 25 } }))).toBe(
      25,
    );
    expect(
      usedPercent(
        reply('deploi_monitor_disk', {
          data: { available: '14694223872', total: '19682557952', used: '26%' },
        }),
      ),
    ).toBeCloseTo(25.34, 1);
    expect(usedPercent(reply('deploi_monitor_disk', { data: { used: '26%' } }))).toBe(26);
    // The docs' "used" for RAM matches the available share; total and available win.
    expect(
      usedPercent(
        reply('deploi_monitor_ram', { data: { total: '4105490432', available: '1694486528', used: 41.27 } }),
      ),
    ).toBeCloseTo(58.7, 1);
    expect(cpuPercent(reply('deploi_monitor_cpu', {}))).toBeUndefined();
  });

  it('builds server details from GetServerInfo and the monitors', () => {
    const d = serverDetailsFromReplies(
      reply('deploi_get_server_info', {
        serverInfo: {
          virtual: {
            mainip: '192.0.2.55',
            ram: 2,
            cpu: 1,
            disks: [{ id: '125', type: 'ssd', size: 20 }, { type: 'hdd' }],
            suspended: 0,
            running: 'true',
            ips: ['192.0.2.55', '10.5.0.112', 3],
          },
        },
      }),
      { cpu: reply('deploi_monitor_cpu', { data: { used: 25, average: '1.00' } }) },
      ['RAM: refused'],
    );
    expect(d).toEqual({
      mainIp: '192.0.2.55',
      ips: ['192.0.2.55', '10.5.0.112'],
      disks: [{ id: '125', type: 'ssd', size: 20 }],
      ram: 2,
      cpu: 1,
      running: true,
      suspended: false,
      usage: { cpu: 25, load: 1 },
      usageErrors: ['RAM: refused'],
    });
  });

  it('reads domains, records and name servers', () => {
    expect(
      domainsFromReply(
        reply('deploi_get_domains', {
          domains: [{ name: 'inductive.no', id: '7', status: 'active', expiryDate: '2023-06-01' }, {}],
        }),
      ),
    ).toEqual([{ name: 'inductive.no', id: 7, status: 'active', expiryDate: '2023-06-01' }]);
    const records = recordsFromReply(
      reply('deploi_get_domain_records', {
        records: [
          {
            type: 'A',
            host: 'www.example.com',
            value: '192.0.2.146',
            options: {
              ttl: 86400,
              serviceSet: false,
              service: '',
              protocolSet: false,
              protocol: '',
              priority: 0,
              weight: 0,
              port: 0,
            },
          },
          {
            type: 'SRV',
            host: '_sip._tcp',
            value: 'sip.example.com',
            options: {
              ttl: '3600',
              serviceSet: true,
              service: 'sip',
              protocolSet: true,
              protocol: 'tcp',
              port: 5060,
            },
          },
        ],
      }),
    );
    expect(records[0]).toEqual({
      type: 'A',
      host: 'www.example.com',
      value: '192.0.2.146',
      options: { ttl: 86400, priority: 0, weight: 0, port: 0 },
    });
    expect(records[1]?.options).toEqual({ ttl: 3600, service: 'sip', protocol: 'tcp', port: 5060 });
    expect(
      nameServersFromReply(
        reply('deploi_get_domain_name_servers', {
          records: [{ type: 'NS', value: 'ns1.examplens.com.' }, { type: 'NS' }],
        }),
      ),
    ).toEqual(['ns1.examplens.com.']);
  });

  it('keeps only the options a record type uses when writing', () => {
    const o = { ttl: 600, priority: 10, weight: 5, port: 5060, service: 'sip', protocol: 'tcp' };
    expect(newOptions('A', o)).toEqual({ ttl: 600 });
    expect(newOptions('MX', o)).toEqual({ ttl: 600, priority: 10 });
    expect(newOptions('SRV', o)).toEqual(o);
  });

  it('reads firewalls, rules, private networks and reverse proxies', () => {
    expect(
      firewallsFromReply(
        reply('deploi_get_firewalls', {
          firewalls: [{ id: 675, name: 'Inductive Firewall', tb: 1, ipv4s: 1, status: 'active', type: 'ip' }],
        }),
      ),
    ).toEqual([{ id: 675, name: 'Inductive Firewall', tb: 1, ipv4s: 1, status: 'active', type: 'ip' }]);
    const rules = rulesFromReply(
      reply('deploi_get_firewall_rules', {
        firewallRules: {
          rules: [
            {
              packets: 68,
              protocol: 'tcp',
              'src-network': '0.0.0.0',
              'src-cidr': 0,
              'src-ip': '193.69.47.61',
              'src-port': 53746,
              'dst-ip': '10.0.0.202',
              'dst-port': 22,
            },
          ],
        },
      }),
    );
    expect(describeRule(rules[0]!)).toBe('tcp from 0.0.0.0/0: 193.69.47.61:53746 → 10.0.0.202:22');
    expect(deleteRuleInput(123, rules[0]!)).toEqual({
      id: 123,
      'src-cidr': '0.0.0.0/0',
      'src-ip': '193.69.47.61',
      'src-port': 53746,
      'dst-ip': '10.0.0.202',
      'dst-port': 22,
      protocol: 'tcp',
    });
    expect(deleteRuleInput(1, { protocol: 'tcp' })).toBeUndefined();
    expect(
      privateNetworksFromReply(
        reply('deploi_get_firewall_private_networks', {
          privateNetworks: [
            { network: '192.168.0.1/24', name: 'br0', connectors: [{ name: 'gre0_2', ip: '192.168.0.2' }] },
          ],
        }),
      ),
    ).toEqual([
      { network: '192.168.0.1/24', name: 'br0', connectors: [{ name: 'gre0_2', ip: '192.168.0.2' }] },
    ]);
    const proxy = reverseProxyFromInfo(
      { id: 1, name: 'x' },
      reply('deploi_get_reverse_proxy_info', {
        reverseProxyInfo: {
          name: 'test.com WAF',
          domains: ['a.example'],
          wafEnabled: true,
          wafMode: 'On',
          geoBlock: 1,
          allowList: ['NO'],
          blockList: ['RU'],
        },
      }),
    );
    expect(proxy).toEqual({
      id: 1,
      name: 'test.com WAF',
      domains: ['a.example'],
      wafEnabled: true,
      wafMode: 'On',
      geoBlockActivated: true,
      allowList: ['NO'],
      blockList: ['RU'],
    });
  });
});

describe('SeFlow servers and portable IPs', () => {
  it('parses the server list asked for at sign-in', () => {
    expect(parseSeflowServers('DS-1042=192.0.2.10, DS-1043 DS-1043;ds_9')).toEqual({
      servers: [{ name: 'DS-1042', ip: '192.0.2.10' }, { name: 'DS-1043' }, { name: 'ds_9' }],
    });
    expect(parseSeflowServers('  ')).toHaveProperty('error');
    expect(parseSeflowServers('DS-1=999.1.1.1')).toHaveProperty('error');
    expect(parseSeflowServers('bad name!')).toHaveProperty('error');
  });
});
