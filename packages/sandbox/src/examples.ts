import type { CommandByTool, CommandInput, ToolName } from '@hostkit/core';
import type { DeepReadonly, SandboxState } from './model';
import type { SandboxCredentials } from './sandbox';

// One valid call of every registry tool against the seeded demo state, looked up in the state rather
// than hard-coded, because ids and addresses depend on the seed. Shared by the sandbox's tests and the
// MCP server's end-to-end sweep, so the two never keep parallel copies of what a valid input is.

/** A valid call of one registry tool against the seeded demo state. */
export interface ToolExample {
  /** The tool's input, as the core clients and the MCP tool take it (`clientid` left out where optional). */
  input: Record<string, unknown>;
  /** Set-up to apply first with `sandbox.state.update`, so the call has something to change. */
  prepare?: (state: SandboxState) => void;
}

/** Every tool's example, its input typed from the tool's command: a field renamed there fails here. */
type TypedExamples = { readonly [T in ToolName]: ToolExample & { input: CommandInput<CommandByTool<T>> } };

/** A new Deploi account (Register). */
export const exampleRegistration = {
  firstname: 'Siri',
  lastname: 'Dahl',
  email: 'siri@dahl-design.example',
  phone: '+4798162249',
  password: 'siri-secret-password',
  type: 'company',
  companyname: 'Dahl Design AS',
  taxid: '923456789',
  addressline1: 'Torget 5',
  city: 'Trondheim',
  postalcode: '7011',
  country: 'NO',
  agreedtotac: true,
} as const;

/** A server order for client 102 (CreateVirtualServer). */
export const exampleServerOrder = {
  clientid: 102,
  name: 'api-02',
  ram: 4,
  cpu: 2,
  disks: [
    {
      name: 'system',
      size: 40,
      type: 'ssd',
      backupSpecs: { spec: [{ loc: 2, daily: 7, weekly: 4, monthly: 0, yearly: 0 }] },
    },
  ],
  OS: 'Ubuntu 24.04',
  username: 'deploy',
  password: 'a-long-server-password',
  publicip: true,
} satisfies CommandInput<CommandByTool<'deploi_create_virtual_server'>>;

/** The owner of a domain order (OrderDomain's `owner`). */
export const exampleDomainOwner = {
  firstname: 'Ingrid',
  lastname: 'Berg',
  email: 'ingrid@ny-butikk.example',
  phone: '+47 41283443',
  type: 'person',
  addressline1: 'Kirkegata 3',
  country: 'no',
  postalcode: '0153',
  city: 'Oslo',
} as const;

/** A domain contact without its id (UpdateDomainContact's `info`). */
export const exampleDomainContact = {
  firstName: 'Jonas',
  lastName: 'Sveinsen',
  company: true,
  companyName: 'Sveinsen AS',
  companyID: 'NO 912345679 MVA',
  country: 'NO',
  addressLine1: 'Main road 2',
  postalCode: '9387',
  city: 'Tromsø',
  phone: '(+47) 57395475',
  email: 'jonas@sveinsen.example',
} as const;

/** An ed25519 public key line with `body` as the start of its key material. */
export function exampleSshKey(body: string, comment: string): string {
  return `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${body.padEnd(43, 'A')} ${comment}`;
}

type State = DeepReadonly<SandboxState>;

// Whether the seed gives a site a certificate depends on the seed: the certificate examples set it first.
function setCertificate(state: SandboxState, siteId: number, certificate: boolean): void {
  const site = state.sites.find((s) => s.id === siteId);
  if (site) site.certificate = certificate;
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined)
    throw new Error(`The sandbox state has no ${what}: toolExamples needs the demo seed.`);
  return value;
}

function lookups(state: State) {
  const server = (name: string, clientId = 101) =>
    must(
      state.servers.find((s) => s.name === name && s.clientId === clientId),
      `server ${name} of client ${clientId}`,
    );
  const firewall = (name: string) =>
    must(
      state.firewalls.find((f) => f.name === name),
      `firewall ${name}`,
    );
  const site = (primary: string) =>
    must(
      state.sites.find((s) => s.primarydomain === primary),
      `site ${primary}`,
    );
  const domain = (name: string) =>
    must(
      state.domains.find((d) => d.name === name),
      `domain ${name}`,
    );
  const siteDatabase = (siteId: number) =>
    must(
      state.siteDatabases.find((d) => d.siteId === siteId),
      `database of site ${siteId}`,
    );
  const dedicated = (name: string) =>
    must(
      state.seflow.servers.find((s) => s.name === name),
      `SeFlow server ${name}`,
    );
  return { server, firewall, site, domain, siteDatabase, dedicated };
}

/**
 * One valid example per registry tool (keyed by tool name) for the state {@link seedState} gives at demo
 * scale, whatever the seed: each is valid on that state as seeded, on its own (later calls may depend
 * on the state being reset between them). `credentials` are the sandbox's, for Login.
 */
export function toolExamples(state: State, credentials: SandboxCredentials): Record<string, ToolExample> {
  const { server, firewall, site, domain, siteDatabase, dedicated } = lookups(state);
  const edge = firewall('Nordlys Edge');
  const waf = firewall('Nordlys WAF');
  const proxy = must(waf.reverseProxies[0], 'reverse proxy site on Nordlys WAF');
  const wafSite = { id: waf.id, reverseProxyId: proxy.id };
  const media = site('nordlys-media.example');
  const shop = site('nordlys-shop.example');
  const cafe = site('kystkafe.example');
  const mediaDb = siteDatabase(media.id);
  const kystkafe = domain('kystkafe.example');
  const www = must(
    kystkafe.records.find((r) => r.type === 'A' && r.host === `www.${kystkafe.name}`),
    'www A record of kystkafe.example',
  );
  const spf = must(
    kystkafe.records.find((r) => r.type === 'TXT' && r.host === kystkafe.name),
    'apex TXT record of kystkafe.example',
  );
  const rule = must(
    edge.rules.find((r) => r.protocol === 'tcp'),
    'tcp rule on Nordlys Edge',
  );
  const network = must(
    state.firewalls
      .flatMap((f) => f.privateNetworks.map((n) => ({ firewall: f.id, ...n })))
      .find((n) => n.connectors[0]),
    'private network with a connector',
  );
  const connector = must(network.connectors[0], 'connector');
  const sshKey = must(
    state.sshKeys.find((k) => k.siteId === cafe.id),
    'SSH key of kystkafe',
  );
  const hosted = must(
    state.wordpresses.find((w) => w.type === 'deploihosted'),
    'Deploi-hosted WordPress',
  );
  const cluster = must(state.kubernetes[0], 'Kubernetes service');
  const plan = must(
    state.backupPlans.find((p) => p.clientId === 101),
    'backup plan of client 101',
  );
  const invoice = must(
    state.invoices.find((i) => i.clientId === 101),
    'invoice of client 101',
  );
  const ds1042 = dedicated('DS-1042');
  const ds1043 = dedicated('DS-1043');
  const portable = must(state.seflow.portableIps[0], 'portable IP');
  const target = must(
    state.seflow.servers.find((s) => s.status === 'active' && s.primaryIp !== portable.routedTo),
    'second active SeFlow server',
  );
  const { username, password, twoFactorCode } = credentials.deploi;
  const mutableWaf = (s: SandboxState) => {
    const p = s.firewalls.find((f) => f.id === waf.id)?.reverseProxies.find((r) => r.id === proxy.id);
    if (!p) throw new Error('the WAF site is gone');
    return p;
  };

  return {
    // account
    deploi_login: {
      input: { username, password, ...(twoFactorCode ? { secondfactor: twoFactorCode } : {}) },
    },
    deploi_logout: { input: {} },
    deploi_ping: { input: {} },
    deploi_register: { input: { ...exampleRegistration } },
    deploi_forgot_password: { input: { id: server('files-01', 102).id } },
    deploi_get_account_info: { input: { clientid: 102 } },
    deploi_update_account_info: { input: { clientid: 102, city: 'Trondheim', receiveinfo: false } },
    deploi_get_user_info: { input: {} },
    deploi_get_alerts: { input: { clientid: 102 } },
    // servers
    deploi_get_servers: { input: {} },
    deploi_get_server_info: { input: { id: server('web-01').id } },
    deploi_create_virtual_server: { input: structuredClone(exampleServerOrder) },
    deploi_update_virtual_server: {
      input: {
        id: server('files-01', 102).id,
        cpucent: 400,
        diskChange: [{ id: must(server('files-01', 102).diskIds[0], 'disk of files-01'), size: 500 }],
      },
    },
    deploi_restart_virtual_server: { input: { id: server('web-02').id } },
    deploi_get_disks: { input: { clientid: 102 } },
    deploi_get_vpns: { input: {} },
    // monitoring
    deploi_monitor_cpu: { input: { id: server('db-01').id } },
    deploi_monitor_disk: { input: { id: server('web-01').id } },
    deploi_monitor_ram: { input: { id: server('app-01').id } },
    deploi_get_log_statistics: { input: { ...wafSite } },
    // domains
    deploi_get_domains: { input: {} },
    deploi_domain_available: { input: { domain: 'ny-butikk.example' } },
    deploi_get_domain_price: { input: { domain: 'example.com' } },
    deploi_order_domain: {
      input: { domain: 'ny-butikk.example', operation: 'register', owner: { ...exampleDomainOwner } },
    },
    deploi_get_domain_name_servers: { input: { domain: 'polarlys-studio.example' } },
    deploi_change_name_servers: {
      input: {
        domain: 'nordlys.example',
        defaults: false,
        nameservers: ['ns1.other-dns.example', 'ns2.other-dns.example'],
      },
    },
    deploi_get_domain_contacts: { input: { domain: 'nordlys.example' } },
    deploi_update_domain_contact: {
      input: {
        domain: 'nordlys.example',
        contact: 'admin',
        info: {
          id: domain('nordlys.example').contacts.administrativeContact.id,
          ...exampleDomainContact,
        },
      },
    },
    deploi_send_domain_auth_code: { input: { domain: kystkafe.name } },
    // dns
    deploi_get_domain_records: { input: { domain: kystkafe.name } },
    deploi_add_domain_record: {
      input: {
        domain: kystkafe.name,
        type: 'A',
        host: 'shop',
        value: '192.0.2.146',
        options: { ttl: 86400 },
      },
    },
    deploi_update_domain_record: {
      input: {
        domain: kystkafe.name,
        type: 'A',
        from: { host: www.host, value: www.value, options: { ttl: www.ttl } },
        to: { host: 'www', value: '198.51.100.80', options: { ttl: 300 } },
      },
    },
    deploi_delete_domain_record: {
      input: { domain: kystkafe.name, type: 'TXT', host: '@', value: spf.value },
    },
    // firewalls
    deploi_get_firewalls: { input: {} },
    deploi_create_firewall: { input: { clientid: 102, name: 'Office 2', tb: 3, ipv4s: 2, type: 'ip' } },
    deploi_get_firewall_rules: { input: { id: edge.id } },
    deploi_add_firewall_rule: {
      input: {
        id: edge.id,
        'src-cidr': '203.0.113.7/32',
        'src-ip': must(edge.publicIPv4s[0], 'public IPv4 of Nordlys Edge'),
        'src-port': 2222,
        'dst-ip': '10.16.0.2',
        'dst-port': 22,
      },
    },
    deploi_delete_firewall_rule: {
      input: {
        id: edge.id,
        'src-cidr': `${rule.srcNetwork}/${rule.srcCidr}`,
        'src-ip': rule.srcIp,
        'src-port': rule.srcPort,
        'dst-ip': rule.dstIp,
        'dst-port': rule.dstPort,
        protocol: rule.protocol,
      },
    },
    deploi_get_firewall_public_ips: { input: { id: edge.id } },
    deploi_get_firewall_private_networks: { input: { id: edge.id } },
    deploi_add_firewall_private_network: { input: { id: edge.id, network: '192.168.5.1/24' } },
    deploi_delete_firewall_private_network: {
      input: { id: network.firewall, network: network.network },
    },
    deploi_add_firewall_private_network_connector: {
      input: {
        id: network.firewall,
        network: network.network,
        local: connector.local,
        remote: '10.16.0.240',
      },
    },
    deploi_delete_firewall_private_network_connector: {
      input: { id: network.firewall, network: network.network, connector: connector.name },
    },
    // waf
    deploi_get_firewall_reverse_proxies: { input: { id: waf.id } },
    deploi_create_reverse_proxy: {
      input: {
        id: waf.id,
        name: 'Shop WAF',
        domains: ['shop.nordlys-shop.example'],
        forwardToIP: '10.16.0.9',
      },
    },
    deploi_update_reverse_proxy: { input: { ...wafSite, name: 'Renamed', forwardTo: '10.16.0.77' } },
    deploi_get_reverse_proxy_info: { input: { ...wafSite } },
    deploi_enable_waf: {
      input: { ...wafSite },
      prepare: (s) => {
        mutableWaf(s).wafEnabled = false;
      },
    },
    deploi_disable_waf: { input: { ...wafSite } },
    deploi_enable_geo_block: {
      input: { ...wafSite },
      prepare: (s) => {
        mutableWaf(s).geoBlockActivated = false;
      },
    },
    deploi_disable_geo_block: { input: { ...wafSite } },
    deploi_update_geo_block: { input: { ...wafSite, allow: ['NO', 'FI'] } },
    deploi_create_firewall_certificate: {
      input: { ...wafSite },
      // The site's domains must resolve to the firewall: point their A records at it, without a certificate yet.
      prepare: (s) => {
        const p = mutableWaf(s);
        p.certCreated = false;
        const ip = waf.publicIPv4s[0] ?? '';
        for (const d of s.domains)
          for (const r of d.records) if (r.type === 'A' && p.domains.includes(r.host)) r.value = ip;
      },
    },
    deploi_delete_firewall_certificate: {
      input: { ...wafSite },
      prepare: (s) => {
        mutableWaf(s).certCreated = true;
      },
    },
    // sites
    deploi_get_sites: { input: {} },
    deploi_get_site: { input: { siteid: cafe.id } },
    deploi_create_sitehost_server: {
      input: { name: 'sitehost-02', ram: 4, cpu: 2, disk: 80, sites: 1, publicip: true },
    },
    deploi_duplicate_site: { input: { siteid: media.id, usedifferentuser: false } },
    deploi_update_site_domains: {
      input: { id: shop.serverId, siteid: shop.id, domains: ['butikk.nordlys-shop.example'] },
    },
    deploi_restart_apache: { input: { siteid: shop.id } },
    deploi_create_certificate: {
      input: { clientid: 102, siteid: cafe.id },
      prepare: (s) => setCertificate(s, cafe.id, false),
    },
    deploi_delete_certificate: {
      input: { siteid: shop.id },
      prepare: (s) => setCertificate(s, shop.id, true),
    },
    deploi_get_ssh_keys: { input: {} },
    deploi_add_ssh_key: {
      input: {
        clientid: 102,
        keyname: 'laptop',
        key: exampleSshKey('Kyst', 'deploy@laptop'),
        name: cafe.name,
      },
    },
    deploi_remove_ssh_key: {
      input: { clientid: 102, keyname: sshKey.keyname, key: sshKey.key, name: sshKey.name },
    },
    // wordpress
    deploi_get_wordpress: { input: {} },
    deploi_get_wordpress_info: { input: { id: hosted.id, domain: hosted.domain } },
    deploi_install_wordpress: {
      input: { siteid: media.id, databaseid: mediaDb.id, name: must(mediaDb.users[0], 'database user') },
    },
    deploi_duplicate_wordpress: {
      input: { type: 'deploihosted', id: hosted.id, newDomain: 'staging.nordlys-media.example' },
    },
    deploi_wordpress_check_setup: { input: { id: hosted.id } },
    // databases
    deploi_get_databases: { input: {} },
    deploi_get_site_databases: { input: { siteid: media.id } },
    deploi_create_site_database: { input: {} },
    deploi_delete_site_database: { input: { id: media.serverId, databaseid: mediaDb.id } },
    deploi_get_database_users: { input: { databaseid: mediaDb.id } },
    deploi_create_database_user: {
      input: { clientid: 102, username: 'reporting', password: 'Db-Pass-7f3c9e21' },
    },
    deploi_delete_database_user: {
      input: {
        id: media.serverId,
        databaseid: mediaDb.id,
        username: must(mediaDb.users[0], 'database user'),
      },
    },
    // email
    deploi_get_email_products: { input: {} },
    deploi_get_email_account_info: { input: { email: 'post@nordlys-media.example' } },
    deploi_order_email_service: {
      input: { emailtype: 'account', addresses: ['hello@nordlys.example'], invoiceterm: 'monthly' },
    },
    deploi_set_email_password: {
      input: { address: 'post@nordlys-media.example', password: 'Mailbox-Secret-9d2f' },
    },
    // kubernetes
    deploi_get_kubernetes: { input: {} },
    deploi_get_kubernetes_info: { input: { id: cluster.id } },
    deploi_get_kube_config: { input: { id: cluster.id } },
    // backups
    deploi_get_backup_plans: { input: {} },
    deploi_get_backup_info: { input: { planid: plan.id } },
    deploi_update_backup_plan: { input: { id: plan.id, daily: 0, weekly: 2, monthly: 0, yearly: 0 } },
    deploi_backup_site: { input: { siteid: shop.id } },
    deploi_get_site_backups: { input: { siteid: shop.id } },
    deploi_restore_site_from_backup: {
      input: { siteid: media.id, backupid: must(media.backups[0], 'backup of nordlys-media').backupid },
    },
    // billing
    deploi_get_invoices: { input: {} },
    deploi_get_invoice_info: { input: { invoiceNr: invoice.id } },
    deploi_cancel_agreement: {
      input: { id: server('web-01', 102).id, cancellationmessage: 'Moving elsewhere' },
    },
    // seflow
    seflow_checkauth: { input: {} },
    seflow_changerdns: {
      input: { ip: must(ds1042.ips[1], 'second IP of DS-1042'), rdns: 'mail.nordlys.example' },
    },
    seflow_dserver_graph: { input: { serverid: ds1042.name } },
    seflow_reboot_dserver: { input: { serverid: ds1043.name } },
    seflow_checkstatus: { input: { serverid: ds1042.name } },
    seflow_suspendserver: { input: { serverid: ds1042.name } },
    seflow_activateserver: {
      input: { serverid: ds1042.name },
      prepare: (s) => {
        const ds = s.seflow.servers.find((x) => x.name === ds1042.name);
        if (ds) ds.status = 'suspended-customer';
      },
    },
    seflow_changeiproute: { input: { portableip: portable.ip, target_ip: target.primaryIp } },
    seflow_showportableip: { input: {} },
  } satisfies TypedExamples;
}
