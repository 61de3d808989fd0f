import type { Provider } from '@hostkit/core';
import { z } from 'zod';

// Injected failures, to test how clients cope with a misbehaving API. A fault matches requests by
// provider and wire name, and applies to the next `times` matching requests (or until removed).

const base = {
  /** Wire name(s) it applies to (Deploi command or SeFlow action); omitted or "*" for every request. */
  command: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /** Only requests to this API. */
  provider: z.enum(['deploi', 'seflow']).optional(),
  /** How many matching requests it affects; omitted: every one until removed. 1 makes it one-shot. */
  times: z.number().int().positive().optional(),
  /** How many matching requests pass untouched first (a failure half-way through a batch). */
  after: z.number().int().min(0).optional(),
};

/** The schema of a fault, as given to `faults.add`, the `faults` option and the control endpoint. */
export const faultSpecSchema = z.discriminatedUnion('kind', [
  /** Waits `ms` before answering (combines with any other fault). */
  z.strictObject({ kind: z.literal('latency'), ms: z.number().int().min(0).max(600_000), ...base }),
  /** Answers this HTTP status (5xx) with a plain-text body, without running the command. */
  z.strictObject({ kind: z.literal('status'), status: z.number().int().min(500).max(599), ...base }),
  /** Answers 429 with `Retry-After` (seconds, default 1), without running the command. */
  z.strictObject({
    kind: z.literal('rate-limit'),
    retryAfterSeconds: z.number().int().min(0).optional(),
    ...base,
  }),
  /** Answers an HTML page (a proxy or maintenance page) with `status` (default 200), without running the command. */
  z.strictObject({ kind: z.literal('html'), status: z.number().int().min(200).max(599).optional(), ...base }),
  /**
   * Runs the command, then adds `fields` to its successful reply (top level, or inside `data` when the
   * reply has a data object): a reply carrying more than the docs say, such as a secret or a message.
   */
  z.strictObject({ kind: z.literal('extra-fields'), fields: z.record(z.string(), z.unknown()), ...base }),
  /** Runs the command, then sends its JSON reply cut in half: a write took effect, its reply is lost. */
  z.strictObject({ kind: z.literal('truncated-json'), ...base }),
  /**
   * Destroys the connection: before running the command, or after it when `afterHandling` is true
   * (a write that took effect with its reply lost).
   */
  z.strictObject({ kind: z.literal('reset'), afterHandling: z.boolean().optional(), ...base }),
  /** Expires every Deploi session now, then handles the request: its token is refused as expired. */
  z.strictObject({ kind: z.literal('expire-token'), ...base }),
  /** Refuses in the API's own shape (Deploi success:false, SeFlow status:error), without running the command. */
  z.strictObject({
    kind: z.literal('refuse'),
    message: z.string().optional(),
    messageId: z.number().int().optional(),
    ...base,
  }),
]);

/** One fault to inject. */
export type FaultSpec = z.input<typeof faultSpecSchema>;
/** The kinds of fault. */
export type FaultKind = FaultSpec['kind'];

/** A fault as listed: its id, its spec, how many more requests it affects (null: unlimited) and how many it hit. */
export interface FaultInfo {
  id: string;
  spec: FaultSpec;
  remaining: number | null;
  hits: number;
  /** Matching requests still to let through before it applies. */
  skip: number;
}

/** The faults that apply to one request: total latency, and at most one effect. */
export interface FaultPlan {
  latencyMs: number;
  effect: Exclude<FaultSpec, { kind: 'latency' }> | undefined;
}

/** Adds, lists and removes faults at runtime. */
export class FaultController {
  private readonly faults: FaultInfo[] = [];
  private counter = 0;

  /** Adds a fault; returns its id. Throws on an invalid spec. */
  add(spec: FaultSpec): string {
    const parsed = faultSpecSchema.parse(spec);
    const id = `fault-${++this.counter}`;
    this.faults.push({ id, spec: parsed, remaining: parsed.times ?? null, hits: 0, skip: parsed.after ?? 0 });
    return id;
  }

  /** Removes one fault; false when there was none with this id. */
  remove(id: string): boolean {
    const index = this.faults.findIndex((f) => f.id === id);
    if (index < 0) return false;
    this.faults.splice(index, 1);
    return true;
  }

  /** Removes every fault. */
  clear(): void {
    this.faults.length = 0;
  }

  /** The active faults (copies). */
  list(): FaultInfo[] {
    return this.faults.map((f) => ({ ...f, spec: { ...f.spec } }));
  }

  /**
   * The faults for a request to `provider` naming `command`, counted as used. Every matching latency
   * fault adds up; only the first matching other fault is used (and counted), in the order added.
   */
  take(provider: Provider, command: string): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0, effect: undefined };
    for (const fault of this.faults) {
      if (!matches(fault.spec, provider, command)) continue;
      if (fault.skip > 0) {
        fault.skip -= 1;
        continue;
      }
      if (fault.spec.kind === 'latency') plan.latencyMs += fault.spec.ms;
      else if (plan.effect === undefined) plan.effect = fault.spec;
      else continue;
      fault.hits += 1;
      if (fault.remaining !== null) fault.remaining -= 1;
    }
    for (let i = this.faults.length - 1; i >= 0; i--) {
      if (this.faults[i]?.remaining === 0) this.faults.splice(i, 1);
    }
    return plan;
  }
}

function matches(spec: FaultSpec, provider: Provider, command: string): boolean {
  if (spec.provider !== undefined && spec.provider !== provider) return false;
  const names =
    spec.command === undefined ? ['*'] : typeof spec.command === 'string' ? [spec.command] : spec.command;
  return names.some((n) => n === '*' || n.toLowerCase() === command.toLowerCase());
}
