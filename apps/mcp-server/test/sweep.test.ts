import { readFileSync } from 'node:fs';
import { commands, needsConfirmation, parseInput } from '@hostkit/core';
import type { Client, Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks, type Json } from './checks';
import {
  CANARY,
  COMPOSITE_WRITES,
  canaryWorld,
  commandOf,
  EXAMPLE_SECRETS,
  examplesFor,
  jsonSchemaValidator,
  restorer,
} from './examples';
import {
  connectHttp,
  connectStdio,
  type HttpServer,
  startHttp,
  startWorld,
  textOf,
  type World,
} from './helpers';

// Every tool, end to end: the built bundle with `--toolsets all --no-confirm`, driven by the official
// client over stdio and over Streamable HTTP, against a sandbox with canary credentials. Each tool gets
// its shared example (test/examples.ts) on the freshly seeded state; its result is checked against its
// output schema and against the sandbox (test/checks.ts); then the audit log is checked against the
// mutating calls made, and every output for the canaries.

const ENVELOPE = ['success', 'message', 'messageId', 'status', 'statusmsg'];
/** The read a change makes just before it is sent, of what its undo puts back. */
const UNDO_READS: Record<string, string> = {
  deploi_update_domain_record: 'GetDomainRecords',
  deploi_delete_domain_record: 'GetDomainRecords',
  deploi_update_reverse_proxy: 'GetReverseProxyInfo',
  deploi_enable_waf: 'GetReverseProxyInfo',
  deploi_disable_waf: 'GetReverseProxyInfo',
  deploi_enable_geo_block: 'GetReverseProxyInfo',
  deploi_disable_geo_block: 'GetReverseProxyInfo',
  deploi_update_geo_block: 'GetReverseProxyInfo',
  seflow_suspendserver: 'checkstatus',
  seflow_activateserver: 'checkstatus',
  seflow_changeiproute: 'showportableip',
};
/** The read a list makes per row returned for the fields it joins in (per the API docs, not the code). */
const JOIN_READS: Record<string, string> = {
  deploi_get_servers: 'GetServerInfo',
  deploi_get_sites: 'GetSite',
};

/** An example's input as the registry command takes it (the MCP kubeconfig tool adds a file). */
function withoutFile(input: Record<string, unknown>): Record<string, unknown> {
  const { file: _file, ...rest } = input;
  return rest;
}
const COMPOSITES = [
  'hostkit_list_clients',
  'hostkit_find',
  'hostkit_diagnose',
  'hostkit_costs',
  'hostkit_wait_for_server',
  'hostkit_usage_chart',
  'hostkit_upsert_dns_record',
  'hostkit_change_set',
  'hostkit_undo',
];

describe.each(['stdio', 'http'] as const)('every tool end to end over %s', (transport) => {
  let world: World;
  let http: HttpServer | undefined;
  let client: Client;
  let tools: Tool[];
  /** Calls the audit log must hold, in call order, with how each was allowed. */
  const audited: [string, string][] = [];
  /** Every result's text and structured content, searched for secrets. */
  const outputs: string[] = [];

  beforeAll(async () => {
    world = await startWorld(canaryWorld);
    const args = ['--toolsets', 'all', '--no-confirm'];
    if (transport === 'http') {
      http = await startHttp(world, args);
      client = await connectHttp(http.url);
    } else {
      client = await connectStdio(world, { args });
    }
    tools = (await client.listTools()).tools;
  });
  afterAll(async () => {
    await client?.close();
    await http?.stop();
    await world?.sandbox.stop();
  });

  const structured = async (name: string, args: Record<string, unknown> = {}): Promise<Json> => {
    const result = await client.callTool({ name, arguments: args });
    outputs.push(JSON.stringify(result));
    expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
    return result.structuredContent;
  };

  it('lists all 103 registry commands and the 9 composites (over HTTP, all but the session tools)', () => {
    const session = transport === 'http' ? ['deploi_login', 'deploi_logout'] : [];
    expect(tools.map((t) => t.name).sort()).toEqual(
      [...commands.map((c) => c.tool).filter((t) => !session.includes(t)), ...COMPOSITES].sort(),
    );
  });

  it('calls every tool with a valid input: each result matches its output schema and the sandbox', {
    timeout: 120_000,
  }, async () => {
    const examples = examplesFor(world);
    const restore = restorer(world);
    const ajv = jsonSchemaValidator();
    // Not vacuous: a reply of the wrong shape fails.
    type Schema = Parameters<typeof ajv.compile>[0];
    const servers = (tools.find((t) => t.name === 'deploi_get_servers')?.outputSchema ?? {}) as Schema;
    expect(ajv.validate(servers, { success: true, servers: 'none' })).toBe(false);
    const failures: string[] = [];
    for (const tool of tools) {
      const example = examples[tool.name];
      if (!example) {
        failures.push(`${tool.name}: no example`);
        continue;
      }
      const command = commandOf(tool.name);
      const changes = command ? command.risk !== 'read' : tool.name in COMPOSITE_WRITES;
      // What the audit log must hold: every change, and every read a person had to allow (a kubeconfig).
      const asks =
        ['hostkit_upsert_dns_record', 'hostkit_change_set', 'hostkit_undo'].includes(tool.name) ||
        (command && needsConfirmation(command, parseInput(command, withoutFile(example.input))));
      restore(example);
      const before = world.sandbox.state.snapshot();
      world.sandbox.requests.clear();
      const result = await client.callTool({ name: tool.name, arguments: example.input });
      outputs.push(JSON.stringify(result));
      if (changes || asks) audited.push([tool.name, asks ? 'no-confirm' : 'not-required']);
      if (result.isError) {
        failures.push(`${tool.name}: ${textOf(result)}`);
        continue;
      }
      const r = result.structuredContent;
      if (tool.outputSchema) {
        const validate = ajv.compile(tool.outputSchema as Schema);
        if (!validate(r)) failures.push(`${tool.name}: output schema: ${ajv.errorsText(validate.errors)}`);
      } else if (command) {
        // Only replies that are the bare success envelope go without an output schema.
        const extra = Object.keys(r ?? {}).filter((k) => !ENVELOPE.includes(k));
        if (extra.length)
          failures.push(`${tool.name}: no output schema, yet the reply has ${extra.join(', ')}`);
      }
      // Exactly the command's own request reached the sandbox (after a login, if the session was new),
      // then one read per row returned for what a list joins in (a server's main IP).
      const sent = world.sandbox.requests
        .entries()
        .filter((e) => e.command !== 'Login' || command?.wire === 'Login');
      const rows = (r as Record<string, unknown> | undefined)?.[String(command?.list?.at)];
      const joins = command?.list?.join && Array.isArray(rows) ? rows.length : 0;
      // A creation reads its list before and after, to name what it made.
      const list = command?.creates && commandOf(command.creates.list)?.wire;
      const undoRead = UNDO_READS[tool.name];
      const expected = list
        ? [list, command?.wire, list]
        : [...(undoRead ? [undoRead] : []), command?.wire, ...Array(joins).fill(JOIN_READS[tool.name])];
      if (command && JSON.stringify(sent.map((e) => e.success && e.command)) !== JSON.stringify(expected))
        failures.push(`${tool.name}: sent ${JSON.stringify(sent.map((e) => [e.command, e.success]))}`);
      const after = world.sandbox.state.get();
      // Login and Logout change only the sessions, which the state does not hold.
      const session = tool.name === 'deploi_logout' || tool.name === 'deploi_login';
      if (changes && !session && JSON.stringify(after) === JSON.stringify(before))
        failures.push(`${tool.name}: the sandbox state did not change`);
      try {
        await checks[tool.name]?.({ r, before, after, example, world, call: structured });
        if (!checks[tool.name]) failures.push(`${tool.name}: no check`);
      } catch (e) {
        failures.push(`${tool.name}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('names for each change the read that shows whether it took effect, and that read answers', async () => {
    const examples = examplesFor(world);
    const failures: string[] = [];
    for (const command of commands.filter((c) => c.risk !== 'read' && c.check)) {
      const example = examples[command.tool];
      if (!example) continue;
      const check = command.check?.(parseInput(command, withoutFile(example.input)));
      const read = check && commandOf(check.tool);
      if (!check || read?.risk !== 'read') {
        failures.push(`${command.tool}: ${check?.tool} is not a read`);
        continue;
      }
      // What the write's input gives the read is enough to call it, or the read is named alone.
      const r = await client.callTool({ name: check.tool, arguments: check.input });
      if (r.isError)
        failures.push(`${command.tool}: ${check.tool} ${JSON.stringify(check.input)}: ${textOf(r)}`);
    }
    expect(failures).toEqual([]);
  });

  it('audits each change (and each read a person must allow) before and after, with no secret in it', () => {
    const lines = world.auditLines();
    expect(audited.length).toBeGreaterThan(50);
    const intents = lines.filter((l) => l.phase === 'intent');
    const outcomes = lines.filter((l) => l.phase === 'outcome');
    expect(intents.map((l) => [l.tool, l.confirmation])).toEqual(audited);
    expect(outcomes.map((l) => [l.tool, l.confirmation])).toEqual(audited);
    // Each intent is written before its outcome, and they name the same call.
    for (const [i, intent] of intents.entries()) {
      const outcome = outcomes[i];
      expect(outcome?.call).toBe(intent.call);
      expect(lines.indexOf(intent)).toBeLessThan(lines.indexOf(outcome as Json));
      expect(intent.outcome).toBe('pending');
      expect(outcome, String(intent.tool)).toMatchObject({ outcome: 'ok' });
    }
    const register = lines.find((l) => l.tool === 'deploi_register');
    expect(register?.arguments).toMatchObject({ password: '[redacted]', email: 'siri@dahl-design.example' });
    const text = readFileSync(world.auditPath, 'utf8');
    for (const secret of [...Object.values(CANARY), ...EXAMPLE_SECRETS]) expect(text).not.toContain(secret);
  });

  it('never shows a canary credential in any result', () => {
    expect(outputs.length).toBeGreaterThan(100);
    const all = outputs.join('\n');
    for (const secret of Object.values(CANARY)) expect(all).not.toContain(secret);
  });
});

// The session tools exist over stdio only (one client, one person): over HTTP they are not offered.
describe('the session tools over stdio', () => {
  let world: World;
  let client: Client;
  beforeAll(async () => {
    world = await startWorld(canaryWorld);
    client = await connectStdio(world, { args: ['--toolsets', 'all', '--no-confirm'] });
  });
  afterAll(async () => {
    await client?.close();
    await world?.sandbox.stop();
  });
  const structured = async (name: string, args: Record<string, unknown> = {}): Promise<Json> => {
    const result = await client.callTool({ name, arguments: args });
    expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
    return result.structuredContent;
  };

  it('adopts a Login as the server session, and logs in again with its own credentials after Logout', async () => {
    const restore = restorer(world);
    restore();
    const registration = examplesFor(world).deploi_register?.input ?? {};
    const { email, password } = registration as Json;
    await structured('deploi_register', registration);
    const login = await structured('deploi_login', { username: email, password });
    expect(login.data.token).toBe('[redacted]');
    // The server now acts as the new user: its (empty) client list, not the demo account's.
    expect((await structured('deploi_get_user_info')).userInfo.email).toBe(email);
    expect((await structured('deploi_get_user_info')).userInfo.accounts).not.toEqual([101, 102]);
    world.sandbox.requests.clear();
    await structured('deploi_logout');
    expect(world.commandsSent()).toEqual(['Logout']);
    const back = await structured('deploi_get_user_info');
    expect(back.userInfo.email).toBe(world.sandbox.credentials.deploi.username);
    expect(world.commandsSent()).toEqual(['Logout', 'Login', 'GetUserInfo']);
    restore();
  });

  it('keeps Login secrets out of results and errors', async () => {
    const { username } = world.sandbox.credentials.deploi;
    const wrong = 'Canary-Wrong-Pw-77e1d0';
    const refused = await client.callTool({ name: 'deploi_login', arguments: { username, password: wrong } });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('Email or Password Invalid');
    const code = '97531864';
    const bad = await client.callTool({
      name: 'deploi_login',
      arguments: { username, password: CANARY.deploiPassword, secondfactor: `${code}!` },
    });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain('secondfactor');
    const ok = await client.callTool({
      name: 'deploi_login',
      arguments: { username, password: CANARY.deploiPassword, secondfactor: code },
    });
    expect(ok.isError, textOf(ok)).toBeFalsy();
    for (const result of [refused, bad, ok]) {
      const all = JSON.stringify(result);
      for (const secret of [wrong, code, CANARY.deploiPassword, CANARY.tokenPrefix])
        expect(all).not.toContain(secret);
    }
  });

  it('audits Login and Logout, secrets redacted', () => {
    const session = world.auditLines().filter((l) => l.tool === 'deploi_login' || l.tool === 'deploi_logout');
    expect(session.filter((l) => l.phase === 'intent').length).toBeGreaterThanOrEqual(4);
    const text = readFileSync(world.auditPath, 'utf8');
    for (const secret of [CANARY.deploiPassword, 'Canary-Wrong-Pw-77e1d0', '97531864'])
      expect(text).not.toContain(secret);
  });
});
