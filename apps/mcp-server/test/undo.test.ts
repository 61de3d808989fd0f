import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commands, undoReason } from '@hostkit/core';
import type { SandboxState } from '@hostkit/sandbox';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, EXAMPLE_SECRETS, examplesFor, restorer } from './examples';
import { connectStdio, startWorld, textOf, type World } from './helpers';

// The undo journal over the official client against the sandbox. For every command whose definition
// says how it is undone (and the upsert composite), the shared example is called and hostkit_undo then
// asked for: it asks a person once, and the sandbox's state is what it was before (the oracle is the
// state itself). Every other change is refused by hostkit_undo with its reason and nothing sent. The
// journal survives a restart of the server and holds no secret.

type Obj = Record<string, unknown>;

/**
 * The state an undo restores, compared as a person would: records and rules as sets (a record put back
 * comes last in its zone's list), without traffic counters (packets, bytes, WAF request counts) that no
 * API call sets, and without the event log of side effects.
 */
function settled(state: SandboxState): unknown {
  const sortAll = (v: unknown): unknown => {
    if (Array.isArray(v))
      return v.map(sortAll).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    if (v !== null && typeof v === 'object') {
      const out: Obj = {};
      for (const [k, x] of Object.entries(v as Obj))
        if (!['packets', 'bytes', 'stats'].includes(k)) out[k] = sortAll(x);
      return out;
    }
    return v;
  };
  const { events: _e, ...rest } = state as SandboxState & { events?: unknown };
  return sortAll(rest);
}

function diffOf(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a as Obj), ...Object.keys(b as Obj)]);
    return [...keys].flatMap((k) => diffOf((a as Obj)[k], (b as Obj)[k], `${path}.${k}`));
  }
  return [`${path}: ${JSON.stringify(a)?.slice(0, 200)} → ${JSON.stringify(b)?.slice(0, 200)}`];
}

/** Every string and number in a value. */
function leafValues(v: unknown): (string | number)[] {
  if (typeof v === 'string' || typeof v === 'number') return [v];
  if (Array.isArray(v)) return v.flatMap(leafValues);
  if (v !== null && typeof v === 'object') return Object.values(v as Obj).flatMap(leafValues);
  return [];
}

/** The inverse calls' inputs of the newest change in the journal (read as a file: the oracle). */
function lastInverses(world: World): unknown[] {
  const lines = readFileSync(join(world.dir, 'undo-journal.jsonl'), 'utf8').split('\n').filter(Boolean);
  const change = lines
    .map((l) => JSON.parse(l) as { kind: string; steps?: { inverse?: { input: unknown }[] }[] })
    .filter((l) => l.kind === 'change')
    .at(-1);
  return (change?.steps ?? []).flatMap((s) => (s.inverse ?? []).map((i) => i.input));
}

const reversible = commands.filter((c) => c.risk !== 'read' && c.undo && !('irreversible' in c.undo));
const sessionTools = ['deploi_login', 'deploi_logout'];
const irreversible = commands.filter(
  (c) => c.risk !== 'read' && !reversible.includes(c) && !sessionTools.includes(c.tool),
);

describe('hostkit_undo', () => {
  let world: World;
  let client: Client;
  let asked = 0;
  let message = '';
  beforeAll(async () => {
    world = await startWorld({ ...{ credentials: { ...CANARY } }, provisioningDelayMs: 120_000 });
    client = await connectStdio(world, {
      args: ['--toolsets', 'all'],
      elicit: 'accept',
      onElicit: (m) => {
        asked += 1;
        message = m;
      },
    });
  });
  afterAll(async () => {
    await client?.close();
    await world?.sandbox.stop();
  });

  const call = async (name: string, args: Obj) => {
    const r = await client.callTool({ name, arguments: args });
    return { r, text: textOf(r), structured: r.structuredContent as Obj | undefined };
  };

  it('covers the kinds the journal can undo', () => {
    expect(reversible.map((c) => c.tool).sort()).toEqual(
      [
        'deploi_add_domain_record',
        'deploi_update_domain_record',
        'deploi_delete_domain_record',
        'deploi_add_firewall_rule',
        'deploi_delete_firewall_rule',
        'deploi_update_reverse_proxy',
        'deploi_enable_waf',
        'deploi_disable_waf',
        'deploi_enable_geo_block',
        'deploi_disable_geo_block',
        'deploi_update_geo_block',
        'seflow_changerdns',
        'seflow_suspendserver',
        'seflow_activateserver',
        'seflow_changeiproute',
      ].sort(),
    );
  });

  it('puts back exactly what each reversible change replaced, asking first', {
    timeout: 120_000,
  }, async () => {
    const examples = examplesFor(world);
    const restore = restorer(world);
    const failures: string[] = [];
    for (const tool of [...reversible.map((c) => c.tool), 'hostkit_upsert_dns_record']) {
      const example = examples[tool];
      if (!example) {
        failures.push(`${tool}: no example`);
        continue;
      }
      restore(example);
      // The reverse DNS SeFlow cannot read back is known once Hostkit has set it.
      if (tool === 'seflow_changerdns') {
        const first = await call(tool, { ...example.input, rdns: 'first.example.net' });
        if (first.r.isError) failures.push(`${tool} (first): ${first.text}`);
      }
      const before = settled(world.sandbox.state.snapshot());
      const done = await call(tool, example.input);
      if (done.r.isError) {
        failures.push(`${tool}: ${done.text}`);
        continue;
      }
      const changed = JSON.stringify(settled(world.sandbox.state.snapshot())) !== JSON.stringify(before);
      asked = 0;
      world.sandbox.requests.clear();
      const undone = await call('hostkit_undo', {});
      if (undone.r.isError) {
        failures.push(`${tool}: undo: ${undone.text}`);
        continue;
      }
      if (asked !== 1) failures.push(`${tool}: undo asked ${asked} times`);
      // The person saw every value the undo sends.
      for (const value of leafValues(lastInverses(world)))
        if (!message.includes(typeof value === 'string' ? JSON.stringify(value) : String(value)))
          failures.push(`${tool}: the undo's confirmation does not show ${JSON.stringify(value)}`);
      if (JSON.stringify(settled(world.sandbox.state.snapshot())) !== JSON.stringify(before)) {
        failures.push(`${tool}: the state after undo differs from before the change`);
        failures.push(...diffOf(before, settled(world.sandbox.state.snapshot())).slice(0, 3));
      }
      // An example that changed nothing (a switch already so) is undone without a call.
      const writes = world.sandbox.requests.entries().filter((e) => !/^(Get|check|show)/.test(e.command));
      if (changed && writes.length === 0)
        failures.push(`${tool}: undo sent nothing though the change did something`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses to undo what cannot be undone, saying why, sending nothing', { timeout: 120_000 }, async () => {
    const examples = examplesFor(world);
    const restore = restorer(world);
    const failures: string[] = [];
    let checked = 0;
    for (const command of irreversible) {
      const example = examples[command.tool];
      if (!example) {
        failures.push(`${command.tool}: no example`);
        continue;
      }
      restore(example);
      const done = await call(command.tool, example.input);
      if (done.r.isError) {
        failures.push(`${command.tool}: ${done.text}`);
        continue;
      }
      world.sandbox.requests.clear();
      asked = 0;
      const undone = await call('hostkit_undo', {});
      checked += 1;
      if (!undone.r.isError) failures.push(`${command.tool}: undo did not refuse: ${undone.text}`);
      if (!undone.text.includes(undoReason(command)))
        failures.push(`${command.tool}: the refusal does not give the reason: ${undone.text}`);
      if (asked !== 0) failures.push(`${command.tool}: asked a person for an undo that cannot happen`);
      if (world.sandbox.requests.entries().length) failures.push(`${command.tool}: sent requests`);
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(irreversible.length);
  });

  it('sends nothing when the person declines', async () => {
    restorer(world)();
    const record = {
      domain: 'nordlys.example',
      type: 'TXT',
      host: 'declined',
      value: 'stays',
      options: { ttl: 300 },
    };
    expect((await call('deploi_add_domain_record', record)).r.isError).toBeFalsy();
    const after = world.sandbox.state.snapshot();
    const declining = await connectStdio(world, { args: ['--toolsets', 'all'], elicit: 'decline' });
    try {
      world.sandbox.requests.clear();
      const r = await declining.callTool({ name: 'hostkit_undo', arguments: {} });
      expect(r.isError).toBe(true);
      expect(world.sandbox.requests.entries()).toEqual([]);
      expect(world.sandbox.state.snapshot()).toEqual(after);
    } finally {
      await declining.close();
    }
    // Still in the journal: a later yes undoes it.
    expect((await call('hostkit_undo', {})).r.isError).toBeFalsy();
  });

  it('survives a restart of the server, and holds no secret', { timeout: 60_000 }, async () => {
    const restore = restorer(world);
    restore();
    const record = {
      domain: 'nordlys.example',
      type: 'TXT',
      host: 'journal',
      value: 'kept',
      options: { ttl: 300 },
    };
    const before = settled(world.sandbox.state.snapshot());
    expect((await call('deploi_add_domain_record', record)).r.isError).toBeFalsy();
    await client.close();
    // A new server process, the same journal beside the same audit log.
    client = await connectStdio(world, { args: ['--toolsets', 'all'], elicit: 'accept' });
    const undone = await call('hostkit_undo', {});
    expect(undone.r.isError, undone.text).toBeFalsy();
    expect(settled(world.sandbox.state.snapshot())).toEqual(before);
    const journal = readFileSync(join(world.dir, 'undo-journal.jsonl'), 'utf8');
    expect(journal.split('\n').filter(Boolean).length).toBeGreaterThan(20);
    for (const secret of [...EXAMPLE_SECRETS, ...Object.values(CANARY)])
      expect(journal).not.toContain(secret);
  });
});
