import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getCommand, groups } from '@hostkit/core';
import { describe, expect, it } from 'vitest';

interface Manifest {
  main: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    views: Record<string, { id: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
    walkthroughs: { id: string; steps: { id: string; media: { markdown?: string } }[] }[];
    keybindings: { command: string; key: string; when: string }[];
    configuration: { properties: Record<string, { items?: { enum?: string[] } }> };
    mcpServerDefinitionProviders: { id: string }[];
  };
}

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const commandFiles = readdirSync(join(root, 'src', 'commands')).filter((f) => f.endsWith('-commands.ts'));
const source = commandFiles.map((f) => readFileSync(join(root, 'src', 'commands', f), 'utf8')).join('\n');
// Commands every view has are registered once for the three (`hostkit.${v}.refresh`).
const perView = [...source.matchAll(/registerCommand\(\s*`hostkit\.\$\{v\}\.([A-Za-z]+)`/g)].flatMap((m) =>
  ['servers', 'domains', 'firewalls'].map((v) => `hostkit.${v}.${m[1]}`),
);

describe('package.json', () => {
  const ids = pkg.contributes.commands.map((c) => c.command);

  it('names commands hostkit.<view>.<action> and registers every one it contributes', () => {
    const registered = [...source.matchAll(/registerCommand\(\s*'([^']+)'/g)]
      .map((m) => m[1])
      .concat(perView);
    for (const id of ids) {
      expect(id).toMatch(/^hostkit\.((servers|domains|firewalls|accounts)\.[a-z][A-Za-z]+|showOutput)$/);
      expect(registered, `${id} is registered`).toContain(id);
    }
    expect(new Set(registered)).toEqual(new Set(ids));
  });

  it('only puts contributed commands in menus', () => {
    for (const [menu, entries] of Object.entries(pkg.contributes.menus)) {
      for (const e of entries) expect(ids, `${menu}: ${e.command}`).toContain(e.command);
    }
  });

  it('activates lazily on its views, commands and MCP collection', () => {
    expect(pkg.activationEvents).not.toContain('*');
    expect(pkg.activationEvents).not.toContain('onStartupFinished');
    for (const v of ['hostkit.servers', 'hostkit.domains', 'hostkit.firewalls'])
      expect(pkg.activationEvents).toContain(`onView:${v}`);
    expect(pkg.activationEvents).toContain('onMcpCollection:hostkit.mcp');
    expect(pkg.main).toBe('./dist/extension.js');
  });

  it('has the three views with welcome content for signed-out users', () => {
    expect(pkg.contributes.views.hostkit?.map((v) => v.id)).toEqual([
      'hostkit.servers',
      'hostkit.domains',
      'hostkit.firewalls',
    ]);
    // The sign-in block once, in Servers (the top view); the others point there or to the sandbox.
    const [servers, ...others] = pkg.contributes.viewsWelcome;
    expect(servers?.view).toBe('hostkit.servers');
    for (const c of ['signInDeploi', 'signInSeflow', 'trySandbox', 'openWalkthrough'])
      expect(servers?.contents).toContain(`command:hostkit.accounts.${c}`);
    expect(others.map((w) => w.view)).toEqual(['hostkit.domains', 'hostkit.firewalls']);
    for (const w of others) {
      expect(w.contents).toContain('command:hostkit.accounts.trySandbox');
      expect(w.contents).not.toContain('command:hostkit.accounts.signInDeploi');
    }
  });

  it('has a walkthrough whose media are packaged, and its own keys for refresh and filter', () => {
    const steps = pkg.contributes.walkthroughs[0]?.steps ?? [];
    expect(steps.map((s) => s.id)).toEqual(['signIn', 'trySandbox', 'explore', 'agent']);
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8');
    expect(ignore).toContain('!media/walkthrough/**');
    for (const s of steps) expect(existsSync(join(root, s.media.markdown ?? 'missing'))).toBe(true);
    for (const v of ['servers', 'domains', 'firewalls'])
      for (const action of ['refresh', 'filter']) {
        const kb = pkg.contributes.keybindings.find((k) => k.command === `hostkit.${v}.${action}`);
        expect(kb?.when).toBe(`focusedView == hostkit.${v}`);
      }
  });

  it("offers exactly core's groups (plus hostkit and all) as MCP toolsets", () => {
    const e = pkg.contributes.configuration.properties['hostkit.mcp.toolsets']?.items?.enum ?? [];
    expect(new Set(e)).toEqual(new Set(['all', 'hostkit', ...groups]));
    expect(pkg.contributes.mcpServerDefinitionProviders.map((p) => p.id)).toEqual(['hostkit.mcp']);
  });

  it('calls only tools that exist in core', () => {
    const src = [
      'tree/servers-provider.ts',
      'tree/domains-provider.ts',
      'tree/firewalls-provider.ts',
      'ui/bandwidth-panel.ts',
      'accounts/sign-in.ts',
    ]
      .map((f) => readFileSync(join(root, 'src', f), 'utf8'))
      .join('\n');
    const tools = new Set(
      [...`${src}\n${source}`.matchAll(/'((?:deploi|seflow)_[a-z_]+)'/g)].map((m) => m[1] ?? ''),
    );
    expect(tools.size).toBeGreaterThan(20);
    for (const t of tools) expect(getCommand(t), t).toBeDefined();
  });
});
