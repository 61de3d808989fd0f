import * as vscode from 'vscode';
import { assert, assertEqual, hostkit, prompter } from './context';
import { eventually, test } from './harness';
import { mcpSession } from './mcp-client';
import { sandbox } from './sandbox-control';
import { uiCheckpoint } from './ui-checkpoint';

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

test("VS Code's own MCP client, started from the provider, lists the prompts and reads a resource", async () => {
  const api = await hostkit();
  assertEqual(api.mcp!.provideMcpServerDefinitions().length, 1, 'one Hostkit server definition');
  // The MCP commands need VS Code's AI features on (their precondition is the chat set-up shown).
  const chat = vscode.workspace.getConfiguration('chat');
  await chat.update('disableAIFeatures', false, vscode.ConfigurationTarget.Global);
  try {
    // VS Code's own MCP client starts every server it knows, here only the one the Hostkit provider
    // gives ("*": the server's id is VS Code's own; it listed it as "Hostkit (…) + SeFlow").
    // VS Code learns of the provider's server a moment after activation: start until its tools are live.
    await eventually(
      "VS Code's MCP client listing the Hostkit tools (as vscode.lm.tools)",
      async () => {
        await vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true });
        return vscode.lm.tools.some((t) => t.name.endsWith('hostkit_upsert_dns_record'));
      },
      30_000,
    );

    // Prompts: VS Code offers each as a chat slash command, /mcp.<server>.<prompt>.
    await vscode.commands.executeCommand('workbench.action.chat.open');
    const prompts = await uiCheckpoint('mcp-prompts', {
      actions: [{ wait: 1500 }, { type: '/mcp.' }, { wait: 1500 }],
    });
    const offered = prompts.suggestions.join('\n');
    for (const p of ['repoint-host', 'site-down', 'open-port', 'costs', 'stale-dns', 'new-server']) {
      assert(offered.includes(p), `VS Code offers the ${p} prompt; suggestions: ${offered}`);
    }
    await uiCheckpoint('mcp-prompts-closed', { actions: [{ press: 'Escape' }] });

    // Resources: MCP: Browse Resources lists what resources/list gives; picking one reads it.
    // A zone with records, from the sandbox's own state (the oracle for what the read must show).
    const domain = (await sandbox.state()).domains.find((d) => d.records.length > 0);
    assert(domain, 'the sandbox has a domain with records');
    const zone = domain.name;
    const before = await sandbox.lastSeq();
    void vscode.commands.executeCommand('workbench.mcp.browseResources');
    const picker = await uiCheckpoint('mcp-resources', {
      actions: [{ wait: 3000 }, { type: zone }, { wait: 2000 }],
    });
    assert(
      picker.quickInput.some((r) => r.includes(zone)),
      `the zone ${zone} among the resources VS Code lists: ${picker.quickInput.join(' | ')}`,
    );
    await uiCheckpoint('mcp-resource-open', { actions: [{ press: 'Enter' }, { wait: 1500 }] });
    const doc = await eventually('the zone resource opened in an editor', () =>
      vscode.workspace.textDocuments.find((d) => d.getText().includes(`$ORIGIN ${zone}.`)),
    );
    const sent = (await sandbox.since(before)).map((r) => r.command);
    assert(sent.includes('GetDomainRecords'), `VS Code's read reached the sandbox: ${sent.join(' ')}`);
    assert(doc.uri.scheme !== 'file', `a resource document, not a file: ${doc.uri.toString()}`);
    for (const r of domain.records)
      assert(doc.getText().includes(r.value), `the zone shows ${r.type} ${r.value}`);
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await chat.update('disableAIFeatures', undefined, vscode.ConfigurationTarget.Global);
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
