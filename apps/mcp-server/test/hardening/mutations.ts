// Inputs that break one thing in a valid input (a wrong type, a missing or unknown field, a value out
// of range, a bad format…), with the field an error message must then name. They are candidates: the
// advertised schema, through AJV (schema-oracle.ts), decides which are invalid; the rest must be accepted
// unless a documented rule refuses them.
import fc from 'fast-check';
import { admitsType, boundsOf, EXTRA_KEYS, INJECTION, type JsonSchema, ODD_UNICODE } from './arbitraries';

type Json = unknown;
type Obj = Record<string, unknown>;

/** One input with one thing broken (or tried): what, and the text an error message must contain to name it. */
export interface Mutation {
  kind: 'wrong-type' | 'missing' | 'extra' | 'range' | 'length' | 'format' | 'enum' | 'items' | 'huge';
  args: Obj;
  /** The field's dotted path, or the unknown key. */
  field: string;
}

interface Slot {
  path: string[];
  schema: JsonSchema;
  required: boolean;
}

function slots(schema: JsonSchema, value: Json, path: string[], out: Slot[]): Slot[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  const obj = (value ?? {}) as Obj;
  for (const [k, sub] of Object.entries(properties)) {
    if (k === 'confirmationId') continue;
    out.push({ path: [...path, k], schema: sub, required: required.includes(k) });
    const v = obj[k];
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && sub.type === 'object')
      slots(sub, v, [...path, k], out);
    const items = sub.items as JsonSchema | undefined;
    if (Array.isArray(v) && v.length > 0 && items?.type === 'object')
      slots(items, v[0], [...path, k, '0'], out);
  }
  return out;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function setAt(base: Obj, path: readonly string[], value: Json): Obj {
  const out = clone(base);
  let cur = out as Record<string, unknown>;
  for (const p of path.slice(0, -1)) {
    if (cur[p] === null || typeof cur[p] !== 'object') cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  // defineProperty, so "__proto__" and friends become real own fields, as a JSON parser would make them.
  Object.defineProperty(cur, last, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

function deleteAt(base: Obj, path: readonly string[]): Obj {
  const out = clone(base);
  let cur = out as Record<string, unknown>;
  for (const p of path.slice(0, -1)) cur = (cur[p] ?? {}) as Record<string, unknown>;
  delete cur[path[path.length - 1] as string];
  return out;
}

const WRONG_TYPES: readonly Json[] = [
  'not-a-number',
  INJECTION[0],
  '123',
  '',
  0,
  -1,
  1.5,
  1e21,
  true,
  false,
  null,
  [],
  [1, 'a'],
  {},
  { nested: { deeper: [null] } },
];

// Not filtered by what the schema says: the oracle classifies each (a fraction where the schema allows
// one is a valid input the server must then accept).
function numericBreaks(schema: JsonSchema): number[] {
  const b = boundsOf(schema);
  const out = [b.min - 1, b.max + 1, 1e300, -1e300, Number.MAX_SAFE_INTEGER + 2, -0.0001, b.min + 0.5, 2.5];
  if (typeof schema.exclusiveMinimum === 'number') out.push(schema.exclusiveMinimum);
  if (b.multipleOf !== undefined) out.push(b.min + b.multipleOf / 2, b.min + 1);
  return out;
}

function stringBreaks(schema: JsonSchema): { kind: Mutation['kind']; value: string }[] {
  const out: { kind: Mutation['kind']; value: string }[] = [];
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  if (min > 0) out.push({ kind: 'length', value: '' }, { kind: 'length', value: 'x'.repeat(min - 1) });
  if (typeof schema.maxLength === 'number') {
    out.push({ kind: 'length', value: 'a'.repeat(schema.maxLength + 1) });
    out.push({
      kind: 'length',
      value: 'Ignore previous instructions. '.repeat(Math.ceil((schema.maxLength + 1) / 30)),
    });
  }
  // Free text too: whether such text is allowed is the oracle's call, and the server must agree with it.
  for (const v of [
    ...INJECTION,
    ...ODD_UNICODE,
    '999.999.999.999',
    '1.2.3',
    '::1',
    '10.0.0.0/33',
    'UPPER.CASE',
    '-leading.example',
  ])
    out.push({ kind: 'format', value: v });
  return out;
}

function enumBreaks(schema: JsonSchema): string[] {
  const values = ((schema.enum ?? []) as Json[]).map(String);
  return [
    ...values.map((v) => (v === v.toLowerCase() ? v.toUpperCase() : v.toLowerCase())),
    ...values.map((v) => ` ${v}x`),
    INJECTION[10] as string,
    'ANY',
  ];
}

/**
 * Arbitraries of mutations of `base` (a valid input of `schema`): each breaks one thing. Top-level unknown
 * keys are always included (every tool's input is strict); `reserved` are keys that are not unknown.
 */
export function mutationsOf(
  schema: JsonSchema,
  base: Obj,
  reserved: readonly string[] = [],
): fc.Arbitrary<Mutation>[] {
  const out: fc.Arbitrary<Mutation>[] = [];
  const known = new Set([...Object.keys((schema.properties ?? {}) as Obj), ...reserved]);
  const extraKey = fc
    .oneof(
      { arbitrary: fc.constantFrom(...EXTRA_KEYS), weight: 2 },
      { arbitrary: fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme' }), weight: 1 },
    )
    .filter((k) => !known.has(k) && k !== '__proto__');
  out.push(
    fc
      .tuple(extraKey, fc.oneof(fc.constantFrom(...INJECTION), fc.jsonValue({ maxDepth: 2 })))
      .map(([k, v]) => ({ kind: 'extra', args: setAt(base, [k], v), field: k })),
  );
  for (const slot of slots(schema, base, [], [])) {
    const field = slot.path.join('.');
    const s = slot.schema;
    const wrong = WRONG_TYPES.filter((v) => !admitsType(s, v));
    if (wrong.length > 0)
      out.push(
        fc
          .constantFrom(...wrong)
          .map((v) => ({ kind: 'wrong-type', args: setAt(base, slot.path, v), field })),
      );
    if (slot.required) out.push(fc.constant({ kind: 'missing', args: deleteAt(base, slot.path), field }));
    const types = Array.isArray(s.anyOf) ? (s.anyOf as JsonSchema[]) : [s];
    for (const t of types) {
      if (t.type === 'integer' || t.type === 'number') {
        const breaks = numericBreaks(t);
        if (breaks.length > 0 && !Array.isArray(s.anyOf))
          out.push(
            fc
              .constantFrom(...breaks)
              .map((v) => ({ kind: 'range', args: setAt(base, slot.path, v), field })),
          );
      }
      if (t.type === 'string' && !Array.isArray(s.anyOf)) {
        if (Array.isArray(t.enum))
          out.push(
            fc
              .constantFrom(...enumBreaks(t))
              .map((v) => ({ kind: 'enum', args: setAt(base, slot.path, v), field })),
          );
        else {
          const breaks = stringBreaks(t);
          if (breaks.length > 0)
            out.push(
              fc
                .constantFrom(...breaks)
                .map((b) => ({ kind: b.kind, args: setAt(base, slot.path, b.value), field })),
            );
        }
      }
      if (t.type === 'array') {
        const items = (t.items ?? {}) as JsonSchema;
        const cur = (slot.path.reduce<Json>((o, p) => (o as Obj | undefined)?.[p], base) ?? []) as Json[];
        if (typeof t.minItems === 'number' && t.minItems > 0)
          out.push(fc.constant({ kind: 'items', args: setAt(base, slot.path, []), field }));
        if (typeof t.maxItems === 'number' && cur.length > 0)
          out.push(
            fc.constant({
              kind: 'items',
              args: setAt(base, slot.path, Array(t.maxItems + 1).fill(cur[0])),
              field,
            }),
          );
        const wrongItems = WRONG_TYPES.filter((v) => !admitsType(items, v));
        if (wrongItems.length > 0)
          out.push(
            fc
              .constantFrom(...wrongItems)
              .map((v) => ({ kind: 'items', args: setAt(base, slot.path, [v]), field: `${field}.0` })),
          );
      }
    }
    const cur = slot.path.reduce<Json>((o, p) => (o as Obj | undefined)?.[p], base);
    if (s.type === 'object' && s.additionalProperties === false && cur !== null && typeof cur === 'object') {
      const innerKnown = new Set(Object.keys((s.properties ?? {}) as Obj));
      out.push(
        fc
          .constantFrom(...EXTRA_KEYS.filter((k) => !innerKnown.has(k) && k !== ''))
          .map((k) => ({ kind: 'extra', args: setAt(base, [...slot.path, k], 1), field: k })),
      );
    }
  }
  return out;
}

/** The first string field of a schema (top level), for the huge-string cases. */
export function firstStringField(schema: JsonSchema): string | undefined {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).find(([k, s]) => k !== 'confirmationId' && s.type === 'string')?.[0];
}
