// Re-reads a view's lists in the background while the view is shown, at most once per interval per
// list, so what the tree shows is never much older than the interval. Free of `vscode` (unit-tested).

export interface BackgroundRefreshOptions {
  /** The interval in ms; 0 or less turns background refresh off. Read at every tick (settings change). */
  intervalMs: () => number;
  /** The list keys to keep fresh: the view's scopes that have been loaded. */
  keys: () => string[];
  /** When a key's data was fetched (epoch ms), or undefined when it is not loaded or is loading. */
  fetchedAt: (key: string) => number | undefined;
  /** Loads one key again in place (no blinking, children kept). */
  reload: (key: string) => void;
  now?: () => number;
}

/**
 * One timer per view. A tick reloads each list whose data is at least an interval old, so a list that a
 * manual refresh or a faster poll (something changing) just read is not read again: never more than one
 * background request per list per interval. Stopped while the view is hidden; shown again, whatever is
 * older than the interval is read at once.
 */
export class BackgroundRefresh {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private readonly now: () => number;

  constructor(private readonly o: BackgroundRefreshOptions) {
    this.now = o.now ?? Date.now;
  }

  /** The view became visible (or the interval changed): read what is stale now, then keep ticking. */
  start(): void {
    this.running = true;
    this.tick();
  }

  /** The view is hidden: nothing is read for it. */
  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
  }

  private tick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const interval = this.o.intervalMs();
    if (!this.running || !(interval > 0)) return;
    const now = this.now();
    let next = interval;
    for (const key of this.o.keys()) {
      const at = this.o.fetchedAt(key);
      if (at === undefined) continue;
      const age = now - at;
      if (age >= interval) this.o.reload(key);
      // The next tick comes when the freshest list turns an interval old, so each is read on time.
      else next = Math.min(next, interval - age);
    }
    this.timer = setTimeout(() => this.tick(), Math.max(250, next));
  }
}
