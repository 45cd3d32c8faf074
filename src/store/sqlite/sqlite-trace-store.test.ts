import { afterEach, describe, expect, it } from 'vitest';
import { sampleTrace } from '../../test-support/sample-trace.js';
import type { TraceRecord, TraceStore } from '../../core/trace.js';
import { TraceWriter } from '../trace-writer.js';
import { openDatabase } from './open-database.js';
import { SqliteTraceStore } from './sqlite-trace-store.js';

describe('SqliteTraceStore', () => {
  let store: TraceStore;
  afterEach(() => store?.close());

  it('stores a trace and reads it back whole', async () => {
    store = new SqliteTraceStore(openDatabase(':memory:'));
    const trace = sampleTrace();
    await store.insertTraces([trace]);
    expect(await store.getTrace(trace.id)).toEqual(trace);
    expect(await store.getTrace('tr_missing')).toBeUndefined();
  });

  it('pages newest first with a stable cursor and filters', async () => {
    store = new SqliteTraceStore(openDatabase(':memory:'));
    const traces = Array.from({ length: 7 }, (_, i) =>
      sampleTrace({ id: `tr_${i}`, ts: 1_000 + i, status: i % 3 === 0 ? 502 : 200, requestedModel: i < 5 ? 'small' : 'claude' }),
    );
    await store.insertTraces(traces);
    const first = await store.listTraces({ limit: 3 });
    expect(first.traces.map((t) => t.id)).toEqual(['tr_6', 'tr_5', 'tr_4']);
    expect(first.traces[0]).not.toHaveProperty('request');
    const second = await store.listTraces({ limit: 3, before: first.next as string });
    expect(second.traces.map((t) => t.id)).toEqual(['tr_3', 'tr_2', 'tr_1']);
    const last = await store.listTraces({ limit: 3, before: second.next as string });
    expect(last).toEqual({ traces: [expect.objectContaining({ id: 'tr_0' })], next: null });
    expect((await store.listTraces({ status: 'error' })).traces.map((t) => t.id)).toEqual(['tr_6', 'tr_3', 'tr_0']);
    expect((await store.listTraces({ model: 'claude' })).traces).toHaveLength(2);
  });

  it('sums spend per key since a time', async () => {
    store = new SqliteTraceStore(openDatabase(':memory:'));
    await store.insertTraces([
      sampleTrace({ ts: 100, costUsd: 1 }),
      sampleTrace({ ts: 200, costUsd: 2 }),
      sampleTrace({ ts: 300, costUsd: 4, keyName: 'other' }),
    ]);
    expect(await store.spendByKey(150)).toEqual(new Map([['compat', 2], ['other', 4]]));
  });
});

describe('TraceWriter', () => {
  it('batches writes off the caller and flushes everything on demand', async () => {
    const inner = new SqliteTraceStore(openDatabase(':memory:'));
    const batches: number[] = [];
    const store: TraceStore = Object.assign(Object.create(inner), {
      insertTraces: (traces: readonly TraceRecord[]) => {
        batches.push(traces.length);
        return inner.insertTraces(traces);
      },
    });
    const writer = new TraceWriter(store, { batchSize: 4, flushIntervalMs: 10_000 });
    for (let i = 0; i < 10; i++) writer.write(sampleTrace());
    expect(batches).toEqual([]);
    await writer.flush();
    expect(batches).toEqual([4, 4, 2]);
    expect(writer.totalWritten).toBe(10);
    expect((await inner.listTraces({ limit: 100 })).traces).toHaveLength(10);
  });

  it('keeps a failed batch and writes it when the store recovers', async () => {
    const inner = new SqliteTraceStore(openDatabase(':memory:'));
    let failures = 2;
    const errors: unknown[] = [];
    const store: TraceStore = Object.assign(Object.create(inner), {
      insertTraces: async (traces: readonly TraceRecord[]) => {
        if (failures-- > 0) throw new Error('SQLITE_FULL: database or disk is full');
        return inner.insertTraces(traces);
      },
    });
    const writer = new TraceWriter(store, { batchSize: 100, flushIntervalMs: 1, onError: (e) => errors.push(e) });
    writer.write(sampleTrace({ id: 'tr_kept' }));
    await writer.flush();
    expect(errors).toHaveLength(2);
    expect(await inner.getTrace('tr_kept')).toBeDefined();
  });
});

describe('openDatabase', () => {
  it('names the path and the fix when the file cannot be opened', async () => {
    const { openDatabase: open } = await import('./open-database.js');
    expect(() => open('/etc/hostname/nope.db')).toThrow(/store\.sqlite: cannot open \/etc\/hostname\/nope\.db: .*pick a writable path/);
  });
});

describe('TraceWriter backlog', () => {
  it('keeps every trace but drops bodies past the backlog limit while the store is failing', async () => {
    const inner = new SqliteTraceStore(openDatabase(':memory:'));
    let failing = true;
    const store: TraceStore = Object.assign(Object.create(inner), {
      insertTraces: async (traces: readonly TraceRecord[]) => {
        if (failing) throw new Error('SQLITE_FULL: database or disk is full');
        return inner.insertTraces(traces);
      },
    });
    const writer = new TraceWriter(store, { batchSize: 100, flushIntervalMs: 1, maxQueuedWithBodies: 3 });
    for (let i = 0; i < 5; i++) writer.write(sampleTrace({ id: `tr_${i}` }));
    failing = false;
    await writer.flush();
    expect((await inner.getTrace('tr_2'))?.request).toEqual({ model: 'small', messages: [{ role: 'user', content: 'hi' }] });
    const late = await inner.getTrace('tr_4');
    expect(late).toMatchObject({ request: null, response: null, decisions: { bodies: 'dropped: the trace store was behind' } });
  });
});
