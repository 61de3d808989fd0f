import type { CommandInput, CommandOutput } from '../registry/define.js';
import type { CommandByTool, ToolName } from '../registry/registry.js';

// Type-only imports of the registry: the workflows read through it, and it never imports them back.

/** The input of the registry command named `T`, typed from its input schema. */
export type ToolInput<T extends ToolName> = CommandInput<CommandByTool<T>>;
/** The output of the registry command named `T`, typed from its output schema (z.infer). */
export type ToolOutput<T extends ToolName> = CommandOutput<CommandByTool<T>>;

/**
 * A read by tool name whose input and output are typed from that command's schemas, so a field renamed in
 * a schema breaks the workflow that reads it. A looseObject's index signature still reads a renamed field
 * as `unknown`, so readers take each value into a typed place (not a helper that accepts `unknown`).
 */
export type TypedRead = <T extends ToolName>(tool: T, input: ToolInput<T>) => Promise<ToolOutput<T>>;
