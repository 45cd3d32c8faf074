import { afterEach, describe, expect, it, vi } from 'vitest';
import { gatheredRollupSink, type MinuteRollups } from './gathered-rollup-sink.js';
import type { RollupRow } from './rollup.js';
import { makeTrace } from './test-traces.js';

const t0 = Date.UTC(2026, 0, 1, 12);
const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => makeTrace({ id: `tr_${from + i}`, ts: t0 + (from + i) * 1_000 }));

/** A rollup store that records the requests of each write (the '*' rows) and fails the next `failing` writes. */
function recordingRollups(): MinuteRollups & { writes: number[]; failing: number } {
  const store = {
    writes: [] as number[],
    failing: 0,
    async applyMinutes(minutes: ReadonlyMap<string, RollupRow>) {
      if (store.failing > 0) {
        store.failing--;
        throw new Error('connection terminated');
      }
      let requests = 0;
      for (const row of minutes.values()) if (row.dim === '*') requests += row.requests;
      store.writes.push(requests);
    },
  };
  return store;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('gatheredRollupSink', () => {
  it('sums batches in memory and writes them at once when enough traces are gathered', async () => {
    const rollups = recordingRollups();
    const sink = gatheredRollupSink(rollups, { traces: 10, intervalMs: 60_000 });
    await sink.write(batch(0, 4));
    await sink.write(batch(4, 4));
    expect(rollups.writes).toEqual([]);
    await sink.write(batch(8, 4));
    expect(rollups.writes).toEqual([12]);
    await sink.write(batch(12, 3));
    await sink.flush();
    expect(rollups.writes).toEqual([12, 3]);
    await sink.flush();
    expect(rollups.writes).toEqual([12, 3]);
  });

  it('writes what it gathered once the interval passes, without more traffic', async () => {
    vi.useFakeTimers();
    let now = 0;
    const rollups = recordingRollups();
    const sink = gatheredRollupSink(rollups, { traces: 1_000, intervalMs: 1_000, now: () => now });
    await sink.write(batch(0, 5));
    now = 400;
    await sink.write(batch(5, 5));
    await vi.advanceTimersByTimeAsync(999);
    expect(rollups.writes).toEqual([]);
    now = 1_000;
    await vi.advanceTimersByTimeAsync(1);
    expect(rollups.writes).toEqual([10]);
  });

  it('keeps the rows of a failed write and writes them with the next, counting each trace once, without failing the batch', async () => {
    const rollups = recordingRollups();
    const errors: string[] = [];
    const sink = gatheredRollupSink(rollups, { traces: 5, intervalMs: 60_000, onError: (e) => errors.push((e as Error).message) });
    rollups.failing = 1;
    // The writer must not deliver this batch again (its traces are summed): it resolves.
    await expect(sink.write(batch(0, 6))).resolves.toBeUndefined();
    expect(errors).toEqual(['connection terminated']);
    expect(rollups.writes).toEqual([]);
    await sink.write(batch(6, 6));
    expect(rollups.writes).toEqual([12]);
  });

  it('rejects a flush whose write fails, and writes the same rows on the next', async () => {
    const rollups = recordingRollups();
    const sink = gatheredRollupSink(rollups, { traces: 100, intervalMs: 60_000 });
    await sink.write(batch(0, 3));
    rollups.failing = 1;
    await expect(sink.flush()).rejects.toThrow('connection terminated');
    await sink.write(batch(3, 2));
    await sink.flush();
    expect(rollups.writes).toEqual([5]);
  });

  it('sums traces that arrive while a write is in flight into the next write', async () => {
    const gates: (() => void)[] = [];
    const writes: number[] = [];
    const slow: MinuteRollups = {
      async applyMinutes(minutes) {
        let requests = 0;
        for (const row of minutes.values()) if (row.dim === '*') requests += row.requests;
        await new Promise<void>((resolve) => gates.push(resolve));
        writes.push(requests);
      },
    };
    const sink = gatheredRollupSink(slow, { traces: 4, intervalMs: 60_000 });
    const first = sink.write(batch(0, 4));
    await vi.waitFor(() => expect(gates).toHaveLength(1));
    await sink.write(batch(4, 2));
    gates[0]?.();
    await first;
    const flushed = sink.flush();
    await vi.waitFor(() => expect(gates).toHaveLength(2));
    gates[1]?.();
    await flushed;
    expect(writes).toEqual([4, 2]);
  });
});
