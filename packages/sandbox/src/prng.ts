import { createHash } from 'node:crypto';

/** A small deterministic PRNG (mulberry32): the same seed always gives the same sequence. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** Lower-case letters and digits. */
  alnum(length: number): string;
}

/** A PRNG seeded with `seed` (any number; non-integers are folded in). */
export function createRandom(seed: number): Random {
  let a = Math.trunc(seed * 1000003) >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty array');
      return items[int(0, items.length - 1)] as T;
    },
    chance: (p) => next() < p,
    alnum: (length) => {
      const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
      let s = '';
      for (let i = 0; i < length; i++) s += chars[int(0, chars.length - 1)];
      return s;
    },
  };
}

/** A stable 32-bit hash of a string, to derive per-object seeds (the first 4 bytes of its SHA-256). */
export function hashString(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
