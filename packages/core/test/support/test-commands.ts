import { z } from 'zod';
import { clientId, deploiReply, domainName, looseNumber } from '../../src/registry/common';
import { defineCommand } from '../../src/registry/define';

// Commands defined for the client tests alone, so they do not depend on the group files being written.

/** A read with a default clientid. */
export const getThings = defineCommand({
  provider: 'deploi',
  wire: 'GetThings',
  group: 'servers',
  title: 'List things',
  description: 'Lists things.',
  input: z.strictObject({ clientid: clientId, name: z.string().optional().describe('Filter by name.') }),
  output: deploiReply({ things: z.array(z.looseObject({ id: looseNumber, name: z.string().optional() })) }),
  risk: 'read',
  billable: false,
  idempotent: true,
  auth: 'session',
});

/** A write in the dns group, with a command-specific secret field. */
export const addThing = defineCommand({
  provider: 'deploi',
  wire: 'AddThing',
  group: 'dns',
  title: 'Add a thing',
  description: 'Adds a thing.',
  input: z.strictObject({
    domain: domainName,
    value: z.string().min(1).describe('The value.'),
    magicword: z.string().min(8).optional().describe('A secret.'),
  }),
  output: deploiReply({}),
  risk: 'write',
  billable: false,
  idempotent: false,
  auth: 'session',
  secrets: ['magicword'],
  check: (i) => ({ tool: 'deploi_get_domain_records', input: { domain: i.domain } }),
});

/** A patch command: `setX` flags derived from the fields given. */
export const updateThing = defineCommand({
  provider: 'deploi',
  wire: 'UpdateThing',
  group: 'account',
  title: 'Update a thing',
  description: 'Updates a thing.',
  input: z.strictObject({
    clientid: clientId,
    companyname: z.string().optional().describe('New company name.'),
    phone: z.string().optional().describe('New phone number.'),
  }),
  output: deploiReply({}),
  risk: 'write',
  billable: false,
  idempotent: true,
  auth: 'session',
  patch: { companyname: 'setcompanyname', phone: 'setphone' },
});

/** A command without a token. */
export const getPrice = defineCommand({
  provider: 'deploi',
  wire: 'GetPrice',
  group: 'domains',
  title: 'Get a price',
  description: 'Gets a price.',
  input: z.strictObject({ domain: domainName }),
  output: deploiReply({ price: looseNumber }),
  risk: 'read',
  billable: false,
  idempotent: true,
  auth: 'none',
});
