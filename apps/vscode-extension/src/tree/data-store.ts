// Keyed data behind the trees: in-memory entries, a persistent snapshot for a fast first paint,
// one request in flight per key, and background refresh. Free of `vscode` so it is unit-tested.

/** What the store persists to: `vscode.Memento` fits (globalState). */
export interface SnapshotStorage {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** One key's data as the tree renders it. */
export interface Entry<T> {
  /** When `data` was fetched (epoch ms). */
  at: number;
  data?: T;
  /** The last load's failure (already redacted); `data`, if present, is older. */
  error?: string;
  /** Shown from the persisted snapshot; a refresh is under way or just finished. */
  fromCache?: boolean;
  /** A load for this key is in flight. */
  refreshing?: boolean;
}

interface Snapshot {
  [key: string]: { at: number; data: unknown };
}

const SNAPSHOT_KEY = 'hostkit.treeSnapshot.v1';
/** Most keys kept in the snapshot, newest first: the tree's expanded part, not every detail ever seen. */
const MAX_SNAPSHOT_KEYS = 400;

export interface DataStoreOptions {
  storage: SnapshotStorage;
  /** Called after a background load changed something: the tree re-renders. */
  onChange: (key: string) => void;
  /** Turns a load failure into the message shown (redacted, one line). */
  describeError: (error: unknown, key: string) => string;
  now?: () => number;
}

export class DataStore {
  private readonly memory = new Map<string, Entry<unknown>>();
  private readonly inflight = new Map<string, Promise<Entry<unknown>>>();
  private readonly controllers = new Map<string, AbortController>();
  // The last loader given for each key, so a poll can load it again in place (revalidate).
  private readonly loaders = new Map<string, (signal: AbortSignal) => Promise<unknown>>();
  private snapshot: Snapshot;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: DataStoreOptions) {
    this.snapshot = { ...(options.storage.get<Snapshot>(SNAPSHOT_KEY) ?? {}) };
    this.now = options.now ?? Date.now;
  }

  /**
   * The entry for `key`. Fresh in memory: returned as is. Only in the snapshot: returned at once
   * (marked `fromCache`) while `load` runs in the background. Neither: `load` is awaited.
   */
  async get<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Promise<Entry<T>> {
    this.loaders.set(key, load);
    const mem = this.memory.get(key) as Entry<T> | undefined;
    if (mem) return mem;
    const snap = this.snapshot[key];
    if (snap) {
      const entry: Entry<T> = { at: snap.at, data: snap.data as T, fromCache: true, refreshing: true };
      this.memory.set(key, entry);
      void this.load(key, load).then(() => this.options.onChange(key));
      return entry;
    }
    return (await this.load(key, load)) as Entry<T>;
  }

  /** When the data in memory for `key` was fetched; undefined when it is not loaded, or loading now. */
  loadedAt(key: string): number | undefined {
    const e = this.memory.get(key);
    return e && !e.refreshing && e.data !== undefined ? e.at : undefined;
  }

  /** The entry without loading anything. */
  peek<T>(key: string): Entry<T> | undefined {
    return (this.memory.get(key) ?? (this.snapshot[key] && { ...this.snapshot[key], fromCache: true })) as
      | Entry<T>
      | undefined;
  }

  /**
   * Loads `key` again with its last loader while the data shown stays as it is (a poll: nothing blinks,
   * children keep theirs); `onChange` fires when it is in. False when the key was never loaded.
   */
  revalidate(key: string): boolean {
    const load = this.loaders.get(key);
    if (!load) return false;
    if (!this.inflight.has(key)) void this.load(key, load).then(() => this.options.onChange(key));
    return true;
  }

  /** Loads `key` now with its last loader, waiting for it; undefined when it was never loaded. */
  async reload<T>(key: string): Promise<Entry<T> | undefined> {
    const load = this.loaders.get(key) as ((signal: AbortSignal) => Promise<T>) | undefined;
    return load ? this.get(key, load) : undefined;
  }

  /** Changes the data of a loaded key in place, keeping when it was fetched (facts joined in later). */
  patch<T>(key: string, change: (data: T) => T): boolean {
    const entry = this.memory.get(key) as Entry<T> | undefined;
    if (entry?.data === undefined) return false;
    entry.data = change(entry.data);
    if (!entry.fromCache) this.remember(key, entry.at, entry.data);
    return true;
  }

  /** Replaces a key's data by hand (after a write whose result is known), persisting it. */
  set<T>(key: string, data: T): void {
    const at = this.now();
    this.memory.set(key, { at, data });
    this.remember(key, at, data);
  }

  /**
   * Forgets the in-memory entries of `key` and of every key under it (`key/…`), so the next render
   * loads them again. Soft (a refresh, a poll): the snapshot stays, so the old data is shown while
   * it loads and nothing blinks. `known: 'stale'` (after a write): the snapshot of those keys is
   * dropped too, so the next render waits for the new data instead of showing what is now wrong.
   * Loads in flight for those keys are cancelled: their answer would be older than the next one.
   */
  invalidate(key?: string, known?: 'stale'): void {
    const hit = (k: string) => key === undefined || k === key || k.startsWith(`${key}/`);
    for (const k of [...this.memory.keys()]) if (hit(k)) this.memory.delete(k);
    for (const [k, c] of [...this.controllers]) {
      if (hit(k)) {
        c.abort();
        this.controllers.delete(k);
        this.inflight.delete(k);
      }
    }
    if (known === 'stale') {
      for (const k of Object.keys(this.snapshot)) if (hit(k)) delete this.snapshot[k];
      this.scheduleSave();
    }
  }

  /** Drops everything under `prefix` from memory and the snapshot (sign-out). */
  forget(prefix: string): void {
    this.invalidate(prefix, 'stale');
    for (const k of [...this.loaders.keys()])
      if (k === prefix || k.startsWith(`${prefix}/`)) this.loaders.delete(k);
  }

  /** Resolves when no load is in flight: tests and "refresh and wait" use it. */
  async settled(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight.values()]);
  }

  dispose(): void {
    for (const c of this.controllers.values()) c.abort();
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      void this.options.storage.update(SNAPSHOT_KEY, this.snapshot);
    }
  }

  private load<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Promise<Entry<unknown>> {
    const running = this.inflight.get(key);
    if (running) return running;
    const controller = new AbortController();
    this.controllers.set(key, controller);
    const previous = this.memory.get(key);
    if (previous) previous.refreshing = true;
    const promise = load(controller.signal).then(
      (data): Entry<unknown> => {
        const at = this.now();
        const entry: Entry<unknown> = { at, data };
        if (!controller.signal.aborted) {
          this.memory.set(key, entry);
          this.remember(key, at, data);
        }
        return entry;
      },
      (error: unknown): Entry<unknown> => {
        const message = this.options.describeError(error, key);
        // Stale data with the failure beside it beats an empty branch.
        const entry: Entry<unknown> =
          previous?.data !== undefined
            ? {
                at: previous.at,
                data: previous.data,
                error: message,
                ...(previous.fromCache ? { fromCache: true } : {}),
              }
            : { at: this.now(), error: message };
        if (!controller.signal.aborted) this.memory.set(key, entry);
        return entry;
      },
    );
    this.inflight.set(key, promise);
    void promise.finally(() => {
      if (this.inflight.get(key) === promise) this.inflight.delete(key);
      if (this.controllers.get(key) === controller) this.controllers.delete(key);
    });
    return promise;
  }

  private remember(key: string, at: number, data: unknown): void {
    this.snapshot[key] = { at, data };
    const keys = Object.keys(this.snapshot);
    if (keys.length > MAX_SNAPSHOT_KEYS) {
      keys.sort((a, b) => (this.snapshot[b]?.at ?? 0) - (this.snapshot[a]?.at ?? 0));
      for (const k of keys.slice(MAX_SNAPSHOT_KEYS)) delete this.snapshot[k];
    }
    this.scheduleSave();
  }

  // Writes are batched: a refresh of many branches should be one globalState write, not dozens.
  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.options.storage.update(SNAPSHOT_KEY, this.snapshot);
    }, 500);
  }
}
