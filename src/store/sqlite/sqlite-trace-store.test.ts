import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../core/trace.js';
import { makeTrace } from '../../monitor/test-traces.js';
import { openSqliteStores } from './open-sqlite-stores.js';

const trace = (i: number, content = `message ${i}`) => makeTrace({ id: `tr_${String(i).padStart(4, '0')}`, ts: 1_000 + i, request: { messages: [{ role: 'user', content }] } });

describe('SqliteTraceStore writes', () => {
  it('stores batches of every size (cut into multi-row statements) with each field in its column', async () => {
    const stores = openSqliteStores(':memory:');
    // 1, 63 (32+16+8+4+2+1), 64 and 129 (64+64+1): every run length the store cuts a batch into.
    let next = 0;
    for (const size of [1, 63, 64, 129]) await stores.traces.insertTraces(Array.from({ length: size }, () => trace(next++)));
    expect((stores.db.prepare('SELECT count(*) AS n FROM traces').get() as { n: number }).n).toBe(257);
    const original = { ...trace(200), otel: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), parentSpanId: null }, metadata: { team: 'x' }, decisions: { cache: 'miss' } } as TraceRecord;
    await stores.traces.insertTraces([trace(300), original, trace(301)]);
    expect(await stores.traces.getTrace(original.id)).toEqual(original);
    expect((await stores.traces.listTraces({ text: 'message 128' })).traces.map((t) => t.id)).toEqual(['tr_0128']);
    await stores.close();
  });

  it('keeps the last of two traces with one id in a batch, and stores nothing of a batch with a bad row', async () => {
    const stores = openSqliteStores(':memory:');
    const batch = Array.from({ length: 70 }, (_, i) => trace(i));
    batch[65] = trace(3, 'written again in the same batch');
    await stores.traces.insertTraces(batch);
    expect((await stores.traces.getTrace('tr_0003'))?.request).toEqual({ messages: [{ role: 'user', content: 'written again in the same batch' }] });
    expect((stores.db.prepare('SELECT count(*) AS n FROM traces').get() as { n: number }).n).toBe(69);

    const bad = Array.from({ length: 70 }, (_, i) => trace(100 + i));
    (bad[66] as { requestId: unknown }).requestId = null;
    await expect(stores.traces.insertTraces(bad)).rejects.toThrow(/NOT NULL/);
    expect(await stores.traces.getTrace('tr_0100')).toBeUndefined();
    await stores.close();
  });
});
