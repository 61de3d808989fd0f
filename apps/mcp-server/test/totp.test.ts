import { describe, expect, it } from 'vitest';
import { isTotpSecret, totpCode } from '../src/totp';

// RFC 6238 appendix B, the SHA-1 rows: the secret is the ASCII "12345678901234567890", 30 s steps from
// T0 = 0. The RFC prints 8 digits; a 6-digit code is the same value modulo 10^6 (section 5.3 of RFC 4226
// truncates modulo 10^Digit), so its last six digits.
const SECRET_ASCII = '12345678901234567890';
const VECTORS: readonly [seconds: number, eightDigits: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

/** RFC 4648 base32 of `bytes`, written out here rather than with the decoder under test. */
function base32(bytes: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 5)
    out += alphabet[Number.parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  return out;
}

const secret = base32(Buffer.from(SECRET_ASCII, 'ascii'));

describe('totpCode', () => {
  it('encodes the RFC secret as the base32 every authenticator app shows', () => {
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it.each(VECTORS)('gives the RFC 6238 SHA-1 code at T = %i s', (seconds, eight) => {
    expect(totpCode(secret, seconds * 1000)).toBe(eight.slice(-6));
  });

  it('accepts the secret as apps show it: lower case, grouped, padded', () => {
    const shown = `${secret.toLowerCase().replace(/(.{4})/g, '$1 ')}====`;
    expect(totpCode(shown, 59_000)).toBe('287082');
  });

  it('tells a secret from a code', () => {
    expect(isTotpSecret(secret)).toBe(true);
    expect(isTotpSecret('287082')).toBe(false);
    expect(isTotpSecret('not base32 at all!')).toBe(false);
  });
});
