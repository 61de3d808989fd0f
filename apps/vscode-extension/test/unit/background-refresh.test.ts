import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackgroundRefresh } from '../../src/tree/background-refresh';

describe('BackgroundRefresh', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  /** Two lists; a reload takes `loadMs` and then the list is fresh. */
  function world(intervalMs: number, loadMs = 50) {
    const at = new Map<string, number | undefined>([
      ['servers/a/101', 0],
      ['servers/a/102', 0],
    ]);
    const reloads: [string, number][] = [];
    const br = new BackgroundRefresh({
      intervalMs: () => intervalMs,
      keys: () => [...at.keys()],
      fetchedAt: (k) => at.get(k),
      reload: (k) => {
        reloads.push([k, Date.now()]);
        at.set(k, undefined); // loading
        setTimeout(() => at.set(k, Date.now()), loadMs);
      },
    });
    return { br, at, reloads };
  }

  it('reads each list at most once per interval while shown', async () => {
    const { br, reloads } = world(10_000);
    br.start();
    await vi.advanceTimersByTimeAsync(60_500);
    for (const key of ['servers/a/101', 'servers/a/102']) {
      const times = reloads.filter(([k]) => k === key).map(([, t]) => t);
      expect(times.length).toBeGreaterThanOrEqual(5);
      expect(times.length).toBeLessThanOrEqual(7);
      for (let i = 1; i < times.length; i++)
        expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(10_000);
    }
    br.stop();
  });

  it('does not read a list again that something else just read', async () => {
    const { br, at, reloads } = world(10_000);
    br.start();
    reloads.length = 0;
    // A manual refresh reads 101 at 9 s: the tick at 10 s leaves it alone.
    await vi.advanceTimersByTimeAsync(9_000);
    at.set('servers/a/101', Date.now());
    await vi.advanceTimersByTimeAsync(1_500);
    expect(reloads.map(([k]) => k)).toEqual(['servers/a/102']);
    br.stop();
  });

  it('reads nothing while hidden, and what is stale as soon as it is shown again', async () => {
    const { br, reloads } = world(10_000);
    br.start();
    br.stop();
    reloads.length = 0;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reloads).toEqual([]);
    br.start();
    expect(reloads.map(([k]) => k).sort()).toEqual(['servers/a/101', 'servers/a/102']);
    br.stop();
  });

  it('is off at 0', async () => {
    const { br, reloads } = world(0);
    br.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reloads).toEqual([]);
  });
});
