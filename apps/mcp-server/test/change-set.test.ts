import type { SandboxState } from '@hostkit/sandbox';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { restorer } from './examples';
import { connectStdio, startWorld, textOf, type World } from './helpers';

// hostkit_change_set over the official client against the sandbox: a repoint of every record of one
// IP across the zones of two clients asks a person once and leaves the sandbox as an independent
// computation of the change says; one invalid change sends nothing; a failure half-way reports exactly
// the part applied, which hostkit_undo then reverts.

type Obj = Record<string, unknown>;

const OLD = '192.0.2.21';
const NEW = '192.0.2.77';
/** A zone of client 101, which the tests give a record pointing at OLD (the IP of a server of client 102). */
const ELSEWHERE = { domain: 'nordlys.example', type: 'A', options: { ttl: 900 } };

/** Every A record as `zone|host|value`, sorted: what the DNS says. */
function aRecords(state: SandboxState): string[] {
  return state.domains
    .flatMap((d) =>
      d.records.filter((r) => r.type === 'A').map((r) => `${d.name}|${r.host}|${r.value}|${r.ttl}`),
    )
    .sort();
}

describe('hostkit_change_set', () => {
  let world: World;
  let client: Client;
  let restore: () => void;
  let asked: string[] = [];
  beforeAll(async () => {
    world = await startWorld();
    restore = restorer(world);
    client = await connectStdio(world, {
      args: ['--toolsets', 'all'],
      elicit: 'accept',
      onElicit: (message) => {
        asked.push(message);
      },
    });
  });
  afterAll(async () => {
    await client?.close();
    await world?.sandbox.stop();
  });
  beforeEach(async () => {
    restore();
    // Client 101's zone gets a record pointing at client 102's server, so OLD is in two clients' zones.
    world.sandbox.state.update((s) => {
      const zone = s.domains.find((d) => d.name === ELSEWHERE.domain);
      zone?.records.push({
        type: 'A',
        host: 'legacy.nordlys.example',
        value: OLD,
        ttl: 900,
        service: '',
        protocol: '',
        priority: 0,
        weight: 0,
        port: 0,
      });
    });
    asked = [];
    world.sandbox.requests.clear();
  });

  const call = async (name: string, args: Obj) => {
    const r = await client.callTool({ name, arguments: args });
    return { r, text: textOf(r), structured: r.structuredContent as Obj };
  };
  const writes = () =>
    world.sandbox.requests.entries().filter((e) => !/^(Get|Login|check|show)/.test(e.command));

  it('repoints every record of one IP across the zones of two clients, asking once', async () => {
    const before = world.sandbox.state.snapshot();
    const owners = new Set(
      before.domains
        .filter((d) => d.records.some((r) => r.type === 'A' && r.value === OLD))
        .map((d) => d.clientId),
    );
    expect([...owners].sort()).toEqual([101, 102]);
    // The oracle: the same records with the new address, everything else as it was.
    const expected = aRecords(before)
      .map((r) => r.replace(`|${OLD}|`, `|${NEW}|`))
      .sort();
    const done = await call('hostkit_change_set', { changes: [{ kind: 'repoint', from: OLD, to: NEW }] });
    expect(done.r.isError, done.text).toBeFalsy();
    expect(asked).toHaveLength(1);
    const moved = aRecords(before).filter((r) => r.includes(`|${OLD}|`));
    // The person saw every record that changes, with both values.
    for (const r of moved) {
      const [, host] = r.split('|');
      expect(asked[0]).toContain(`"${host}": "${OLD}" → "${NEW}"`);
    }
    const after = world.sandbox.state.snapshot();
    expect(aRecords(after)).toEqual(expected);
    expect(done.structured).toMatchObject({ total: moved.length });
    expect((done.structured.applied as unknown[]).length).toBe(moved.length);
    // Nothing but those records changed.
    const strip = (s: SandboxState) => s.domains.map((d) => d.records.filter((r) => r.type !== 'A'));
    expect(strip(after)).toEqual(strip(before));
    expect(writes().map((e) => e.command)).toEqual(moved.map(() => 'UpdateDomainRecord'));
  });

  it('sends nothing, and asks nothing, when one change is invalid', async () => {
    const before = world.sandbox.state.snapshot();
    const done = await call('hostkit_change_set', {
      changes: [
        { kind: 'repoint', from: OLD, to: NEW },
        {
          kind: 'call',
          tool: 'deploi_add_firewall_rule',
          arguments: {
            id: 1,
            'src-cidr': '0.0.0.0/0',
            'src-ip': '192.0.2.1',
            'src-port': 70000,
            'dst-ip': '10.0.0.1',
            'dst-port': 80,
          },
        },
        {
          kind: 'delete_records',
          records: [{ domain: 'nordlys.example', type: 'TXT', host: '@', value: 'no such value' }],
        },
      ],
    });
    expect(done.r.isError).toBe(true);
    expect(done.text).toMatch(/^Nothing was sent: 2 problems/);
    expect(done.text).toContain('change 2 (deploi_add_firewall_rule): src-port:');
    expect(done.text).toContain('change 3: "nordlys.example" has no TXT record');
    expect(asked).toEqual([]);
    expect(writes()).toEqual([]);
    expect(world.sandbox.state.snapshot()).toEqual(before);
  });

  it('stops at a failure half-way, reports exactly the applied part, and undoes it', async () => {
    const before = world.sandbox.state.snapshot();
    const moved = aRecords(before).filter((r) => r.includes(`|${OLD}|`));
    expect(moved.length).toBeGreaterThanOrEqual(3);
    // The second UpdateDomainRecord is refused as the API would refuse it.
    world.sandbox.faults.add({
      kind: 'refuse',
      command: 'UpdateDomainRecord',
      after: 1,
      times: 1,
      message: 'Record is locked',
    });
    const done = await call('hostkit_change_set', { changes: [{ kind: 'repoint', from: OLD, to: NEW }] });
    expect(done.r.isError).toBe(true);
    const applied = done.structured.applied as { step: number; what: string }[];
    const notApplied = done.structured.notApplied as unknown[];
    expect(applied).toHaveLength(1);
    expect(done.structured.failed).toMatchObject({
      step: 2,
      error: expect.stringContaining('Record is locked'),
    });
    expect(notApplied).toHaveLength(moved.length - 2);
    // The sandbox agrees: exactly one record moved.
    const now = aRecords(world.sandbox.state.snapshot());
    expect(now.filter((r) => r.includes(`|${NEW}|`))).toHaveLength(1);
    expect(done.text).toContain('1 call before it were applied');
    asked = [];
    const undone = await call('hostkit_undo', {});
    expect(undone.r.isError, undone.text).toBeFalsy();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain(`"${NEW}"`);
    expect(aRecords(world.sandbox.state.snapshot())).toEqual(aRecords(before));
  });

  it('deletes records and applies registry calls in one set, undone as one', async () => {
    const before = world.sandbox.state.snapshot();
    const zone = before.domains.find((d) => d.name === 'nordlys.example');
    const txt = zone?.records.find((r) => r.type === 'TXT');
    expect(txt).toBeDefined();
    const done = await call('hostkit_change_set', {
      changes: [
        {
          kind: 'delete_records',
          records: [{ domain: 'nordlys.example', type: 'TXT', host: txt?.host, value: txt?.value }],
        },
        {
          kind: 'call',
          tool: 'deploi_add_domain_record',
          arguments: { ...ELSEWHERE, host: 'new', value: NEW },
        },
      ],
    });
    expect(done.r.isError, done.text).toBeFalsy();
    expect(asked).toHaveLength(1);
    const after = world.sandbox.state.snapshot().domains.find((d) => d.name === 'nordlys.example');
    expect(after?.records.some((r) => r.type === 'TXT' && r.value === txt?.value)).toBe(false);
    expect(after?.records.some((r) => r.host === 'new.nordlys.example' && r.value === NEW)).toBe(true);
    expect((await call('hostkit_undo', {})).r.isError).toBeFalsy();
    const back = world.sandbox.state.snapshot().domains.find((d) => d.name === 'nordlys.example');
    const set = (rs: typeof back) => rs?.records.map((r) => JSON.stringify(r)).sort();
    expect(set(back)).toEqual(set(zone));
  });
});
