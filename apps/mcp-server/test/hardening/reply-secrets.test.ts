import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubeconfigFor } from '@hostkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, canaryWorld } from '../examples';
import { startWorld, textOf, type World } from '../helpers';
import { connectTapped, type Tapped } from './support';

// Secrets in replies that succeeded, not only in errors: a message that echoes a credential, fields
// with secret names the docs never mention, a kubeconfig. None of them may reach a result (structured
// or text), the audit log or the server's stderr.

let world: World;
let tapped: Tapped;

const PLANTED = {
  apiKey: 'canary-reply-apikey-4c1e9b',
  password: 'Canary-Reply-Pw-71d0aa',
  nested: 'canary-reply-nested-secret-e2b7',
};

beforeAll(async () => {
  world = await startWorld(canaryWorld);
  tapped = await connectTapped(world, { args: ['--toolsets', 'all'], elicitAccept: true });
});
afterAll(async () => {
  await tapped?.close();
  await world?.sandbox.stop();
});

describe('secrets in successful replies', () => {
  it('finds none of them in results, text, the audit log or stderr', async () => {
    const results: string[] = [];
    const run = async (name: string, args: Record<string, unknown>) => {
      const result = await tapped.client.callTool({ name, arguments: args });
      expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
      results.push(JSON.stringify(result));
      return result;
    };
    // A read whose reply carries secret-named fields and a message echoing the account password.
    world.sandbox.faults.add({
      kind: 'extra-fields',
      command: 'GetServers',
      fields: {
        message: `Logged in with password ${CANARY.deploiPassword}`,
        apiKey: PLANTED.apiKey,
        owner: { password: PLANTED.password, credentials: { client_secret: PLANTED.nested } },
      },
      times: 1,
    });
    await run('deploi_get_servers', {});
    // A write whose reply echoes the SeFlow key in its message.
    world.sandbox.faults.add({
      kind: 'extra-fields',
      command: 'changerdns',
      fields: { statusmsg: `rDNS set (key ${CANARY.seflowKey})`, token: PLANTED.apiKey },
      times: 1,
    });
    const server = world.sandbox.state.get().seflow.servers[0];
    await run('seflow_changerdns', { ip: server?.primaryIp, rdns: 'mail.example.com' });
    // The kubeconfig: saved to a file, never returned.
    const cluster = world.sandbox.state.get().kubernetes[0];
    const file = join(world.dir, 'reply-secrets-kubeconfig.yaml');
    const kube = await run('deploi_get_kube_config', { id: cluster?.id, file });
    expect(kube.structuredContent).toMatchObject({ file });
    const kubeconfig = kubeconfigFor(cluster?.id ?? 0);
    expect(readFileSync(file, 'utf8')).toBe(kubeconfig);
    const kubeSecrets = [...kubeconfig.matchAll(/(?:token|certificate-authority-data):\s*(\S+)/g)].map(
      (m) => m[1] ?? '',
    );
    expect(kubeSecrets.length).toBeGreaterThanOrEqual(1);

    const canaries = [
      ...Object.values(PLANTED),
      CANARY.deploiPassword,
      CANARY.seflowKey,
      ...kubeSecrets,
      // The certificate block of the kubeconfig, in case it is not under a named field.
      ...[...kubeconfig.matchAll(/-----BEGIN CERTIFICATE-----\n([^\n]+)\n/g)].map((m) => m[1] ?? ''),
    ].filter((c) => c.length >= 8);
    const places: Record<string, string> = {
      results: results.join('\n'),
      'tool-result messages on stdout': tapped.stdout.join('\n'),
      'audit log': readFileSync(world.auditPath, 'utf8'),
      stderr: tapped.stderr(),
    };
    const found: string[] = [];
    for (const [where, text] of Object.entries(places))
      for (const canary of canaries) if (text.includes(canary)) found.push(`${where}: ${canary}`);
    expect(found).toEqual([]);
    // The planted fields are there, redacted: not vacuous.
    expect(places.results).toContain('"apiKey":"[redacted]"');
    expect(places.results).toContain('Logged in with password [redacted]');
  });

  it("finds none in a workflow's result either: a server name echoing the password, through hostkit_find", async () => {
    const first = world.sandbox.state.get().servers[0];
    if (!first) throw new Error('the sandbox seed has a server');
    world.sandbox.faults.add({
      kind: 'extra-fields',
      command: 'GetServers',
      fields: { servers: [{ id: first.id, name: `canary-host ${CANARY.deploiPassword}`, status: 'active' }] },
      times: 1,
    });
    const result = await tapped.client.callTool({
      name: 'hostkit_find',
      arguments: { query: 'canary-host' },
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    const shown = JSON.stringify(result);
    // Found, with the secret cut out of its name: not vacuous.
    expect(shown).toContain('canary-host [redacted]');
    expect(shown).not.toContain(CANARY.deploiPassword);
  });

  it('writes no known secret to the audit log, even in a field not named as one (a TXT record value)', async () => {
    const zone = world.sandbox.state.get().domains[0];
    if (!zone) throw new Error('the sandbox seed has a domain');
    const value = `verify ${CANARY.deploiPassword}`;
    const result = await tapped.client.callTool({
      name: 'deploi_add_domain_record',
      arguments: { domain: zone.name, type: 'TXT', host: 'canary-txt', value, options: { ttl: 300 } },
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    // Sent as asked (the person confirmed what the model wrote): not vacuous.
    const sent = world.sandbox.state
      .get()
      .domains.find((d) => d.name === zone.name)
      ?.records.some((r) => r.type === 'TXT' && r.value === value);
    expect(sent).toBe(true);
    const audit = readFileSync(world.auditPath, 'utf8');
    expect(audit).toContain('canary-txt');
    expect(audit).not.toContain(CANARY.deploiPassword);
  });
});
