import { z } from 'zod';

/** A JSON Schema object as sent in `tools/list`. */
export type JsonSchema = Record<string, unknown>;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** What {@link compactSchema} drops besides what never tells a client anything. */
export interface CompactOptions {
  /** Drop `description` and `title` (output schemas: they validate `structuredContent`; the model reads the input side). */
  descriptions?: boolean;
}

/**
 * Drops what costs bytes in every `tools/list` and tells a client nothing: `$schema`, the ±2^53 bounds
 * zod gives every integer, a `pattern` beside a `format` that says the same (ipv4, cidrv4, email), a
 * record's `propertyNames: {type: string}`,
 * `additionalProperties: {}` (allowed anyway) and `false` (core's parseInput refuses unknown fields with a
 * message naming them, which is what a model needs), and an integer's `exclusiveMinimum: n`, which is
 * the shorter `minimum: n + 1`.
 */
export function compactSchema(value: unknown, options: CompactOptions = {}): unknown {
  if (Array.isArray(value)) return value.map((v) => compactSchema(v, options));
  if (value === null || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  const source = value as JsonSchema;
  const integer = source.type === 'integer';
  for (const [key, item] of Object.entries(source)) {
    if (key === '$schema') continue;
    if (key === 'maximum' && item === MAX_SAFE) continue;
    if (key === 'minimum' && item === -MAX_SAFE) continue;
    if (key === 'pattern' && typeof source.format === 'string') continue;
    if (key === 'additionalProperties' && (item === false || isEmptyObject(item))) continue;
    // JSON object keys are strings: z.record(z.string(), …) says nothing more.
    if (key === 'propertyNames' && isStringOnly(item)) continue;
    if (options.descriptions && (key === 'description' || key === 'title') && typeof item === 'string')
      continue;
    if (integer && key === 'exclusiveMinimum' && Number.isInteger(item)) {
      out.minimum = (item as number) + 1;
      continue;
    }
    if (integer && key === 'exclusiveMaximum' && Number.isInteger(item)) {
      out.maximum = (item as number) - 1;
      continue;
    }
    // Keys under `properties` and `$defs` are names, not keywords: only their values are compacted.
    out[key] =
      key === 'properties' || key === '$defs'
        ? mapValues(item, (x) => compactSchema(x, options))
        : compactSchema(item, options);
  }
  return out;
}

function isStringOnly(v: unknown): boolean {
  return (
    typeof v === 'object' && v !== null && Object.keys(v).length === 1 && (v as JsonSchema).type === 'string'
  );
}

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

function mapValues(v: unknown, f: (x: unknown) => unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return f(v);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, f(x)]));
}

// A definition this small costs less written out at each use than as a `$ref` plus its `$defs` entry.
const INLINE_BELOW = 120;

/**
 * Keeps `$defs` only for structures worth sharing (such as the four contacts of an OrderDomain): zod's
 * `reused: 'ref'` extracts every schema it meets twice, even a bare `{"type":"string"}` whose `$ref` is
 * longer, and one met once through a pipe's input and output.
 */
function inlineSmallDefs(schema: JsonSchema): JsonSchema {
  const defs = schema.$defs as Record<string, unknown> | undefined;
  if (!defs) return schema;
  const uses = new Map<string, number>();
  const count = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(count);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') uses.set(x, (uses.get(x) ?? 0) + 1);
        else count(x);
      }
    }
  };
  count(schema);
  const keep = new Map<string, unknown>();
  const inline = new Map<string, unknown>();
  for (const [name, def] of Object.entries(defs)) {
    const ref = `#/$defs/${name}`;
    const shared = (uses.get(ref) ?? 0) > 1 && JSON.stringify(def).length >= INLINE_BELOW;
    (shared ? keep : inline).set(ref, def);
  }
  const resolve = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v === null || typeof v !== 'object') return v;
    const o = v as JsonSchema;
    if (typeof o.$ref === 'string' && inline.has(o.$ref)) {
      const { $ref, ...rest } = o;
      return { ...(resolve(inline.get($ref)) as JsonSchema), ...rest };
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, k === '$defs' ? x : resolve(x)]));
  };
  const { $defs: _dropped, ...root } = schema;
  const out = resolve(root) as JsonSchema;
  if (keep.size === 0) return out;
  // zod names them `__schema<n>`; `s<n>` says as much in fewer bytes.
  const names = new Map([...keep.keys()].map((ref, i) => [ref, `s${i}`]));
  const rename = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rename);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [
        k,
        k === '$ref' && typeof x === 'string' ? `#/$defs/${names.get(x) ?? x}` : rename(x),
      ]),
    );
  };
  return rename({
    ...out,
    $defs: Object.fromEntries([...keep].map(([ref, def]) => [names.get(ref), resolve(def)])),
  }) as JsonSchema;
}

/** The JSON Schema of what a caller may send: zod's input view, compacted. */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', reused: 'ref' });
  return inlineSmallDefs(compactSchema(json) as JsonSchema);
}

/**
 * The JSON Schema of a parsed reply, which is what `structuredContent` carries. Replies are parsed
 * tolerantly: a number the API may send as a string comes out a number, a 0/1 flag a boolean. zod cannot
 * describe a transform's result, so a union whose every branch but the plain one is a transform is
 * described by that plain branch (`looseNumber` → number, `looseBoolean` → boolean); any other transform
 * becomes "anything", which stays true. Descriptions are left out: the schema is for checking
 * `structuredContent`, and the tool's description already says what the reply holds.
 */
export function outputJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io: 'output',
    unrepresentable: 'any',
    reused: 'ref',
    override: collapseLooseUnion,
  });
  return inlineSmallDefs(compactSchema(json, { descriptions: true }) as JsonSchema);
}

function collapseLooseUnion(ctx: { zodSchema: unknown; jsonSchema: JsonSchema }): void {
  // zod's public classes say what a schema is: no reach into its internals.
  const union = ctx.zodSchema;
  if (!(union instanceof z.ZodUnion)) return;
  const options: readonly unknown[] = union.options;
  const plain = options.filter((o) => !isTransformed(o));
  if (plain.length !== 1 || plain.length === options.length) return;
  const branches = ctx.jsonSchema.anyOf;
  if (!Array.isArray(branches)) return;
  const kept = branches[options.indexOf(plain[0])];
  if (typeof kept !== 'object' || kept === null) return;
  for (const key of Object.keys(ctx.jsonSchema)) {
    if (key !== 'description' && key !== 'title') delete ctx.jsonSchema[key];
  }
  Object.assign(ctx.jsonSchema, kept);
}

// A schema whose output is computed (a transform, or a pipe into one).
function isTransformed(schema: unknown): boolean {
  if (schema instanceof z.ZodTransform) return true;
  if (schema instanceof z.ZodPipe) return isTransformed(schema.out) || isTransformed(schema.in);
  return false;
}
