import { z } from 'zod';

/** A JSON Schema object as sent in `tools/list`. */
export type JsonSchema = Record<string, unknown>;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Drops what costs bytes in every `tools/list` and tells a client nothing: `$schema`, the ±2^53 bounds
 * zod gives every integer, a `pattern` beside a `format` that says the same (ipv4, cidrv4, email), and
 * `additionalProperties: {}` (allowed anyway).
 */
export function compactSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compactSchema);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  const source = value as JsonSchema;
  for (const [key, item] of Object.entries(source)) {
    if (key === '$schema') continue;
    if (key === 'maximum' && item === MAX_SAFE) continue;
    if (key === 'minimum' && item === -MAX_SAFE) continue;
    if (key === 'pattern' && typeof source.format === 'string') continue;
    if (key === 'additionalProperties' && isEmptyObject(item)) continue;
    // Keys under `properties` are field names, not keywords: only their values are compacted.
    out[key] = key === 'properties' ? mapValues(item, compactSchema) : compactSchema(item);
  }
  return out;
}

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

function mapValues(v: unknown, f: (x: unknown) => unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return f(v);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, f(x)]));
}

/** The JSON Schema of what a caller may send: zod's input view, compacted. */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  return compactSchema(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })) as JsonSchema;
}

/**
 * The JSON Schema of a parsed reply, which is what `structuredContent` carries. Replies are parsed
 * tolerantly: a number the API may send as a string comes out a number, a 0/1 flag a boolean. zod cannot
 * describe a transform's result, so a union whose every branch but the plain one is a transform is
 * described by that plain branch (`looseNumber` → number, `looseBoolean` → boolean); any other transform
 * becomes "anything", which stays true.
 */
export function outputJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', override: collapseLooseUnion });
  return compactSchema(json) as JsonSchema;
}

function collapseLooseUnion(ctx: { zodSchema: unknown; jsonSchema: JsonSchema }): void {
  const zod = ctx.zodSchema as { _zod?: { def?: { type?: string; options?: unknown[] } } };
  const def = zod._zod?.def;
  if (def?.type !== 'union' || !Array.isArray(def.options)) return;
  const plain = def.options.filter((o) => !isTransformed(o));
  if (plain.length !== 1 || plain.length === def.options.length) return;
  const branches = ctx.jsonSchema.anyOf;
  if (!Array.isArray(branches)) return;
  const index = def.options.indexOf(plain[0]);
  const kept = branches[index];
  if (typeof kept !== 'object' || kept === null) return;
  for (const key of Object.keys(ctx.jsonSchema)) {
    if (key !== 'description' && key !== 'title') delete ctx.jsonSchema[key];
  }
  Object.assign(ctx.jsonSchema, kept);
}

// A schema whose output is computed (a transform, or a pipe into one).
function isTransformed(schema: unknown): boolean {
  const def = (schema as { _zod?: { def?: { type?: string; out?: unknown; in?: unknown } } })._zod?.def;
  if (!def) return false;
  if (def.type === 'transform') return true;
  if (def.type === 'pipe') return isTransformed(def.out) || isTransformed(def.in);
  return false;
}
