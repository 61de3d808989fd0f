import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { redactValue } from '@hostkit/core';
import { z } from 'zod';

// The undo journal: one JSON line per applied change (a single call or a change set), with the calls
// that put back what it replaced, and one line per undo. It lives beside the audit log, survives
// restarts, and holds no secret: inverses are built from non-secret fields, and redacted again here.

const toolCall = z.object({ tool: z.string(), input: z.record(z.string(), z.unknown()) });

/** One applied call: what it did, and how it is undone or why it cannot be. */
export const journalStep = z.object({
  tool: z.string(),
  /** What it did, in one line (the first line of its summary). */
  what: z.string(),
  /** The calls that undo it, in order; empty when it changed nothing. */
  inverse: z.array(toolCall).optional(),
  /** Why it cannot be undone. */
  irreversible: z.string().optional(),
  /** What it set, for a later call of the same kind whose old value no read can give (SeFlow rDNS). */
  sets: z.string().optional(),
  input: z.record(z.string(), z.unknown()).optional(),
});
export type JournalStep = z.infer<typeof journalStep>;

const changeLine = z.object({
  v: z.literal(1),
  kind: z.literal('change'),
  id: z.string(),
  at: z.string(),
  tool: z.string(),
  steps: z.array(journalStep).min(1),
});
const undoLine = z.object({
  v: z.literal(1),
  kind: z.literal('undo'),
  /** The change undone. */
  of: z.string(),
  at: z.string(),
  /** Indexes of the steps undone. */
  steps: z.array(z.number().int()),
});
const line = z.discriminatedUnion('kind', [changeLine, undoLine]);

/** A change in the journal, with the steps not yet undone. */
export type JournalChange = z.infer<typeof changeLine> & { undone: ReadonlySet<number> };

/** The journal's file: beside the audit log. */
export function journalPathFor(auditLog: string): string {
  return join(dirname(auditLog), 'undo-journal.jsonl');
}

export class Journal {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    appendFileSync(path, '', { mode: 0o600 });
  }

  private append(record: z.infer<typeof line>): Promise<void> {
    const text = `${JSON.stringify(redactValue(record, []))}\n`;
    const written = this.queue.then(() => appendFile(this.path, text, { mode: 0o600 }));
    this.queue = written.catch(() => {});
    return written;
  }

  /** Records an applied change; `id` is the call's audit id. */
  record(id: string, tool: string, steps: readonly JournalStep[]): Promise<void> {
    if (steps.length === 0) return Promise.resolve();
    return this.append({ v: 1, kind: 'change', id, at: new Date().toISOString(), tool, steps: [...steps] });
  }

  /** Records that these steps of a change were undone. */
  undone(of: string, steps: readonly number[]): Promise<void> {
    return this.append({ v: 1, kind: 'undo', of, at: new Date().toISOString(), steps: [...steps] });
  }

  /** Every change, oldest first, with what of it was undone. A line that does not parse is skipped. */
  changes(): JournalChange[] {
    if (!existsSync(this.path)) return [];
    const out = new Map<string, JournalChange>();
    for (const text of readFileSync(this.path, 'utf8').split('\n')) {
      if (!text.trim()) continue;
      let parsed: z.infer<typeof line>;
      try {
        parsed = line.parse(JSON.parse(text));
      } catch {
        continue;
      }
      if (parsed.kind === 'change') out.set(parsed.id, { ...parsed, undone: new Set() });
      else {
        const change = out.get(parsed.of);
        if (change) change.undone = new Set([...change.undone, ...parsed.steps]);
      }
    }
    return [...out.values()];
  }

  /** The newest change with a step not yet undone (reversible or not), or the one with this id. */
  find(id?: string): JournalChange | undefined {
    const all = this.changes();
    if (id !== undefined) return all.find((c) => c.id === id || c.id.startsWith(id));
    return all.reverse().find((c) => c.steps.some((_s, i) => !c.undone.has(i)));
  }

  /** The input of the newest step, not undone, that set `key`. */
  recall(key: string): Record<string, unknown> | undefined {
    for (const change of this.changes().reverse())
      for (let i = change.steps.length - 1; i >= 0; i--) {
        const step = change.steps[i];
        if (step?.sets === key && !change.undone.has(i)) return step.input;
      }
    return undefined;
  }
}
