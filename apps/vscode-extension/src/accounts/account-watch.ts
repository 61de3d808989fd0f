import type * as vscode from 'vscode';
import { accountFingerprint } from './account';
import type { AccountStore } from './account-store';

/**
 * Calls `gone(id)` for every account that was signed out, or that now points at another API (another
 * address or login, a restarted sandbox): its clients and the data read from the old API must go, or
 * the tree shows what the old API said and calls fail against an address nobody listens on.
 */
export function watchAccounts(accounts: AccountStore, gone: (id: string) => void): vscode.Disposable {
  let known = new Map(accounts.all().map((a) => [a.id, accountFingerprint(a)]));
  return accounts.onDidChange(() => {
    const now = new Map(accounts.all().map((a) => [a.id, accountFingerprint(a)]));
    for (const [id, fingerprint] of known) if (now.get(id) !== fingerprint) gone(id);
    // Signed in again (a sandbox account brought back): nothing made for its last sign-in may linger.
    for (const id of now.keys()) if (!known.has(id)) gone(id);
    known = now;
  });
}
