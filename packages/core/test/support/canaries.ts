import { expect } from 'vitest';

/** Secret values that must never appear in an error produced by a client. */
export const canary = {
  password: 'canary-Pa55word/+&=',
  token: 'canary-token-Zr42Xq',
  newToken: 'canary-token-fresh-Wm81',
  key: 'canary-seflow-key-M3p8',
  code: '913377',
  secretInput: 'canary-magic-word-Ke7',
} as const;

const values = Object.values(canary);

function messagesOf(error: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  for (let e: unknown = error; e instanceof Error && !seen.has(e); e = e.cause) {
    seen.add(e);
    out.push(e.message, e.stack ?? '', JSON.stringify(e));
  }
  return out;
}

/** Fails when any canary (or its URL-encoded form) is in the error, its stack, its fields or its causes. */
export function expectNoSecrets(error: unknown): void {
  const text = messagesOf(error).join('\n');
  for (const v of values) {
    expect(text).not.toContain(v);
    expect(text).not.toContain(encodeURIComponent(v));
  }
}

/** The error `promise` rejects with, checked free of secrets; fails if it resolves. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  expect(error, 'expected the call to fail').toBeInstanceOf(Error);
  expectNoSecrets(error);
  return error as Error;
}
