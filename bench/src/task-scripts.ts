import type { Task } from './tasks';

// The everyday requests, scripted as an agent would carry them out: each step uses only what earlier
// results said (ids, IPs, the fix a diagnosis gave), never the sandbox's state directly.

type Json = Record<string, unknown>;
const rows = (r: Json, key: string) => (Array.isArray(r[key]) ? (r[key] as Json[]) : []);
const first = (r: Json, key: string): Json => {
  const row = rows(r, key)[0];
  if (!row) throw new Error(`no ${key} in the result`);
  return row;
};

export const TASKS: readonly Task[] = [
  {
    id: 'repoint-www',
    label: 'point www.nordlys.example at the server web-02',
    data: 'demo',
    async run(a) {
      const found = await a.use('hostkit_find', { query: 'web-02', kinds: ['server'] }, 'find server');
      const ip = String(first(found, 'matches').ip);
      await a.use(
        'hostkit_upsert_dns_record',
        { domain: 'nordlys.example', type: 'A', host: 'www', value: ip, options: { ttl: 3600 } },
        'dns record set',
      );
    },
  },
  {
    id: 'shop-down',
    label: 'why is the shop down? fix it (troubled demo)',
    data: 'troubled',
    async run(a) {
      const d = await a.use('hostkit_diagnose', { target: 'nordlys-shop.example' }, 'diagnose site down');
      const fix = first(d, 'findings').fix as { tool: string; arguments: Json } | undefined;
      if (!fix) throw new Error('the diagnosis gave no fix');
      await a.use(fix.tool, fix.arguments, 'dns record set');
    },
  },
  {
    id: 'open-443',
    label: "open 443 on Fjell Office's second address to the server behind its 443",
    data: 'demo',
    async run(a) {
      const found = await a.use(
        'hostkit_find',
        { query: 'Fjell Office', kinds: ['firewall'] },
        'find firewall',
      );
      const firewall = first(found, 'matches');
      const id = Number(firewall.id);
      const rules = await a.use('deploi_get_firewall_rules', { id }, 'firewall rules');
      const list = ((rules.firewallRules as Json | undefined)?.rules ?? rules.rules ?? []) as Json[];
      const https = list.find((r) => Number(r['dst-port']) === 443);
      if (!https) throw new Error('no 443 rule to copy the target from');
      const spare = ((firewall.ips ?? []) as string[]).find((ip) => ip !== https['src-ip']);
      await a.use(
        'deploi_add_firewall_rule',
        {
          id,
          'src-cidr': '0.0.0.0/0',
          'src-ip': spare,
          'src-port': 443,
          'dst-ip': https['dst-ip'],
          'dst-port': 443,
        },
        'add firewall rule',
      );
    },
  },
  {
    id: 'costs',
    label: 'what am I paying this month?',
    data: 'demo',
    async run(a) {
      await a.use('hostkit_costs', {}, 'costs invoices paying');
    },
  },
  {
    id: 'order-and-point',
    label: 'order a server and point shop.nordlys.example at it',
    data: 'demo',
    async run(a) {
      const order = await a.use(
        'deploi_create_virtual_server',
        {
          name: 'shop-02',
          ram: 4,
          cpu: 2,
          disks: [{ name: 'system', size: 40, type: 'ssd' }],
          OS: 'Ubuntu 24.04',
          username: 'deploy',
          password: 'bench-only-Server-Pw-1',
          publicip: true,
        },
        'create virtual server',
      );
      const id = Number(first(order, 'created').id);
      const up = await a.use(
        'hostkit_wait_for_server',
        { provider: 'deploi', id, intervalSeconds: 1, timeoutSeconds: 60 },
        'wait for server',
      );
      const ip = /mainip "([^"]+)"/.exec(String(up.state))?.[1];
      if (!ip) throw new Error(`no IP in ${String(up.state)}`);
      await a.use(
        'hostkit_upsert_dns_record',
        { domain: 'nordlys.example', type: 'A', host: 'shop', value: ip, options: { ttl: 3600 } },
        'dns record set',
      );
    },
  },
  {
    id: 'stale-records',
    label: 'delete the records of ola-fjell.example that point at the old IP 192.0.2.21',
    data: 'demo',
    async run(a) {
      const zone = await a.use(
        'deploi_get_domain_records',
        { domain: 'ola-fjell.example', where: { value: '192.0.2.21' } },
        'dns records',
      );
      const records = rows(zone, 'records').map((r) => ({
        domain: 'ola-fjell.example',
        type: r.type,
        host: r.host,
        value: r.value,
      }));
      await a.use(
        'hostkit_change_set',
        { changes: [{ kind: 'delete_records', records }] },
        'change set delete records',
      );
    },
  },
  {
    id: 'kubeconfig',
    label: 'get the kubeconfig of my cluster',
    data: 'demo',
    async run(a) {
      const clusters = await a.use('deploi_get_kubernetes', {}, 'kubernetes clusters');
      const list = Object.values(clusters).find(Array.isArray) as Json[] | undefined;
      const id = Number(list?.[0]?.id);
      await a.use('deploi_get_kube_config', { id, file: a.file('kubeconfig.yaml') }, 'kubeconfig');
    },
  },
  {
    id: 'off-servers',
    label: 'which servers are off? (scale: 1,000 servers)',
    data: 'scale',
    async run(a) {
      await a.use('deploi_get_servers', { where: { status: 'off' } }, 'servers');
    },
  },
  {
    id: 'zone-at-scale',
    label: 'show the DNS records of one of 500 domains (scale)',
    data: 'scale',
    async run(a) {
      const domains = await a.use('deploi_get_domains', { limit: 1 }, 'domains');
      const name = String(first(domains, 'domains').name ?? first(domains, 'domains').domain);
      await a.use('deploi_get_domain_records', { domain: name }, 'dns records');
    },
  },
  {
    id: 'repoint-ip',
    label: 'repoint every record from 192.0.2.22 to 192.0.2.30, across my zones',
    data: 'demo',
    async run(a) {
      await a.use(
        'hostkit_change_set',
        { changes: [{ kind: 'repoint', from: '192.0.2.22', to: '192.0.2.30' }] },
        'change set repoint ip',
      );
    },
  },
];
