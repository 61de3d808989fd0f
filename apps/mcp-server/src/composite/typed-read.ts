import { outputOf, type TypedRead } from '@hostkit/core';
import { commandNamed, type ToolContext } from '../tools';

/**
 * Reads through the backend, typed by tool name. A reply that drifted so far that it has no typed output
 * raises core's SchemaDriftError; a drift the output survived gives that output (values that drifted left out).
 */
export function typedRead(ctx: ToolContext): TypedRead {
  return async (tool, input) => outputOf(await ctx.backend.call(commandNamed(tool), input, ctx.signal));
}
