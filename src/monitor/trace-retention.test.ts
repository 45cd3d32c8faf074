import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.js';
import { compactDatabase } from '../store/sqlite/open-database.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite-stores.js';
import { sampleTrace } from '../test-support/sample-trace.js';
import type { DriftReport } from './drift/drift-types.js';
import { makeSignal } from './test-signals.js';
import { TraceRetentionJob } from './trace-retention.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 12);
const clock: Clock = { now: () => NOW, sleep: async () => undefined };

async function storeWithDays(ages: number[], keyName = 'compat') {
  const stores = openSqliteStores(':memory:');
  await stores.traces.insertTraces(ages.map((age, i) => sampleTrace({ id: `tr_${i}`, ts: NOW - age * DAY, keyName, costUsd: 1 })));
  return stores;
}

const ids = async (stores: ReturnType<typeof openSqliteStores>) => (await stores.traces.listTraces({ limit: 100 })).traces.map((t) => t.id);

describe('trace retention', () => {
  it('deletes traces older than `days` in small batches, and keeps the rollups', async () => {
    const stores = await storeWithDays([40, 35, 31, 29, 1, 0]);
    await stores.rollups.apply((await stores.traces.listTraces({ limit: 100 })).traces.map((t) => ({ ...t, request: null, response: null })));
    const before = await stores.rollups.values({ resolutionMs: DAY, since: 0, until: NOW + DAY }, 'model');
    const job = new TraceRetentionJob({ store: stores.traces, policy: { days: 30, every_minutes: 60 }, budgets: [], clock, batchSize: 2 });
    expect(await job.runOnce()).toEqual({ deleted: 3, stripped: 0, releasedPages: 0 });
    expect(await ids(stores)).toEqual(['tr_5', 'tr_4', 'tr_3']);
    expect(await stores.rollups.values({ resolutionMs: DAY, since: 0, until: NOW + DAY }, 'model')).toEqual(before);
    expect(await job.runOnce()).toEqual({ deleted: 0, stripped: 0, releasedPages: 0 });
    await stores.close();
  });

  it('sizes each statement to about 25 ms from the time its rows took, so a slow table does not stall requests', async () => {
    const stores = await storeWithDays(Array.from({ length: 300 }, () => 40));
    let elapsed = 0;
    const asked: number[] = [];
    // Rows that cost 2 ms each, as a thousand traces' bodies rewritten did on a busy SQLite file.
    const store: Pick<typeof stores.traces, 'pruneTraces' | 'nthNewestTs'> = {
      nthNewestTs: (n) => stores.traces.nthNewestTs(n),
      pruneTraces: async (pruning) => {
        asked.push(pruning.limit);
        const result = await stores.traces.pruneTraces(pruning);
        elapsed += 2 * (result.deleted + result.stripped);
        return result;
      },
    };
    const job = new TraceRetentionJob({ store, policy: { days: 30, every_minutes: 60 }, budgets: [], clock, batchSize: 100, now: () => elapsed });
    expect((await job.runOnce()).deleted).toBe(300);
    expect(await ids(stores)).toEqual([]);
    expect(asked.slice(0, 3)).toEqual([100, 12, 12]);
    expect(Math.max(...asked.slice(1))).toBeLessThanOrEqual(12);
    await stores.close();
  });

  it('keeps at most max_rows, oldest out first', async () => {
    const stores = await storeWithDays([5, 4, 3, 2, 1]);
    const job = new TraceRetentionJob({ store: stores.traces, policy: { max_rows: 2, every_minutes: 60 }, budgets: [], clock });
    expect((await job.runOnce()).deleted).toBe(3);
    expect(await ids(stores)).toEqual(['tr_4', 'tr_3']);
    await stores.close();
  });

  it('drops bodies sooner than rows, keeping the numbers', async () => {
    const stores = await storeWithDays([20, 10, 3, 1]);
    const job = new TraceRetentionJob({ store: stores.traces, policy: { days: 15, bodies_days: 7, every_minutes: 60 }, budgets: [], clock });
    expect(await job.runOnce()).toEqual({ deleted: 1, stripped: 1, releasedPages: 0 });
    expect(await stores.traces.getTrace('tr_1')).toMatchObject({ request: null, response: null, costUsd: 1 });
    expect((await stores.traces.getTrace('tr_2'))?.request).not.toBeNull();
    await stores.close();
  });

  it('keeps the traces a budget still counts, so a restart restores the spend', async () => {
    // A monthly budget: November's traces stay whatever `days` says; October's go.
    const stores = await storeWithDays([25, 15, 5]);
    const key = { id: 'kc_compat', name: 'compat' };
    const job = new TraceRetentionJob({ store: stores.traces, policy: { days: 3, every_minutes: 60 }, budgets: [{ key, period: 'monthly' }], clock });
    expect((await job.runOnce()).deleted).toBe(1);
    expect(await ids(stores)).toEqual(['tr_2', 'tr_1']);
    expect(await stores.spend.spendOfKey(key, Date.UTC(2026, 10, 1))).toBe(2);
    await stores.close();
  });

  it('keeps the traces a team budget still counts: the team’s spend restores from them too', async () => {
    const stores = openSqliteStores(':memory:');
    await stores.traces.insertTraces([25, 15, 5].map((age, i) => sampleTrace({ id: `tr_${i}`, ts: NOW - age * DAY, keyName: `member-${i}`, team: 'red', costUsd: 1 })));
    const job = new TraceRetentionJob({ store: stores.traces, policy: { days: 3, every_minutes: 60 }, budgets: [{ team: 'red', period: 'monthly' }], clock });
    expect((await job.runOnce()).deleted).toBe(1);
    expect((await stores.spend.spendByTeam(Date.UTC(2026, 10, 1))).get('red')).toBe(2);
    await stores.close();
  });

  it('deletes monitoring signals older than the traces’ cut-off, with their copy of the prompt', async () => {
    const stores = await storeWithDays([40, 35, 1]);
    await stores.monitor.putSignals([40, 35, 1].map((age, i) => makeSignal({ traceId: `tr_${i}`, ts: NOW - age * DAY, prompt: `question ${i}` })));
    const lines: string[] = [];
    const job = new TraceRetentionJob({ store: stores.traces, signals: stores.monitor, policy: { days: 30, every_minutes: 60 }, budgets: [], clock, log: (line) => lines.push(line) });
    await job.runOnce();
    expect((await stores.monitor.listSignals({ since: 0, until: NOW + DAY, limit: 10 })).map((s) => s.traceId)).toEqual(['tr_2']);
    expect(lines.join('\n')).toMatch(/deleted 2 traces, 0 application spans and 2 monitoring signals/);
    // With only bodies_days set, rows (and signals) stay.
    await stores.monitor.putSignals([makeSignal({ traceId: 'tr_old', ts: NOW - 50 * DAY })]);
    await new TraceRetentionJob({ store: stores.traces, signals: stores.monitor, policy: { bodies_days: 7, every_minutes: 60 }, budgets: [], clock }).runOnce();
    expect((await stores.monitor.listSignals({ since: 0, until: NOW + DAY, limit: 10 })).map((s) => s.traceId)).toContain('tr_old');
    await stores.close();
  });

  it('blanks monitoring\'s copy of the prompt and answer after bodies_days, in batches, keeping the signals', async () => {
    const ages = [20, 12, 9, 8, 3, 1];
    const stores = await storeWithDays(ages);
    await stores.monitor.putSignals(ages.map((age, i) => makeSignal({ traceId: `tr_${i}`, ts: NOW - age * DAY, prompt: `question ${i}`, answer: `answer ${i}` })));
    // Drift reports quote example requests: an old one loses their text, a recent one keeps it.
    const report = (ts: number) => ({ id: `d${ts}`, createdAt: ts, route: null, drifted: true, score: 0.2, pThreshold: 0.001, headline: ['…'], risingTerms: [], topicModel: null, reference: { since: 0, until: 1, count: 1 }, current: { since: 1, until: 2, count: 1 }, features: [{ feature: 'topic', kind: 'categories' as const, test: 'chi-square' as const, statistic: 9, pValue: 0.0001, effect: 0.2, drifted: true, summary: 'topic grew', examples: [{ traceId: 'tr_0', ts, prompt: 'question 0', note: 'topic' }] }] });
    for (const age of [9, 1]) await stores.monitor.putDoc({ kind: 'drift-report', key: `d${age}`, ts: NOW - age * DAY, route: null, body: report(NOW - age * DAY) });
    const lines: string[] = [];
    const job = new TraceRetentionJob({ store: stores.traces, signals: stores.monitor, policy: { bodies_days: 7, every_minutes: 60 }, budgets: [], clock, batchSize: 2, log: (line) => lines.push(line) });
    await job.runOnce();
    const signals = await stores.monitor.listSignals({ since: 0, until: NOW + DAY, limit: 10 });
    expect(signals.map((s) => [s.traceId, s.prompt, s.answer])).toEqual([
      ['tr_5', 'question 5', 'answer 5'],
      ['tr_4', 'question 4', 'answer 4'],
      ['tr_3', null, null],
      ['tr_2', null, null],
      ['tr_1', null, null],
      ['tr_0', null, null],
    ]);
    const reports = new Map((await stores.monitor.listDocs<DriftReport>('drift-report')).map((d) => [d.key, d.body]));
    expect(reports.get('d9')?.features[0]?.examples).toEqual([{ traceId: 'tr_0', ts: NOW - 9 * DAY, prompt: null, note: 'topic' }]);
    expect(reports.get('d9')?.notes?.[0]).toMatch(/example requests' text was dropped by body retention/);
    expect(reports.get('d1')?.features[0]?.examples?.[0]?.prompt).toBe('question 0');
    // The numbers stay: drift and alerts still read them.
    expect(signals.every((s) => s.costUsd > 0 && s.inputChars !== null)).toBe(true);
    expect(lines.join('\n')).toMatch(/dropped the bodies of 4 traces and the prompt text of 4 monitoring signals and 1 drift reports/);
    // A later pass starts where the last one ended (as for trace bodies, a signal written later with an old time waits for a restart).
    await stores.monitor.putSignals([makeSignal({ traceId: 'late', ts: NOW - 30 * DAY, prompt: 'written late' })]);
    await job.runOnce();
    expect((await stores.monitor.listSignals({ since: 0, until: NOW - 29 * DAY }))[0]?.prompt).toBe('written late');
    await stores.close();
  });

  it('runs on its schedule in the background until stopped', async () => {
    const stores = await storeWithDays([40, 1]);
    const job = new TraceRetentionJob({ store: stores.traces, policy: { days: 30, every_minutes: 60 }, budgets: [], clock });
    job.start(1);
    for (let i = 0; i < 100 && (await ids(stores)).length > 1; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await ids(stores)).toEqual(['tr_1']);
    await job.stop();
    await stores.close();
  });

  it('hands the deleted traces\' pages back to the file system, so the SQLite file shrinks', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sy-compact-')), 'traces.db');
    const stores = openSqliteStores(path);
    const body = 'x'.repeat(4_000);
    for (let batch = 0; batch < 4; batch++) {
      await stores.traces.insertTraces(Array.from({ length: 500 }, (_, i) => sampleTrace({ id: `tr_${batch}_${i}`, ts: NOW - (batch < 3 ? 40 : 1) * DAY, request: { messages: [{ role: 'user', content: body }] } })));
    }
    stores.db.pragma('wal_checkpoint(TRUNCATE)');
    const grown = statSync(path).size;
    const logged: string[] = [];
    const job = new TraceRetentionJob({ store: stores.traces, policy: { days: 30, every_minutes: 60 }, budgets: [], clock, compact: async (pages) => compactDatabase(stores.db, pages), compactPages: 100, log: (l) => logged.push(l) });
    const pass = await job.runOnce();
    expect(pass.deleted).toBe(1_500);
    expect(pass.releasedPages).toBeGreaterThan(1_000);
    expect(stores.db.pragma('freelist_count', { simple: true })).toBe(0);
    stores.db.pragma('wal_checkpoint(TRUNCATE)');
    // Three quarters of the traces went: the file is well under its grown size.
    expect(statSync(path).size).toBeLessThan(grown * 0.5);
    expect(logged.join('\n')).toMatch(/deleted 1500 traces,.* released \d+ pages/);
    expect((await stores.traces.listTraces({ limit: 10 })).traces).toHaveLength(10);
    await stores.close();
  });

  it('says how to shrink a file made before incremental vacuum, and still reuses its space', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sy-compact-')), 'old.db');
    // An older Switchyard made its file with SQLite's default (no auto-vacuum).
    const old = new Database(path);
    old.exec('CREATE TABLE legacy (x)');
    old.close();
    const stores = openSqliteStores(path);
    await stores.traces.insertTraces(Array.from({ length: 300 }, (_, i) => sampleTrace({ id: `tr_${i}`, ts: NOW - 40 * DAY, request: { messages: [{ role: 'user', content: 'y'.repeat(4_000) }] } })));
    const logged: string[] = [];
    const job = new TraceRetentionJob({ store: stores.traces, policy: { days: 30, every_minutes: 60 }, budgets: [], clock, compact: async (pages) => compactDatabase(stores.db, pages), log: (l) => logged.push(l) });
    expect(await job.runOnce()).toMatchObject({ deleted: 300, releasedPages: 0 });
    expect(logged.join('\n')).toMatch(/created before incremental vacuum, so \d+ free pages are reused but not returned; run VACUUM once/);
    await stores.close();
  });
});
