import { ApiError, type DeploiAccount, HostkitError, type TypedRead } from '@hostkit/core';
import { errorText } from '../result';
import type { ToolContext } from '../tools';
import { typedRead } from './typed-read';

// What the composites built on a core workflow (diagnose, costs) share: the read the workflow makes its
// requests through, and the Deploi clients it looks at.

/** Reads a registry command by tool name through the backend; an API's refusal keeps its words quoted as data. */
export function workflowRead(ctx: ToolContext): TypedRead {
  const read = typedRead(ctx);
  return async (tool, input) => {
    try {
      return await read(tool, input);
    } catch (e) {
      throw e instanceof ApiError ? new HostkitError(e.code, errorText(e)) : e;
    }
  };
}

/**
 * The Deploi clients to look at: `clientid` when given, else every client the login can act for; a bare
 * token knows no client list, so its default client (`undefined`). None when Deploi is not configured.
 */
export async function workflowClients(
  ctx: ToolContext,
  clientid: unknown,
): Promise<{ clients: (number | undefined)[]; accounts: readonly DeploiAccount[] }> {
  if (!ctx.backend.providers.deploi) return { clients: [], accounts: [] };
  const accounts = await ctx.backend.clients(ctx.signal);
  const ids = clientid === undefined ? accounts.map((c) => c.id) : [Number(clientid)];
  return { clients: ids.length ? ids : [undefined], accounts };
}
