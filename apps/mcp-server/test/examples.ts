// Valid inputs for every tool the server lists: the registry's come from @hostkit/sandbox's shared
// examples (the sandbox's own tests run each one through the core clients), the composites' are here.
// Plus what the end-to-end suites share: canary credentials, restoring the seeded state between calls,
// and a JSON Schema validator for output schemas.
import { join } from 'node:path';
import { type Command, commands, mayNeedConfirmation } from '@hostkit/core';
import { type SandboxState, type ToolExample, toolExamples } from '@hostkit/sandbox';
import { Ajv, addFormats } from '@modelcontextprotocol/client/validators/ajv';
import type { World } from './helpers';

/** Secrets the sandbox and the server are started with, searched for in every output afterwards. */
export const CANARY = {
  deploiPassword: 'Canary-Deploi-Pw-5b1e7c',
  seflowKey: 'canary-seflow-key-93d7a1',
  tokenPrefix: 'canarytok9f2',
} as const;

/** Sandbox options that plant {@link CANARY}; provisioning slow enough that no state moves during a check. */
export const canaryWorld = {
  credentials: { ...CANARY },
  provisioningDelayMs: 120_000,
} as const;

/** Secret values inside the shared examples' inputs, which must never reach an audit record. */
export const EXAMPLE_SECRETS = [
  'siri-secret-password',
  'a-long-server-password',
  'Db-Pass-7f3c9e21',
  'Mailbox-Secret-9d2f',
] as const;

let kubeFiles = 0;

/** The tool examples for the world's seeded state: the sandbox's shared ones plus the composites'. */
export function examplesFor(world: World): Record<string, ToolExample> {
  const state = world.sandbox.state.get();
  const kystkafe = state.domains.find((d) => d.name === 'kystkafe.example');
  const www = kystkafe?.records.find((r) => r.type === 'A' && r.host === 'www.kystkafe.example');
  return {
    ...toolExamples(state, world.sandbox.credentials),
    hostkit_list_clients: { input: {} },
    hostkit_find: { input: { query: 'web-01' } },
    hostkit_diagnose: { input: { target: 'nordlys-shop.example' } },
    hostkit_change_set: { input: { changes: [{ kind: 'repoint', ...REPOINT }] } },
    // Undoes the latest change, the change set above: the state is made what that set left.
    hostkit_undo: {
      input: {},
      prepare: (s) => {
        for (const d of s.domains)
          for (const r of d.records) if (r.type === 'A' && r.value === REPOINT.from) r.value = REPOINT.to;
      },
    },
    // The latest month the demo billed: every client has an invoice in it, still unpaid.
    hostkit_costs: {
      input: {
        month:
          state.invoices
            .map((i) => i.date.slice(0, 7))
            .sort()
            .at(-1) ?? '2025-12',
      },
    },
    hostkit_wait_for_server: {
      input: { provider: 'seflow', serverid: 'DS-1042', intervalSeconds: 1, timeoutSeconds: 10 },
    },
    hostkit_usage_chart: { input: { provider: 'seflow', serverid: 'DS-1042', period: 'weekly' } },
    // Saved to a new file each time (never over an existing one).
    deploi_get_kube_config: {
      input: { id: state.kubernetes[0]?.id ?? 0, file: join(world.dir, `kubeconfig-${++kubeFiles}.yaml`) },
    },
    // Replaces the live www record, so it reads first and then needs confirmation.
    hostkit_upsert_dns_record: {
      input: {
        domain: 'kystkafe.example',
        type: 'A',
        host: 'www',
        value: www?.value === '198.51.100.99' ? '198.51.100.98' : '198.51.100.99',
        options: { ttl: 600 },
      },
    },
  };
}

/** Wire commands a composite sends that change something (its reads are not counted). */
export const COMPOSITE_WRITES: Readonly<Record<string, readonly string[]>> = {
  hostkit_upsert_dns_record: ['AddDomainRecord', 'UpdateDomainRecord'],
  // What the examples below send; a change set or an undo may send any change.
  hostkit_change_set: ['UpdateDomainRecord'],
  hostkit_undo: ['UpdateDomainRecord'],
};

/** The address the change-set example moves records off, and where to. */
export const REPOINT = { from: '192.0.2.21', to: '192.0.2.77' } as const;

/** Puts the state back as seeded (keeping the server's session, unlike `state.reset()`), then runs `prepare`. */
export function restorer(world: World): (example?: ToolExample) => void {
  const seeded: SandboxState = world.sandbox.state.snapshot();
  return (example) => {
    world.sandbox.state.update((s) => {
      Object.assign(s, structuredClone(seeded));
    });
    if (example?.prepare) world.sandbox.state.update(example.prepare);
  };
}

/** The registry command of a tool name, if it is one. */
export function commandOf(tool: string): Command | undefined {
  return commands.find((c) => c.tool === tool);
}

/** Registry commands some call of which needs a human's go-ahead (destructive, billable, or by argument). */
export const CONFIRMED: readonly Command[] = commands.filter(mayNeedConfirmation);

/**
 * Inputs that need a human's yes for the tools whose shared example does not (risk by argument): the
 * example adds a plain A record; this one moves the domain's mail.
 */
export function riskyExamplesFor(world: World): Record<string, ToolExample> {
  const examples = examplesFor(world);
  return {
    ...examples,
    deploi_add_domain_record: {
      input: {
        domain: 'kystkafe.example',
        type: 'MX',
        host: '@',
        value: 'mx.elsewhere.example',
        options: { ttl: 300, priority: 0 },
      },
    },
  };
}

/** A JSON Schema validator (the AJV the official SDK ships), with formats. */
export function jsonSchemaValidator(): InstanceType<typeof Ajv> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}
