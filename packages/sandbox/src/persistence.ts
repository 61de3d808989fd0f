import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SandboxState } from './model';

// The optional state file: JSON of the whole state, read at start and written after every change
// and at stop. Written to a temporary file and renamed, so a crash never leaves half a file.

const arrays = ['users', 'clients', 'servers', 'domains', 'firewalls', 'invoices', 'agreements'] as const;

/** The state saved in `file`, or undefined when the file does not exist. Throws when it is not a sandbox state. */
export function loadState(file: string): SandboxState | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(
      `The sandbox state file ${file} is not valid JSON (${(e as Error).message}); delete it to start from the seed.`,
    );
  }
  const state = parsed as Partial<SandboxState> | null;
  if (
    state?.version !== 1 ||
    arrays.some((k) => !Array.isArray(state[k])) ||
    typeof state.seflow !== 'object'
  ) {
    throw new Error(
      `The file ${file} is not a Hostkit sandbox state (version 1); delete it to start from the seed.`,
    );
  }
  return state as SandboxState;
}

/** Writes `state` to `file` atomically. */
export function saveState(file: string, state: SandboxState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 1)}\n`);
  renameSync(temporary, file);
}
