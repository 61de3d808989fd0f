import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from './checks';
import { COMPOSITE_WRITES, CONFIRMED, canaryWorld, examplesFor, restorer } from './examples';
import {
  type ClientOptions,
  connectHttp,
  connectStdio,
  type HttpServer,
  startHttp,
  startWorld,
  textOf,
  type World,
} from './helpers';

// Confirmation for every destructive or billable registry command (from the registry, not a hand list)
// plus the DNS upsert composite, over stdio and HTTP: a declined elicitation sends nothing, an accepted
// one sends the command exactly once, and a client that cannot elicit gets a preview with a single-use
// id that runs the command once and is then refused, as is a tampered id or one issued for another tool.

type Setup = { decline: ClientOptions; accept: ClientOptions; preview: ClientOptions };

const setups: [string, Setup][] = [
  // stdio: the 2025-11-25 shim (elicitation/create) declines, the 2026-07-28 round trip accepts.
  [
    'stdio',
    {
      decline: { era: 'legacy', elicit: 'decline' },
      accept: { era: 'modern', elicit: 'accept' },
      preview: {},
    },
  ],
  // HTTP: only 2026-07-28 can elicit; the stateless 2025-11-25 leg always gets the id.
  [
    'http',
    {
      decline: { era: 'modern', elicit: 'decline' },
      accept: { era: 'modern', elicit: 'accept' },
      preview: { era: 'legacy', elicit: 'accept' },
    },
  ],
];

const TOOLS = [
  ...CONFIRMED.map((c) => ({ name: c.tool, writes: [c.wire] })),
  {
    name: 'hostkit_upsert_dns_record',
    writes: [...(COMPOSITE_WRITES.hostkit_upsert_dns_record ?? [])],
  },
];

describe.each(setups)('confirmation of every destructive or billable tool over %s', (transport, setup) => {
  let world: World;
  let http: HttpServer | undefined;
  const clients: Partial<Record<keyof Setup, Client>> = {};
  const asked: string[] = [];

  beforeAll(async () => {
    world = await startWorld(canaryWorld);
    const args = ['--toolsets', 'all'];
    if (transport === 'http') http = await startHttp(world, args);
    for (const key of ['decline', 'accept', 'preview'] as const) {
      const options = { ...setup[key], args, onElicit: (m: string) => asked.push(m) };
      clients[key] = http ? await connectHttp(http.url, options) : await connectStdio(world, options);
    }
  });
  afterAll(async () => {
    for (const c of Object.values(clients)) await c?.close();
    await http?.stop();
    await world?.sandbox.stop();
  });

  it('lists them all from the registry', () => {
    expect(CONFIRMED.length).toBeGreaterThanOrEqual(30);
    expect(CONFIRMED.every((c) => c.risk === 'destructive' || c.billable)).toBe(true);
  });

  it('runs a write that is neither destructive nor billable (Register) without asking, password redacted', async () => {
    const restore = restorer(world);
    restore();
    const registration = examplesFor(world).deploi_register?.input ?? {};
    world.sandbox.requests.clear();
    const audited = world.auditLines().length;
    const result = await (clients.preview as Client).callTool({
      name: 'deploi_register',
      arguments: registration,
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(world.commandsSent()).toEqual(['Register']);
    expect(world.auditLines().slice(audited)).toEqual([
      expect.objectContaining({
        tool: 'deploi_register',
        confirmation: 'not-required',
        outcome: 'ok',
        arguments: expect.objectContaining({ password: '[redacted]' }),
      }),
    ]);
    restore();
  });

  it('declined: nothing sent; accepted: sent once; preview and id: nothing, then once, then refused', {
    timeout: 120_000,
  }, async () => {
    const examples = examplesFor(world);
    const restore = restorer(world);
    const failures: string[] = [];
    const audited: [string, string][] = [];
    const auditedBefore = world.auditLines().length;
    let previousId: string | undefined;
    for (const { name, writes } of TOOLS) {
      const example = examples[name];
      if (!example) throw new Error(`no example for ${name}`);
      const fail = (what: string) => failures.push(`${name}: ${what}`);
      /** Restores the seeded state, clears the request log, and calls `name` with the client given. */
      const attempt = async (who: keyof Setup, extra: Record<string, unknown> = {}, reset = true) => {
        if (reset) restore(example);
        const before = JSON.stringify(world.sandbox.state.get());
        world.sandbox.requests.clear();
        const result = await (clients[who] as Client).callTool({
          name,
          arguments: { ...example.input, ...extra },
        });
        const entries = world.sandbox.requests.entries();
        const mutating = entries.filter((e) => writes.includes(e.command));
        const reads = entries.filter((e) => !writes.includes(e.command) && e.command !== 'Login');
        return { result, mutating, reads, unchanged: JSON.stringify(world.sandbox.state.get()) === before };
      };
      // Registry commands send nothing at all before confirmation; the composite reads first.
      const nothingSent = (a: Awaited<ReturnType<typeof attempt>>, step: string) => {
        if (a.mutating.length || (!(name in COMPOSITE_WRITES) && a.reads.length))
          fail(`${step}: sent ${[...a.reads, ...a.mutating].map((e) => e.command).join(', ')}`);
        if (!a.unchanged) fail(`${step}: the state changed`);
        if (!a.result.isError) fail(`${step}: not refused`);
      };
      const sentOnce = (a: Awaited<ReturnType<typeof attempt>>, step: string) => {
        if (a.result.isError) fail(`${step}: ${textOf(a.result)}`);
        else if (a.mutating.length !== 1 || !a.mutating[0]?.success)
          fail(`${step}: sent ${JSON.stringify(a.mutating.map((e) => [e.command, e.success]))}`);
      };

      asked.length = 0;
      const declined = await attempt('decline');
      nothingSent(declined, 'declined');
      if (!textOf(declined.result).includes('declined')) fail(`declined: ${textOf(declined.result)}`);
      audited.push([name, 'declined']);
      const message = asked[0] ?? '';

      sentOnce(await attempt('accept'), 'accepted');
      audited.push([name, 'elicitation']);

      const preview = await attempt('preview');
      nothingSent(preview, 'preview');
      const sc = preview.result.structuredContent as Json;
      if (!sc?.confirmationRequired || !/^hk_/.test(sc.confirmationId ?? ''))
        fail(`preview: ${textOf(preview.result)}`);
      // The same summary the elicitation showed, and the id in the text for clients that read only text.
      if (message !== `${sc?.summary}\n\nGo ahead?`) fail(`the elicitation said ${JSON.stringify(message)}`);
      if (!textOf(preview.result).includes(sc?.confirmationId)) fail('preview text lacks the id');
      const id = String(sc?.confirmationId);

      // An id issued for another tool is refused (and used up).
      if (previousId) {
        const foreign = await attempt('preview', { confirmationId: previousId });
        nothingSent(foreign, 'id of another tool');
        if (!textOf(foreign.result).includes('different arguments'))
          fail(`foreign id: ${textOf(foreign.result)}`);
      }
      const tampered = await attempt('preview', { confirmationId: `${id.slice(0, -2)}xx` });
      nothingSent(tampered, 'tampered id');

      sentOnce(await attempt('preview', { confirmationId: id }), 'confirmed by id');
      audited.push([name, 'confirmation-id']);
      const reused = await attempt('preview', { confirmationId: id });
      nothingSent(reused, 'reused id');
      if (!textOf(reused.result).includes('already used')) fail(`reused: ${textOf(reused.result)}`);

      // A fresh preview leaves an id pending for the next tool to try.
      previousId = ((await attempt('preview')).result.structuredContent as Json)?.confirmationId;
    }
    expect(failures).toEqual([]);
    // One record per declined or executed call; previews and refused ids write none.
    const lines = world.auditLines().slice(auditedBefore);
    expect(lines.map((l) => [l.tool, l.confirmation])).toEqual(audited);
    expect(lines.filter((l) => l.confirmation === 'declined').every((l) => l.outcome === 'not-sent')).toBe(
      true,
    );
  });
});
