import { findUserByLogin } from '../auth';
import { deploiErrors } from '../messages';
import type { Client } from '../model';
import { hashSecret, nextId, recordEvent } from '../state';
import { clientFor, findOwned, type HandlerMap, ofClient, ok, refuse, userOf } from './support';

// Deploi "account" group: login and sessions, registration, account and user details, alerts.

/** The name Login shows for a client: the company, or the person. */
function displayName(client: Client): string {
  return client.type === 'company' && client.companyname
    ? client.companyname
    : `${client.firstname} ${client.lastname}`;
}

/** Handlers of the account group, by wire name. */
export const accountHandlers = {
  Login: (ctx, input) => {
    const user = findUserByLogin(ctx.state, input.username, input.password);
    if (!user) return refuse(deploiErrors.loginFailed);
    if (user.twoFactor) {
      // The live API answers a login that needs a second factor with data.nextstep and no token.
      if (input.secondfactor === undefined)
        return ok({ data: { nextstep: 'secondfactor' } }, 'Two factor authentication required.');
      if (input.secondfactor !== ctx.config.twoFactorCode) return refuse(deploiErrors.twoFactorInvalid);
    }
    const session = ctx.sessions.create(user.id);
    const clients = user.clientIds
      .map((id) => ctx.state.clients.find((c) => c.id === id))
      .filter((c): c is Client => c !== undefined)
      .map((c) => ({ id: c.id, name: displayName(c) }));
    return ok({ data: { token: session.token, nextstep: 'none', clients } }, 'Login successful.');
  },

  Logout: (ctx) => {
    if (ctx.session) ctx.sessions.revoke(ctx.session.token);
    return { success: true, message: 'Logout successful.' };
  },

  Ping: () => ({ success: true, data: 'pong' }),

  Register: (ctx, input) => {
    const email = input.email.toLowerCase();
    if (ctx.state.users.some((u) => u.email.toLowerCase() === email)) return refuse(deploiErrors.emailTaken);
    const client: Client = {
      id: nextId(ctx.state),
      name: '',
      type: input.type,
      firstname: input.firstname,
      lastname: input.lastname,
      email: input.email,
      phone: input.phone,
      companyname: input.companyname ?? '',
      legalentityid: input.taxid ?? '',
      addressline1: input.addressline1,
      addressline2: input.addressline2 ?? '',
      city: input.city,
      state: input.state ?? '',
      postalcode: input.postalcode,
      countrycode: input.country,
      agreedtotac: input.agreedtotac,
      receiveinfo: input.receiveinfo,
      ehfinvoice: input.ehfinvoice,
      autocreate: true,
    };
    client.name = displayName(client);
    ctx.state.clients.push(client);
    ctx.state.users.push({
      id: nextId(ctx.state),
      email: input.email,
      passwordHash: hashSecret(input.password),
      firstname: input.firstname,
      lastname: input.lastname,
      twoFactor: false,
      clientIds: [client.id],
    });
    return ok({}, 'Registration successful.', 1);
  },

  ForgotPassword: (ctx, input) => {
    const server = findOwned(ctx, ctx.state.servers, (s) => s.id === input.id, deploiErrors.noSuchAgreement);
    recordEvent(
      ctx.state,
      ctx.now,
      'ForgotPassword',
      `password reset requested for server ${server.id}`,
      server.clientId,
    );
    return ok({}, 'Password request recieved.', 84);
  },

  GetAccountInfo: (ctx, input) => {
    const { name: _name, ...accountInfo } = clientFor(ctx, input.clientid);
    return ok({ accountInfo });
  },

  UpdateAccountInfo: (ctx, input) => {
    const { clientid, ...patch } = input;
    const client = clientFor(ctx, clientid);
    // Only the fields given are changed: the dispatcher dropped those whose setX flag was false.
    for (const [field, value] of Object.entries(patch)) {
      if (value !== undefined) Object.assign(client, { [field]: value });
    }
    client.name = displayName(client);
    return ok({}, 'The request has been received and is being processed.', 65);
  },

  GetUserInfo: (ctx) => {
    const user = userOf(ctx);
    return ok({
      userInfo: {
        id: user.id,
        firstname: user.firstname,
        lastname: user.lastname,
        email: user.email,
        twoFactorAuthentication: user.twoFactor,
        accounts: [...user.clientIds],
      },
    });
  },

  GetAlerts: (ctx, input) => {
    const alerts = ofClient(ctx.state.alerts, clientFor(ctx, input.clientid)).map(
      ({ id, description, checkFrequency, checkTime }) => ({
        id,
        description,
        checkFrequency: { ...checkFrequency },
        checkTime,
      }),
    );
    return ok({ alerts });
  },
} satisfies HandlerMap<'deploi'>;
