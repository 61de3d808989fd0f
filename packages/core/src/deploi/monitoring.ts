import { z } from 'zod';
import { deploiReply, id, looseString, sessionRead } from '../registry/common.js';
import { type Command, defineCommand } from '../registry/define.js';

const serverId = z.strictObject({ id: id('The server id, from deploi_get_servers.') });

// The docs call the percentage "used%" but the examples send "used"; values arrive as strings or numbers.
const usage = <S extends z.ZodRawShape>(shape: S) =>
  deploiReply({
    data: z
      .looseObject({ ...shape, used: looseString.optional(), 'used%': looseString.optional() })
      .optional(),
  });

/** Deploi: monitoring. */
export const deploiMonitoring = [
  defineCommand({
    provider: 'deploi',
    wire: 'MonitorCPU',
    group: 'monitoring',
    title: 'Get CPU usage of a Deploi server',
    description:
      "Returns a server's current CPU usage: total (number of vCPUs), average (load average over the last 15 minutes) and used (per cent of the total). Values may come as strings.",
    input: serverId,
    output: usage({ total: looseString.optional(), average: looseString.optional() }),
    ...sessionRead,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'MonitorDisk',
    group: 'monitoring',
    title: 'Get disk usage of a Deploi server',
    description:
      'Returns a server\'s disk usage: total and available in bytes, and used as a percentage string such as "26%". Values may come as strings.',
    input: serverId,
    output: usage({
      total: looseString.optional(),
      available: looseString.optional(),
      '1K-blocks': looseString.optional(),
    }),
    ...sessionRead,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'MonitorRAM',
    group: 'monitoring',
    title: 'Get memory usage of a Deploi server',
    description:
      'Returns a server\'s memory: total and available in bytes, and a "used" percentage. Work out usage from total and available: the documented "used" value matches the available share, not the used one.',
    input: serverId,
    output: usage({ total: looseString.optional(), available: looseString.optional() }),
    ...sessionRead,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetLogStatistics',
    group: 'monitoring',
    title: 'Get WAF log statistics of a reverse proxy site',
    description:
      "Fetches statistics from the WAF (web application firewall) logs of one reverse proxy site of a firewall. Ids from deploi_get_firewalls and deploi_get_firewall_reverse_proxies. The reply's statistics fields are not documented; they are passed on as sent.",
    input: z.strictObject({
      id: id('The firewall (product) id, from deploi_get_firewalls.'),
      reverseProxyId: id('The reverse proxy site id, from deploi_get_firewall_reverse_proxies.'),
    }),
    output: deploiReply({ data: z.unknown().optional() }),
    ...sessionRead,
  }),
] as const satisfies readonly Command[];
