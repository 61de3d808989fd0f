import { commandsInGroup, getCommandByWire } from '@hostkit/core';
import { describe, expect, it } from 'vitest';
import { handlersByGroup } from '../src/handlers/index';
import { startSandbox } from '../src/index';
import { deploi, session } from './support/http';

// Starting and stopping, the URL layout, the control API, and the handler maps' wiring.

describe('sandbox lifecycle', () => {
  it('starts on a free loopback port, serves both APIs, and stops cleanly', async () => {
    const sandbox = await startSandbox();
    expect(sandbox.deploiUrl).toBe(`http://127.0.0.1:${sandbox.port}/`);
    expect(sandbox.seflowUrl).toBe(`http://127.0.0.1:${sandbox.port}/seflow/api`);
    expect(sandbox.graphsBaseUrl).toBe(`http://127.0.0.1:${sandbox.port}/seflow/graphs/`);
    expect((await deploi(sandbox, { command: 'Ping' })).body.data).toBe('pong');
    // A kept-alive connection must not hold stop() up.
    await sandbox.stop();
    await sandbox.stop();
    await expect(fetch(sandbox.deploiUrl)).rejects.toThrow();
  });

  it('listens on a given port, which is free again after stop', async () => {
    const probe = await startSandbox();
    const port = probe.port;
    await probe.stop();
    const sandbox = await startSandbox({ port });
    expect(sandbox.port).toBe(port);
    await sandbox.stop();
    const again = await startSandbox({ port });
    await again.stop();
  });

  it('serves the state over the control API and resets it', async () => {
    const sandbox = await startSandbox();
    try {
      const call = await session(sandbox);
      await call('DeleteDomainRecord', {
        domain: 'nordlys.example',
        type: 'TXT',
        host: '@',
        value: 'v=spf1 mx a -all',
      });
      const remote = await (await fetch(new URL('state', sandbox.controlUrl))).json();
      expect(remote).toEqual(JSON.parse(JSON.stringify(sandbox.state.get())));
      expect(await (await fetch(new URL('reset', sandbox.controlUrl), { method: 'POST' })).json()).toEqual({
        reset: true,
      });
      const domain = sandbox.state.get().domains.find((d) => d.name === 'nordlys.example');
      expect(domain?.records.some((r) => r.value === 'v=spf1 mx a -all')).toBe(true);
      // Sessions are forgotten by a reset.
      expect((await call('GetServers')).body.message).toBe('Invalid token');
    } finally {
      await sandbox.stop();
    }
  });
});

describe('handler maps', () => {
  it('hold only commands of their own registry group', () => {
    for (const [group, map] of Object.entries(handlersByGroup)) {
      for (const wire of Object.keys(map)) {
        const command = getCommandByWire(wire, group === 'seflow' ? 'seflow' : 'deploi');
        expect(command?.group, `${group}/${wire}`).toBe(group);
      }
    }
  });

  it('cover every command of the groups written so far', () => {
    for (const group of [
      'account',
      'servers',
      'dns',
      'seflow',
      'monitoring',
      'domains',
      'firewalls',
      'waf',
      'billing',
      'sites',
      'wordpress',
      'databases',
      'email',
      'kubernetes',
      'backups',
    ]) {
      const wires = commandsInGroup(group).map((c) => c.wire);
      expect(wires.length, group).toBeGreaterThan(0);
      expect(Object.keys(handlersByGroup[group] ?? {}).sort(), group).toEqual(wires.sort());
    }
  });
});
