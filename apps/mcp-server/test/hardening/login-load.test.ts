// Login under load: 50 concurrent tool calls on an expired session, through the built bundle, make exactly
// one Login; every call succeeds, each command is sent once more after the refusal, and each write is
// applied once. Over stdio (one client) and over Streamable HTTP (per-request servers sharing one session).
import { manualClock } from '@hostkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHttp, type HttpServer, startHttp, startWorld, type World } from '../helpers';
import { call, connectTapped, type Tapped } from './support';

const CALLS = 50;
const TTL_MS = 60_000;
const clock = manualClock();

let world: World;
let stdio: Tapped;
let http: HttpServer;
let domain: string;
const figures: string[] = [];

beforeAll(async () => {
  world = await startWorld({ clock, tokenTtlMs: TTL_MS });
  const client = world.sandbox.state.get().clients[0]?.id;
  domain = world.sandbox.state.get().domains.find((d) => d.clientId === client)?.name ?? '';
  [stdio, http] = await Promise.all([
    connectTapped(world, { args: ['--toolsets', 'all'] }),
    startHttp(world, ['--toolsets', 'all']),
  ]);
}, 60_000);

afterAll(async () => {
  await stdio?.close();
  await http?.stop();
  await world?.sandbox.stop();
  console.log(`hardening/login-load: ${figures.join('; ')}`);
});

const READS = ['deploi_get_servers', 'deploi_get_domains', 'deploi_get_firewalls', 'deploi_get_account_info'];

/** The i-th of the concurrent calls: reads of several kinds, and every fifth a write (a new TXT record). */
function callFor(i: number, tag: string): { name: string; args: Record<string, unknown> } {
  if (i % 5 === 4)
    return {
      name: 'deploi_add_domain_record',
      args: { domain, type: 'TXT', host: `load-${tag}-${i}`, value: `v=${tag}-${i}`, options: { ttl: 3600 } },
    };
  const name = READS[i % READS.length] as string;
  // The server list's IP join would add reads of its own: this test counts one request per call.
  return { name, args: name === 'deploi_get_servers' ? { fields: ['id', 'name', 'status'] } : {} };
}

async function expireAndStorm(
  tag: string,
  run: (c: { name: string; args: Record<string, unknown> }) => Promise<{ isError: boolean; text: string }>,
): Promise<void> {
  // A live session first, then time moves past its lifetime: every call holds an expired token.
  expect((await run({ name: 'deploi_get_servers', args: {} })).isError).toBe(false);
  clock.advance(TTL_MS + 1000);
  world.sandbox.requests.clear();
  const calls = Array.from({ length: CALLS }, (_, i) => callFor(i, tag));
  const results = await Promise.all(calls.map(run));
  const log = world.sandbox.requests.entries();
  const logins = log.filter((e) => e.command === 'Login');
  const refused = log.filter((e) => e.message === 'Token expired');
  figures.push(
    `${tag}: ${CALLS} concurrent calls on an expired token → ${logins.length} Login, ${refused.length} refused and re-sent`,
  );
  expect(results.filter((r) => r.isError).map((r) => r.text)).toEqual([]);
  expect(logins.length).toBe(1);
  expect(logins[0]?.success).toBe(true);
  // Each call was refused at most once and then sent again with the new token.
  const sent = log.filter((e) => e.command !== 'Login');
  expect(sent.filter((e) => e.success).length).toBe(CALLS);
  expect(sent.length).toBe(CALLS + refused.length);
  // Each write applied exactly once.
  const records = world.sandbox.state.get().domains.find((d) => d.name === domain)?.records ?? [];
  for (const [i, c] of calls.entries()) {
    if (c.name !== 'deploi_add_domain_record') continue;
    expect(records.filter((r) => r.value === `v=${tag}-${i}`).length, `load-${tag}-${i}`).toBe(1);
  }
}

describe('login under load', () => {
  it(`makes exactly one Login for ${CALLS} concurrent calls on an expired token (stdio)`, async () => {
    await expireAndStorm('stdio', (c) => call(stdio.client, c.name, c.args));
  }, 60_000);

  it(`makes exactly one Login for ${CALLS} concurrent calls on an expired token (Streamable HTTP, 5 clients)`, async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, () => connectHttp(http.url)));
    try {
      let n = 0;
      await expireAndStorm('http', (c) =>
        call(clients[n++ % clients.length] as (typeof clients)[number], c.name, c.args),
      );
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  }, 60_000);
});
