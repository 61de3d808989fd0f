// Secrets: the sandbox runs with canary credentials (Deploi password, two-factor code, SeFlow key, and a
// prefix on every session token), and the built bundle is driven through every tool, valid and invalid
// input, faults, wrong credentials and a bare-token session. Then stdout (every JSON-RPC message), stderr,
// every file the servers wrote (the audit log included), every tool result and error, and the sandbox's
// own request log are searched for any piece of a canary.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isSecretKey } from '@hostkit/core';
import type { Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, startWorld, type World } from '../helpers';
import { accepts, hintsOf, invalidInputs, LOCAL_TOOLS, localTool, validInputs } from './inputs';
import { type CallResult, call, connectTapped, mapLimit, type Tapped } from './support';

const CANARY = {
  password: 'CANARYpw-7f3a9c2e1b5d',
  twoFactor: '90817263',
  seflowKey: 'CANARYkey-5d8e2f1a9c4b',
  tokenPrefix: 'canarytokzq',
  /** Put in every secret input field (passwords of new users, mailboxes, servers; auth codes). */
  input: 'CANARYin-4c1e9a7b-Qx8!',
  /** Wrong ones, for the refused-login process. */
  badTwoFactor: '31415926',
  badKey: 'CANARYbad-0a1b2c3d4e',
};

/** Any of these anywhere is a leak: each canary's head and tail, so a secret cut in two is still found. */
const NEEDLES = [
  'CANARYpw',
  '7f3a9c2e1b5d',
  'CANARYkey',
  '5d8e2f1a9c4b',
  'canarytok',
  'CANARYin',
  '4c1e9a7b',
  CANARY.twoFactor,
  CANARY.badTwoFactor,
  'CANARYbad',
  '0a1b2c3d4e',
];

let world: World;
const processes: Tapped[] = [];
const results: CallResult[] = [];
let calls = 0;
const leaks: string[] = [];
let scannedBytes = 0;

beforeAll(async () => {
  world = await startWorld({
    requireTwoFactor: true,
    credentials: {
      deploiPassword: CANARY.password,
      twoFactorCode: CANARY.twoFactor,
      seflowKey: CANARY.seflowKey,
      tokenPrefix: CANARY.tokenPrefix,
    },
  });
  world.env.HOSTKIT_DEPLOI_TOTP = CANARY.twoFactor;
}, 60_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.close()));
  await world?.sandbox.stop();
  console.log(
    `hardening/secrets: ${calls} tool calls over ${processes.length} server processes (every tool valid and invalid, faults, wrong credentials, bare token); ${(scannedBytes / 1024).toFixed(0)} KiB of stdout, stderr, files, results and sandbox log searched for ${NEEDLES.length} canary pieces; leaks found ${leaks.length}`,
  );
});

async function record(tapped: Tapped, name: string, args: Record<string, unknown>): Promise<CallResult> {
  calls++;
  const r = await call(tapped.client, name, args, 30_000);
  results.push(r);
  return r;
}

/** `args` with every secret field (password, auth code, key…) set to the input canary, where still valid. */
function withCanarySecrets(tool: string, args: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(args);
  const walk = (o: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string' && isSecretKey(k)) {
        o[k] = CANARY.input;
        if (!accepts(localTool(tool), out)) o[k] = v;
      } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>);
    }
  };
  walk(out);
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function scan(where: string, text: string): void {
  scannedBytes += text.length;
  for (const needle of NEEDLES) {
    let at = text.indexOf(needle);
    while (at >= 0) {
      leaks.push(`${where}: …${text.slice(Math.max(0, at - 60), at + 40)}…`);
      at = text.indexOf(needle, at + 1);
    }
  }
}

describe('secrets never leave', () => {
  it('keeps canary credentials out of stdout, stderr, files, the audit log, results and errors', async () => {
    const main = await connectTapped(world, {
      args: ['--toolsets', 'all', '--timeout', '3000'],
      elicitAccept: true,
    });
    processes.push(main);
    const { tools } = await main.client.listTools();
    const hints = hintsOf(world);

    // Every tool, valid then invalid input; reads first, then writes, the session tools last.
    const session = (t: Tool) => /^deploi_(login|logout|register|forgot_password)$/.test(t.name);
    const order = [
      ...tools.filter((t) => t.annotations?.readOnlyHint && !session(t)),
      ...tools.filter((t) => !t.annotations?.readOnlyHint && !session(t)),
      ...tools.filter(session),
    ];
    const jobs: { name: string; args: Record<string, unknown> }[] = [];
    for (const [i, tool] of order.entries()) {
      const [valid] = validInputs(tool, 7_000 + i, hints, 1);
      let args = withCanarySecrets(tool.name, valid ?? {});
      if (tool.name === 'hostkit_wait_for_server') args = { ...args, timeoutSeconds: 5, intervalSeconds: 6 };
      if (tool.name === 'deploi_login')
        args = {
          username: world.sandbox.credentials.deploi.username,
          password: CANARY.password,
          secondfactor: CANARY.twoFactor,
        };
      const [invalid] = invalidInputs(tool, 8_000 + i, hints, 1);
      jobs.push({ name: tool.name, args });
      if (invalid) jobs.push({ name: tool.name, args: withCanarySecrets(tool.name, invalid.args) });
    }
    const sessionStart = jobs.findIndex((j) => session({ name: j.name } as Tool));
    await mapLimit(jobs.slice(0, sessionStart), 8, (j) => record(main, j.name, j.args));
    for (const j of jobs.slice(sessionStart)) await record(main, j.name, j.args);
    expect(calls).toBeGreaterThanOrEqual(tools.length * 2 - 5);

    // Faults, with re-logins: the Login reply (which carries the token) cut, garbled, dropped; SeFlow
    // failures whose request URL carries the key; an API that echoes the secrets back in its message.
    const faults = world.sandbox.faults;
    const servers = { name: 'deploi_get_servers', args: {} };
    const status = {
      name: 'seflow_checkstatus',
      args: { serverid: world.sandbox.state.get().seflow.servers[0]?.name },
    };
    const record2 = (c: { name: string; args: Record<string, unknown> }) => record(main, c.name, c.args);
    for (const kind of ['truncated-json', 'html', 'reset', 'status'] as const) {
      faults.add({ kind: 'expire-token', command: 'GetServers', times: 1 });
      faults.add({
        ...(kind === 'status' ? { kind, status: 502 } : { kind }),
        command: 'Login',
        times: 3,
      } as Parameters<typeof faults.add>[0]);
      const cut = await record2(servers);
      // The re-login failed; a cut Login reply is quoted with its token redacted.
      expect(cut.text).toMatch(/Deploi .*Login/);
      if (kind === 'truncated-json') expect(cut.text).toContain('"token":"[redacted]');
      faults.clear();
      await record2(servers);
      faults.add({
        ...(kind === 'status' ? { kind, status: 500 } : { kind }),
        provider: 'seflow',
        times: 3,
      } as Parameters<typeof faults.add>[0]);
      await record2(status);
      faults.clear();
    }
    faults.add({ kind: 'latency', ms: 4000, provider: 'seflow', times: 1 });
    await record2(status);
    faults.clear();
    faults.add({
      kind: 'refuse',
      command: 'GetServers',
      message: `Bad login ${CANARY.password} with code ${CANARY.twoFactor}`,
      times: 1,
    });
    await record2(servers);
    faults.add({ kind: 'refuse', provider: 'seflow', message: `Key ${CANARY.seflowKey} refused`, times: 1 });
    await record2(status);
    faults.add({ kind: 'rate-limit', retryAfterSeconds: 90, times: 2 });
    await record2(servers);
    await record2(status);
    faults.clear();
    for (const kind of ['truncated-json', 'reset'] as const) {
      faults.add({
        kind,
        ...(kind === 'reset' ? { afterHandling: true } : {}),
        command: ['AddDomainRecord', 'changerdns'],
        times: 2,
      });
      const d = world.sandbox.state
        .get()
        .domains.find((x) => x.clientId === world.sandbox.state.get().clients[0]?.id);
      await record(main, 'deploi_add_domain_record', {
        domain: d?.name,
        type: 'TXT',
        host: `secret-${kind}`,
        value: 'v=spf1 -all',
        options: { ttl: 3600 },
      });
      const s = world.sandbox.state.get().seflow.servers[0];
      await record(main, 'seflow_changerdns', { ip: s?.primaryIp, rdns: `mail-${kind}.example.com` });
      faults.clear();
    }

    // A client that cannot elicit is refused every call that needs a yes, with the summary it would have
    // been asked: secrets in the arguments must not show there either.
    const preview = await connectTapped(world, { args: ['--toolsets', 'all'] });
    processes.push(preview);
    const asking = new Set(LOCAL_TOOLS.filter((t) => t.asks).map((t) => t.name));
    expect(asking.size).toBeGreaterThanOrEqual(45);
    for (const [i, tool] of tools.entries()) {
      if (!asking.has(tool.name)) continue;
      const [valid] = validInputs(tool, 9_000 + i, hints, 1);
      await record(preview, tool.name, withCanarySecrets(tool.name, valid ?? {}));
    }

    // Wrong two-factor code and wrong SeFlow key.
    const refused = await connectTapped(world, {
      args: ['--toolsets', 'all'],
      env: { HOSTKIT_DEPLOI_TOTP: CANARY.badTwoFactor, HOSTKIT_SEFLOW_KEY: CANARY.badKey },
    });
    processes.push(refused);
    for (const c of [
      servers,
      status,
      { name: 'hostkit_find', args: { query: 'web' } },
      { name: 'hostkit_list_clients', args: {} },
    ]) {
      const r = await record(refused, c.name, c.args);
      expect(r.isError || c.name === 'hostkit_find', r.text).toBe(true);
    }

    // A bare token (from a login outside the server): used as is, and refused once it expires.
    const login = (await (
      await fetch(world.sandbox.deploiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'hostkit-hardening-test' },
        body: JSON.stringify({
          command: 'Login',
          username: world.sandbox.credentials.deploi.username,
          password: CANARY.password,
          secondfactor: CANARY.twoFactor,
        }),
      })
    ).json()) as { data: { token: string; clients: { id: number }[] } };
    expect(login.data.token.startsWith(CANARY.tokenPrefix)).toBe(true);
    const {
      HOSTKIT_DEPLOI_USERNAME: _u,
      HOSTKIT_DEPLOI_PASSWORD: _p,
      HOSTKIT_DEPLOI_TOTP: _t,
      ...rest
    } = world.env;
    const bare = await connectTapped(
      { ...world, env: rest },
      {
        args: ['--toolsets', 'all'],
        env: {
          HOSTKIT_DEPLOI_TOKEN: login.data.token,
          HOSTKIT_DEPLOI_CLIENT_ID: String(login.data.clients[0]?.id),
        },
      },
    );
    processes.push(bare);
    expect((await record(bare, 'deploi_get_servers', {})).isError).toBe(false);
    faults.add({ kind: 'expire-token', times: 1 });
    const expired = await record(bare, 'deploi_get_servers', {});
    expect(expired.text).toMatch(/token alone cannot be renewed/);
    faults.clear();

    // The canaries were in use (logins with them succeeded), and the failures above really happened.
    expect(results.filter((r) => r.isError).length).toBeGreaterThan(100);
    expect(world.sandbox.requests.entries().some((e) => e.command === 'Login' && e.success)).toBe(true);

    await Promise.all(processes.map((p) => p.close()));
    for (const [i, p] of processes.entries()) {
      scan(`process ${i} stdout`, p.stdout.join('\n'));
      scan(`process ${i} stderr`, p.stderr());
    }
    for (const [i, r] of results.entries()) scan(`result ${i}`, JSON.stringify(r.raw ?? r.thrown ?? ''));
    for (const file of filesUnder(world.dir)) scan(file, readFileSync(file, 'utf8'));
    // The sandbox's log too, less the refusal this test wrote itself with secrets its request did not carry.
    const log = world.sandbox.requests
      .entries()
      .filter((e) => !(e.fault === 'refuse' && e.provider === 'deploi'));
    scan('sandbox request log', JSON.stringify(log));
    expect(world.auditLines().length).toBeGreaterThan(20);
    expect(leaks.slice(0, 10), `${leaks.length} leaks`).toEqual([]);
  }, 170_000);

  it('never re-sends the password to where a redirect points, and takes no secret on the command line', async () => {
    let caught = 0;
    const catcher = createServer((_req, res) => {
      caught++;
      res.end('{}');
    });
    const redirector = createServer((_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${(catcher.address() as AddressInfo).port}/` }).end();
    });
    await Promise.all(
      [catcher, redirector].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))),
    );
    try {
      const p = await connectTapped(world, {
        env: { HOSTKIT_DEPLOI_URL: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/` },
      });
      processes.push(p);
      const r = await record(p, 'deploi_get_servers', {});
      expect(r.isError).toBe(true);
      expect(r.text).toMatch(/HTTP 307/);
      expect(caught).toBe(0);
      scan('redirected call', JSON.stringify(r.raw) + p.stderr());
    } finally {
      catcher.close();
      redirector.close();
    }
    // A password flag does not exist: the server refuses to start rather than take it.
    const flag = await runBundle(['--password', CANARY.password], { PATH: process.env.PATH ?? '' });
    expect(flag.code).toBe(2);
    scan('--password refusal', flag.stderr + flag.stdout);
    expect(leaks).toEqual([]);
  }, 60_000);
});
