import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index';
import { session } from './support/http';

// The state file: written on change and at stop, read back at the next start.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hostkit-sandbox-'));
  dirs.push(dir);
  return join(dir, 'nested', 'state.json');
}

describe('state file', () => {
  it('keeps changes across restarts and ignores the seed once it exists', async () => {
    const stateFile = tempFile();
    const first = await startSandbox({ stateFile, seed: 11 });
    const call = await session(first);
    const added = await call('AddDomainRecord', {
      domain: 'hyttetur.example',
      type: 'TXT',
      host: 'persisted',
      value: 'still here',
      options: { ttl: 600 },
    });
    expect(added.body.success).toBe(true);
    // Saved on change, before stop.
    expect(readFileSync(stateFile, 'utf8')).toContain('persisted.hyttetur.example');
    await first.stop();

    const second = await startSandbox({ stateFile, seed: 99 });
    try {
      expect(second.state.get().seed).toBe(11);
      const records = (await (await session(second))('GetDomainRecords', { domain: 'hyttetur.example' })).body
        .records;
      expect(records).toContainEqual(
        expect.objectContaining({ host: 'persisted.hyttetur.example', value: 'still here' }),
      );
    } finally {
      await second.stop();
    }
  });

  it('refuses a file that is not a sandbox state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostkit-sandbox-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.json');
    writeFileSync(stateFile, '{"hello": "world"}');
    await expect(startSandbox({ stateFile })).rejects.toThrow(/not a Hostkit sandbox state/);
    writeFileSync(stateFile, '{ broken');
    await expect(startSandbox({ stateFile })).rejects.toThrow(/not valid JSON/);
  });
});
