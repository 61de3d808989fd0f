import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGES, ROOT } from '../src/pack.js';
import { readJson } from '../src/variables.js';

// Every publishable package is MIT and carries the root LICENSE in its own folder, where npm, vsce and
// the .mcpb packer pick it up (the tarball tests check it is packed).
const licence = readFileSync(join(ROOT, 'LICENSE'), 'utf8');

describe('licence', () => {
  it('is MIT, 2026, Hostkit contributors', () => {
    expect(licence.split('\n')[0]).toBe('MIT License');
    expect(licence).toContain('Copyright (c) 2026 Hostkit contributors');
  });

  it.each(Object.entries(PACKAGES))('%s declares MIT and has the same LICENSE file', (_, dir) => {
    expect(readJson<{ license: string }>(dir, 'package.json').license).toBe('MIT');
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(licence);
  });
});
