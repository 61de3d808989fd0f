import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getCommandByWire } from '../src/registry/registry';
import { parseInput, toWireFields } from '../src/registry/wire';
import { deploiSections, seflowActions } from './support/spec-sections';

// Every example of both references is kept as a fixture: verbatim where the docs are valid JSON,
// repaired (and the repair explained in docs/api-notes.md) where they are not.

interface DeploiFixture {
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  /** The tool input equivalent to `request`, where it cannot be read off the request. */
  input?: Record<string, unknown>;
  repaired?: { request?: string; response?: string };
}

interface SeflowFixture {
  request: Record<string, unknown>;
  responses: Record<string, unknown>[];
  repaired?: { request?: string; responses?: string };
}

const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const notes = readFileSync(fileURLToPath(new URL('../../../docs/api-notes.md', import.meta.url)), 'utf8');
const sections = deploiSections();

function load<T>(path: string): T {
  return JSON.parse(readFileSync(fixturesDir + path, 'utf8')) as T;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const fileOf = (wire: string, occurrence: number) =>
  occurrence === 1 ? `deploi/${wire}.json` : `deploi/${wire}.${occurrence}.json`;

describe('Deploi examples', () => {
  it('has the 95 sections of the reference, 94 distinct commands, and one fixture per section', () => {
    expect(sections).toHaveLength(95);
    expect(new Set(sections.map((s) => s.wire)).size).toBe(94);
    const expected = sections.map((s) => fileOf(s.wire, s.occurrence).slice('deploi/'.length)).sort();
    expect(readdirSync(`${fixturesDir}deploi`).sort()).toEqual(expected);
  });

  it('finds 40 of the 190 examples not valid JSON, each one repaired', () => {
    let invalid = 0;
    for (const s of sections) {
      if (tryParse(s.request) === undefined) invalid++;
      if (tryParse(s.response) === undefined) invalid++;
    }
    expect(invalid).toBe(40);
  });

  describe.each(sections)('$wire ($occurrence)', (section) => {
    const file = fileOf(section.wire, section.occurrence);
    const command = getCommandByWire(section.wire, 'deploi');

    it('is in the registry and has a fixture', () => {
      expect(command, `${section.wire} is not in the registry`).toBeDefined();
      expect(existsSync(fixturesDir + file), `${file} is missing`).toBe(true);
    });
    if (!command || !existsSync(fixturesDir + file)) return;
    const fixture = load<DeploiFixture>(file);

    it.each(['request', 'response'] as const)('keeps the %s verbatim or records its repair', (part) => {
      const doc = tryParse(section[part]);
      const repair = fixture.repaired?.[part];
      if (repair === undefined) {
        expect(doc, `${part} of ${section.wire} is not valid JSON in the docs: repair it`).toBeDefined();
        expect(fixture[part]).toEqual(doc);
      } else {
        expect(repair.length).toBeGreaterThan(10);
        expect(notes, `docs/api-notes.md does not mention ${section.wire}`).toContain(section.wire);
      }
    });

    it('request validates against the input and maps back to the same wire fields', () => {
      const { command: wire, token: _token, ...fields } = fixture.request;
      expect(wire).toBe(section.wire);
      const patch = Object.entries(command.patch ?? {}) as [string, string][];
      const flags = new Set(patch.map(([, flag]) => flag));
      const unset = new Set(patch.filter(([, flag]) => fields[flag] === false).map(([field]) => field));
      const derived = Object.fromEntries(
        Object.entries(fields).filter(([k]) => !flags.has(k) && !unset.has(k)),
      );
      const parsed = parseInput(command, fixture.input ?? derived) as Record<string, unknown>;
      const expected = Object.fromEntries(Object.entries(fields).filter(([k]) => !unset.has(k)));
      expect(toWireFields(command, parsed)).toEqual(expected);
    });

    it('response validates against the output', () => {
      const result = command.output.safeParse(fixture.response);
      expect(result.success, result.success ? '' : JSON.stringify(result.error.issues)).toBe(true);
    });
  });
});

describe('SeFlow examples', () => {
  const actions = seflowActions();

  it('has the 9 actions of the reference, one fixture each', () => {
    expect(actions).toHaveLength(9);
    expect(readdirSync(`${fixturesDir}seflow`).sort()).toEqual(actions.map((a) => `${a}.json`).sort());
  });

  describe.each(actions)('%s', (action) => {
    const command = getCommandByWire(action, 'seflow');
    const fixture = load<SeflowFixture>(`seflow/${action}.json`);

    it('request validates against the input', () => {
      expect(command).toBeDefined();
      if (command) expect(() => parseInput(command, fixture.request)).not.toThrow();
    });

    it('every documented reply validates against the output', () => {
      expect(fixture.responses.length).toBeGreaterThan(0);
      for (const response of fixture.responses) {
        const result = command?.output.safeParse(response);
        expect(result?.success, JSON.stringify(result?.error?.issues)).toBe(true);
      }
    });
  });
});
