import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStdio, startWorld, textOf, type World } from './helpers';

// A refusal explained from a read: AddFirewallRule on a public port another rule holds names that rule,
// read back through GetFirewallRules' schema (the oracle is the sandbox's own rule).

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.sandbox.stop();
});

describe('a refused firewall rule', () => {
  it('names the rule that already holds the public port', async () => {
    const firewall = world.sandbox.state
      .get()
      .firewalls.find((f) => f.type === 'ip' && f.rules.some((r) => r.protocol === 'tcp'));
    const held = firewall?.rules.find((r) => r.protocol === 'tcp');
    if (!firewall || !held) throw new Error('the sandbox seed has an IP firewall with a TCP rule');
    const client = await connectStdio(world, { args: ['--toolsets', 'firewalls', '--no-confirm'] });
    try {
      const result = await client.callTool({
        name: 'deploi_add_firewall_rule',
        arguments: {
          id: firewall.id,
          'src-cidr': '203.0.113.7/32',
          'src-ip': held.srcIp,
          'src-port': held.srcPort,
          'dst-ip': '10.0.0.99',
          'dst-port': 8080,
        },
      });
      expect(result.isError).toBe(true);
      const text = textOf(result);
      expect(text).toContain(`The rule holding "${held.srcIp}" port ${held.srcPort}`);
      expect(text).toContain(`to "${held.dstIp}" port ${held.dstPort}`);
    } finally {
      await client.close();
    }
  });
});
