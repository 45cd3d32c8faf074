import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { scratchSchema } from './scratch-schema.js';
import { pgTraceStoreUpgradedPast, sqliteStoresUpgradedPast } from './traces-before.js';

// A store made before traces had a session: its traces read back without one, new ones carry it,
// and a session's traces are looked up by the new partial index, not by walking the table.

const before = sampleTrace({ id: 'tr_before', ts: 1 });
const during = (id: string, ts: number) => sampleTrace({ id, ts, session: 'ses-1' });

describe('SQLite: the session column added to a file that holds traces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-session-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the old traces, stores sessions and filters by them through the index', async () => {
    const stores = sqliteStoresUpgradedPast(join(dir, 'old.db'), 'session_id', before);
    try {
      expect(await stores.traces.getTrace('tr_before')).toEqual(before);
      await stores.traces.insertTraces([during('tr_a', 2), during('tr_b', 3)]);
      expect((await stores.traces.listTraces({ session: 'ses-1' })).traces.map((t) => t.id)).toEqual(['tr_b', 'tr_a']);
      const plan = stores.db.prepare("EXPLAIN QUERY PLAN SELECT id FROM traces WHERE session_id = ? ORDER BY ts DESC LIMIT 5").all('ses-1') as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toContain('traces_session_ts');
    } finally {
      await stores.close();
    }
  });
});

describe('PostgreSQL: the session column added to a table that holds traces', () => {
  const scratch = scratchSchema();

  it('keeps the old traces, stores sessions and filters by them through the index', async () => {
    const pool = await scratch.open();
    const store = await pgTraceStoreUpgradedPast(pool, scratch.schema, 'session_id', before);
    expect(await store.getTrace('tr_before')).toEqual(before);
    await store.insertTraces([during('tr_a', 2), during('tr_b', 3)]);
    expect((await store.listTraces({ session: 'ses-1' })).traces.map((t) => t.id)).toEqual(['tr_b', 'tr_a']);
    const { rows } = await pool.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'traces_session_ts'", [scratch.schema]);
    expect(rows[0]?.indexdef).toContain('WHERE (session_id IS NOT NULL)');
  });
});
