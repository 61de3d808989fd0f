// Faults injected in the sandbox under a read and a write tool of each provider, through the built bundle:
// reads retry within limits and then fail with a clear message; writes are sent exactly once, and a lost
// reply is reported as "outcome unknown" naming the read that checks it; the next call after each fault
// succeeds. A short API timeout (--timeout) makes the latency case quick.
import type { FaultSpec } from '@hostkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../helpers';
import { type CallResult, call, codeOf, connectTapped, type Tapped, until } from './support';

// Long enough that three tries of a read with backoff fit well inside it on a busy machine.
const TIMEOUT_MS = 6000;
const LATENCY_MS = 7000;

interface Subject {
  tool: string;
  wire: string;
  provider: 'deploi' | 'seflow';
  write: boolean;
  /** The read tool a lost write names; undefined where the API has none (SeFlow reverse DNS). */
  checkWith?: string;
  args(n: number): Record<string, unknown>;
  /** Calls made so far (each call uses the next number, so writes never repeat a value). */
  n: number;
  /** Whether call number `n` took effect, read from the sandbox state. */
  applied?(n: number): boolean;
}

/** What a faulted call must give, and how many times its command must reach the sandbox. */
interface Expect {
  outcome: 'ok' | 'unknown' | 'error';
  code?: string;
  text?: RegExp;
  sent: number;
  /** For writes: whether the change happened (a reply lost after the command ran). */
  applied?: boolean;
}

interface Fault {
  name: string;
  /** Applied to the subject's command and provider only. */
  spec: FaultSpec;
  read: Expect | undefined;
  write: Expect | undefined;
  /** Only for Deploi (token expiry has no SeFlow counterpart: SeFlow sends its key on every request). */
  deploiOnly?: boolean;
}

const unknownWrite = (applied: boolean): Expect => ({
  outcome: 'unknown',
  code: 'outcome_unknown',
  text: /outcome of .* is unknown.*sent once and not retried/,
  sent: 1,
  applied,
});

const FAULTS: readonly Fault[] = [
  {
    name: `latency ${LATENCY_MS} ms past the ${TIMEOUT_MS} ms timeout`,
    spec: { kind: 'latency', ms: LATENCY_MS, times: 1 },
    read: {
      outcome: 'error',
      code: 'timeout',
      text: new RegExp(`did not answer .* within ${TIMEOUT_MS / 1000} s`),
      sent: 1,
    },
    write: unknownWrite(true),
  },
  {
    name: 'HTTP 500, three times',
    spec: { kind: 'status', status: 500, times: 3 },
    read: { outcome: 'error', code: 'http_status', text: /HTTP 500.*tried 3 times/, sent: 3 },
    write: unknownWrite(false),
  },
  {
    name: 'HTTP 503 once (a read retries and succeeds)',
    spec: { kind: 'status', status: 503, times: 1 },
    read: { outcome: 'ok', sent: 2 },
    write: { ...unknownWrite(false), text: /HTTP 503/ },
  },
  {
    name: 'HTTP 503, three times',
    spec: { kind: 'status', status: 503, times: 3 },
    read: { outcome: 'error', code: 'http_status', text: /HTTP 503.*tried 3 times.*try again/, sent: 3 },
    write: undefined,
  },
  {
    name: '429 with Retry-After: 1, once (honoured)',
    spec: { kind: 'rate-limit', retryAfterSeconds: 1, times: 1 },
    read: { outcome: 'ok', sent: 2 },
    write: {
      outcome: 'error',
      code: 'http_status',
      text: /HTTP 429.*not applied and not retried/,
      sent: 1,
      applied: false,
    },
  },
  {
    name: '429 with Retry-After: 0, three times',
    spec: { kind: 'rate-limit', retryAfterSeconds: 0, times: 3 },
    read: {
      outcome: 'error',
      code: 'http_status',
      text: /limiting the request rate.*tried 3 times/,
      sent: 3,
    },
    write: undefined,
  },
  {
    name: '429 with Retry-After: 120 (longer than worth waiting)',
    spec: { kind: 'rate-limit', retryAfterSeconds: 120, times: 1 },
    read: { outcome: 'error', code: 'http_status', text: /wait 120 s/, sent: 1 },
    write: undefined,
  },
  {
    name: 'an HTML page',
    spec: { kind: 'html', times: 1 },
    read: { outcome: 'error', code: 'bad_response', text: /HTML.*not an API reply/, sent: 1 },
    write: unknownWrite(false),
  },
  {
    name: 'truncated JSON (the command ran)',
    spec: { kind: 'truncated-json', times: 1 },
    read: { outcome: 'error', code: 'bad_response', text: /truncated or invalid JSON/, sent: 1 },
    write: unknownWrite(true),
  },
  {
    name: 'connection reset before handling, three times',
    spec: { kind: 'reset', times: 3 },
    read: { outcome: 'error', code: 'network', text: /Could not reach .*tried 3 times/, sent: 3 },
    write: unknownWrite(false),
  },
  {
    name: 'connection reset after handling (the command ran)',
    spec: { kind: 'reset', afterHandling: true, times: 1 },
    read: { outcome: 'ok', sent: 2 },
    write: unknownWrite(true),
  },
  {
    name: 'success:false / status:error',
    spec: { kind: 'refuse', message: 'Service temporarily unavailable (injected)', times: 1 },
    read: {
      outcome: 'error',
      code: 'api_error',
      text: /refused .*Service temporarily unavailable \(injected\)/,
      sent: 1,
    },
    write: {
      outcome: 'error',
      code: 'api_error',
      text: /refused .*Service temporarily unavailable \(injected\)/,
      sent: 1,
      applied: false,
    },
  },
  {
    name: 'token expiry',
    spec: { kind: 'expire-token', times: 1 },
    // The refused request was not run; one shared re-login, then it is sent again and succeeds.
    read: { outcome: 'ok', sent: 2 },
    write: { outcome: 'ok', sent: 2, applied: true },
    deploiOnly: true,
  },
];

let world: World;
let server: Tapped;
let subjects: Subject[];
const survived: string[] = [];
const failures: string[] = [];

beforeAll(async () => {
  world = await startWorld();
  server = await connectTapped(world, {
    args: ['--toolsets', 'all', '--timeout', String(TIMEOUT_MS)],
    elicitAccept: true,
  });
  const state = world.sandbox.state.get();
  const client = state.clients[0]?.id;
  const domain = state.domains.find((d) => d.clientId === client)?.name ?? '';
  const seflow = state.seflow.servers.filter((s) => s.status === 'active');
  const portable = state.seflow.portableIps[0]?.ip ?? '';
  const target = (n: number) => seflow[n % 2]?.primaryIp ?? '';
  expect(domain && seflow.length >= 2 && portable).toBeTruthy();
  subjects = [
    {
      n: 0,
      tool: 'deploi_get_servers',
      wire: 'GetServers',
      provider: 'deploi',
      write: false,
      args: () => ({}),
    },
    {
      n: 0,
      tool: 'deploi_add_domain_record',
      wire: 'AddDomainRecord',
      provider: 'deploi',
      write: true,
      checkWith: 'deploi_get_domain_records',
      args: (n) => ({ domain, type: 'A', host: `fault-${n}`, value: '192.0.2.10', options: { ttl: 3600 } }),
      applied: (n) =>
        (world.sandbox.state.get().domains.find((d) => d.name === domain)?.records ?? []).some(
          (r) => new RegExp(`^fault-${n}(\\.|$)`).test(r.host) && r.type === 'A',
        ),
    },
    {
      n: 0,
      tool: 'seflow_checkstatus',
      wire: 'checkstatus',
      provider: 'seflow',
      write: false,
      args: () => ({ serverid: seflow[0]?.name }),
    },
    {
      n: 0,
      tool: 'seflow_changeiproute',
      wire: 'changeiproute',
      provider: 'seflow',
      write: true,
      checkWith: 'seflow_showportableip',
      args: (n) => ({ portableip: portable, target_ip: target(n) }),
      applied: (n) =>
        world.sandbox.state.get().seflow.portableIps.find((p) => p.ip === portable)?.routedTo === target(n),
    },
    {
      n: 0,
      tool: 'seflow_changerdns',
      wire: 'changerdns',
      provider: 'seflow',
      write: true,
      args: (n) => ({ ip: seflow[0]?.primaryIp, rdns: `mail-${n}.example.com` }),
      applied: (n) =>
        world.sandbox.state.get().seflow.rdns[seflow[0]?.primaryIp ?? ''] === `mail-${n}.example.com`,
    },
  ];
}, 60_000);

afterAll(async () => {
  await server?.close();
  await world?.sandbox.stop();
  console.log(
    `hardening/faults: ${survived.length} fault cases survived of ${survived.length + failures.length} (${FAULTS.length} fault kinds × read and write tools of both providers), next call succeeded after each; ${failures.length} failed`,
  );
});

function countOf(wire: string): number {
  return world.sandbox.requests.entries().filter((e) => e.command.toLowerCase() === wire.toLowerCase())
    .length;
}

/** One faulted call and the call after it; problems go to `problems`. */
async function scenario(subject: Subject, fault: Fault, expected: Expect): Promise<string[]> {
  const problems: string[] = [];
  const n = ++subject.n;
  // The change must not be in place already (changeiproute toggles between two targets).
  if (subject.applied?.(n))
    problems.push(`${subject.tool} / ${fault.name}: set-up: call ${n} is applied already`);
  const before = countOf(subject.wire);
  const logins = countOf('Login');
  const id = world.sandbox.faults.add({ ...fault.spec, command: subject.wire, provider: subject.provider });
  const r: CallResult = await call(server.client, subject.tool, subject.args(n));
  // A latency fault answers after the client gave up: wait until the sandbox has handled it.
  await until(
    () => countOf(subject.wire) - before >= expected.sent,
    LATENCY_MS + 3000,
    `${subject.wire} in the log`,
  ).catch(() => undefined);
  world.sandbox.faults.remove(id);
  const sent = countOf(subject.wire) - before;
  const say = (m: string) =>
    problems.push(`${subject.tool} / ${fault.name}: ${m} — ${(r.thrown ?? r.text).slice(0, 240)}`);
  if (r.thrown) say(`threw ${r.thrown}`);
  if (expected.outcome === 'ok' && r.isError) say('expected success');
  if (expected.outcome !== 'ok') {
    if (!r.isError) say('expected an error result');
    if (expected.code && codeOf(r) !== expected.code) say(`code ${codeOf(r)}, expected ${expected.code}`);
    if (expected.text && !expected.text.test(r.text)) say(`message does not match ${expected.text}`);
  }
  if (sent !== expected.sent)
    say(`${subject.wire} reached the sandbox ${sent} times, expected ${expected.sent}`);
  if (expected.outcome === 'unknown') {
    if (subject.checkWith) {
      if (!r.text.includes(subject.checkWith)) say(`message does not name ${subject.checkWith}`);
      if (r.structured?.checkWith !== subject.checkWith)
        say(`structuredContent.checkWith is ${String(r.structured?.checkWith)}`);
    } else if (!/Check the current state/.test(r.text))
      say('message does not say to check the current state');
  }
  if (fault.spec.kind === 'expire-token' && countOf('Login') - logins !== 1)
    say(`${countOf('Login') - logins} logins after the token expired, expected 1`);
  if (
    subject.write &&
    expected.applied !== undefined &&
    subject.applied &&
    subject.applied(n) !== expected.applied
  )
    say(`applied ${subject.applied(n)}, expected ${expected.applied}`);
  if (subject.write) {
    const line = world.auditLines().findLast((l) => l.tool === subject.tool);
    if (line?.outcome !== expected.outcome)
      say(`audit outcome ${String(line?.outcome)}, expected ${expected.outcome}`);
  }
  // The next call, with no fault left, succeeds.
  const m = ++subject.n;
  const next = await call(server.client, subject.tool, subject.args(m));
  if (next.isError)
    problems.push(`${subject.tool} / ${fault.name}: the next call failed — ${next.text.slice(0, 240)}`);
  return problems;
}

describe('faults injected in the sandbox', () => {
  it('reads retry within limits then fail clearly; writes are sent once and lost replies are "outcome unknown"', async () => {
    for (const fault of FAULTS) {
      const cases = subjects.filter((s) => !(fault.deploiOnly && s.provider !== 'deploi'));
      const run = async (s: Subject) => {
        const expected = s.write ? fault.write : fault.read;
        if (!expected) return;
        const problems = await scenario(s, fault, expected);
        if (problems.length) failures.push(...problems);
        else survived.push(`${s.tool}: ${fault.name}`);
      };
      // Different commands do not interfere; an expired token does (it expires every session), so one at a time.
      if (fault.spec.kind === 'expire-token') for (const s of cases) await run(s);
      else await Promise.all(cases.map(run));
    }
    expect(failures).toEqual([]);
    expect(survived.length).toBeGreaterThanOrEqual(40);
    expect(server.alive()).toBe(true);
    expect(server.stderr()).not.toMatch(/unhandled|uncaught|hostkit-mcp: error/i);
  }, 170_000);
});
