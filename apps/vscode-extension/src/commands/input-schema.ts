import { type Command, getCommand, HostkitError } from '@hostkit/core';

/** The registry command of a tool name; a missing one is a programming error, said plainly. */
export function commandOf(tool: string): Command {
  const c = getCommand(tool);
  if (!c)
    throw new HostkitError(
      'unknown_command',
      `The Hostkit core has no command ${tool}; update the extension.`,
    );
  return c;
}

/**
 * A validateInput for one field of a command's input, checked against the command's own zod schema
 * (so the rules live once, in core). `build` makes the whole input from the typed text, with the
 * answers given so far and plausible values for fields not asked yet; only issues at `path` count.
 */
export function fieldValidator(
  tool: string,
  path: readonly (string | number)[],
  build: (text: string) => Record<string, unknown> | string,
  words: FieldWords = {},
): (text: string) => string | undefined {
  const command = commandOf(tool);
  const want = path.join('.');
  return (text) => {
    const candidate = build(text);
    if (typeof candidate === 'string') return candidate;
    const result = command.input.safeParse(candidate);
    if (result.success) return undefined;
    const issue = result.error.issues.find(
      (i) => i.path.join('.') === want || i.path.join('.').startsWith(`${want}.`),
    );
    return issue ? plainMessage(issue, words) : undefined;
  };
}

/** How a message names the field: `TTL` … `seconds` gives "TTL must be at least 60 seconds". */
export interface FieldWords {
  label?: string;
  unit?: string;
}

/** The parts of a zod issue the messages use (zod's own type is wider and version-bound). */
interface Issue {
  code: string;
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
  expected?: string;
  format?: string;
  values?: readonly unknown[];
  divisor?: number;
}

// zod's built-in messages ("Too small: expected number to be >=60") are for programmers; core's own
// ("must be an IPv4 address for an A record") are already plain and are kept.
const BUILT_IN =
  /^(Too small|Too big|Invalid input|Invalid string|Invalid option|Invalid [A-Za-z0-9]+ address|Invalid$|Invalid number|Expected|Number must)/;

const FORMATS: Record<string, string> = {
  ipv4: 'an IPv4 address such as 192.0.2.10',
  ipv6: 'an IPv6 address such as 2001:db8::1',
  cidrv4: 'a network such as 203.0.113.0/24',
  email: 'an e-mail address such as you@example.com',
  url: 'a web address such as https://example.com',
};

/** A validation problem in words a person reads under an input box. */
export function plainMessage(issue: Issue, words: FieldWords = {}): string {
  const subject = words.label ?? 'It';
  const unit = words.unit ? ` ${words.unit}` : '';
  if (!BUILT_IN.test(issue.message)) {
    const own = issue.message;
    return words.label ? `${subject} ${own}` : own.charAt(0).toUpperCase() + own.slice(1);
  }
  const n = (v: number | bigint | undefined) => Number(v ?? 0).toLocaleString('en');
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? `${subject} must not be empty`
          : `${subject} must be at least ${n(issue.minimum)} characters`;
      if (issue.origin === 'array') return `Give at least ${n(issue.minimum)}`;
      return `${subject} must be ${issue.inclusive === false ? 'more than' : 'at least'} ${n(issue.minimum)}${unit}`;
    case 'too_big':
      if (issue.origin === 'string') return `${subject} must be at most ${n(issue.maximum)} characters`;
      if (issue.origin === 'array') return `Give at most ${n(issue.maximum)}`;
      return `${subject} must be ${issue.inclusive === false ? 'less than' : 'at most'} ${n(issue.maximum)}${unit}`;
    case 'invalid_type':
      if (issue.expected === 'int') return `${subject} must be a whole number${unit}`;
      if (issue.expected === 'number') return `${subject} must be a number${unit}`;
      return `${subject} is missing or not ${issue.expected === 'string' ? 'text' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `${subject} must be one of ${(issue.values ?? []).map(String).join(', ')}`;
    case 'invalid_format':
      return `${subject} must be ${FORMATS[issue.format ?? ''] ?? 'written differently'}`;
    case 'not_multiple_of':
      return `${subject} must be a multiple of ${issue.divisor}`;
    default:
      return issue.message;
  }
}

/** "3600" → 3600; text that is not a whole number gives the message to show instead. */
export function toInt(text: string, what = 'a whole number'): number | string {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return `Must be ${what}`;
  return Number(t);
}

/**
 * The options of an enum field of a command's input (record types, SRV protocols), for a quick pick;
 * `path` walks nested objects, optional wrappers are looked through.
 */
export function enumOptions(tool: string, ...path: string[]): string[] {
  let schema: unknown = commandOf(tool).input;
  for (const key of path) {
    schema = unwrap(schema);
    schema = (schema as { shape?: Record<string, unknown> }).shape?.[key];
  }
  const options = (unwrap(schema) as { options?: unknown } | undefined)?.options;
  return Array.isArray(options) ? options.filter((o): o is string => typeof o === 'string') : [];
}

function unwrap(schema: unknown): unknown {
  let s = schema as { unwrap?: () => unknown } | undefined;
  // ZodOptional/ZodNullable/ZodDefault expose unwrap(); anything else is returned as is.
  for (let i = 0; i < 5 && s && typeof s.unwrap === 'function'; i++) s = s.unwrap() as typeof s;
  return s;
}
