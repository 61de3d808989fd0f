/** Longest a scope is polled while something in it stays transitional. */
const MAX_POLL_MS = 15 * 60_000;

/**
 * Re-reads a list while an item in it is changing (a server creating or restarting), and stops
 * once it settles or after {@link MAX_POLL_MS}: a server stuck in a state must not be polled forever.
 */
export class Poller {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly since = new Map<string, number>();

  constructor(
    private readonly intervalMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Schedules one re-read of `key` (again after each load that still shows a transitional item). */
  watch(key: string, tick: () => void): void {
    if (this.timers.has(key)) return;
    const started = this.since.get(key) ?? this.now();
    this.since.set(key, started);
    if (this.now() - started > MAX_POLL_MS) return;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        tick();
      }, this.intervalMs()),
    );
  }

  /** Everything under `key` is settled: stop and forget when polling began. */
  settle(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
    this.since.delete(key);
  }

  isWatching(key: string): boolean {
    return this.timers.has(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
