import { REQUEST_BLOCKED_MESSAGE_ID } from '@hostkit/core';
import { tokenMessages } from './auth';

// The messages the sandbox answers with, in one place. Those the API references document are used
// verbatim; the others are the sandbox's own wording (the live API's is not documented), kept short.
// Documented success messages live in the handlers beside their messageId.

/** A message and its messageId. */
export interface DeploiMessage {
  message: string;
  messageId: number;
}

const m = (message: string, messageId = -1): DeploiMessage => ({ message, messageId });

/** Deploi refusals. */
export const deploiErrors = {
  /** Documented (public sources): wrong username or password. */
  loginFailed: m('Email or Password Invalid', -1),
  /** Documented (public sources): requests that look like curl. */
  requestBlocked: m('Request blocked', REQUEST_BLOCKED_MESSAGE_ID),
  /** The core client's expired-token detection matches these two exactly. */
  tokenInvalid: m(tokenMessages.invalid),
  tokenExpired: m(tokenMessages.expired),
  twoFactorInvalid: m('Two factor code invalid'),
  invalidJson: m('The request body is not valid JSON'),
  notAnObject: m('The request body must be a JSON object'),
  tooLarge: m('The request body is too large'),
  missingCommand: m('Missing command'),
  unknownCommand: (name: string) => m(`Unknown command: ${name}`),
  notImplemented: (name: string) => m(`${name} is not implemented in the Hostkit sandbox yet`),
  invalidInput: (issues: string) => m(`Invalid input: ${issues}`),
  noSuchClient: m('No such client, or the user has no access to it'),
  noSuchServer: m('No such server'),
  serverNotActive: m('The server is not active'),
  noSuchDisk: m('No such disk'),
  noSuchAgreement: m('No such agreement'),
  noSuchDomain: m('No such domain'),
  noSuchRecord: m('No such record'),
  recordExists: m('The record already exists'),
  emailTaken: m('The e-mail address is already registered'),
  tooManyRequests: m('Too many requests'),
  unavailable: m('Service temporarily unavailable'),
  methodNotAllowed: m('Use POST with a JSON body'),
} as const;

/** SeFlow refusals: the first five are the reference's own texts. */
export const seflowErrors = {
  wrongCredentials: 'Wrong Username or Password',
  noSuchServer: 'No such server or server not yet active',
  noSuchIp: 'No such ip',
  noSuchTarget: 'No such target server',
  noPortableIp: 'No Portable IP',
  suspendedBySeflow: 'Server is suspended by SeFlow',
  unknownAction: 'Unknown action',
  missingAction: 'Missing action',
  invalidInput: (issues: string) => `Invalid input: ${issues}`,
  notImplemented: (name: string) => `${name} is not implemented in the Hostkit sandbox yet`,
  tooManyRequests: 'Too many requests',
  unavailable: 'Service temporarily unavailable',
  methodNotAllowed: 'Use GET with query parameters',
} as const;
