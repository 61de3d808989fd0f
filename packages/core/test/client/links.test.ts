import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTools } from '../../src/client/check-tools';
import { commands, getCommandByTool } from '../../src/registry/registry';
import { HOSTKIT_VERSION } from '../../src/version';

const deploiCount = commands.filter((c) => c.provider === 'deploi').length;

describe('client links to the rest of core', () => {
  it('names only read tools that exist as the check for a write', () => {
    // Every Deploi command of the reference is in the registry, so a check tool that is not is a bug.
    expect(deploiCount).toBeGreaterThanOrEqual(94);
    expect(checkTools.length).toBeGreaterThan(0);
    for (const tool of checkTools) {
      expect(getCommandByTool(tool)?.risk, tool).toBe('read');
    }
  });

  it('sends the version of package.json in the User-Agent', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(HOSTKIT_VERSION).toBe(pkg.version);
  });
});
