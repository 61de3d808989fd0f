import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { NodeOf } from '../../../src/tree/nodes';
import { menuOffers } from '../../support/when-clause';
import { assert, assertEqual, hostkit, item, manifest, nodesOf, prompter } from './context';
import { eventually, test } from './harness';
import { sandbox } from './sandbox-control';

// Connecting to a server: the terminal Hostkit opens is checked by its command line. The ssh it runs
// is a stand-in that writes down its arguments: no connection is ever made.

async function server(name: string, clientId: number): Promise<NodeOf<'server'>> {
  const s = (await nodesOf((await hostkit()).servers, 'server')).find(
    (n) => n.server.name === name && n.scope.clientId === clientId,
  );
  assert(s, `${name} of client ${clientId} listed`);
  return s;
}

const fakeSsh = (() => {
  let path: string | undefined;
  return () => {
    if (path) return path;
    path = join(mkdtempSync(join(tmpdir(), 'hostkit-ssh-')), 'ssh');
    // Each run writes its arguments, one a line, to <path>.<n>.args.
    writeFileSync(
      path,
      '#!/bin/sh\nn=$(ls "$0".*.args 2>/dev/null | wc -l)\nprintf "%s\\n" "$@" > "$0.$n.args"\n',
    );
    chmodSync(path, 0o755);
    return path;
  };
})();

async function openTerminal(
  node: NodeOf<'server'>,
  run: number,
): Promise<{ options: vscode.TerminalOptions; ran: string[] }> {
  const terminal = (await vscode.commands.executeCommand('hostkit.servers.openSshTerminal', node)) as
    | vscode.Terminal
    | undefined;
  assert(terminal, 'a terminal was opened');
  const options = terminal.creationOptions as vscode.TerminalOptions;
  const file = `${fakeSsh()}.${run}.args`;
  await eventually(`the terminal ran ${fakeSsh()}`, () => existsSync(file), 20_000);
  const ran = readFileSync(file, 'utf8').trim().split('\n');
  terminal.dispose();
  return { options, ran };
}

test("Open SSH Terminal runs ssh to the main IP as the server's user, asked once and remembered", async () => {
  await vscode.workspace
    .getConfiguration('hostkit')
    .update('ssh.path', fakeSsh(), vscode.ConfigurationTarget.Global);
  const state = await sandbox.state();
  const web = await server('web-01', 101);
  const ip = state.servers.find((s) => s.id === web.server.id)?.mainip;
  prompter.reset();
  prompter.expect({ input: ['root; rm -rf /', 'admin'] });
  const first = await openTerminal(web, 0);
  prompter.done();
  assert(prompter.asked[0]?.rejected?.length === 1, 'a user name with a shell command in it is refused');
  assertEqual(first.options.shellPath, fakeSsh(), 'the terminal runs the configured ssh');
  assertEqual(first.options.shellArgs, [`admin@${ip}`], "the terminal's arguments");
  assertEqual(first.ran, [`admin@${ip}`], 'what ssh was started with');
  assertEqual(first.options.name, 'SSH web-01', 'terminal name');

  prompter.reset();
  const again = await openTerminal(web, 1);
  assertEqual(prompter.asked.length, 0, 'questions the second time');
  assertEqual(again.ran, [`admin@${ip}`], 'the remembered user');
});

test('a server the agent created is reached as the user it was created with (from the audit log)', async () => {
  const api = await hostkit();
  const files = await server('files-01', 102);
  const ip = (await sandbox.state()).servers.find((s) => s.id === files.server.id)?.mainip;
  mkdirSync(dirname(api.auditLog), { recursive: true });
  const record = {
    time: new Date().toISOString(),
    phase: 'outcome',
    call: 'c1',
    tool: 'deploi_create_virtual_server',
    arguments: { clientid: 102, name: 'files-01', username: 'deploy', password: '[redacted]' },
    confirmation: 'elicitation',
    outcome: 'ok',
  };
  writeFileSync(api.auditLog, `${JSON.stringify(record)}\n`, { flag: 'a' });
  prompter.reset();
  const opened = await openTerminal(files, 2);
  assertEqual(prompter.asked.length, 0, 'questions');
  assertEqual(opened.ran, [`deploy@${ip}`], 'what ssh was started with');
});

test('Open in portal opens the provider portal in the browser; Remote-SSH is offered only when installed', async () => {
  const api = await hostkit();
  prompter.reset();
  await vscode.commands.executeCommand('hostkit.servers.openInPortal', await server('web-01', 101));
  const ds = (await nodesOf(api.servers, 'server')).find((n) => n.server.name === 'DS-1042')!;
  await vscode.commands.executeCommand('hostkit.servers.openInPortal', ds);
  assertEqual(
    prompter.asked.filter((a) => a.kind === 'open').map((a) => a.text),
    ['https://portal.deploi.no', 'https://valhalla.seflow.net'],
    'pages opened',
  );
  const ctx = {
    view: 'hostkit.servers',
    viewItem: item(api.servers, ds).contextValue ?? '',
    'hostkit.remoteSsh': false,
  };
  assert(
    !menuOffers(manifest(), 'view/item/context', 'hostkit.servers.connectRemoteSsh', ctx),
    'not offered without Remote-SSH',
  );
  assert(
    menuOffers(manifest(), 'view/item/context', 'hostkit.servers.connectRemoteSsh', {
      ...ctx,
      'hostkit.remoteSsh': true,
    }),
    'offered with Remote-SSH',
  );
  assert(
    menuOffers(manifest(), 'view/item/context', 'hostkit.servers.openSshTerminal', ctx),
    'Open SSH Terminal offered',
  );
});
