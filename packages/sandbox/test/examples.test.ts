import { commands } from '@hostkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolExamples } from '../src/index';
import { type ClientSandbox, startWithClients } from './support/clients';

// The shared examples (src/examples.ts) the MCP server's end-to-end sweep also uses: one per registry
// tool, each accepted by the sandbox through the real core clients on the freshly seeded state, and
// each write visibly changing that state. Several seeds, because the examples look ids up in the state.

describe.each([1, 7, 42])('tool examples (seed %i)', (seed) => {
  let t: ClientSandbox;
  beforeAll(async () => {
    t = await startWithClients({ seed });
  });
  afterAll(async () => {
    await t.sandbox.stop();
  });

  it('has exactly one example per registry tool', () => {
    const examples = toolExamples(t.sandbox.state.get(), t.sandbox.credentials);
    expect(Object.keys(examples).sort()).toEqual(commands.map((c) => c.tool).sort());
  });

  it('runs every example on the seeded state, and every write changes it', async () => {
    const failures: string[] = [];
    for (const command of commands) {
      t.sandbox.state.reset();
      const example = toolExamples(t.sandbox.state.get(), t.sandbox.credentials)[command.tool];
      if (!example) throw new Error(`no example for ${command.tool}`);
      if (example.prepare) t.sandbox.state.update(example.prepare);
      const before = JSON.stringify(t.sandbox.state.get());
      try {
        const client = command.provider === 'deploi' ? t.deploi : t.seflow;
        await client.call(command.tool as never, example.input as never);
      } catch (e) {
        failures.push(`${command.tool}: ${(e as Error).message}`);
        continue;
      }
      // Login and Logout change only the sessions, which the state does not hold.
      const changes = command.risk !== 'read' && command.wire !== 'Logout' && command.wire !== 'Login';
      if (changes && JSON.stringify(t.sandbox.state.get()) === before)
        failures.push(`${command.tool}: the state did not change`);
    }
    expect(failures).toEqual([]);
    expect(t.warnings).toEqual([]);
  });
});
