// Shaping view models: the core schemas have already typed and coerced every field (numbers sent as
// strings, 0/1 booleans), so only what exactOptionalPropertyTypes needs is here.

type Loose = Record<string, unknown>;

/** `{ a: string | undefined }` → `{ a?: string }`: what {@link compact} gives back. */
export type Compacted<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops `undefined` values so objects fit `exactOptionalPropertyTypes` and stay small in the cache. */
export function compact<T extends object>(o: T): Compacted<T> {
  const out: Loose = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Compacted<T>;
}
