// What each tool's example call (test/examples.ts) must return or change, checked against the sandbox's
// state before and after the call, or with a follow-up read through MCP.
import { readFileSync, statSync } from 'node:fs';
import type { DeepReadonly, SandboxState, ToolExample } from '@hostkit/sandbox';
import { expect } from 'vitest';
import { REPOINT } from './examples';
import type { World } from './helpers';

// biome-ignore lint/suspicious/noExplicitAny: checks read arbitrary reply shapes and assert on them
export type Json = any;
type State = DeepReadonly<SandboxState>;

export interface CheckContext {
  /** The result's structuredContent. */
  r: Json;
  before: State;
  after: State;
  example: ToolExample;
  world: World;
  /** Calls another tool through the same MCP client; its structuredContent. */
  call(name: string, args?: Record<string, unknown>): Promise<Json>;
}

type Check = (c: CheckContext) => void | Promise<void>;

const gib = 1024 ** 3;
const ids = (list: readonly { id: unknown }[] | undefined) => (list ?? []).map((x) => x.id);
const input = (c: CheckContext) => c.example.input as Json;
const of = <T extends { clientId: number }>(list: readonly T[], clientId: number) =>
  list.filter((x) => x.clientId === clientId);
const server = (s: State, id: unknown) => s.servers.find((x) => x.id === id);
const firewall = (s: State, id: unknown) => s.firewalls.find((f) => f.id === id);
const proxy = (s: State, c: CheckContext) =>
  firewall(s, input(c).id)?.reverseProxies.find((p) => p.id === input(c).reverseProxyId);
const site = (s: State, id: unknown) => s.sites.find((x) => x.id === id);
const domain = (s: State, name: unknown) => s.domains.find((d) => d.name === name);
const dedicated = (s: State, name: unknown) => s.seflow.servers.find((x) => x.name === name);
const lastEvent = (s: State) => s.events.at(-1)?.command;
/** The A records pointing at `ip`, as `zone|host`. */
const pointing = (s: State, ip: string) =>
  s.domains.flatMap((d) =>
    d.records.filter((r) => r.type === 'A' && r.value === ip).map((r) => `${d.name}|${r.host}`),
  );

/** One check per tool the sweep calls: every registry command and the composites. */
export const checks: Record<string, Check> = {
  // account
  deploi_login: ({ r }) => {
    expect(r.data.token).toBe('[redacted]');
    expect(ids(r.data.clients)).toEqual([101, 102]);
  },
  deploi_logout: async ({ world, call }) => {
    // The session is gone: the next call logs in again with the configured credentials.
    world.sandbox.requests.clear();
    const user = await call('deploi_get_user_info');
    expect(user.userInfo.email).toBe(world.sandbox.credentials.deploi.username);
    expect(world.commandsSent()).toEqual(['Login', 'GetUserInfo']);
  },
  deploi_ping: ({ r }) => expect(r.data).toBe('pong'),
  deploi_register: ({ after, example }) =>
    expect(after.users.map((u) => u.email)).toContain((example.input as Json).email),
  deploi_forgot_password: ({ after }) => expect(lastEvent(after)).toBe('ForgotPassword'),
  deploi_get_account_info: ({ r, before }) =>
    expect(r.accountInfo).toMatchObject({ id: 102, city: before.clients.find((c) => c.id === 102)?.city }),
  deploi_update_account_info: ({ after }) =>
    expect(after.clients.find((c) => c.id === 102)).toMatchObject({ city: 'Trondheim', receiveinfo: false }),
  deploi_get_user_info: ({ r, world }) =>
    expect(r.userInfo).toMatchObject({
      email: world.sandbox.credentials.deploi.username,
      accounts: [101, 102],
    }),
  deploi_get_alerts: ({ r, before }) => expect(ids(r.alerts)).toEqual(ids(of(before.alerts, 102))),
  // servers
  // Every server of the client, with its main IP joined in, and the total.
  deploi_get_servers: ({ r, before }) => {
    const servers = of(before.servers, 101);
    expect(ids(r.servers)).toEqual(ids(servers));
    expect(r.total).toBe(servers.length);
    expect(r.servers.map((s: Json) => s.mainip)).toEqual(servers.map((s) => s.mainip));
  },
  deploi_get_server_info: (c) =>
    expect(c.r.serverInfo.virtual.mainip).toBe(server(c.before, input(c).id)?.mainip),
  deploi_create_virtual_server: ({ after }) =>
    expect(after.servers.find((s) => s.name === 'api-02' && s.clientId === 102)).toMatchObject({
      ram: 4,
      cpu: 2,
    }),
  deploi_update_virtual_server: (c) => {
    expect(server(c.after, input(c).id)?.cpu).toBe(4);
    expect(c.after.disks.find((d) => d.id === input(c).diskChange[0].id)?.sizeGb).toBe(500);
  },
  deploi_restart_virtual_server: (c) => expect(server(c.after, input(c).id)?.status).toBe('restarting'),
  deploi_get_disks: ({ r, before }) => expect(ids(r.disks)).toEqual(ids(of(before.disks, 102))),
  deploi_get_vpns: ({ r, before }) => expect(ids(r.vpns)).toEqual(ids(of(before.vpns, 101))),
  // monitoring
  deploi_monitor_cpu: (c) => expect(c.r.data.total).toBe(String(server(c.before, input(c).id)?.cpu)),
  deploi_monitor_disk: (c) =>
    expect(c.r.data.used).toBe(`${server(c.before, input(c).id)?.usage.diskPercent}%`),
  deploi_monitor_ram: (c) =>
    expect(c.r.data.total).toBe(String((server(c.before, input(c).id)?.ram ?? 0) * gib)),
  deploi_get_log_statistics: (c) => expect(c.r.data).toEqual({ ...proxy(c.before, c)?.stats }),
  // domains
  deploi_get_domains: ({ r, before }) =>
    expect(r.domains.map((d: Json) => d.name)).toEqual(of(before.domains, 101).map((d) => d.name)),
  deploi_domain_available: ({ r }) => expect(r.available).toBe(true),
  deploi_get_domain_price: ({ r }) => expect(r.priceRegistration).toBe('95'),
  deploi_order_domain: ({ after }) =>
    expect(domain(after, 'ny-butikk.example')).toMatchObject({ clientId: 101, status: 'active' }),
  deploi_get_domain_name_servers: (c) =>
    expect(c.r.records.map((x: Json) => x.value)).toEqual(
      domain(c.before, input(c).domain)?.nameServers.map((n) => `${n}.`),
    ),
  deploi_change_name_servers: (c) =>
    expect(domain(c.after, input(c).domain)?.nameServers).toEqual(input(c).nameservers),
  deploi_get_domain_contacts: (c) =>
    expect(c.r.contacts.administrativeContact.id).toBe(
      domain(c.before, input(c).domain)?.contacts.administrativeContact.id,
    ),
  deploi_update_domain_contact: (c) =>
    expect(domain(c.after, input(c).domain)?.contacts.administrativeContact).toMatchObject(input(c).info),
  deploi_send_domain_auth_code: ({ after }) => expect(lastEvent(after)).toBe('GetDomainAuthCode'),
  // dns
  deploi_get_domain_records: (c) =>
    expect(c.r.records).toHaveLength(domain(c.before, input(c).domain)?.records.length ?? -1),
  deploi_add_domain_record: (c) =>
    expect(domain(c.after, input(c).domain)?.records).toContainEqual(
      expect.objectContaining({ type: 'A', host: 'shop.kystkafe.example', value: '192.0.2.146' }),
    ),
  deploi_update_domain_record: (c) =>
    expect(domain(c.after, input(c).domain)?.records).toContainEqual(
      expect.objectContaining({ type: 'A', host: 'www.kystkafe.example', value: '198.51.100.80', ttl: 300 }),
    ),
  deploi_delete_domain_record: (c) => {
    const left = domain(c.after, input(c).domain)?.records ?? [];
    expect(left).toHaveLength((domain(c.before, input(c).domain)?.records.length ?? 0) - 1);
    expect(left.some((r) => r.type === 'TXT' && r.value === input(c).value)).toBe(false);
  },
  // firewalls
  deploi_get_firewalls: ({ r, before }) => expect(ids(r.firewalls)).toEqual(ids(of(before.firewalls, 101))),
  deploi_create_firewall: ({ after }) =>
    expect(after.firewalls.find((f) => f.name === 'Office 2')?.publicIPv4s).toHaveLength(2),
  deploi_get_firewall_rules: (c) =>
    expect(c.r.firewallRules.rules).toHaveLength(firewall(c.before, input(c).id)?.rules.length ?? -1),
  deploi_add_firewall_rule: (c) =>
    expect(firewall(c.after, input(c).id)?.rules.at(-1)).toMatchObject({ srcPort: 2222, dstPort: 22 }),
  deploi_delete_firewall_rule: (c) =>
    expect(firewall(c.after, input(c).id)?.rules).toHaveLength(
      (firewall(c.before, input(c).id)?.rules.length ?? 0) - 1,
    ),
  deploi_get_firewall_public_ips: (c) =>
    expect(c.r.publicIPv4s).toEqual(firewall(c.before, input(c).id)?.publicIPv4s),
  deploi_get_firewall_private_networks: (c) =>
    expect(c.r.privateNetworks.map((n: Json) => n.network)).toEqual(
      firewall(c.before, input(c).id)?.privateNetworks.map((n) => n.network),
    ),
  deploi_add_firewall_private_network: (c) =>
    expect(firewall(c.after, input(c).id)?.privateNetworks.map((n) => n.network)).toContain('192.168.5.1/24'),
  deploi_delete_firewall_private_network: (c) =>
    expect(firewall(c.after, input(c).id)?.privateNetworks.map((n) => n.network)).not.toContain(
      input(c).network,
    ),
  deploi_add_firewall_private_network_connector: (c) =>
    expect(
      firewall(c.after, input(c).id)?.privateNetworks.find((n) => n.network === input(c).network)?.connectors,
    ).toContainEqual(expect.objectContaining({ remote: input(c).remote })),
  deploi_delete_firewall_private_network_connector: (c) =>
    expect(
      firewall(c.after, input(c).id)
        ?.privateNetworks.find((n) => n.network === input(c).network)
        ?.connectors.map((x) => x.name),
    ).not.toContain(input(c).connector),
  // waf
  deploi_get_firewall_reverse_proxies: (c) =>
    expect(ids(c.r.firewallReverseProxies)).toEqual(ids(firewall(c.before, input(c).id)?.reverseProxies)),
  deploi_create_reverse_proxy: (c) =>
    expect(firewall(c.after, input(c).id)?.reverseProxies.map((p) => p.name)).toContain('Shop WAF'),
  deploi_update_reverse_proxy: (c) =>
    expect(proxy(c.after, c)).toMatchObject({ name: 'Renamed', forwardTo: '10.16.0.77' }),
  deploi_get_reverse_proxy_info: (c) =>
    expect(c.r.reverseProxyInfo).toMatchObject({
      name: proxy(c.before, c)?.name,
      domains: proxy(c.before, c)?.domains,
    }),
  deploi_enable_waf: (c) => expect(proxy(c.after, c)?.wafEnabled).toBe(true),
  deploi_disable_waf: (c) => expect(proxy(c.after, c)?.wafEnabled).toBe(false),
  deploi_enable_geo_block: (c) => expect(proxy(c.after, c)?.geoBlockActivated).toBe(true),
  deploi_disable_geo_block: (c) => expect(proxy(c.after, c)?.geoBlockActivated).toBe(false),
  deploi_update_geo_block: (c) => expect(proxy(c.after, c)?.allowList).toEqual(['NO', 'FI']),
  deploi_create_firewall_certificate: (c) => expect(proxy(c.after, c)?.certCreated).toBe(true),
  deploi_delete_firewall_certificate: (c) => expect(proxy(c.after, c)?.certCreated).toBe(false),
  // sites
  deploi_get_sites: ({ r, before }) =>
    expect(r.data.map((s: Json) => s.siteid)).toEqual(before.sites.map((s) => s.id)),
  deploi_get_site: (c) =>
    expect(c.r.data).toMatchObject({
      name: site(c.before, input(c).siteid)?.name,
      domene: site(c.before, input(c).siteid)?.domains,
    }),
  deploi_create_sitehost_server: ({ after }) =>
    expect(after.servers.find((s) => s.name === 'sitehost-02')).toMatchObject({ clientId: 101, ram: 4 }),
  deploi_duplicate_site: ({ before, after }) => expect(after.sites).toHaveLength(before.sites.length + 1),
  deploi_update_site_domains: (c) =>
    expect(site(c.after, input(c).siteid)?.domains).toEqual(['butikk.nordlys-shop.example']),
  deploi_restart_apache: ({ after }) => expect(lastEvent(after)).toBe('RestartApache'),
  deploi_create_certificate: (c) => expect(site(c.after, input(c).siteid)?.certificate).toBe(true),
  deploi_delete_certificate: (c) => expect(site(c.after, input(c).siteid)?.certificate).toBe(false),
  deploi_get_ssh_keys: ({ r, before }) => expect(r.data).toHaveLength(before.sshKeys.length),
  deploi_add_ssh_key: (c) =>
    expect(c.after.sshKeys).toContainEqual(expect.objectContaining({ keyname: 'laptop', key: input(c).key })),
  deploi_remove_ssh_key: (c) =>
    expect(c.after.sshKeys.some((k) => k.keyname === input(c).keyname && k.name === input(c).name)).toBe(
      false,
    ),
  // wordpress
  deploi_get_wordpress: ({ r, before }) =>
    expect(ids(r.wordpresses)).toEqual(ids(of(before.wordpresses, 101))),
  deploi_get_wordpress_info: (c) =>
    expect(c.r.wordpressInfo.SSL).toBe(c.before.wordpresses.find((w) => w.id === input(c).id)?.ssl),
  deploi_install_wordpress: (c) => expect(site(c.after, input(c).siteid)?.wordpress).toBe(true),
  deploi_duplicate_wordpress: async ({ call }) => {
    const listed = await call('deploi_get_wordpress');
    expect(listed.wordpresses.map((w: Json) => w.domain)).toContain('staging.nordlys-media.example');
  },
  deploi_wordpress_check_setup: ({ r }) => expect(r.installed).toMatchObject({ exists: true }),
  // databases
  deploi_get_databases: ({ r, before }) => expect(ids(r.databases)).toEqual(ids(of(before.databases, 101))),
  deploi_get_site_databases: (c) =>
    expect(c.r.data.map((d: Json) => d.databaseid)).toEqual(
      c.before.siteDatabases.filter((d) => d.siteId === input(c).siteid).map((d) => d.id),
    ),
  deploi_create_site_database: ({ r, before, after }) => {
    expect(after.siteDatabases).toHaveLength(before.siteDatabases.length + 1);
    expect(after.siteDatabases.at(-1)?.id).toBe(r.data);
  },
  deploi_delete_site_database: (c) =>
    expect(c.after.siteDatabases.some((d) => d.id === input(c).databaseid)).toBe(false),
  deploi_get_database_users: (c) =>
    expect(c.r.data).toEqual(
      c.before.siteDatabases.find((d) => d.id === input(c).databaseid)?.users.map((name) => ({ name })),
    ),
  deploi_create_database_user: ({ after }) =>
    expect(after.databaseUsers).toContainEqual({ clientId: 102, name: 'reporting' }),
  deploi_delete_database_user: (c) =>
    expect(c.after.databaseUsers.some((u) => u.name === input(c).username)).toBe(false),
  // email
  deploi_get_email_products: ({ r, before }) =>
    expect(r.emailProducts.map((p: Json) => p.email)).toEqual(
      of(before.emailProducts, 101).map((p) => p.email),
    ),
  deploi_get_email_account_info: (c) =>
    expect(c.r.total).toBe(c.before.emailProducts.find((p) => p.email === input(c).email)?.total),
  deploi_order_email_service: ({ after }) =>
    expect(after.emailProducts.find((p) => p.email === 'hello@nordlys.example')?.status).toBe('creating'),
  deploi_set_email_password: (c) =>
    expect(c.after.emailProducts.find((p) => p.email === input(c).address)?.passwordSetAt).toBeTruthy(),
  // kubernetes
  deploi_get_kubernetes: ({ r, before }) =>
    expect(ids(r.kubernetes)).toEqual(ids(of(before.kubernetes, 101))),
  deploi_get_kubernetes_info: (c) =>
    expect(c.r.kubernetesInfo.resources.cpuUsed).toBe(
      c.before.kubernetes.find((k) => k.id === input(c).id)?.cpuUsed,
    ),
  // The kubeconfig is what the tool is for: a secret, but not redacted from its own result.
  // The kubeconfig goes to the file named (mode 0600), never into the result.
  deploi_get_kube_config: (c) => {
    const file = String(input(c).file);
    expect(c.r).toMatchObject({ file, bytes: expect.any(Number) });
    expect(JSON.stringify(c.r)).not.toMatch(/apiVersion|token|certificate-authority-data/);
    expect(readFileSync(file, 'utf8')).toMatch(/^apiVersion: v1\nkind: Config\n/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  },
  // backups
  deploi_get_backup_plans: ({ r, before }) =>
    expect(ids(r.backupPlans)).toEqual(ids(of(before.backupPlans, 101))),
  deploi_get_backup_info: ({ r }) => expect(r.slots.length).toBeGreaterThan(0),
  deploi_update_backup_plan: (c) =>
    expect(c.after.backupPlans.find((p) => p.id === input(c).id)).toMatchObject({ daily: 0, weekly: 2 }),
  deploi_backup_site: (c) =>
    expect(site(c.after, input(c).siteid)?.backups).toHaveLength(
      (site(c.before, input(c).siteid)?.backups.length ?? 0) + 1,
    ),
  deploi_get_site_backups: (c) =>
    expect(c.r.data.map((b: Json) => b.backupid)).toEqual(
      site(c.before, input(c).siteid)?.backups.map((b) => b.backupid),
    ),
  deploi_restore_site_from_backup: ({ after }) => expect(lastEvent(after)).toBe('RestoreSiteFromBackup'),
  // billing
  deploi_get_invoices: ({ r, before }) => expect(ids(r.invoices)).toEqual(ids(of(before.invoices, 101))),
  deploi_get_invoice_info: (c) => {
    const lines = c.before.invoices.find((i) => i.id === input(c).invoiceNr)?.lines ?? [];
    expect(c.r.invoiceInfo.amount).toBe(String(lines.reduce((sum, l) => sum + l.amount, 0)));
  },
  deploi_cancel_agreement: (c) => {
    expect(c.after.agreements.some((a) => a.id === input(c).id)).toBe(false);
    expect(server(c.after, input(c).id)).toBeUndefined();
  },
  // seflow
  seflow_checkauth: ({ r }) => expect(r.statusmsg).toBe('Login OK'),
  seflow_changerdns: (c) => expect(c.after.seflow.rdns[input(c).ip]).toBe(input(c).rdns),
  seflow_dserver_graph: ({ r, world }) =>
    expect(r.dailygraph.startsWith(world.sandbox.graphsBaseUrl)).toBe(true),
  seflow_reboot_dserver: (c) => expect(dedicated(c.after, input(c).serverid)?.rebootUntil).not.toBeNull(),
  seflow_checkstatus: ({ r }) => expect(r.statusmsg).toBe('Server is active'),
  seflow_suspendserver: (c) =>
    expect(dedicated(c.after, input(c).serverid)?.status).toBe('suspended-customer'),
  seflow_activateserver: (c) => expect(dedicated(c.after, input(c).serverid)?.status).toBe('active'),
  seflow_changeiproute: (c) =>
    expect(c.after.seflow.portableIps.find((p) => p.ip === input(c).portableip)?.routedTo).toBe(
      input(c).target_ip,
    ),
  seflow_showportableip: ({ r, before }) =>
    expect(r.portableIps).toEqual(before.seflow.portableIps.map((p) => ({ ip: p.ip, routedTo: p.routedTo }))),
  // composites
  hostkit_list_clients: ({ r }) => expect(ids(r.clients)).toEqual([101, 102]),
  hostkit_find: ({ r, before }) =>
    expect(r.matches.filter((m: Json) => m.kind === 'server').map((m: Json) => m.id)).toEqual(
      before.servers.filter((s) => s.name === 'web-01').map((s) => s.id),
    ),
  // In the demo the shop's DNS still points at the server it moved off: the outage the diagnosis leads with.
  hostkit_diagnose: ({ r, before }) => {
    const site = before.sites.find((s) => s.primarydomain === 'nordlys-shop.example');
    const a = domain(before, 'nordlys-shop.example')?.records.find(
      (x) => x.type === 'A' && x.host === 'nordlys-shop.example',
    );
    const holder = before.servers.find((s) => a && s.ips.includes(a.value));
    expect(holder?.id).not.toBe(site?.serverId);
    expect(r.findings[0]).toMatchObject({
      severity: 'outage',
      where: 'dns',
      evidence: { server: holder?.id, siteServer: site?.serverId },
    });
  },
  hostkit_change_set: ({ r, before, after }) => {
    const moved = pointing(before, REPOINT.from);
    expect(moved.length).toBeGreaterThan(1);
    expect(pointing(after, REPOINT.from)).toEqual([]);
    expect(pointing(after, REPOINT.to)).toEqual(moved);
    expect(r).toMatchObject({ total: moved.length });
  },
  // The example's state is what the change set left: the undo moves every record back.
  hostkit_undo: ({ r, before, after }) => {
    const moved = pointing(before, REPOINT.to);
    expect(moved.length).toBeGreaterThan(1);
    expect(pointing(after, REPOINT.to)).toEqual([]);
    expect(pointing(after, REPOINT.from)).toEqual(moved);
    expect(r.restored).toHaveLength(moved.length);
  },
  // Each client's total for the month is its invoices' lines added up, cancelled invoices left out.
  hostkit_costs: (c) => {
    const month = input(c).month;
    const billed = (id: number) =>
      of(c.before.invoices, id)
        .filter((i) => i.date.startsWith(month) && !i.cancelled)
        .reduce((sum, i) => sum + i.lines.reduce((s, l) => s + l.amount, 0), 0);
    expect(c.r.clients.map((x: Json) => [x.clientid, x.total])).toEqual(
      c.before.clients.map((x) => [x.id, billed(x.id)]),
    );
    expect(c.r.totals[0].total).toBe(c.before.clients.reduce((sum, x) => sum + billed(x.id), 0));
  },
  hostkit_wait_for_server: ({ r }) =>
    expect(r).toMatchObject({ ready: true, provider: 'seflow', server: 'DS-1042' }),
  // The graph the sandbox draws for the server is attached as an image; the link is the API's.
  hostkit_usage_chart: ({ r }) =>
    expect(r).toMatchObject({
      provider: 'seflow',
      server: 'DS-1042',
      period: 'weekly',
      graphs: { weekly: expect.stringMatching(/DS-1042\/weekly\.png$/) },
    }),
  hostkit_upsert_dns_record: (c) => {
    expect(c.r).toMatchObject({ action: 'updated' });
    expect(domain(c.after, input(c).domain)?.records).toContainEqual(
      expect.objectContaining({ type: 'A', host: 'www.kystkafe.example', value: input(c).value, ttl: 600 }),
    );
  },
};
