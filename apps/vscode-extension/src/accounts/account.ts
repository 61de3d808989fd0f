import type { SeflowServerRef } from '../model/seflow-servers';
import type { ProviderId } from '../model/types';

// An account as the extension remembers it. Everything here is safe to keep in globalState: the
// password, token and API key live only in SecretStorage (see account-store.ts).

export interface DeploiClientRef {
  id: number;
  name?: string;
}

export interface Account {
  /** Stable, random: keys the secrets, the cache and the tree nodes. */
  id: string;
  provider: ProviderId;
  /** The login name: Deploi e-mail or SeFlow API user. */
  username: string;
  /** The API address chosen at sign-in; credentials are never sent anywhere else. */
  baseUrl: string;
  /** Deploi: the clients (customer accounts) the login can act for. */
  clients?: DeploiClientRef[];
  /** SeFlow: the dedicated servers to show; SeFlow's API cannot list them. */
  servers?: SeflowServerRef[];
  /** An account of the built-in sandbox: not persisted, its credentials are the public demo ones. */
  sandbox?: boolean;
  /** Sandbox accounts: which run of the sandbox they belong to (a restarted sandbox is a new API). */
  session?: string;
}

/** What SecretStorage holds for one account. */
export interface AccountSecrets {
  password?: string;
  /** Deploi session token from the last login: lets the first request skip a login. */
  token?: string;
  /** SeFlow API key. */
  key?: string;
}

export function accountLabel(a: Account): string {
  return a.sandbox ? `${a.username} (sandbox)` : a.username;
}

export function providerLabel(p: ProviderId): string {
  return p === 'deploi' ? 'Deploi' : 'SeFlow';
}

/**
 * What an account's API clients and cached data depend on: another address, login or sandbox run means
 * another API, so clients made and data read before must not be used for it.
 */
export function accountFingerprint(a: Account): string {
  return JSON.stringify([a.provider, a.baseUrl, a.username, a.session ?? '']);
}
