import { z } from 'zod';
import { HostkitError } from '../errors.js';
import { looseNumber } from '../registry/common.js';

/** A client (customer account) a Deploi login can act for. */
export interface DeploiAccount {
  id: number;
  name?: string | undefined;
}

/** The result of a Deploi login. */
export interface DeploiSession {
  token: string;
  clients: DeploiAccount[];
}

// The client logs in by itself, without the registry's Login definition, so a session never depends on
// how that command's schema is written; only the fields the session needs are read, tolerantly.
const loginData = z.looseObject({
  token: z.string().optional(),
  nextstep: z.string().optional(),
  clients: z
    .array(z.looseObject({ id: looseNumber, name: z.string().optional() }))
    .optional()
    .catch(undefined),
});

/** The body of a Login request. */
export function loginRequest(
  username: string,
  password: string,
  code: string | undefined,
): Record<string, unknown> {
  return { command: 'Login', username, password, ...(code === undefined ? {} : { secondfactor: code }) };
}

/**
 * Reads a successful Login reply. `nextstep` is set when Deploi asks for a further step (two-factor)
 * instead of giving a session.
 */
export function parseLoginReply(reply: Record<string, unknown>): DeploiSession & { nextstep?: string } {
  const parsed = loginData.safeParse(reply.data ?? {});
  const data = parsed.success ? parsed.data : {};
  if (data.nextstep && data.nextstep.toLowerCase() !== 'none') {
    return { token: data.token ?? '', clients: [], nextstep: data.nextstep };
  }
  if (!data.token) {
    throw new HostkitError(
      'bad_response',
      'Deploi accepted the login but sent no token (data.token). Try again; if it persists, the API has changed.',
      { retryable: true },
    );
  }
  const clients = (data.clients ?? []).map((c) => ({
    id: c.id,
    ...(c.name === undefined ? {} : { name: c.name }),
  }));
  return { token: data.token, clients };
}
