import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { scratchSchema } from './scratch-schema.js';
import { pgTraceStoreUpgradedPast, sqliteStoresUpgradedPast } from './traces-before.js';

// A store made before traces were flagged as judged: the migration flags those whose decisions
// name a judge, so `router train --from-judged` finds the old judged calls by the new partial
// index as it finds new ones, and the flag costs the other traces nothing.

const cascade = (score: number) => ({ route: { steps: [], model: 'mini', cascade: [{ target: 'mini', model: 'mini', action: 'accept', judge: { score, traceId: 'tr_judge', costUsd: 0.0001 } }] } });
const before = sampleTrace({ id: 'tr_before', ts: 1, decisions: cascade(0.5) });
const after = sampleTrace({ id: 'tr_after', ts: 2, decisions: cascade(1) });
const plain = sampleTrace({ id: 'tr_plain', ts: 3 });
const listed = (page: { traces: { id: string }[] }) => page.traces.map((t) => t.id);

describe('SQLite: the judged flag added to a file that holds traces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-judged-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('flags the judged traces written before, lists them with new ones by the partial index', async () => {
    const stores = sqliteStoresUpgradedPast(join(dir, 'old.db'), 'judged', before);
    try {
      expect(await stores.traces.getTrace('tr_before')).toEqual(before);
      await stores.traces.insertTraces([after, plain]);
      expect(listed(await stores.traces.listJudged({ since: 0, until: 10, limit: 10 }))).toEqual(['tr_after', 'tr_before']);
      const plan = stores.db.prepare('EXPLAIN QUERY PLAN SELECT id FROM traces WHERE judged = 1 AND ts >= 0 AND ts < 10 ORDER BY ts DESC, id DESC LIMIT 5').all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toContain('traces_judged_ts');
    } finally {
      await stores.close();
    }
  });
});

describe('PostgreSQL: the judged flag added to a table that holds traces', () => {
  const scratch = scratchSchema();

  it('flags the judged traces written before, lists them with new ones, and the index holds the judged alone', async () => {
    const pool = await scratch.open();
    const store = await pgTraceStoreUpgradedPast(pool, scratch.schema, 'judged', before);
    expect(await store.getTrace('tr_before')).toEqual(before);
    await store.insertTraces([after, plain]);
    expect(listed(await store.listJudged({ since: 0, until: 10, limit: 10 }))).toEqual(['tr_after', 'tr_before']);
    const { rows } = await pool.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'traces_judged_ts'", [scratch.schema]);
    expect(rows[0]?.indexdef).toContain('WHERE judged');
    const flagged = await pool.query<{ id: string }>('SELECT id FROM traces WHERE judged ORDER BY id');
    expect(flagged.rows.map((r) => r.id)).toEqual(['tr_after', 'tr_before']);
  });
});
