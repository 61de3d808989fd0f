import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClientSandbox, startWithClients } from '../support/clients';

// The firewalls group through the core Deploi client: firewalls, rules, public IPs, private networks
// and connectors, each change read back through the matching list command.

let t: ClientSandbox;
beforeEach(async () => {
  t = await startWithClients();
});
afterEach(async () => {
  expect(t.warnings).toEqual([]);
  await t.sandbox.stop();
});

const docRange = /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/;

function seeded(name: string) {
  const firewall = t.sandbox.state.get().firewalls.find((f) => f.name === name);
  if (!firewall) throw new Error(`no seeded firewall ${name}`);
  return firewall;
}

describe('firewalls', () => {
  it('lists firewalls and creates one with its public IPs and agreement', async () => {
    const listed = await t.call('deploi_get_firewalls');
    expect(listed.firewalls).toEqual([
      { id: seeded('Nordlys Edge').id, name: 'Nordlys Edge', tb: 2, ipv4s: 1, status: 'active', type: 'ip' },
      { id: seeded('Nordlys WAF').id, name: 'Nordlys WAF', tb: 1, ipv4s: 1, status: 'active', type: 'waf' },
    ]);
    const created = await t.call('deploi_create_firewall', {
      clientid: 102,
      name: 'Office 2',
      tb: 3,
      ipv4s: 2,
      type: 'ip',
    });
    expect(created).toEqual({ success: true, message: '', messageId: 0 });
    const after = (await t.call('deploi_get_firewalls', { clientid: 102 })).firewalls;
    const mine = after.find((f: { name: string }) => f.name === 'Office 2');
    expect(mine).toMatchObject({ tb: 3, ipv4s: 2, status: 'active', type: 'ip' });
    const ips = (await t.call('deploi_get_firewall_public_ips', { id: mine.id })).publicIPv4s;
    expect(ips).toHaveLength(2);
    for (const ip of ips) expect(ip).toMatch(docRange);
    const taken = t.sandbox.state
      .get()
      .firewalls.filter((f) => f.id !== mine.id)
      .flatMap((f) => f.publicIPv4s);
    expect(ips.some((ip: string) => taken.includes(ip))).toBe(false);
    expect(t.sandbox.state.get().agreements.find((a) => a.id === mine.id)).toMatchObject({
      kind: 'firewall',
      clientId: 102,
      monthlyPrice: 3 * 150 + 2 * 40,
    });
  });

  it('adds and deletes port-forwarding rules', async () => {
    const { id, publicIPv4s } = seeded('Nordlys Edge');
    const before = (await t.call('deploi_get_firewall_rules', { id })).firewallRules;
    expect(before.rules.length).toBe(seeded('Nordlys Edge').rules.length);
    const rule = {
      id,
      'src-cidr': '203.0.113.7/32',
      'src-ip': publicIPv4s[0],
      'src-port': 2222,
      'dst-ip': '10.16.0.2',
      'dst-port': 22,
    };
    expect(await t.call('deploi_add_firewall_rule', rule)).toMatchObject({ success: true });
    const rules = (await t.call('deploi_get_firewall_rules', { id })).firewallRules.rules;
    expect(rules.at(-1)).toEqual({
      packets: 0,
      bytes: 0,
      protocol: 'tcp',
      'src-network': '203.0.113.7',
      'src-cidr': 32,
      'src-ip': publicIPv4s[0],
      'src-port': 2222,
      'dst-ip': '10.16.0.2',
      'dst-port': 22,
    });
    expect((await t.refusal('deploi_add_firewall_rule', { ...rule, 'dst-ip': '10.16.0.3' })).apiMessage).toBe(
      'The port is already forwarded',
    );
    expect(
      (await t.refusal('deploi_add_firewall_rule', { ...rule, 'src-ip': '198.51.100.250' })).apiMessage,
    ).toBe('The IP is not an address of this firewall');
    // Deletion names the rule as GetFirewallRules shows it, network and prefix joined.
    const deleted = await t.call('deploi_delete_firewall_rule', { ...rule, protocol: 'tcp' });
    expect(deleted).toEqual({ success: true, message: '', messageId: 1 });
    const left = (await t.call('deploi_get_firewall_rules', { id })).firewallRules.rules;
    expect(left).toHaveLength(before.rules.length);
    expect(left.some((r: { 'src-port': number }) => r['src-port'] === 2222)).toBe(false);
    const again = await t.refusal('deploi_delete_firewall_rule', { ...rule, protocol: 'tcp' });
    expect(again.apiMessage).toBe('No such firewall rule');
  });

  it('adds private networks and connectors, and deletes them', async () => {
    const { id } = seeded('Nordlys Edge');
    const network = '192.168.5.1/24';
    await t.call('deploi_add_firewall_private_network', { id, network });
    let networks = (await t.call('deploi_get_firewall_private_networks', { id })).privateNetworks;
    expect(networks.at(-1)).toEqual({ network, name: 'br1', connectors: [] });
    expect(
      (await t.refusal('deploi_add_firewall_private_network', { id, network: '192.168.5.129/25' }))
        .apiMessage,
    ).toBe('The network overlaps a private network of the firewall');
    // A network address as gateway, or a range reaching public addresses, is refused before anything is sent.
    const sent = t.sandbox.requests.entries().length;
    for (const bad of ['192.168.6.0/24', '10.0.0.1/4', '192.168.0.1/8'])
      await expect(t.call('deploi_add_firewall_private_network', { id, network: bad })).rejects.toThrow(
        /Invalid input for deploi_add_firewall_private_network: network/,
      );
    expect(t.sandbox.requests.entries()).toHaveLength(sent);

    await t.call('deploi_add_firewall_private_network_connector', {
      id,
      network,
      local: '10.16.0.15',
      remote: '10.16.0.40',
    });
    await t.call('deploi_add_firewall_private_network_connector', {
      id,
      network,
      local: '10.16.0.15',
      remote: '10.16.0.41',
    });
    networks = (await t.call('deploi_get_firewall_private_networks', { id })).privateNetworks;
    expect(networks.at(-1).connectors).toEqual([
      { name: 'gre1_2', local: '10.16.0.15', remote: '10.16.0.40', ip: '192.168.5.2' },
      { name: 'gre1_3', local: '10.16.0.15', remote: '10.16.0.41', ip: '192.168.5.3' },
    ]);
    const twice = await t.refusal('deploi_add_firewall_private_network_connector', {
      id,
      network,
      local: '10.16.0.15',
      remote: '10.16.0.40',
    });
    expect(twice.apiMessage).toBe('The server is already connected to this network');

    await t.call('deploi_delete_firewall_private_network_connector', { id, network, connector: 'gre1_2' });
    networks = (await t.call('deploi_get_firewall_private_networks', { id })).privateNetworks;
    expect(networks.at(-1).connectors.map((c: { name: string }) => c.name)).toEqual(['gre1_3']);
    const gone = await t.refusal('deploi_delete_firewall_private_network_connector', {
      id,
      network,
      connector: 'gre1_2',
    });
    expect(gone.apiMessage).toBe('No such connector');

    await t.call('deploi_delete_firewall_private_network', { id, network });
    networks = (await t.call('deploi_get_firewall_private_networks', { id })).privateNetworks;
    expect(networks.map((n: { network: string }) => n.network)).toEqual(['192.168.0.1/24']);
    expect((await t.refusal('deploi_delete_firewall_private_network', { id, network })).apiMessage).toBe(
      'No such private network',
    );
  });

  it('refuses firewalls that do not exist or belong to clients the user cannot access', async () => {
    t.sandbox.state.update((s) => {
      const first = s.firewalls[0];
      if (first) s.firewalls.push({ ...first, id: 777_777, clientId: 999 });
    });
    for (const id of [123_456, 777_777]) {
      const refused = await t.refusal('deploi_get_firewall_rules', { id });
      expect(refused).toMatchObject({ apiMessage: 'No such firewall', messageId: -1, code: 'api_error' });
    }
    const before = t.sandbox.state.snapshot().firewalls;
    await t.refusal('deploi_add_firewall_private_network', { id: 777_777, network: '10.9.0.1/16' });
    expect(t.sandbox.state.snapshot().firewalls).toEqual(before);
  });
});
