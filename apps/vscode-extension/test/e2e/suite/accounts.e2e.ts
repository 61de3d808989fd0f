import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { assert, assertEqual, hostkit, prompter } from './context';
import { test } from './harness';
import { sandbox } from './sandbox-control';
import { uiCheckpoint } from './ui-checkpoint';

test('the Hostkit views are contributed and start signed out (welcome content)', async () => {
  const api = await hostkit();
  await vscode.commands.executeCommand('workbench.view.extension.hostkit');
  assertEqual(api.accounts.all().length, 0, 'accounts before sign-in');
  assertEqual(
    (await api.servers.getChildren()).length,
    0,
    'Servers roots when signed out (the welcome view shows)',
  );
  const commands = await vscode.commands.getCommands(true);
  for (const c of ['hostkit.accounts.signInDeploi', 'hostkit.domains.addRecord', 'hostkit.servers.restart']) {
    assert(commands.includes(c), `command ${c} is registered`);
  }
  const ui = await uiCheckpoint('signed-out');
  for (const pane of ['Servers', 'Domains', 'Firewalls'])
    assert(
      ui.panes.some((p) => p.includes(pane)),
      `${pane} view shown: ${ui.panes}`,
    );
  const welcome = ui.welcome.join('\n');
  for (const text of ['Sign in to Deploi', 'Sign in to SeFlow', 'Try the sandbox']) {
    assert(welcome.includes(text), `welcome content offers "${text}": ${welcome}`);
  }
});

test('Get Started opens the walkthrough: sign in, try the sandbox, find things, the agent tools', async () => {
  await vscode.commands.executeCommand('hostkit.accounts.openWalkthrough');
  const ui = await uiCheckpoint('walkthrough', { actions: [{ wait: 1500 }] });
  for (const text of [
    'Get started with Hostkit',
    'Sign in to your hosting',
    'Or try the sandbox',
    'Use the agent tools',
  ])
    assert(ui.editor.includes(text), `"${text}" in the walkthrough: ${ui.editor.slice(0, 600)}`);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

test('Deploi sign-in asks for the two-factor code and keeps secrets in SecretStorage only', async () => {
  const api = await hostkit();
  const { deploi } = sandbox.credentials();
  assert(deploi.twoFactorCode, 'the runner starts the sandbox with two-factor on');
  prompter.reset();
  prompter.expect(
    { input: ['not-an-email', deploi.username] },
    { input: deploi.password },
    { input: ['12', deploi.twoFactorCode] },
  );
  const account = (await vscode.commands.executeCommand('hostkit.accounts.signInDeploi')) as
    | { id: string; clients: unknown[] }
    | undefined;
  prompter.done();
  assert(account, 'sign-in returned the account');
  assertEqual(account.clients.length, 2, 'clients of the demo login');
  // The core schemas refused the bad answers in the input boxes.
  assert(prompter.asked[0]?.rejected?.length === 1, 'the e-mail box refused "not-an-email"');
  assert(
    prompter.asked.some((a) => a.text.includes('two-factor')),
    'the two-factor code was asked for',
  );
  assert(prompter.asked[2]?.rejected?.length === 1, 'the two-factor box refused "12"');

  const secrets = await api.accounts.readSecrets(account.id);
  assertEqual(secrets.password, deploi.password, 'password in SecretStorage');
  assert(secrets.token && secrets.token.length > 8, 'session token in SecretStorage');
  const settingsText = readFileSync(process.env.HOSTKIT_E2E_SETTINGS_FILE ?? '', 'utf8');
  const config = JSON.stringify(vscode.workspace.getConfiguration('hostkit'));
  const metadata = JSON.stringify(api.accounts.all());
  for (const [where, text] of [
    ['settings.json', settingsText],
    ['hostkit settings', config],
    ['account metadata (globalState)', metadata],
  ]) {
    assert(!text?.includes(deploi.password), `no password in ${where}`);
    assert(!text?.includes(secrets.token), `no token in ${where}`);
    assert(!text?.includes(deploi.twoFactorCode), `no two-factor code in ${where}`);
  }
  assert(api.accounts.secretKeys().length === 1, 'one SecretStorage entry');
});

test('SeFlow sign-in checks the key and takes the server list', async () => {
  const api = await hostkit();
  const { seflow } = sandbox.credentials();
  const state = await sandbox.state();
  const ds1042 = state.seflow.servers.find((s) => s.name === 'DS-1042');
  prompter.reset();
  prompter.expect(
    { input: seflow.username },
    { input: seflow.key },
    { input: ['DS 1042=999.1.1.1', `DS-1042=${ds1042?.primaryIp}, DS-1043, DS-1044`] },
  );
  const account = (await vscode.commands.executeCommand('hostkit.accounts.signInSeflow')) as
    | { id: string }
    | undefined;
  prompter.done();
  assert(account, 'SeFlow sign-in returned the account');
  assertEqual((await api.accounts.readSecrets(account.id)).key, seflow.key, 'API key in SecretStorage');
  assert(!JSON.stringify(api.accounts.all()).includes(seflow.key), 'no API key in account metadata');
  assert(
    !readFileSync(process.env.HOSTKIT_E2E_SETTINGS_FILE ?? '', 'utf8').includes(seflow.key),
    'no API key in settings.json',
  );
  assertEqual(api.accounts.all().length, 2, 'Deploi and SeFlow side by side');
});
