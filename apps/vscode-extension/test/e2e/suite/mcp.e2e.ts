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
    const list = async () =>
      ((await session.request('tools/list')) as { tools: { name: string }[] }).tools.map((t) => t.name);
    // The default listing (a few everyday tools and the meta-tools); enabling a toolset lists the rest.
    const byDefault = await list();
    for (const t of ['deploi_get_domain_records', 'hostkit_search_tools', 'hostkit_enable_toolset']) {
      assert(byDefault.includes(t), `${t} among ${byDefault.length} tools`);
    }
    for (const toolset of ['servers', 'seflow']) {
      await session.request('tools/call', { name: 'hostkit_enable_toolset', arguments: { toolset } });
    }
    const names = await list();
    for (const t of ['deploi_get_servers', 'seflow_checkstatus']) {
      assert(names.includes(t), `${t} among ${names.length} tools once its toolset is enabled`);
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
      await session.request('tools/call', {
        name: 'hostkit_enable_toolset',
        arguments: { toolset: 'servers' },
      });
      const names = ((await session.request('tools/list')) as { tools: { name: string }[] }).tools.map(
        (t) => t.name,
      );
      assert(!names.includes('deploi_delete_domain_record'), 'no destructive tool in read-only mode');
      assert(!names.includes('deploi_restart_virtual_server'), 'no write tool once servers is enabled');
      assert(names.includes('deploi_get_servers'), 'reads still there');
      // Refused either as a tool the server does not have or as an error result.
      const refused = await session
        .request('tools/call', {
          name: 'deploi_delete_domain_record',
          arguments: { domain: 'example.com', id: 1 },
        })
        .then(
          (r) => (r as { isError?: boolean }).isError === true,
          () => true,
        );
      assert(refused, 'a write called by name is refused in read-only mode');
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
