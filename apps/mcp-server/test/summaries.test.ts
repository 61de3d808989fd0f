import { isSecretKey } from '@hostkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allTools } from '../src/all-tools';
import type { UpsertPlan } from '../src/composite/dns-upsert';
import { listingOf } from '../src/tools';
import { deref, type Hints, type JsonSchema, validArb } from './hardening/arbitraries';

// For every tool whose risk is not `read` (and every read that asks), inputs generated from the JSON
// Schema it advertises, nested lists included: the summary a person confirms shows every value the call
// sends, quoted as data, and no secret. The oracle is this file's own walk of the input and its own
// escaping, not the summary code.

const hints: Hints = {
  ints: [1, 7, 101, 1000, 1005, 65535],
  domains: ['example.com', 'shop.example.no'],
  ips: ['192.0.2.10', '10.0.0.5', '0.0.0.0'],
  names: ['web-01', 'DS-1042'],
};

const PER_TOOL = 40;

type Leaf = { path: string; value: string | number | boolean; secret: boolean };

function leaves(
  value: unknown,
  path: string,
  secret: boolean,
  extra: readonly string[],
  out: Leaf[],
): Leaf[] {
  if (value === undefined || value === null) return out;
  if (Array.isArray(value))
    for (const [i, v] of value.entries()) leaves(v, `${path}[${i}]`, secret, extra, out);
  else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      leaves(v, path ? `${path}.${k}` : k, secret || isSecretKey(k, extra), extra, out);
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    out.push({ path, value, secret });
  return out;
}

/** How a value must appear: JSON, with every character that could deceive a reader as a \u escape. */
function shownAs(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return JSON.stringify(value).replace(
    /[\u0080-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The line a value must appear in: `path: value` in the list of what is sent. The upsert sends its
 * record as UpdateDomainRecord's `to`; the kubeconfig tool names its file in a sentence of its own.
 */
function shownLine(tool: string, path: string, value: string | number | boolean): string {
  if (tool === 'deploi_get_kube_config' && path === 'file') return shownAs(value);
  if (tool === 'hostkit_upsert_dns_record' && path !== 'domain' && path !== 'type')
    return `to.${path}: ${shownAs(value)}`;
  return `${path}: ${shownAs(value)}`;
}

// A change set's and an undo's summary is their plan, read from the account and the journal: their own
// tests (change-set.test.ts, undo.test.ts) check that the person sees every value those plans send.
const PLANNED = ['hostkit_change_set', 'hostkit_undo'];
const tools = allTools(undefined).filter((t) => (t.risk !== 'read' || t.asks) && !PLANNED.includes(t.name));

describe('confirmation summaries', () => {
  it('cover every tool that changes anything', () => {
    expect(tools.length).toBeGreaterThanOrEqual(55);
  });

  it.each(tools.map((t) => [t.name, t] as const))('%s: every value sent is shown, no secret', (_n, tool) => {
    const schema = deref(listingOf(tool).inputSchema as JsonSchema);
    // Drawn from the advertised schema; what only the parser knows (cross-field rules) filters them.
    const inputs: Record<string, unknown>[] = [];
    for (const raw of fc.sample(validArb(schema, hints), { numRuns: 2000, seed: 20261202 })) {
      if (inputs.length >= PER_TOOL) break;
      try {
        inputs.push(tool.parse(raw));
      } catch {
        // Refused before anything is sent: nothing to summarize.
      }
    }
    for (const input of inputs) {
      const plan: UpsertPlan | undefined =
        tool.name === 'hostkit_upsert_dns_record'
          ? { action: 'update', from: { host: 'old', value: 'old-value', options: { ttl: 60 } } }
          : undefined;
      const summary = tool.summary(input, plan);
      const all = leaves(input, '', false, [...tool.secrets], []);
      const shownFields = tool.command?.shown ?? [];
      const visible = all.filter((l) => !l.secret || typeof l.value === 'boolean');
      for (const leaf of all) {
        // A flag is never a secret; a secret value never shows (unless another field holds the same text).
        if (
          leaf.secret &&
          typeof leaf.value !== 'boolean' &&
          !shownFields.some((f) => leaf.path.endsWith(f))
        ) {
          const text = String(leaf.value);
          const elsewhere = visible.some((l) => String(l.value).includes(text)) || tool.title.includes(text);
          if (text.length >= 4 && !elsewhere) expect(summary, `${leaf.path} is secret`).not.toContain(text);
          continue;
        }
        const expected = shownLine(tool.name, leaf.path, leaf.value);
        expect(summary, `${tool.name} ${JSON.stringify(input)}: ${leaf.path}`).toContain(expected);
      }
    }
    // Not vacuous: most generated inputs got through the parser.
    expect(inputs.length, `${tool.name}: parsed inputs`).toBe(PER_TOOL);
  });
});
