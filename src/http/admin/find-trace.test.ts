import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../core/trace.js';
import type { TraceStore } from '../../core/trace-store.js';
import { TraceWriter } from '../../store/trace-writer.js';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { findTrace } from './trace-routes.js';

describe('findTrace', () => {
  it('finds a trace whose store write is under way (no longer queued), waiting for the write instead of a false 404', async () => {
    const stored = new Map<string, TraceRecord>();
    let release = () => {};
    const writer = new TraceWriter(
      {
        store: {
          name: 'store',
          write: (batch) =>
            new Promise<void>((resolve) => {
              release = () => {
                for (const trace of batch) stored.set(trace.id, trace);
                resolve();
              };
            }),
        },
      },
      { batchSize: 1, flushIntervalMs: 10_000 },
    );
    const trace = sampleTrace({ id: 'tr_racing' });
    writer.write(trace);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writer.pending).toBe(0);
    const store = { getTrace: async (id: string) => stored.get(id) } as unknown as TraceStore;
    const found = findTrace({ store, writer }, 'tr_racing');
    setTimeout(() => release(), 5);
    expect((await found)?.id).toBe('tr_racing');
    // An id the writer never had is not waited for.
    expect(await findTrace({ store, writer }, 'tr_unknown')).toBeUndefined();
  });
});
