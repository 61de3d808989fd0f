import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, canaryWorld, examplesFor } from '../examples';
import { startWorld, textOf, type World } from '../helpers';
import { connectTapped, type Tapped } from './support';

// Secrets in replies that drifted off their schema: the reply as sent goes to the model (unparsedReply)
// beside what matched, so it must be redacted as the typed output is. At MCP log level debug, with
// confirmations accepted, none of the secrets may reach a result, a notifications/message, the audit log
// or stderr: a mailbox password echoed back, an auth code the API sends after all, a login reply that
// drifted (its token).

let world: World;
let tapped: Tapped;

const EPP = 'EPP-canary-authcode-61f0d3';

beforeAll(async () => {
  world = await startWorld(canaryWorld);
  tapped = await connectTapped(world, { args: ['--toolsets', 'all'], elicitAccept: true });
  await tapped.client.setLoggingLevel('debug');
});
afterAll(async () => {
  await tapped?.close();
  await world?.sandbox.stop();
});

describe('secrets in replies that drifted', () => {
  it('are redacted in unparsedReply and found nowhere else', async () => {
    const examples = examplesFor(world);
    const results: string[] = [];
    const call = async (name: string, fields: Record<string, unknown>, wire: string) => {
      world.sandbox.faults.add({ kind: 'extra-fields', command: wire, fields, times: 1 });
      const result = await tapped.client.callTool({ name, arguments: examples[name]?.input ?? {} });
      results.push(JSON.stringify(result));
      return result;
    };
    const mailboxPassword = String(examples.deploi_set_email_password?.input.password);
    // messageId a word: the envelope drifts, so the reply as sent is returned beside what matched.
    const mail = await call(
      'deploi_set_email_password',
      { messageId: 'soon', note: `password set to ${mailboxPassword}` },
      'SetEmailPassword',
    );
    expect(mail.isError, textOf(mail)).toBeFalsy();
    expect(mail.structuredContent).toMatchObject({
      unparsedReply: { messageId: 'soon', note: 'password set to [redacted]' },
    });
    const auth = await call(
      'deploi_send_domain_auth_code',
      { messageId: 'soon', authCode: EPP, data: { eppCode: EPP } },
      'GetDomainAuthCode',
    );
    expect(auth.isError, textOf(auth)).toBeFalsy();
    expect(auth.structuredContent).toMatchObject({
      unparsedReply: { authCode: '[redacted]', data: { eppCode: '[redacted]' } },
    });
    // A login reply whose client list drifted: the token in it is the session's.
    const login = await call('deploi_login', { clients: [{ id: 'first' }] }, 'Login');
    expect(login.structuredContent).toMatchObject({ unparsedReply: { data: { token: '[redacted]' } } });

    const canaries = [mailboxPassword, EPP, CANARY.deploiPassword, CANARY.seflowKey, CANARY.tokenPrefix];
    const places: Record<string, string> = {
      results: results.join('\n'),
      'every message on stdout (notifications/message too)': tapped.stdout.join('\n'),
      'audit log': readFileSync(world.auditPath, 'utf8'),
      stderr: tapped.stderr(),
    };
    const found: string[] = [];
    for (const [where, text] of Object.entries(places))
      for (const canary of canaries) if (text.includes(canary)) found.push(`${where}: ${canary}`);
    expect(found).toEqual([]);
    // The debug lines were sent (the arguments of each call), so their absence of secrets means something.
    expect(places['every message on stdout (notifications/message too)']).toMatch(
      /deploi_set_email_password: arguments .*\[redacted\]/,
    );
  });
});
