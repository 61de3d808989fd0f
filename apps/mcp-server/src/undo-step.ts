import {
  type Command,
  getCommandByTool,
  namesFrom,
  summaryOf,
  type ToolCall,
  undoReason,
} from '@hostkit/core';
import type { JournalStep } from './journal';
import type { ToolContext } from './tools';

type Row = Record<string, unknown>;

/** The read a change's undo starts from, made just before the change is sent (null: it failed). */
export async function readBefore(
  command: Command,
  input: Row,
  ctx: ToolContext,
): Promise<Row | null | undefined> {
  const undo = command.risk === 'read' ? undefined : command.undo;
  const call = undo && !('irreversible' in undo) ? undo.before?.(input) : undefined;
  if (!call) return undefined;
  const reader = getCommandByTool(call.tool);
  if (!reader) return null;
  // A failed read does not stop the change: it makes it one that cannot be undone, and says so. So does a
  // reply too far off its schema to be read (an undo built from values that drifted could restore wrong ones).
  const before = await ctx.backend.call(reader, call.input, ctx.signal).catch(() => null);
  return before?.ok && !before.drift ? (before.output as Row) : null;
}

/** What the journal keeps of one applied call: what it did, and its inverse or why there is none. */
export function undoStep(
  command: Command,
  input: Row,
  before: Row | null | undefined,
  ctx: ToolContext,
): JournalStep {
  const what = summaryOf(command, input, namesFrom(new Map())).split('\n')[0] ?? command.title;
  const undo = command.undo;
  if (!undo || 'irreversible' in undo) return { tool: command.tool, what, irreversible: undoReason(command) };
  if (before === null)
    return {
      tool: command.tool,
      what,
      irreversible: 'what it replaced could not be read just before it was sent',
    };
  const key = undo.recall?.(input);
  const recalled = key === undefined ? undefined : ctx.journal?.recall(key);
  const inverse = undo.inverse(input, before, recalled);
  return {
    tool: command.tool,
    what,
    ...(typeof inverse === 'string' ? { irreversible: inverse } : { inverse: [...inverse] as ToolCall[] }),
    // A value no read can give later is kept (never a secret: commands with secrets have no `recall`).
    ...(key === undefined ? {} : { sets: key, input }),
  };
}
