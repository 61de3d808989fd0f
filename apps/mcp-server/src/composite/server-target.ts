import { z } from 'zod';
import { commandNamed } from '../tools';

// How a composite names one server of either provider: a Deploi server by its numeric id, a SeFlow
// server by its portal name; which one is required follows the provider.

/** The fields that name the server, typed like the registry commands that take them. */
export const serverTarget = {
  provider: z
    .enum(['deploi', 'seflow'])
    .describe('"deploi" for a Deploi virtual server, "seflow" for a SeFlow dedicated server.'),
  id: commandNamed('deploi_get_server_info')
    .input.shape.id.optional()
    .describe('Deploi only: the server id, from deploi_get_servers.'),
  serverid: commandNamed('seflow_checkstatus')
    .input.shape.serverid.optional()
    .describe('SeFlow only: the server name as shown in the SeFlow portal, such as DS-1042.'),
};

/** Refines an object with {@link serverTarget}'s fields: the provider's own field is required. */
export function requireServerTarget(
  v: { provider: 'deploi' | 'seflow'; id?: number | undefined; serverid?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (v.provider === 'deploi' && v.id === undefined)
    ctx.addIssue({ code: 'custom', path: ['id'], message: 'required for provider "deploi"' });
  if (v.provider === 'seflow' && v.serverid === undefined)
    ctx.addIssue({ code: 'custom', path: ['serverid'], message: 'required for provider "seflow"' });
}
