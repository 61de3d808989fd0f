import * as vscode from 'vscode';
import { assert, assertEqual, hostkit, prompter } from './context';
import { test } from './harness';
import { mcpSession } from './mcp-client';
import { sandbox } from './sandbox-control';

test('the MCP definition provider hands VS Code a server that starts and lists tools', async () => {
  const api = await hostkit();
  assert(api.mcp, 'the MCP provider is registered (vscode.lm.registerMcpServerDefinitionProvider exists)');
  const defs = api.mcp.provideMcpServerDefinitions();
  assertEqual(defs.length, 1, 'one definition for the one Deploi account (with SeFlow)');
  const def = defs[0]!;
  const { deploi, seflow } = sandbox.credentials();
  const unresolved = JSON.stringify({ args: def.args, env: def.env, command: def.command });
  assert(
    !unresolved.includes(deploi.password) && !unresolved.includes(seflow.key),
    'no secret before resolve',
  );
  const resolved = await api.mcp.resolveMcpServerDefinition(def);
  assert(resolved, 'resolved');
  const env = resolved.env as Record<string, string>;
  assertEqual(env.HOSTKIT_DEPLOI_PASSWORD, deploi.password, 'Deploi password passed in the environment');
  assertEqual(env.HOSTKIT_SEFLOW_KEY, seflow.key, 'SeFlow key passed in the environment');
  assert(!resolved.args.join(' ').includes(deploi.password), 'no secret in the arguments');
  assert(resolved.args[0]?.endsWith('hostkit-mcp.mjs'), `bundled server: ${resolved.args[0]}`);

  const session = await mcpSession(resolved.command, resolved.args, env);
  try {
    const list = (await session.request('tools/list')) as { tools: { name: string }[] };
    const names = list.tools.map((t) => t.name);
    // The default listing (the MCP server's DEFAULT_TOOLS and the discovery meta-tools); every other tool
    // is callable without being listed, as deploi_get_servers is below.
    for (const t of ['deploi_get_domain_records', 'hostkit_wait_for_server', 'hostkit_search_tools']) {
      assert(names.includes(t), `${t} among ${names.length} tools: ${names.join(', ')}`);
    }
    const call = (await session.request('tools/call', {
      name: 'deploi_get_servers',
      arguments: { clientid: 101 },
    })) as {
      content?: { text?: string }[];
      isError?: boolean;
    };
    assert(
      !call.isError && JSON.stringify(call.content).includes('web-01'),
      'the server reached the sandbox with the signed-in credentials',
    );
  } finally {
    await session.close();
  }
});

test('the read-only setting reaches the MCP server', async () => {
  const api = await hostkit();
  const config = vscode.workspace.getConfiguration('hostkit');
  await config.update('mcp.readOnly', true, vscode.ConfigurationTarget.Global);
  try {
    const def = api.mcp!.provideMcpServerDefinitions()[0]!;
    assert(def.args.includes('--read-only'), `--read-only passed: ${def.args.join(' ')}`);
    const resolved = (await api.mcp!.resolveMcpServerDefinition(def))!;
    const session = await mcpSession(resolved.command, resolved.args, resolved.env as Record<string, string>);
    try {
      const names = ((await session.request('tools/list')) as { tools: { name: string }[] }).tools.map(
        (t) => t.name,
      );
      assert(
        !names.includes('deploi_add_firewall_rule'),
        `no write tool in read-only mode: ${names.join(', ')}`,
      );
      assert(names.includes('deploi_get_domain_records'), 'reads still there');
    } finally {
      await session.close();
    }
  } finally {
    await config.update('mcp.readOnly', undefined, vscode.ConfigurationTarget.Global);
  }
});

test('signing out removes the account and its secrets', async () => {
  const api = await hostkit();
  const account = api.accounts.byProvider('seflow')[0]!;
  prompter.reset();
  await vscode.commands.executeCommand('hostkit.accounts.signOut', { kind: 'account', id: 'x', account });
  assertEqual(api.accounts.byProvider('seflow').length, 0, 'SeFlow accounts after sign-out');
  assertEqual(await api.accounts.readSecrets(account.id), {}, 'secrets after sign-out');
  // Leave the Deploi account and the views open: the runner reads the workbench afterwards.
  await vscode.commands.executeCommand('workbench.view.extension.hostkit');
});
