import { describe, expect, it, vi } from 'vitest';
import { DataStore, type SnapshotStorage } from '../../src/tree/data-store';
import { Poller } from '../../src/tree/poller';

function memento(initial: Record<string, unknown> = {}): SnapshotStorage & { data: Record<string, unknown> } {
  const data = { ...initial };
  return {
    data,
    get: <T>(k: string) => data[k] as T | undefined,
    update: async (k: string, v: unknown) => {
      data[k] = structuredClone(v);
    },
  };
}

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};

function store(storage = memento(), onChange = vi.fn()) {
  return {
    onChange,
    storage,
    s: new DataStore({
      storage,
      onChange,
      describeError: (e) => (e instanceof Error ? e.message : String(e)),
      now: () => 1000,
    }),
  };
}

describe('DataStore', () => {
  it('loads once, then answers from memory', async () => {
    const { s } = store();
    const load = vi.fn(async () => ['a']);
    expect((await s.get('servers/x/-', load)).data).toEqual(['a']);
    expect((await s.get('servers/x/-', load)).data).toEqual(['a']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('shares one request between concurrent renders', async () => {
    const { s } = store();
    const d = deferred<string[]>();
    const load = vi.fn(() => d.promise);
    const both = Promise.all([s.get('k', load), s.get('k', load)]);
    d.resolve(['x']);
    const [a, b] = await both;
    expect(a.data).toEqual(['x']);
    expect(b.data).toEqual(['x']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('shows the persisted snapshot at once and refreshes in the background', async () => {
    const storage = memento({ 'hostkit.treeSnapshot.v1': { k: { at: 10, data: ['old'] } } });
    const { s, onChange } = store(storage);
    const d = deferred<string[]>();
    const first = await s.get('k', () => d.promise);
    expect(first).toMatchObject({ at: 10, data: ['old'], fromCache: true, refreshing: true });
    d.resolve(['new']);
    await s.settled();
    await Promise.resolve();
    expect(onChange).toHaveBeenCalledWith('k');
    expect((await s.get('k', async () => ['never'])).data).toEqual(['new']);
  });

  it('keeps stale data beside a failed refresh, and an error alone when there was none', async () => {
    const { s } = store();
    const failed = await s.get('k', async () => {
      throw new Error('HTTP 503');
    });
    expect(failed.error).toBe('HTTP 503');
    expect(failed.data).toBeUndefined();

    const t = store();
    await t.s.get('k', async () => ['v1']);
    t.s.invalidate('k');
    const shown = await t.s.get('k', async () => {
      throw new Error('refused');
    });
    expect(shown).toMatchObject({ data: ['v1'], fromCache: true });
    await t.s.settled();
    expect(t.s.peek('k')).toMatchObject({ data: ['v1'], error: 'refused' });
  });

  it('invalidates a key and everything under it, cancelling loads in flight', async () => {
    const { s } = store();
    await s.get('servers/a/1', async () => [1]);
    await s.get('servers/a/1/server:7', async () => ({ ip: 'x' }));
    await s.get('servers/b/1', async () => [2]);
    let signal: AbortSignal | undefined;
    const pending = s.get('servers/a/2', (sig) => {
      signal = sig;
      return new Promise(() => {});
    });
    s.invalidate('servers/a');
    expect(signal?.aborted).toBe(true);
    expect(s.peek('servers/b/1')?.data).toEqual([2]);
    const reload = vi.fn(async () => [3]);
    await s.get('servers/a/1', reload);
    await s.get('servers/a/1/server:7', reload);
    expect(reload).toHaveBeenCalledTimes(2);
    void pending;
  });

  it('after a write, waits for new data instead of showing the stale snapshot', async () => {
    const { s } = store();
    await s.get('domains/a/1/domain:x', async () => ['old record']);
    s.invalidate('domains/a/1/domain:x', 'stale');
    const entry = await s.get('domains/a/1/domain:x', async () => ['new record']);
    expect(entry).toMatchObject({ data: ['new record'] });
    expect(entry.fromCache).toBeUndefined();
  });

  it('persists in one batched write and forgets an account on sign-out', async () => {
    vi.useFakeTimers();
    try {
      const storage = memento();
      const { s } = store(storage);
      await s.get('servers/a/1', async () => [1]);
      await s.get('domains/a/1', async () => [2]);
      expect(storage.data['hostkit.treeSnapshot.v1']).toBeUndefined();
      await vi.advanceTimersByTimeAsync(600);
      expect(Object.keys(storage.data['hostkit.treeSnapshot.v1'] as object).sort()).toEqual([
        'domains/a/1',
        'servers/a/1',
      ]);
      s.forget('servers/a');
      await vi.advanceTimersByTimeAsync(600);
      expect(Object.keys(storage.data['hostkit.treeSnapshot.v1'] as object)).toEqual(['domains/a/1']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Poller', () => {
  it('re-reads while watched, stops when settled and after the time cap', () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const p = new Poller(
        () => 10_000,
        () => now,
      );
      const tick = vi.fn();
      p.watch('k', tick);
      p.watch('k', tick); // already scheduled: no second timer
      vi.advanceTimersByTime(10_000);
      expect(tick).toHaveBeenCalledTimes(1);
      p.watch('k', tick);
      p.settle('k');
      vi.advanceTimersByTime(10_000);
      expect(tick).toHaveBeenCalledTimes(1);
      p.watch('k', tick);
      now = 16 * 60_000;
      vi.advanceTimersByTime(10_000);
      expect(tick).toHaveBeenCalledTimes(2);
      p.watch('k', tick); // polling began 16 min ago: given up
      expect(p.isWatching('k')).toBe(false);
      p.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
