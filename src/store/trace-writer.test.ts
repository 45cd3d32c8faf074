import { describe, expect, it, vi } from 'vitest';
import type { TraceRecord } from '../core/trace.js';
import { storeSink, type TraceSink } from '../core/trace-store.js';
import { computeOverview } from '../monitor/overview.js';
import { rollupSink } from '../monitor/rollup-store.js';
import { makeTrace } from '../monitor/test-traces.js';
import { sampleTrace } from '../test-support/sample-trace.js';
import { openSqliteStores } from './sqlite/open-sqlite-stores.js';
import { TraceWriter } from './trace-writer.js';

/** A sink that records batch sizes and fails the next `failures` writes before passing them on. */
function flaky(inner: TraceSink, failures = 0): TraceSink & { batches: number[]; fail(n: number): void } {
  let left = failures;
  const batches: number[] = [];
  return {
    name: inner.name,
    batches,
    fail: (n) => void (left = n),
    async write(batch: readonly TraceRecord[]) {
      if (left > 0) {
        left--;
        throw new Error('SQLITE_FULL: database or disk is full');
      }
      batches.push(batch.length);
      await inner.write(batch);
    },
  };
}

describe('TraceWriter', () => {
  it('batches writes off the caller and flushes everything on demand', async () => {
    const stores = openSqliteStores(':memory:');
    const store = flaky(storeSink(stores.traces));
    const writer = new TraceWriter({ store }, { batchSize: 4, flushIntervalMs: 10_000 });
    for (let i = 0; i < 10; i++) writer.write(sampleTrace());
    expect(store.batches).toEqual([]);
    await writer.flush();
    expect(store.batches).toEqual([4, 4, 2]);
    expect(writer.totalWritten).toBe(10);
    expect((await stores.traces.listTraces({ limit: 100 })).traces).toHaveLength(10);
  });

  it("names this process's replica on each trace as its batch goes to the store, keeping one a trace already names", async () => {
    const stores = openSqliteStores(':memory:');
    const writer = new TraceWriter({ store: storeSink(stores.traces) }, { batchSize: 2, flushIntervalMs: 10_000, replica: 'eu-1' });
    const served = sampleTrace({ id: 'tr_here', ts: 1 });
    writer.write(served);
    // Not on the caller's turn: the trace is named when the writer takes its batch.
    expect(served.replica).toBeUndefined();
    writer.write(sampleTrace({ id: 'tr_restored', ts: 2, replica: 'eu-0' }));
    writer.write(sampleTrace({ id: 'tr_third', ts: 3 }));
    await writer.flush();
    expect((await stores.traces.getTrace('tr_here'))?.replica).toBe('eu-1');
    expect((await stores.traces.getTrace('tr_third'))?.replica).toBe('eu-1');
    expect((await stores.traces.getTrace('tr_restored'))?.replica).toBe('eu-0');
    expect((await stores.traces.listTraces({ replica: 'eu-1' })).traces.map((t) => t.id)).toEqual(['tr_third', 'tr_here']);
    await stores.close();
  });

  it('catches up on a backlog of maxBatchSize or more in batches of that size, and keeps batchSize below it', async () => {
    const stores = openSqliteStores(':memory:');
    const store = flaky(storeSink(stores.traces));
    const writer = new TraceWriter({ store }, { batchSize: 4, maxBatchSize: 8, flushIntervalMs: 10_000 });
    for (let i = 0; i < 19; i++) writer.write(sampleTrace());
    await writer.flush();
    expect(store.batches).toEqual([8, 8, 3]);
    for (let i = 0; i < 7; i++) writer.write(sampleTrace());
    await writer.flush();
    expect(store.batches).toEqual([8, 8, 3, 4, 3]);
    expect((await stores.traces.listTraces({ limit: 100 })).traces).toHaveLength(26);
  });

  it('keeps a failed batch and writes it when the store recovers', async () => {
    const stores = openSqliteStores(':memory:');
    const errors: string[] = [];
    const writer = new TraceWriter({ store: flaky(storeSink(stores.traces), 2) }, { batchSize: 100, flushIntervalMs: 1, onError: (e, sink) => errors.push(`${sink}: ${(e as Error).message}`) });
    writer.write(sampleTrace({ id: 'tr_kept' }));
    await writer.flush();
    expect(errors).toEqual(['traces: SQLITE_FULL: database or disk is full', 'traces: SQLITE_FULL: database or disk is full']);
    expect(await stores.traces.getTrace('tr_kept')).toBeDefined();
  });

  it('waits its retry delay after a failed batch even with a full batch queued', async () => {
    // A store that refuses at once (PostgreSQL's port closed) was retried in a loop whenever a
    // batch's worth waited: 25,097 attempts in 300 ms here, half a core in a gateway with no traffic.
    let attempts = 0;
    const store: TraceSink = {
      name: 'traces',
      async write() {
        attempts++;
        throw new Error('connect ECONNREFUSED 127.0.0.1:5341');
      },
    };
    const writer = new TraceWriter({ store }, { batchSize: 1, flushIntervalMs: 1, onError: () => undefined });
    for (let i = 0; i < 3; i++) writer.write(sampleTrace());
    await new Promise((resolve) => setTimeout(resolve, 500));
    // 100, 200, 400 ms apart: four or five tries in half a second, however busy the machine.
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(6);
    expect(writer.pending).toBe(3);
  });

  it('says since when the store refuses every batch, for /health, until one is written', async () => {
    const stores = openSqliteStores(':memory:');
    const store = flaky(storeSink(stores.traces), 1_000);
    const writer = new TraceWriter({ store }, { batchSize: 1, flushIntervalMs: 1 });
    expect(writer.storeFailing).toBeUndefined();
    const before = Date.now();
    writer.write(sampleTrace());
    await vi.waitFor(() => expect(writer.storeFailing).toBeDefined());
    const first = writer.storeFailing;
    expect(first).toEqual({ since: expect.any(Number), error: 'SQLITE_FULL: database or disk is full' });
    expect(first?.since).toBeGreaterThanOrEqual(before);
    // A later failure keeps the first one's time: the outage's start.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(writer.storeFailing?.since).toBe(first?.since);
    store.fail(0);
    await writer.flush();
    expect(writer.storeFailing).toBeUndefined();
    expect(writer.totalWritten).toBe(1);
  });

  it('keeps every trace but drops bodies past the backlog limit while the store is failing', async () => {
    const stores = openSqliteStores(':memory:');
    // The real SQLite store may not grow by a page: every insert fails with SQLITE_FULL, as on a full disk.
    const pages = stores.db.pragma('page_count', { simple: true }) as number;
    stores.db.pragma(`max_page_count = ${pages}`);
    // Prompts long enough that each trace needs pages of its own.
    const body = { model: 'small', messages: [{ role: 'user', content: 'a long prompt '.repeat(2_000) }] };
    const trace = (id: string) => sampleTrace({ id, request: body });
    const errors: string[] = [];
    const writer = new TraceWriter({ store: storeSink(stores.traces) }, { batchSize: 100, flushIntervalMs: 1, maxQueuedWithBodies: 3, onError: (e) => errors.push((e as Error).message) });
    writer.write(trace('tr_0'));
    writer.write(trace('tr_1'));
    // The store really fails: the first batch comes back to the queue.
    await vi.waitFor(() => expect(errors).toContain('database or disk is full'));
    expect(writer.pending).toBe(2);
    expect(await stores.traces.getTrace('tr_0')).toBeUndefined();
    for (let i = 2; i < 5; i++) writer.write(trace(`tr_${i}`));
    // Disk space again: the queue drains on the next try.
    stores.db.pragma('max_page_count = 1073741823');
    await writer.flush();
    for (const id of ['tr_0', 'tr_1', 'tr_2']) expect((await stores.traces.getTrace(id))?.request).toEqual(body);
    for (const id of ['tr_3', 'tr_4']) expect(await stores.traces.getTrace(id)).toMatchObject({ request: null, response: null, decisions: { bodies: 'dropped: the trace store was behind' } });
    expect(writer.totalWritten).toBe(5);
    await stores.close();
  });

  it('fans each stored batch out to derived sinks, in order, which retry on their own and count once', async () => {
    const stores = openSqliteStores(':memory:');
    const rollups = flaky(rollupSink(stores.rollups), 1);
    const seen: string[] = [];
    const audit: TraceSink = { name: 'audit', write: async (batch) => void seen.push(...batch.map((t) => t.id)) };
    const errors: string[] = [];
    const writer = new TraceWriter({ store: storeSink(stores.traces), derived: [rollups, audit] }, { batchSize: 2, flushIntervalMs: 1, onError: (_e, sink) => errors.push(sink) });
    const t0 = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 5; i++) writer.write(makeTrace({ id: `f${i}`, ts: t0 + i }));
    await writer.flush();
    // The rollups missed the first batch once; the store and the audit sink never waited for them,
    // and the rollups' retry took the missed batch with the one stored after it in one write.
    expect(errors).toEqual(['rollups']);
    expect(seen).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
    expect(rollups.batches).toEqual([4, 1]);
    expect(writer.lagging).toEqual({ rollups: 0, audit: 0 });
    const overview = await computeOverview(stores.rollups, { since: t0, until: t0 + 60_000, by: 'model' });
    expect(overview.totals.requests).toBe(5);
  });

  it('has derived sinks that gather what they were handed write it on flush, and reports a failed flush without failing its own', async () => {
    const stores = openSqliteStores(':memory:');
    const held: string[] = [];
    const written: string[] = [];
    let failFlush = true;
    // A view that keeps what it gets until its flush (as gatheredRollupSink sums rollups).
    const gathering: TraceSink = {
      name: 'gathering',
      write: async (batch) => void held.push(...batch.map((t) => t.id)),
      async flush() {
        if (failFlush) throw new Error('connection terminated');
        written.push(...held.splice(0));
      },
    };
    const errors: string[] = [];
    const writer = new TraceWriter({ store: storeSink(stores.traces), derived: [gathering] }, { batchSize: 2, flushIntervalMs: 10_000, onError: (e, sink) => errors.push(`${sink}: ${(e as Error).message}`) });
    for (let i = 0; i < 3; i++) writer.write(sampleTrace({ id: `g${i}` }));
    await writer.flush();
    expect(errors).toEqual(['gathering: connection terminated']);
    expect(written).toEqual([]);
    failFlush = false;
    writer.write(sampleTrace({ id: 'g3' }));
    await writer.flush();
    expect(written).toEqual(['g0', 'g1', 'g2', 'g3']);
    expect((await stores.traces.listTraces({ limit: 10 })).traces).toHaveLength(4);
  });

  it('keeps writing to the store while a slow derived sink trails it, up to four batches, then waits for it and hands it the backlog in one write', async () => {
    const stores = openSqliteStores(':memory:');
    const store = flaky(storeSink(stores.traces));
    const applied: number[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A view that hangs (rollups on a busy database) until the test releases it.
    const slow: TraceSink = { name: 'slow', write: async (batch) => void (await gate, applied.push(batch.length)) };
    const writer = new TraceWriter({ store, derived: [slow] }, { batchSize: 2, flushIntervalMs: 10_000 });
    for (let i = 0; i < 12; i++) writer.write(sampleTrace());
    const flushed = writer.flush();
    for (let i = 0; i < 50 && store.batches.length < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    // Five batches stored (the fifth takes the trail past four batches), the sixth waits for the view.
    expect(store.batches).toEqual([2, 2, 2, 2, 2]);
    expect(applied).toEqual([]);
    release();
    await flushed;
    expect(store.batches).toEqual([2, 2, 2, 2, 2, 2]);
    // What piled up behind the hung write goes to the view as one write, in order.
    expect(applied).toEqual([2, 8, 2]);
  });

  it('reports as backlog the traces queued, being stored, not yet applied by a view, and what a sink still holds; 0 once idle', async () => {
    let releaseStore = () => {};
    let releaseView = () => {};
    const store: TraceSink = { name: 'store', write: () => new Promise<void>((resolve) => (releaseStore = resolve)) };
    const view: TraceSink = { name: 'view', write: () => new Promise<void>((resolve) => (releaseView = resolve)), backlog: () => 5 };
    const writer = new TraceWriter({ store, derived: [view] }, { batchSize: 2, flushIntervalMs: 10_000 });
    writer.write(sampleTrace());
    // Queued (and the view's own 5).
    expect(await writer.backlog()).toBe(6);
    writer.write(sampleTrace());
    await new Promise((resolve) => setImmediate(resolve));
    // Being stored: no longer pending, still unstored and in the backlog.
    expect(writer.pending).toBe(0);
    expect(writer.unstored).toBe(2);
    expect(await writer.backlog()).toBe(7);
    releaseStore();
    await new Promise((resolve) => setImmediate(resolve));
    expect(writer.unstored).toBe(0);
    // Stored, the view applying it.
    expect(await writer.backlog()).toBe(7);
    releaseView();
    await writer.flush();
    view.backlog = () => 0;
    expect(await writer.backlog()).toBe(0);
  });

  it('with fanOut, hands derived sinks stored batches gathered up to a size, the rest on the next quiet turn or flush', async () => {
    const store = flaky(storeSink(openSqliteStores(':memory:').traces));
    const applied: string[][] = [];
    const view: TraceSink = { name: 'view', write: async (batch) => void applied.push(batch.map((t) => t.id)) };
    const writer = new TraceWriter({ store, derived: [view] }, { batchSize: 2, flushIntervalMs: 10_000, fanOut: { traces: 6, intervalMs: 60_000 } });
    for (let i = 0; i < 14; i++) writer.write(sampleTrace({ id: `t${i}` }));
    await writer.flush();
    expect(store.batches).toEqual([2, 2, 2, 2, 2, 2, 2]);
    // Two writes of six in order, then the last two when the writer found nothing more to store.
    expect(applied.map((ids) => ids.length)).toEqual([6, 6, 2]);
    expect(applied.flat()).toEqual(Array.from({ length: 14 }, (_, i) => `t${i}`));
    expect(writer.lagging).toEqual({ view: 0 });
  });

  it('with fanOut, counts gathered traces as lagging, hands them over on a turn with nothing to store, and at least once per interval under a trickle', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance'] });
    try {
      const applied: number[] = [];
      const view: TraceSink = { name: 'view', write: async (batch) => void applied.push(batch.length) };
      const writer = new TraceWriter({ store: { name: 'store', write: async () => undefined }, derived: [view] }, { batchSize: 1, flushIntervalMs: 50, fanOut: { traces: 100, intervalMs: 1_000 } });
      writer.write(sampleTrace());
      await vi.advanceTimersByTimeAsync(0);
      // Stored, not yet handed over: the view trails the store.
      expect(writer.totalWritten).toBe(1);
      expect(writer.lagging).toEqual({ view: 1 });
      await vi.advanceTimersByTimeAsync(60);
      expect(applied).toEqual([1]);
      expect(writer.lagging).toEqual({ view: 0 });

      // Partial batches stored by the timer every 50 ms: handed over once the interval has passed.
      const trickle = new TraceWriter({ store: { name: 'store', write: async () => undefined }, derived: [view] }, { batchSize: 10, flushIntervalMs: 50, fanOut: { traces: 100, intervalMs: 200 } });
      applied.length = 0;
      for (let i = 0; i < 10; i++) {
        trickle.write(sampleTrace());
        await vi.advanceTimersByTimeAsync(50);
      }
      await trickle.flush();
      expect(applied.reduce((a, b) => a + b, 0)).toBe(10);
      expect(applied.length).toBeGreaterThanOrEqual(2);
      expect(applied.length).toBeLessThanOrEqual(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('bounds what a failing derived sink may fall behind by, and says what it dropped', async () => {
    const stores = openSqliteStores(':memory:');
    const broken: TraceSink = {
      name: 'exporter',
      write: async () => {
        throw new Error('collector unreachable');
      },
    };
    const errors: string[] = [];
    const writer = new TraceWriter({ store: storeSink(stores.traces), derived: [broken] }, { batchSize: 10, flushIntervalMs: 1, maxLaggingTraces: 25, onError: (e) => errors.push((e as Error).message) });
    for (let i = 0; i < 60; i++) writer.write(sampleTrace());
    await writer.flush();
    expect(writer.totalWritten).toBe(60);
    expect(writer.lagging.exporter).toBeLessThanOrEqual(25);
    expect(errors.some((m) => /exporter fell more than 25 traces behind: \d+ stored traces will not reach it/.test(m))).toBe(true);
  });

  /** A sink that keeps each batch's ids in memory; `failures` first writes fail. */
  function recording(name: string, failures = 0) {
    const batches: string[][] = [];
    let left = failures;
    const sink: TraceSink = {
      name,
      write: async (batch) => {
        if (left-- > 0) throw new Error(`${name} down`);
        batches.push(batch.map((t) => t.id));
      },
    };
    return { sink, batches };
  }

  it('writes a full batch at once, without waiting for the flush interval, and a partial one only then', async () => {
    const { sink, batches } = recording('store');
    const writer = new TraceWriter({ store: sink }, { batchSize: 2, flushIntervalMs: 60_000 });
    writer.write(sampleTrace({ id: 'a' }));
    writer.write(sampleTrace({ id: 'b' }));
    await vi.waitFor(() => expect(batches).toEqual([['a', 'b']]));
    writer.write(sampleTrace({ id: 'c' }));
    writer.write(sampleTrace({ id: 'd' }));
    writer.write(sampleTrace({ id: 'e' }));
    await vi.waitFor(() => expect(batches).toEqual([['a', 'b'], ['c', 'd']]));
    expect(writer.pending).toBe(1);
    await writer.flush();
    expect(batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('past the backlog limit, drops bodies only from traces that have one', async () => {
    const { sink } = recording('store', Number.POSITIVE_INFINITY);
    const writer = new TraceWriter({ store: sink }, { batchSize: 100, flushIntervalMs: 60_000, maxQueuedWithBodies: 1 });
    writer.write(sampleTrace({ id: 'first' }));
    const bare = sampleTrace({ id: 'bare', request: null, response: null, decisions: { route: 'x' } });
    writer.write(bare);
    expect(bare.decisions).toEqual({ route: 'x' });
    const answerOnly = sampleTrace({ id: 'answer', request: null });
    writer.write(answerOnly);
    expect(answerOnly).toMatchObject({ request: null, response: null, decisions: { bodies: 'dropped: the trace store was behind' } });
    const promptOnly = sampleTrace({ id: 'prompt', response: null });
    writer.write(promptOnly);
    expect(promptOnly).toMatchObject({ request: null, decisions: { bodies: 'dropped: the trace store was behind' } });
  });

  it('keeps working without an error callback when the store and a derived sink fail', async () => {
    const store = recording('store', 1);
    const derived = recording('derived', 1);
    const writer = new TraceWriter({ store: store.sink, derived: [derived.sink] }, { batchSize: 10, flushIntervalMs: 1, maxLaggingTraces: 0 });
    writer.write(sampleTrace({ id: 'x' }));
    await writer.flush();
    expect(store.batches).toEqual([['x']]);
    expect(writer.totalWritten).toBe(1);
  });

  it('keeps the newest batch of a lagging sink and drops the oldest ones past the limit, counting exactly', async () => {
    const derived = recording('exporter', 3);
    const errors: string[] = [];
    const writer = new TraceWriter({ store: recording('store').sink, derived: [derived.sink] }, { batchSize: 2, flushIntervalMs: 60_000, maxLaggingTraces: 2, onError: (e) => errors.push((e as Error).message) });
    for (const id of ['a', 'b']) writer.write(sampleTrace({ id }));
    await vi.waitFor(() => expect(errors).toEqual(['exporter down']));
    // Two lagging traces: at the limit, nothing dropped.
    expect(writer.lagging.exporter).toBe(2);
    for (const id of ['c', 'd']) writer.write(sampleTrace({ id }));
    await vi.waitFor(() => expect(errors).toHaveLength(3));
    expect(errors.slice(1)).toEqual(['exporter down', 'exporter fell more than 2 traces behind: 2 stored traces will not reach it']);
    expect(writer.lagging.exporter).toBe(2);
    // One batch larger than the limit is still kept whole: something must reach the sink.
    for (const id of ['e', 'f']) writer.write(sampleTrace({ id }));
    await vi.waitFor(() => expect(errors).toHaveLength(5));
    await writer.flush();
    expect(derived.batches).toEqual([['e', 'f']]);
    expect(writer.lagging.exporter).toBe(0);
  });

  describe('on an injected timer (fake setTimeout, real setImmediate)', () => {
    const turns = async () => {
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    const fake = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    it('holds a partial batch until the flush interval, writes full batches at once, and arms again for the rest', async () => {
      fake();
      try {
        const { sink, batches } = recording('store');
        const writer = new TraceWriter({ store: sink }, { batchSize: 2, flushIntervalMs: 1_000 });
        writer.write(sampleTrace({ id: 'a' }));
        await turns();
        expect(batches).toEqual([]);
        vi.advanceTimersByTime(999);
        await turns();
        expect(batches).toEqual([]);
        vi.advanceTimersByTime(1);
        await turns();
        expect(batches).toEqual([['a']]);
        // Five at once: two full batches go at once, the fifth waits for the interval.
        for (const id of ['b', 'c', 'd', 'e', 'f']) writer.write(sampleTrace({ id }));
        await turns();
        expect(batches).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
        vi.advanceTimersByTime(1_000);
        await turns();
        expect(batches).toEqual([['a'], ['b', 'c'], ['d', 'e'], ['f']]);
      } finally {
        vi.useRealTimers();
      }
    });

    it('backs off after a failed store write: 100 ms, then twice as long, on top of the interval', async () => {
      fake();
      try {
        const store = recording('store', 2);
        const writer = new TraceWriter({ store: store.sink }, { batchSize: 10, flushIntervalMs: 1_000 });
        writer.write(sampleTrace({ id: 'a' }));
        const flushed = writer.flush();
        await turns();
        // First try failed: the next comes 100 ms later, not before.
        vi.advanceTimersByTime(99);
        await turns();
        expect(store.batches).toEqual([]);
        vi.advanceTimersByTime(1);
        await turns();
        // Second try failed too: 200 ms now.
        vi.advanceTimersByTime(199);
        await turns();
        expect(store.batches).toEqual([]);
        vi.advanceTimersByTime(1);
        await turns();
        await flushed;
        expect(store.batches).toEqual([['a']]);
        // A write that fails on the timer waits the interval plus the backoff before its retry.
        const later = recording('store', 1);
        const timed = new TraceWriter({ store: later.sink }, { batchSize: 10, flushIntervalMs: 1_000 });
        timed.write(sampleTrace({ id: 'b' }));
        vi.advanceTimersByTime(1_000);
        await turns();
        vi.advanceTimersByTime(1_099);
        await turns();
        expect(later.batches).toEqual([]);
        vi.advanceTimersByTime(1);
        await turns();
        expect(later.batches).toEqual([['b']]);
      } finally {
        vi.useRealTimers();
      }
    });

    it('retries a derived sink that missed a batch on the next interval, without new traces', async () => {
      fake();
      try {
        const derived = recording('derived', 1);
        const writer = new TraceWriter({ store: recording('store').sink, derived: [derived.sink] }, { batchSize: 1, flushIntervalMs: 1_000, onError: () => undefined });
        writer.write(sampleTrace({ id: 'a' }));
        await turns();
        expect(writer.lagging).toEqual({ derived: 1 });
        vi.advanceTimersByTime(1_000);
        await turns();
        expect(derived.batches).toEqual([['a']]);
        expect(writer.lagging).toEqual({ derived: 0 });
      } finally {
        vi.useRealTimers();
      }
    });
  });

  it('keeps a lagging sink at exactly its limit, and one batch larger than the limit whole', async () => {
    const exact = recording('exporter', 2);
    const errors: string[] = [];
    const writer = new TraceWriter({ store: recording('store').sink, derived: [exact.sink] }, { batchSize: 2, flushIntervalMs: 60_000, maxLaggingTraces: 4, onError: (e) => errors.push((e as Error).message) });
    for (const id of ['a', 'b', 'c', 'd']) writer.write(sampleTrace({ id }));
    await vi.waitFor(() => expect(errors).toEqual(['exporter down', 'exporter down']));
    expect(writer.lagging.exporter).toBe(4);
    await writer.flush();
    // Both kept batches, in order, in one write.
    expect(exact.batches).toEqual([['a', 'b', 'c', 'd']]);

    const big = recording('exporter', 1);
    const one = new TraceWriter({ store: recording('store').sink, derived: [big.sink] }, { batchSize: 4, flushIntervalMs: 60_000, maxLaggingTraces: 2, onError: () => undefined });
    for (const id of ['a', 'b', 'c', 'd']) one.write(sampleTrace({ id }));
    await vi.waitFor(() => expect(one.lagging.exporter).toBe(4));
    await one.flush();
    expect(big.batches).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('drops what a lagging sink fell behind by without an error callback too', async () => {
    // Fails on the first flush and its retry, then once more with two batches behind: the older goes.
    const derived = recording('derived', 3);
    const writer = new TraceWriter({ store: recording('store').sink, derived: [derived.sink] }, { batchSize: 10, flushIntervalMs: 60_000, maxLaggingTraces: 0 });
    writer.write(sampleTrace({ id: 'x' }));
    await writer.flush();
    writer.write(sampleTrace({ id: 'y' }));
    await writer.flush();
    expect(derived.batches).toEqual([['y']]);
    expect(writer.lagging).toEqual({ derived: 0 });
  });
});

describe('TraceWriter with store lanes', () => {
  it('writes batches of different lanes at once, and each id always in one lane, so its versions are stored and fanned out in order', async () => {
    // Writes take 0-4 ms at random (seeded), so batches of different lanes finish out of order.
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) % 1_000) / 1_000;
    const stored: { id: string; version: unknown }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const store: TraceSink = {
      name: 'traces',
      async write(batch) {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, random() * 4));
        inFlight--;
        for (const t of batch) stored.push({ id: t.id, version: t.metadata?.version });
      },
    };
    const seen: { id: string; version: unknown }[] = [];
    const view: TraceSink = { name: 'view', write: async (batch) => void seen.push(...batch.map((t) => ({ id: t.id, version: t.metadata?.version }))) };
    const writer = new TraceWriter({ store, derived: [view] }, { batchSize: 8, flushIntervalMs: 1, storeLanes: 3 });
    const ids = Array.from({ length: 60 }, (_, i) => `tr_${i}`);
    for (let version = 1; version <= 4; version++) {
      for (const id of ids) writer.write(sampleTrace({ id, metadata: { version } }));
      await new Promise((resolve) => setTimeout(resolve, random() * 3));
    }
    await writer.flush();
    expect(maxInFlight).toBe(3);
    expect(stored).toHaveLength(240);
    expect(seen).toEqual(stored);
    for (const id of ids) expect(stored.filter((r) => r.id === id).map((r) => r.version)).toEqual([1, 2, 3, 4]);
    expect(writer.totalWritten).toBe(240);
  });

  it('keeps a failed lane\'s batch and retries it while the other lane goes on, then stores everything once', async () => {
    const stores = openSqliteStores(':memory:');
    let fail = 1;
    const written: string[] = [];
    const store: TraceSink = {
      name: 'traces',
      async write(batch) {
        if (fail > 0 && batch.some((t) => t.id === 'tr_0')) {
          fail--;
          throw new Error('connection reset');
        }
        written.push(...batch.map((t) => t.id));
        await stores.traces.insertTraces(batch);
      },
    };
    const errors: string[] = [];
    const writer = new TraceWriter({ store }, { batchSize: 3, flushIntervalMs: 1, storeLanes: 3, onError: (e) => errors.push((e as Error).message) });
    for (let i = 0; i < 30; i++) writer.write(sampleTrace({ id: `tr_${i}` }));
    await writer.flush();
    expect(errors).toEqual(['connection reset']);
    expect(written.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `tr_${i}`).sort());
    expect((await stores.traces.listTraces({ limit: 100 })).traces).toHaveLength(30);
    expect(writer.pending).toBe(0);
    await stores.close();
  });

  it('counts the backlog over all lanes when it drops bodies', async () => {
    const writer = new TraceWriter({ store: { name: 'traces', write: async () => Promise.reject(new Error('down')) } }, { batchSize: 100, flushIntervalMs: 60_000, storeLanes: 4, maxQueuedWithBodies: 3 });
    const traces = Array.from({ length: 6 }, (_, i) => sampleTrace({ id: `tr_${i}` }));
    for (const t of traces) writer.write(t);
    expect(writer.pending).toBe(6);
    expect(traces.map((t) => t.request !== null)).toEqual([true, true, true, false, false, false]);
  });

  it('writes partial batches of every lane when the flush interval passes', async () => {
    const stored: string[] = [];
    const writer = new TraceWriter({ store: { name: 'traces', write: async (batch) => void stored.push(...batch.map((t) => t.id)) } }, { batchSize: 100, flushIntervalMs: 20, storeLanes: 4 });
    for (let i = 0; i < 8; i++) writer.write(sampleTrace({ id: `tr_${i}` }));
    // Written at the 20 ms interval, not at a batch of 100 (there is none); 2 s only bounds a descheduled run.
    await vi.waitFor(() => expect(stored).toHaveLength(8), { timeout: 2_000, interval: 5 });
    expect(writer.pending).toBe(0);
  });
});
