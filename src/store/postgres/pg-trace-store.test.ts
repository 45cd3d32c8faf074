import { describe, expect, it } from 'vitest';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { scratchSchema } from '../contract/scratch-schema.js';
import { inTransaction } from './connect.js';
import { migratePostgres } from './migrate.js';
import { POSTGRES_FEATURES } from './pg-schema.js';
import { PgTraceStore } from './pg-trace-store.js';

// `migrate --from` writes traces inside its own transaction (insertTracesIn). A COPY the server
// refuses there aborts the transaction, so the upsert that takes over would fail too ("current
// transaction is aborted") unless the COPY ran under a savepoint.
describe('PostgreSQL traces written inside a caller\'s transaction', () => {
  const scratch = scratchSchema();

  it('falls back from a refused COPY (an id already stored) to the upsert within the transaction, and a rollback keeps none of them', async () => {
    const pool = await scratch.open();
    await migratePostgres(pool, scratch.schema, POSTGRES_FEATURES);
    const traces = new PgTraceStore(pool);
    await traces.insertTraces([sampleTrace({ id: 'tr_stored', requestId: 'req_before' })]);
    // 70 traces: a COPY (64 and more), which the stored id makes the server refuse.
    const batch = Array.from({ length: 70 }, (_, i) => sampleTrace({ id: i === 0 ? 'tr_stored' : `tr_batch_${i}`, requestId: 'req_after' }));
    await inTransaction(pool, (client) => traces.insertTracesIn(client, batch));
    const count = async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM traces')).rows[0]?.n);
    expect(await count()).toBe(70);
    expect((await traces.getTrace('tr_stored'))?.requestId).toBe('req_after');

    const more = Array.from({ length: 70 }, (_, i) => sampleTrace({ id: `tr_more_${i}` }));
    const blocks = async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM trace_word_blocks')).rows[0]?.n);
    const blocksBefore = await blocks();
    const failed = inTransaction(pool, async (client) => {
      await traces.insertTracesIn(client, more);
      throw new Error('the copy failed after the traces');
    });
    await expect(failed).rejects.toThrow('the copy failed after the traces');
    expect(await count()).toBe(70);
    expect(await blocks()).toBe(blocksBefore);
  });
});
