import { z } from 'zod';
import {
  clientId,
  countryCode,
  deploiAck,
  deploiReply,
  email,
  id,
  label,
  looseBoolean,
  looseNumber,
  looseString,
  sessionDestructive,
  sessionRead,
  sessionWrite,
} from '../registry/common.js';
import { type Command, defineCommand } from '../registry/define.js';
import { forClient } from '../registry/summary.js';
import { type ToolCall, toolCall } from '../registry/undo.js';
import { PLAIN_TEXT, PLAIN_TEXT_MESSAGE, quote as q } from '../text.js';

const personName = (what: string) => label(what, 100);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number such as 98162249 or +4798162249')
  .describe('Phone number of the contact person, digits with an optional leading + country prefix.');
const accountType = z
  .enum(['company', 'person'])
  .describe(
    '"company" for a legal entity (needs company name and organisation number), "person" for a private person.',
  );
const companyName = label('Name of the legal entity (company).', 200);
const legalEntityId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 .-]{1,31}$/, 'must be an organisation number such as 912345678')
  .describe(
    'Organisation number (company registration number) of the legal entity, such as a Norwegian 9-digit org. nr.',
  );
const addressLine1 = label(
  'Address line 1: the home address for a person, the address of the company for a company.',
  200,
);
// Empty string allowed: it is how an optional line is left blank (or cleared).
const addressLine2 = z
  .string()
  .trim()
  .max(200)
  .regex(PLAIN_TEXT, PLAIN_TEXT_MESSAGE)
  .describe('Additional address information; "" for none.');
const city = label('City part of the address.', 100);
const state = z
  .string()
  .trim()
  .max(100)
  .regex(PLAIN_TEXT, PLAIN_TEXT_MESSAGE)
  .describe('State or region part of the address; "" for none.');
const postalCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{1,11}$/, 'must be a postal code such as 0193')
  .describe('Postal code of the address.');

const accountInfo = z.looseObject({
  id: looseNumber.optional(),
  loggedin: looseBoolean.optional(),
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  email: z.string().optional(),
  phone: looseString.optional(),
  type: z.string().optional(),
  companyname: z.string().optional(),
  legalentityid: looseString.optional(),
  addressline1: z.string().optional(),
  addressline2: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  postalcode: looseString.optional(),
  countrycode: z.string().optional(),
  agreedtotac: looseBoolean.optional(),
  receiveinfo: looseBoolean.optional(),
  ehfinvoice: looseBoolean.optional(),
  autocreate: looseBoolean.optional(),
});

/** Deploi: account. */
export const deploiAccount = [
  defineCommand({
    provider: 'deploi',
    wire: 'Login',
    group: 'account',
    title: 'Log in to Deploi',
    description:
      'Logs in with the user\'s e-mail and password and returns a session token and the client accounts the user can act for (data.clients). If data.nextstep is present and not "none", two-factor authentication is required: ask the user for the code and call again with secondfactor. "Email or Password Invalid" (messageId -1) means wrong credentials: do not retry without new ones. A successful login replaces the session: every later call acts for this user.',
    input: z.strictObject({
      username: email.describe('The e-mail address the Deploi user logs in with.'),
      password: z.string().min(1).max(256).describe('The password of the Deploi user.'),
      // The docs say only "string": an authenticator's code or one of the account's backup codes.
      secondfactor: z
        .string()
        .trim()
        .regex(
          /^[A-Za-z0-9][A-Za-z0-9 -]{2,62}[A-Za-z0-9]$/,
          'must be the code from the authenticator app or a backup code (letters, digits, - or spaces)',
        )
        .optional()
        .describe(
          "Two-factor code from the user's authenticator app, or one of their backup codes; give it when data.nextstep asked for it.",
        ),
    }),
    output: deploiReply({
      data: z
        .looseObject({
          token: z.string().optional(),
          nextstep: z.string().optional(),
          clients: z.array(z.looseObject({ id: looseNumber, name: z.string().optional() })).optional(),
        })
        .optional(),
    }),
    // A session write: it changes which account every later call acts for, so it is audited and absent
    // in read-only mode.
    risk: 'write',
    billable: false,
    idempotent: false,
    auth: 'none',
    secrets: ['password', 'secondfactor', 'token'],
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'Logout',
    group: 'account',
    title: 'Log out of Deploi',
    description:
      'Ends the current Deploi session: its token stops working and later calls need a new deploi_login. Changes nothing in the hosting.',
    input: z.strictObject({}),
    output: deploiAck,
    ...sessionWrite,
    idempotent: true,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'Ping',
    group: 'account',
    title: 'Check that the Deploi API is up',
    description:
      'Checks that the Deploi API is reachable and responsive: data is "pong" when it is. Needs no login; use it to tell an outage from a credentials problem.',
    input: z.strictObject({}),
    output: deploiReply({ data: z.string().optional() }),
    risk: 'read',
    billable: false,
    idempotent: true,
    auth: 'none',
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'Register',
    group: 'account',
    title: 'Register a new Deploi account',
    description:
      "Creates a new Deploi customer account (company or person) and accepts Deploi's terms and conditions on the user's behalf: use it only on the user's explicit request and with their consent. The account itself is free; services ordered later are billed to it.",
    input: z
      .strictObject({
        firstname: personName('First name of the contact person.'),
        lastname: personName('Last name of the contact person.'),
        email: email.describe('E-mail address of the contact person; it becomes the login name.'),
        phone,
        password: z.string().min(8).max(128).describe('Password for the new user (at least 8 characters).'),
        type: accountType,
        companyname: companyName
          .optional()
          .describe('Name of the legal entity; required when type is "company".'),
        taxid: legalEntityId
          .optional()
          .describe('Organisation number of the company; required when type is "company".'),
        addressline1: addressLine1,
        addressline2: addressLine2.optional(),
        city,
        state: state.optional(),
        postalcode: postalCode,
        country: countryCode.describe(
          'Two-letter ISO 3166-1 alpha-2 country code of the address, such as NO.',
        ),
        agreedtotac: z
          .literal(true)
          .describe("Must be true: the user accepts Deploi's terms and conditions. Ask the user first."),
        receiveinfo: z
          .boolean()
          .default(false)
          .describe('true to subscribe to Deploi newsletters. Default false.'),
        ehfinvoice: z
          .boolean()
          .default(false)
          .describe(
            'true to receive invoices as EHF (Norwegian e-invoice) instead of e-mail/PDF. Default false.',
          ),
      })
      .superRefine((v, ctx) => {
        if (v.type !== 'company') return;
        for (const field of ['companyname', 'taxid'] as const) {
          if (v[field] === undefined) {
            ctx.addIssue({ code: 'custom', path: [field], message: `required when type is "company"` });
          }
        }
      }),
    output: deploiAck,
    risk: 'write',
    billable: false,
    idempotent: false,
    auth: 'none',
    secrets: ['password'],
    confirm: () => "it accepts Deploi's terms and conditions in the user's name",
    summary: (i) =>
      `Register a new Deploi ${i.type} account for ${q(i.firstname)} ${q(i.lastname)}${i.companyname === undefined ? '' : ` of ${q(i.companyname)}`} with the login ${q(i.email)}, accepting Deploi's terms and conditions${i.receiveinfo ? ' and subscribing to newsletters' : ''}.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'ForgotPassword',
    group: 'account',
    title: 'Request a new password for a server',
    description:
      'Asks Deploi to reset the login password of a server (the agreement id is the server id from deploi_get_servers); Deploi processes the request out of band. The current password may stop working, breaking logins and scripts that use it. Not the Deploi account password.',
    input: z.strictObject({
      id: id(
        'The agreement id of the server whose password to reset: the server id from deploi_get_servers.',
      ),
    }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: false,
    targets: (i) => [{ kind: 'server', id: i.id }],
    summary: (i, n) =>
      `Ask Deploi to reset the login password of ${n.server(i.id)}; its current password may stop working.`,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetAccountInfo',
    group: 'account',
    title: 'Get Deploi account details',
    description:
      'Returns the customer account (client) details: contact person, company or person, legal entity id, address, invoice and newsletter settings, in accountInfo.',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({ accountInfo: accountInfo.optional(), accountinfo: accountInfo.optional() }),
    ...sessionRead,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'UpdateAccountInfo',
    group: 'account',
    title: 'Update Deploi account details',
    description:
      'Changes the given fields of the customer account; fields not given stay as they are (check them with deploi_get_account_info). Changing the e-mail, type, company or organisation number changes who Deploi treats as the account holder and where invoices and notices go; the old values are overwritten. Processed asynchronously.',
    input: z.strictObject({
      clientid: clientId,
      type: accountType.optional(),
      companyname: companyName.optional(),
      legalentityid: legalEntityId.optional(),
      firstname: personName('First name of the contact person.').optional(),
      lastname: personName('Last name of the contact person.').optional(),
      email: email
        .optional()
        .describe('E-mail address of the contact person; invoices and notices go there.'),
      phone: phone.optional(),
      addressline1: addressLine1.optional(),
      addressline2: addressLine2.optional(),
      postalcode: postalCode.optional(),
      city: city.optional(),
      state: state.optional(),
      countrycode: countryCode
        .optional()
        .describe('Two-letter ISO 3166-1 alpha-2 country code of the address.'),
      ehfinvoice: z.boolean().optional().describe('true to receive invoices as EHF (Norwegian e-invoice).'),
      agreedtotac: z
        .literal(true)
        .optional()
        .describe("true to accept Deploi's (current) terms and conditions; only with the user's consent."),
      receiveinfo: z.boolean().optional().describe('true to receive Deploi newsletters, false to stop them.'),
    }),
    output: deploiAck,
    ...sessionDestructive,
    idempotent: true,
    check: (i): ToolCall =>
      toolCall('deploi_get_account_info', { ...(i.clientid === undefined ? {} : { clientid: i.clientid }) }),
    patch: {
      type: 'settype',
      companyname: 'setcompanyname',
      legalentityid: 'setlegalentityid',
      firstname: 'setfirstname',
      lastname: 'setlastname',
      email: 'setemail',
      phone: 'setphone',
      addressline1: 'setaddressline1',
      addressline2: 'setaddressline2',
      postalcode: 'setpostalcode',
      city: 'setcity',
      state: 'setstate',
      countrycode: 'setcountrycode',
      ehfinvoice: 'setEhfInvoice',
      agreedtotac: 'setagreedtotac',
      receiveinfo: 'setreceiveinfo',
    },
    summary: (i) => {
      const { clientid, ...changes } = i;
      const fields = Object.entries(changes)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k} to ${q(v)}`);
      return `Change the account details${forClient({ clientid })}: ${fields.join(', ')}. The old values are overwritten${i.email === undefined ? '' : '; invoices and notices go to the new e-mail address'}.`;
    },
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetUserInfo',
    group: 'account',
    title: 'Get the logged-in Deploi user',
    description:
      'Returns the logged-in user (name, e-mail, whether two-factor authentication is on) and the ids of the client accounts the user administers (userInfo.accounts), usable as clientid.',
    input: z.strictObject({}),
    output: deploiReply({
      userInfo: z
        .looseObject({
          id: looseString.optional(),
          firstname: z.string().optional(),
          lastname: z.string().optional(),
          email: z.string().optional(),
          twoFactorAuthentication: looseBoolean.optional(),
          accounts: z.array(looseNumber).optional(),
        })
        .optional(),
    }),
    ...sessionRead,
  }),
  defineCommand({
    provider: 'deploi',
    wire: 'GetAlerts',
    group: 'account',
    title: 'List Deploi alerts',
    description:
      'Lists the alert services of the account: what each checks (description), how often (checkFrequency in days/weeks/months/years) and at what time of day (checkTime, HH:MM).',
    input: z.strictObject({ clientid: clientId }),
    output: deploiReply({
      alerts: z
        .array(
          z.looseObject({
            id: looseNumber,
            description: z.string().optional(),
            checkFrequency: z
              .looseObject({
                day: looseNumber.optional(),
                week: looseNumber.optional(),
                month: looseNumber.optional(),
                year: looseNumber.optional(),
              })
              .optional(),
            checkTime: z.string().optional(),
          }),
        )
        .optional(),
    }),
    ...sessionRead,
    list: { at: 'alerts', noun: 'alert', columns: ['id', 'description', 'checkTime'] },
  }),
] as const satisfies readonly Command[];
