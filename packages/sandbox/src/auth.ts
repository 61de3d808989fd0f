import { randomBytes } from 'node:crypto';
import { DEPLOI_TOKEN_REJECTED_MESSAGES } from '@hostkit/core';
import type { Clock } from './clock';
import type { SandboxState, User } from './model';
import { hashSecret } from './state';

// Deploi sessions (Login → token → Logout, expiring after a TTL) and SeFlow key checks.
// Sessions live in memory only: a restarted sandbox forgets them, and clients simply log in again.

/** The messages a refused token gets: the core client's expired-token detection matches exactly these. */
export const tokenMessages = {
  invalid: DEPLOI_TOKEN_REJECTED_MESSAGES[0],
  expired: DEPLOI_TOKEN_REJECTED_MESSAGES[1],
} as const;

/** A Deploi login session. */
export interface Session {
  token: string;
  userId: number;
  createdAt: number;
  expiresAt: number;
}

/** Why a token was not accepted. */
export type TokenProblem = 'missing' | 'invalid' | 'expired';

/** Issues, checks and revokes Deploi session tokens. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    /** Put in front of every token (tests plant a canary prefix to search outputs for). */
    private readonly tokenPrefix = '',
  ) {}

  /** A new session for `userId`, valid for the TTL from now. */
  create(userId: number): Session {
    const now = this.clock.now();
    const session = {
      token: `${this.tokenPrefix}${newToken()}`,
      userId,
      createdAt: now,
      expiresAt: now + this.ttlMs,
    };
    this.sessions.set(session.token, session);
    return session;
  }

  /** The live session of `token`, or why there is none. Expired sessions are kept so the answer says "expired". */
  check(token: unknown): Session | TokenProblem {
    if (typeof token !== 'string' || token === '') return 'missing';
    const session = this.sessions.get(token);
    if (!session) return 'invalid';
    if (session.expiresAt <= this.clock.now()) return 'expired';
    return session;
  }

  /** Ends a session (Logout): its token becomes unknown. */
  revoke(token: string): void {
    this.sessions.delete(token);
  }

  /** Makes every live session expire now (the `expire-token` fault). */
  expireAll(): void {
    const now = this.clock.now();
    for (const session of this.sessions.values()) session.expiresAt = Math.min(session.expiresAt, now);
  }

  /** How many sessions have not expired. */
  liveCount(): number {
    const now = this.clock.now();
    return [...this.sessions.values()].filter((s) => s.expiresAt > now).length;
  }
}

// 25 lower-case letters, the shape of the docs' example token.
function newToken(): string {
  return [...randomBytes(25)].map((b) => String.fromCharCode(97 + (b % 26))).join('');
}

/** The user with this e-mail and password, or undefined. E-mail compared case-insensitively. */
export function findUserByLogin(state: SandboxState, email: string, password: string): User | undefined {
  const user = state.users.find((u) => u.email.toLowerCase() === email.toLowerCase());
  return user && user.passwordHash === hashSecret(password) ? user : undefined;
}

/** True when `username` and `key` are the SeFlow account's. */
export function seflowKeyAccepted(state: SandboxState, username: unknown, key: unknown): boolean {
  return (
    typeof username === 'string' &&
    typeof key === 'string' &&
    username === state.seflow.username &&
    hashSecret(key) === state.seflow.keyHash
  );
}
