import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectStdio, demoRecord, startWorld, textOf, type World } from './helpers';
import { answerPage, nthOpenedUrl, readPage, recordingBrowser } from './human';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.sandbox.stop();
});
beforeEach(() => {
  world.sandbox.state.reset();
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
      expect(messages[0]).toContain(
        `Delete the A record ${JSON.stringify(rec.host)} → ${JSON.stringify(rec.value)} on ${JSON.stringify(rec.domain)}`,
      );
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

describe('clients without form elicitation', () => {
  it('are refused when Hostkit cannot open a browser: the model gets no way to confirm', async () => {
    const client = await connectStdio(world);
    try {
      const args = { serverid: 'DS-1042' };
      const first = await client.callTool({ name: 'seflow_reboot_dserver', arguments: args });
      expect(first.isError).toBe(true);
      expect(textOf(first)).toContain("needs a person's confirmation");
      expect(textOf(first)).toContain('Hard-reboot the SeFlow server "DS-1042"');
      expect(JSON.stringify(first)).not.toMatch(/confirmationId|http:\/\/127/);
      // What a model might try next: an argument that claims consent is just an unknown field.
      const claimed = await client.callTool({
        name: 'seflow_reboot_dserver',
        arguments: { ...args, confirmationId: 'hk_anything', confirm: true },
      });
      expect(textOf(claimed)).toContain('unknown field');
      expect(world.commandsSent()).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('get a page in the browser Hostkit opens: approve sends once, decline sends nothing', async () => {
    const urls = join(world.dir, `urls-${Date.now()}.txt`);
    const client = await connectStdio(world, { env: recordingBrowser(urls) });
    try {
      const args = { serverid: 'DS-1042' };
      const declined = client.callTool({ name: 'seflow_reboot_dserver', arguments: args });
      const first = await nthOpenedUrl(urls, 1);
      expect((await readPage(first)).html).toContain('Hard-reboot the SeFlow server &#34;DS-1042&#34;');
      expect((await answerPage(first, 'decline')).status).toBe(200);
      const no = await declined;
      expect(textOf(no)).toContain('declined');
      expect(JSON.stringify(no)).not.toContain(first);
      expect(world.commandsSent()).toEqual([]);

      const approved = client.callTool({ name: 'seflow_reboot_dserver', arguments: args });
      const second = await nthOpenedUrl(urls, 2);
      expect(second).not.toBe(first);
      const { csrf } = await readPage(second);
      expect((await answerPage(second, 'approve')).status).toBe(200);
      const yes = await approved;
      expect(yes.isError, textOf(yes)).toBeFalsy();
      expect(JSON.stringify(yes)).not.toContain(second);
      expect(world.commandsSent()).toEqual(['reboot-dserver']);
      // Single use: the same form posted again (its token and all) changes nothing.
      expect((await answerPage(second, 'approve', { csrf: csrf ?? null })).status).toBe(410);
      expect(world.commandsSent()).toEqual(['reboot-dserver']);
      expect(world.auditLines().slice(-2)).toMatchObject([
        {
          phase: 'intent',
          tool: 'seflow_reboot_dserver',
          confirmation: 'confirmation-page',
          outcome: 'pending',
        },
        { phase: 'outcome', tool: 'seflow_reboot_dserver', confirmation: 'confirmation-page', outcome: 'ok' },
      ]);
    } finally {
      await client.close();
    }
  });

  it.each(['legacy', 'modern'] as const)(
    'with URL-mode elicitation (%s) get the page URL in the client, never in the result',
    async (era) => {
      let url = '';
      const client = await connectStdio(world, {
        era,
        elicit: 'accept',
        elicitMode: 'url',
        onElicit: async (_message, params) => {
          url = String(params.url);
          // The person opens the page the client shows and approves there.
          setTimeout(() => void answerPage(url, 'approve'), 100);
        },
      });
      try {
        const result = await client.callTool({
          name: 'seflow_reboot_dserver',
          arguments: { serverid: 'DS-1042' },
        });
        expect(result.isError, textOf(result)).toBeFalsy();
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/confirm\//);
        expect(JSON.stringify(result)).not.toContain(url);
        expect(world.commandsSent()).toEqual(['reboot-dserver']);
      } finally {
        await client.close();
      }
    },
  );

  it('runs write tools that are not destructive or billable without asking', async () => {
    const rec = demoRecord(world);
    const client = await connectStdio(world);
    try {
      const added = await client.callTool({
        name: 'deploi_add_domain_record',
        arguments: { domain: rec.domain, type: 'TXT', host: 'note', value: 'hello', options: { ttl: 3600 } },
      });
      expect(added.isError, textOf(added)).toBeFalsy();
      expect(world.auditLines().slice(-2)).toMatchObject([
        {
          phase: 'intent',
          tool: 'deploi_add_domain_record',
          confirmation: 'not-required',
          outcome: 'pending',
        },
        { phase: 'outcome', tool: 'deploi_add_domain_record', confirmation: 'not-required', outcome: 'ok' },
      ]);
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
