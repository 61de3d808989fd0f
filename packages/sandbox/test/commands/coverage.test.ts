import { readdirSync, readFileSync } from 'node:fs';
import { commands, groups } from '@hostkit/core';
import { describe, expect, it } from 'vitest';

// A source-level guard for the acceptance "each of the 103 commands is called through the core
// clients against the sandbox": every tool name of the registry must be called in the test file of
// its group (test/commands/<group>.test.ts), and each of those files must drive the core clients.
// What each call asserts is the business of the group's tests; this only keeps none from being lost.

const dir = new URL('./', import.meta.url);

/** The source of each group's test file, with comments removed so a tool named only there does not count. */
const sources = new Map(
  readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts') && f !== 'coverage.test.ts')
    .map((f) => [
      f.slice(0, -'.test.ts'.length),
      readFileSync(new URL(f, dir), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, ''),
    ]),
);

const quoted = (name: string) => new RegExp(`(['"\`])${name}\\1`);

describe('command coverage of test/commands', () => {
  it('knows the 103 commands of the registry', () => {
    expect(commands).toHaveLength(103);
    expect(new Set(commands.map((c) => c.tool)).size).toBe(103);
  });

  it('has a test file per group that uses the core clients', () => {
    for (const group of groups) {
      const source = sources.get(group);
      expect(source, `test/commands/${group}.test.ts is missing`).toBeDefined();
      // Either the shared helper (which builds DeploiClient and SeflowClient) or a client made in the file.
      expect(source, group).toMatch(/startWithClients|new (Deploi|Seflow)Client\(/);
    }
  });

  it('calls every tool in the test file of its group', () => {
    const missing = commands
      .filter((c) => !quoted(c.tool).test(sources.get(c.group) ?? ''))
      .map((c) => `${c.tool} (test/commands/${c.group}.test.ts)`);
    expect(missing).toEqual([]);
  });

  it('names no tool the registry does not have', () => {
    const tools = new Set(commands.map((c) => c.tool));
    const unknown = [...sources].flatMap(([group, source]) =>
      [...source.matchAll(/['"`]((?:deploi|seflow)_[A-Za-z0-9_]+)['"`]/g)]
        .map((m) => m[1] ?? '')
        .filter((tool) => !tools.has(tool))
        .map((tool) => `${tool} (${group})`),
    );
    expect(unknown).toEqual([]);
  });
});
