// Background reads that add facts to rows already shown (a server's IPs), a few at a time so a fleet
// of hundreds does not flood the API, each key once while it is queued or running. Free of `vscode`.

type Task = (signal: AbortSignal) => Promise<void>;

export class JoinQueue {
  private readonly waiting: { key: string; run: Task }[] = [];
  private readonly active = new Map<string, AbortController>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly concurrency = 4) {}

  /** Queues `run` under `key`, unless that key is already queued or running. */
  add(key: string, run: Task): void {
    if (this.active.has(key) || this.waiting.some((w) => w.key === key)) return;
    this.waiting.push({ key, run });
    this.pump();
  }

  has(key: string): boolean {
    return this.active.has(key) || this.waiting.some((w) => w.key === key);
  }

  /** Drops queued work and aborts running work whose key matches (an account signed out). */
  cancel(match: (key: string) => boolean): void {
    for (let i = this.waiting.length - 1; i >= 0; i--)
      if (match(this.waiting[i]?.key ?? '')) this.waiting.splice(i, 1);
    for (const [key, c] of this.active) if (match(key)) c.abort();
    this.checkIdle();
  }

  /** Resolves when nothing is queued or running (tests and measurements). */
  idle(): Promise<void> {
    if (this.active.size === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    this.cancel(() => true);
  }

  private pump(): void {
    while (this.active.size < this.concurrency && this.waiting.length > 0) {
      const next = this.waiting.shift();
      if (!next) break;
      const controller = new AbortController();
      this.active.set(next.key, controller);
      void next
        .run(controller.signal)
        .catch(() => undefined)
        .finally(() => {
          if (this.active.get(next.key) === controller) this.active.delete(next.key);
          this.pump();
          this.checkIdle();
        });
    }
  }

  private checkIdle(): void {
    if (this.active.size > 0 || this.waiting.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
