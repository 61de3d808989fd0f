import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectStdio, demoRecord, startWorld, textOf, type World } from './helpers';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.sandbox.stop();
});
beforeEach(() => {
  world.sandbox.requests.clear();
});

function hasRecord(domain: string, host: string, value: string): boolean {
  const d = world.sandbox.state.get().domains.find((x) => x.name === domain);
  return Boolean(d?.records.some((r) => r.type === 'A' && r.host === host && r.value === value));
}

describe.each(['legacy', 'modern'] as const)('confirmation by elicitation (%s protocol)', (era) => {
  it('declined: nothing is sent, the decline is audited', async () => {
    const rec = demoRecord(world);
    const messages: string[] = [];
    const client = await connectStdio(world, { elicit: 'decline', era, onElicit: (m) => messages.push(m) });
    try {
      const result = await client.callTool({
        name: 'deploi_delete_domain_record',
        arguments: { ...rec, type: 'A' },
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('declined');
      expect(messages[0]).toContain(`Delete the A record ${rec.host} → ${rec.value} on ${rec.domain}`);
      expect(world.commandsSent()).not.toContain('DeleteDomainRecord');
      expect(hasRecord(rec.domain, rec.host, rec.value)).toBe(true);
      expect(world.auditLines().at(-1)).toMatchObject({
        tool: 'deploi_delete_domain_record',
        confirmation: 'declined',
        outcome: 'not-sent',
      });
    } finally {
      await client.close();
    }
  });

  it('cancelled: nothing is sent', async () => {
    const rec = demoRecord(world);
    const client = await connectStdio(world, { elicit: 'cancel', era });
    try {
      const result = await client.callTool({
        name: 'deploi_delete_domain_record',
        arguments: { ...rec, type: 'A' },
      });
      expect(textOf(result)).toContain('cancelled');
      expect(world.commandsSent()).not.toContain('DeleteDomainRecord');
    } finally {
      await client.close();
    }
  });

  it('accepted: the change reaches the sandbox and the audit log records it', async () => {
    const rec = demoRecord(world);
    const client = await connectStdio(world, { elicit: 'accept', era });
    try {
      const result = await client.callTool({
        name: 'deploi_delete_domain_record',
        arguments: { ...rec, type: 'A' },
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect(world.commandsSent().filter((c) => c === 'DeleteDomainRecord')).toHaveLength(1);
      expect(hasRecord(rec.domain, rec.host, rec.value)).toBe(false);
      expect(world.auditLines().at(-1)).toMatchObject({
        tool: 'deploi_delete_domain_record',
        arguments: { domain: rec.domain, host: rec.host, value: rec.value, type: 'A' },
        confirmation: 'elicitation',
        outcome: 'ok',
        messageId: 0,
      });
    } finally {
      await client.close();
    }
  });
});

describe('confirmation id (client without elicitation)', () => {
  it('previews with a single-use id bound to the exact arguments', async () => {
    const client = await connectStdio(world);
    try {
      const args = { serverid: 'DS-1042' };
      const first = await client.callTool({ name: 'seflow_reboot_dserver', arguments: args });
      expect(first.isError).toBe(true);
      expect(textOf(first)).toContain('Hard-reboot the SeFlow server DS-1042');
      const { confirmationId } = first.structuredContent as { confirmationId: string };
      expect(confirmationId).toMatch(/^hk_/);
      expect(world.commandsSent()).toEqual([]);

      // Other arguments: refused, and the id is used up.
      const changed = await client.callTool({
        name: 'seflow_reboot_dserver',
        arguments: { serverid: 'DS-1043', confirmationId },
      });
      expect(changed.isError).toBe(true);
      expect(textOf(changed)).toContain('different arguments');
      const after = await client.callTool({
        name: 'seflow_reboot_dserver',
        arguments: { ...args, confirmationId },
      });
      expect(textOf(after)).toContain('already used');
      expect(world.commandsSent()).toEqual([]);

      const again = await client.callTool({ name: 'seflow_reboot_dserver', arguments: args });
      const id = (again.structuredContent as { confirmationId: string }).confirmationId;
      const done = await client.callTool({
        name: 'seflow_reboot_dserver',
        arguments: { ...args, confirmationId: id },
      });
      expect(done.isError, textOf(done)).toBeFalsy();
      expect(world.commandsSent()).toEqual(['reboot-dserver']);
      expect(
        world.sandbox.state.get().seflow.servers.find((s) => s.name === 'DS-1042')?.lastRebootAt,
      ).not.toBeNull();
      expect(world.auditLines().at(-1)).toMatchObject({
        tool: 'seflow_reboot_dserver',
        confirmation: 'confirmation-id',
        outcome: 'ok',
      });

      // Reused: refused, nothing sent.
      const reused = await client.callTool({
        name: 'seflow_reboot_dserver',
        arguments: { ...args, confirmationId: id },
      });
      expect(reused.isError).toBe(true);
      expect(textOf(reused)).toContain('already used');
      expect(world.commandsSent()).toEqual(['reboot-dserver']);
    } finally {
      await client.close();
    }
  });

  it('runs write tools that are not destructive or billable without asking', async () => {
    const rec = demoRecord(world);
    const client = await connectStdio(world);
    try {
      const added = await client.callTool({
        name: 'deploi_add_domain_record',
        arguments: { domain: rec.domain, type: 'TXT', host: 'note', value: 'hello', options: { ttl: 3600 } },
      });
      expect(added.isError, textOf(added)).toBeFalsy();
      expect(world.auditLines().at(-1)).toMatchObject({
        tool: 'deploi_add_domain_record',
        confirmation: 'not-required',
        outcome: 'ok',
      });
    } finally {
      await client.close();
    }
  });
});

describe('input validation, secrets and policy flags', () => {
  it('answers invalid input with isError naming the field, sending nothing', async () => {
    const client = await connectStdio(world, { elicit: 'accept' });
    try {
      const bad = await client.callTool({
        name: 'deploi_add_firewall_rule',
        arguments: {
          id: 1,
          'src-cidr': 'x',
          'src-ip': '1.2.3.4',
          'src-port': 99999,
          'dst-ip': '10.0.0.1',
          'dst-port': 22,
        },
      });
      expect(bad.isError).toBe(true);
      expect(textOf(bad)).toContain('src-cidr');
      expect(textOf(bad)).toContain('src-port');
      const extra = await client.callTool({ name: 'deploi_get_servers', arguments: { bogus: 1 } });
      expect(textOf(extra)).toContain('"bogus"');
      const noConfirmationOnReads = await client.callTool({
        name: 'deploi_get_servers',
        arguments: { confirmationId: 'x' },
      });
      expect(noConfirmationOnReads.isError).toBe(true);
      expect(world.sandbox.requests.entries()).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('keeps secrets out of the audit log', async () => {
    const client = await connectStdio(world, { args: ['--no-confirm'] });
    try {
      const password = 'Very-Secret-Pw-4711';
      const created = await client.callTool({
        name: 'deploi_create_virtual_server',
        arguments: {
          name: 'audit-test',
          ram: 2,
          cpu: 1,
          disks: [{ name: 'system', size: 20, type: 'ssd' }],
          OS: 'Ubuntu 24.04',
          username: 'bob',
          password,
          publicip: true,
        },
      });
      expect(created.isError, textOf(created)).toBeFalsy();
      const line = world.auditLines().at(-1);
      expect(line).toMatchObject({
        tool: 'deploi_create_virtual_server',
        confirmation: 'no-confirm',
        outcome: 'ok',
        arguments: { password: '[redacted]', name: 'audit-test' },
      });
      const text = readFileSync(world.auditPath, 'utf8');
      for (const secret of [
        password,
        world.env.HOSTKIT_DEPLOI_PASSWORD ?? '?',
        world.env.HOSTKIT_SEFLOW_KEY ?? '?',
      ]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await client.close();
    }
  });

  it('--read-only refuses tools that change anything', async () => {
    const client = await connectStdio(world, { args: ['--read-only'], elicit: 'accept' });
    try {
      await expect(
        client.callTool({ name: 'deploi_restart_virtual_server', arguments: { id: 1000 } }),
      ).rejects.toThrow(/not found/);
      expect(world.sandbox.requests.entries()).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
