import { type Diagnosis, diagnosis } from '@hostkit/core';
import { HEALTHY_HOST, TROUBLES } from '@hostkit/sandbox';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonSchemaValidator } from './examples';
import { connectStdio, startWorld, textOf, type World } from './helpers';

// hostkit_diagnose on the troubled demo, over the official client: for every fault the sandbox planted
// (its TROUBLES list is the oracle: where the fault sits and how bad it is), diagnosing the host a user
// would name finds it, outages rank first, and the fix the diagnosis gives, called as the agent would
// (a person confirming what needs it), clears it. The healthy host has no finding. Diagnosing changes
// nothing.

describe('hostkit_diagnose on the troubled demo', () => {
  let world: World;
  let client: Client;
  const rank = { outage: 0, degraded: 1, warning: 2 } as const;
  beforeAll(async () => {
    world = await startWorld({ scale: 'troubled', provisioningDelayMs: 300 });
    client = await connectStdio(world, { args: ['--toolsets', 'all'], elicit: 'accept' });
  });
  afterAll(async () => {
    await client?.close();
    await world?.sandbox.stop();
  });

  const diagnose = async (target: string): Promise<Diagnosis & { text: string }> => {
    const result = await client.callTool({ name: 'hostkit_diagnose', arguments: { target } });
    expect(result.isError, textOf(result)).toBeFalsy();
    return { ...diagnosis.parse(result.structuredContent), text: textOf(result) };
  };
  const planted = (d: Diagnosis, t: (typeof TROUBLES)[number]) =>
    d.findings.find((f) => f.where === t.where && f.severity === t.severity);

  it('advertises an output schema its results match', async () => {
    const tool = (await client.listTools()).tools.find((t) => t.name === 'hostkit_diagnose');
    expect(tool?.annotations).toMatchObject({ readOnlyHint: true });
    const validate = jsonSchemaValidator().compile(tool?.outputSchema as never);
    const { text: _t, ...structured } = await diagnose(TROUBLES[0].host);
    expect(validate(structured), JSON.stringify(validate.errors)).toBe(true);
  });

  it('finds every planted fault from the host name, outages first, changing nothing', async () => {
    const before = world.sandbox.state.snapshot();
    for (const t of TROUBLES) {
      const d = await diagnose(t.host);
      const found = planted(d, t);
      expect(found, `${t.host} (${t.fault}):\n${d.text}`).toBeDefined();
      // Ranked: no finding is worse than one before it.
      const ranks = d.findings.map((f) => rank[f.severity]);
      expect(ranks, d.text).toEqual([...ranks].sort((a, b) => a - b));
      // The path was followed, and the agent reads what it found in the text too.
      expect(d.path.length, d.text).toBeGreaterThan(1);
      expect(d.text).toContain(found?.title ?? '(none)');
      if (found?.fix) expect(d.text).toContain(found.fix.tool);
    }
    expect(world.sandbox.state.snapshot()).toEqual(before);
  });

  it('finds nothing wrong with the healthy host, and says so', async () => {
    const d = await diagnose(HEALTHY_HOST);
    expect(d.findings, d.text).toEqual([]);
    expect(d.text).toMatch(/^Nothing wrong found/);
    expect(d.path.map((h) => h.step)).toEqual(['zone', 'dns', 'server']);
  });

  it('says what it could not check for a name outside every zone, without inventing a fault', async () => {
    const d = await diagnose('shop.not-ours.example');
    expect(d.findings).toEqual([]);
    expect(d.unchecked?.join(' ')).toContain('"shop.not-ours.example" is in none of your Deploi zones');
  });

  it('clears each fault with the fix it gives, called as the agent would', { timeout: 120_000 }, async () => {
    for (const t of TROUBLES) {
      const found = planted(await diagnose(t.host), t);
      expect(found?.fix, `${t.host}: no fix given`).toBeDefined();
      if (!found?.fix) continue;
      const { fix } = found;
      const applied = await client.callTool({ name: fix.tool, arguments: fix.arguments });
      expect(applied.isError, `${t.host}: ${fix.tool}: ${textOf(applied)}`).toBeFalsy();
      // A server started again is up only once it has booted: the agent waits, as the fix's note says.
      if (fix.tool === 'deploi_restart_virtual_server') {
        const up = await client.callTool({
          name: 'hostkit_wait_for_server',
          arguments: { provider: 'deploi', id: fix.arguments.id, intervalSeconds: 1, timeoutSeconds: 30 },
        });
        expect(up.structuredContent, textOf(up)).toMatchObject({ ready: true });
      }
      const after = await diagnose(t.host);
      expect(planted(after, t), `${t.host} after ${fix.tool}:\n${after.text}`).toBeUndefined();
    }
    // Every planted host is healthy now.
    for (const host of new Set(TROUBLES.map((t) => t.host))) {
      const d = await diagnose(host);
      expect(d.findings, `${host}:\n${d.text}`).toEqual([]);
    }
  });
});
