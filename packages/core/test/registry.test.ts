import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderCommandsDoc } from '../scripts/commands-doc';
import {
  commands,
  commandsInGroup,
  getCommand,
  getCommandByTool,
  getCommandByWire,
  groups,
} from '../src/registry/registry';
import { deploiSections, readSpec, seflowActions } from './support/spec-sections';

// Drift guards: the registry against the references, and the generated docs against the registry.

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) {
    s = s.unwrap() as z.ZodType;
  }
  return s;
}

function undescribedFields(shape: Record<string, z.ZodType>, prefix = ''): string[] {
  const missing: string[] = [];
  for (const [key, field] of Object.entries(shape)) {
    const inner = unwrap(field);
    if (!field.description && !inner.description) missing.push(prefix + key);
    let element = inner;
    if (element instanceof z.ZodArray) element = unwrap(element.element as z.ZodType);
    if (element instanceof z.ZodObject) {
      missing.push(...undescribedFields(element.shape as Record<string, z.ZodType>, `${prefix + key}.`));
    }
  }
  return missing;
}

describe('the registry', () => {
  it('has exactly the 94 Deploi commands and the 9 SeFlow actions of the references', () => {
    const deploi = [...new Set(deploiSections().map((s) => s.wire))].sort();
    expect(deploi).toHaveLength(94);
    expect(
      commands
        .filter((c) => c.provider === 'deploi')
        .map((c) => c.wire)
        .sort(),
    ).toEqual(deploi);
    const seflow = seflowActions();
    expect(seflow).toHaveLength(9);
    expect(
      commands
        .filter((c) => c.provider === 'seflow')
        .map((c) => c.wire)
        .sort(),
    ).toEqual([...seflow].sort());
    expect(commands).toHaveLength(103);
  });

  it('gives every command a unique valid tool name prefixed by its provider', () => {
    const tools = commands.map((c) => c.tool);
    expect(new Set(tools).size).toBe(tools.length);
    for (const c of commands) {
      expect(c.tool).toMatch(/^[a-z0-9_]{1,64}$/);
      expect(c.tool.startsWith(`${c.provider}_`)).toBe(true);
    }
  });

  it('finds commands by tool name and by wire name', () => {
    for (const c of commands) {
      expect(getCommandByTool(c.tool)).toBe(c);
      expect(getCommandByWire(c.wire, c.provider)).toBe(c);
      expect(getCommand(c.tool)).toBe(c);
      expect(getCommand(c.wire)).toBe(c);
    }
    expect(getCommand('deploi_no_such_thing')).toBeUndefined();
  });

  it('puts every command in a group', () => {
    expect(groups.flatMap((g) => commandsInGroup(g))).toHaveLength(commands.length);
    for (const g of groups) expect(g).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it.each(commands.map((c) => [c.tool, c] as const))('%s is fully described', (_tool, c) => {
    expect(c.title.trim().length).toBeGreaterThan(3);
    expect(c.description.trim().length).toBeGreaterThan(30);
    expect(undescribedFields(c.input.shape as Record<string, z.ZodType>)).toEqual([]);
    expect(c.input.shape).not.toHaveProperty('token');
    expect(c.input.shape).not.toHaveProperty('command');
    if (c.auth === 'apikey') {
      expect(c.input.shape).not.toHaveProperty('key');
      expect(c.input.shape).not.toHaveProperty('username');
    }
  });

  it.each(commands.filter((c) => c.risk !== 'read').map((c) => [c.tool, c] as const))(
    '%s says what it changes, breaks or costs',
    (_tool, c) => {
      expect(c.description).toMatch(
        /bill|cost|charge|paid|delet|remov|lost|lose|stop|disrupt|unreachable|offline|downtime|replac|overwrit|expos|weaken|transfer|move|cancel|restor|undone|irrevers|revok|invalidat|suspend|interrupt|live|public/i,
      );
      if (c.billable) expect(c.description).toMatch(/bill|cost|charge|price|paid|money|invoice/i);
    },
  );

  it.each(commands.map((c) => [c.tool, c] as const))('%s converts to JSON Schema', (_tool, c) => {
    const input = z.toJSONSchema(c.input, { io: 'input' });
    expect(input.type).toBe('object');
    const output = z.toJSONSchema(c.output, { io: 'input' });
    expect(output.type).toBe('object');
  });

  it('derives patch inputs for every command whose wire uses setX flags', () => {
    const spec = readSpec('deploi-api.txt');
    const withFlags = new Set(
      deploiSections()
        .filter((s) => /"set[A-Za-z]+"?\s*:/.test(s.request))
        .map((s) => s.wire),
    );
    expect(spec.length).toBeGreaterThan(0);
    for (const wire of withFlags) {
      if (wire === 'OrderDomain') continue; // setOwner & co choose contacts, they are not a patch
      const c = getCommandByWire(wire, 'deploi');
      if (!c) throw new Error(`${wire} is not in the registry`);
      expect(c.patch, `${wire} uses setX flags but has no patch map`).toBeDefined();
      for (const [field, flag] of Object.entries(c.patch ?? {})) {
        const schema = (c.input.shape as Record<string, z.ZodType>)[field];
        expect(schema, `${wire}: patch field ${field} is not an input field`).toBeDefined();
        expect(schema?.safeParse(undefined).success, `${wire}: ${field} must be optional`).toBe(true);
        if (flag !== null) expect(Object.keys(c.input.shape)).not.toContain(flag);
      }
    }
  });

  it('matches the generated docs/commands.md (run `pnpm docs` after changing the registry)', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/commands.md', import.meta.url)), 'utf8');
    expect(doc).toBe(renderCommandsDoc(commands));
  });
});
