// The fuzz suites' oracle of what is valid: the JSON Schema a tool advertises in tools/list, checked by
// AJV (the validator the official SDK ships), not the server's own parser. An input the schema refuses
// must be refused by the server. An input the schema accepts must be accepted, except where one of the
// rules below, which JSON Schema cannot say (or tools/list leaves out on purpose), refuses it.
import type { Tool } from '@modelcontextprotocol/client';
import { jsonSchemaValidator } from '../examples';
import { deref, type JsonSchema } from './arbitraries';

/** What the schema says of one input: undefined when it is valid, else AJV's first errors. */
export type SchemaCheck = (args: unknown) => string | undefined;

// zod writes `format: "cidrv4"` and tools/list then drops the pattern beside it (src/schemas.ts):
// "cidrv4" is no standard JSON Schema format, so AJV must be told what it means (an IPv4 prefix).
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const CIDR_V4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}\\/(3[0-2]|[12]?\\d)$`);

const ajv = jsonSchemaValidator();
ajv.addFormat('cidrv4', CIDR_V4);
const compiled = new Map<string, SchemaCheck>();

/** The check of `tool`'s advertised input schema (compiled once per tool name). */
export function schemaCheck(tool: Tool): SchemaCheck {
  let check = compiled.get(tool.name);
  if (!check) {
    const validate = ajv.compile(tool.inputSchema);
    check = (args) =>
      validate(args)
        ? undefined
        : (validate.errors ?? [])
            .slice(0, 3)
            .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
            .join('; ');
    compiled.set(tool.name, check);
  }
  return check;
}

/** A refusal of schema-valid input that is by design: which tools, the message it gives, and why. */
export interface ParserOnlyRule {
  /** A short name, for the fuzz reports. */
  name: string;
  /** Tool names, or "*" for every tool. */
  tools: readonly string[] | '*';
  /** What the refusal says. */
  message: RegExp;
  why: string;
}

/**
 * Every rule the server applies that its advertised schema does not state: two things tools/list leaves
 * out on purpose, and the cross-field rules JSON Schema (as zod writes it) cannot express. The fuzz fails
 * on a refusal of schema-valid input that none of these (nor {@link normalized}) explains, so a rule
 * added to a parser alone shows up.
 */
export const PARSER_ONLY_RULES: readonly ParserOnlyRule[] = [
  {
    name: 'strict-inputs',
    tools: '*',
    message: /unknown field\(s\) /,
    why: 'left out of tools/list: every input is strict, but compactSchema (src/schemas.ts) drops additionalProperties: false to save bytes',
  },
  {
    name: 'integer-bounds',
    tools: '*',
    message: /Too (big|small): expected int to be [<>]=-?9007199254740991/,
    why: "left out of tools/list: compactSchema drops zod's ±(2^53 − 1) bounds on every integer",
  },
  {
    name: 'record-value-by-type',
    tools: [
      'deploi_add_domain_record',
      'deploi_update_domain_record',
      'deploi_delete_domain_record',
      'hostkit_upsert_dns_record',
    ],
    message: /an? [A-Z]+ record value must be /,
    why: 'cross-field: the record type decides what its value must be (an IPv4 for A, a host name for CNAME…)',
  },
  {
    name: 'authcode-for-transfer',
    tools: ['deploi_order_domain'],
    message: /authcode: only for operation /,
    why: 'cross-field: an auth code belongs to a transfer, not to a registration',
  },
  {
    name: 'wait-target-by-provider',
    tools: ['hostkit_wait_for_server', 'hostkit_usage_chart'],
    message: /(id|serverid): required for provider /,
    why: 'cross-field: a Deploi server is named by `id`, a SeFlow server by `serverid`',
  },
  {
    name: 'idna',
    tools: '*',
    message: /must be a domain name that converts to a valid xn-- form \(IDNA\)/,
    why: 'what IDNA refuses in a name whose letters are all allowed (direction controls, invisible characters, a false xn-- label) takes the conversion to know, not a pattern',
  },
  {
    name: 'known-tool-names',
    tools: ['hostkit_call_tool', 'hostkit_describe_tool'],
    message: /^unknown tool /,
    why: "the schema says `name` is a string; which names exist is the server's (hostkit_search_tools lists them)",
  },
];

/** The documented rule that explains `tool` refusing a schema-valid input with `message`, if any. */
export function ruleFor(tool: string, message: string): ParserOnlyRule | undefined {
  return PARSER_ONLY_RULES.find(
    (r) => (r.tools === '*' || r.tools.includes(tool)) && r.message.test(message),
  );
}

type Obj = Record<string, unknown>;

/**
 * `args` with one field as the parser normalizes it before checking, as core's text fields do: `trimmed`
 * (surrounding white space, U+FEFF included, as String#trim does) and `lowered` (trimmed and lower-cased,
 * as domain names are). The advertised pattern describes the normalized value. Undefined where the field
 * is no string or normalizing changes nothing.
 */
export function normalized(args: Obj, field: string): { trimmed: Obj; lowered: Obj } | undefined {
  const path = field.split('.');
  let at: unknown = args;
  for (const p of path) at = (at as Obj | undefined)?.[p];
  if (typeof at !== 'string' || at === at.trim().toLowerCase()) return undefined;
  const withValue = (value: string): Obj => {
    const copy = structuredClone(args);
    let cur = copy;
    for (const p of path.slice(0, -1)) cur = cur[p] as Obj;
    cur[path[path.length - 1] as string] = value;
    return copy;
  };
  return { trimmed: withValue(at.trim()), lowered: withValue(at.trim().toLowerCase()) };
}

/** `value` with every string in it trimmed, as the parser sees text fields. */
export function trimmedAll(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(trimmedAll);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimmedAll(v)]));
}

/**
 * One line per field of every tool's advertised input schema, saying what the schema allows (type,
 * bounds, lengths, pattern or format, values, whether required), without descriptions. The fuzz trusts
 * the schema; this record, reviewed when it changes, is what catches a constraint dropped from the
 * schema and the parser together (an `.int()` removed leaves no disagreement for the fuzz to find).
 */
export function constraintCensus(tools: readonly Tool[]): string {
  const lines: string[] = [];
  const walk = (tool: string, path: string, schema: Record<string, unknown>, required: boolean) => {
    const rest: string[] = [];
    for (const key of [
      'type',
      'format',
      'minimum',
      'maximum',
      'exclusiveMinimum',
      'exclusiveMaximum',
      'multipleOf',
      'minLength',
      'maxLength',
      'minItems',
      'maxItems',
      'pattern',
      'const',
      'enum',
    ])
      if (key in schema) rest.push(`${key}=${JSON.stringify(schema[key])}`);
    if (Array.isArray(schema.anyOf)) rest.push(`anyOf(${schema.anyOf.length})`);
    if (path) lines.push(`${tool} ${path}${required ? '' : '?'}: ${rest.join(' ')}`);
    const req = (schema.required ?? []) as string[];
    for (const [k, sub] of Object.entries(
      (schema.properties ?? {}) as Record<string, Record<string, unknown>>,
    ))
      walk(tool, path ? `${path}.${k}` : k, sub, req.includes(k));
    if (schema.items && typeof schema.items === 'object')
      walk(tool, `${path}.*`, schema.items as Record<string, unknown>, true);
    (schema.anyOf as Record<string, unknown>[] | undefined)?.forEach((sub, i) => {
      walk(tool, `${path}|${i}`, sub, true);
    });
  };
  for (const tool of [...tools].sort((a, b) => a.name.localeCompare(b.name)))
    walk(tool.name, '', deref(tool.inputSchema as JsonSchema), true);
  return `${lines.join('\n')}\n`;
}
