import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { scratchSchema } from './scratch-schema.js';
import { pgTraceStoreUpgradedPast, sqliteStoresUpgradedPast } from './traces-before.js';

// A store made before traces recorded the key's identity: its traces read back without one (so no
// key, whatever its name, reads them as its own), new ones carry it, and one key's calls are
// looked up by the new partial index, not by walking the table.

const before = sampleTrace({ id: 'tr_before', ts: 1, keyName: 'app' });
const during = (id: string, ts: number) => sampleTrace({ id, ts, keyName: 'app', keyId: 'ks_app' });

describe('SQLite: the key_id column added to a file that holds traces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-key-id-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the old traces without an identity, stores new ones and lists a key by the index', async () => {
    const stores = sqliteStoresUpgradedPast(join(dir, 'old.db'), 'key_id', before);
    try {
      expect(await stores.traces.getTrace('tr_before')).toEqual(before);
      await stores.traces.insertTraces([during('tr_a', 2), during('tr_b', 3)]);
      expect((await stores.traces.listTraces({ keyId: 'ks_app' })).traces.map((t) => t.id)).toEqual(['tr_b', 'tr_a']);
      expect((await stores.traces.listTraces({ keyName: 'app' })).traces.map((t) => t.id)).toEqual(['tr_b', 'tr_a', 'tr_before']);
      const plan = stores.db.prepare('EXPLAIN QUERY PLAN SELECT id FROM traces WHERE key_id = ? ORDER BY ts DESC LIMIT 5').all('ks_app') as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toContain('traces_key_id_ts');
    } finally {
      await stores.close();
    }
  });
});

describe('PostgreSQL: the key_id column added to a table that holds traces', () => {
  const scratch = scratchSchema();

  it('keeps the old traces without an identity, stores new ones and lists a key by the index', async () => {
    const pool = await scratch.open();
    const store = await pgTraceStoreUpgradedPast(pool, scratch.schema, 'key_id', before);
    expect(await store.getTrace('tr_before')).toEqual(before);
    await store.insertTraces([during('tr_a', 2), during('tr_b', 3)]);
    expect((await store.listTraces({ keyId: 'ks_app' })).traces.map((t) => t.id)).toEqual(['tr_b', 'tr_a']);
    expect((await store.listTraces({ keyName: 'app' })).traces.map((t) => t.id)).toEqual(['tr_b', 'tr_a', 'tr_before']);
    const { rows } = await pool.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'traces_key_id_ts'", [scratch.schema]);
    expect(rows[0]?.indexdef).toContain('WHERE (key_id IS NOT NULL)');
  });
});
