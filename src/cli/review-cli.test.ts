import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { makeTrace } from '../monitor/test-traces.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite-stores.js';
import { exportFinetune, printReview } from './review-cli.js';

describe('switchyard export finetune / review', () => {
  it('writes approved and corrected traces as chat fine-tuning JSONL', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sy-cli-')), 'store.db');
    const stores = openSqliteStores(db);
    await stores.traces.insertTraces([makeTrace({ id: 'tr_a' }), makeTrace({ id: 'tr_b' }), makeTrace({ id: 'tr_c' })]);
    const items = await stores.reviews.enqueue(['tr_a', 'tr_b', 'tr_c'].map((traceId) => ({ traceId, source: 'manual' as const, reason: 'x' })));
    const verdict = { pass: null, comment: null };
    await stores.reviews.addReview(items[0]?.id as string, 'ana', { ...verdict, score: 5, corrected: null });
    await stores.reviews.addReview(items[1]?.id as string, 'ana', { ...verdict, score: 2, corrected: 'hello, how can I help?' });
    await stores.reviews.addReview(items[2]?.id as string, 'ana', { ...verdict, score: 2, corrected: null });
    await stores.close();
    const out = `${db}.jsonl`;
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await exportFinetune({ db, out, minScore: '4' });
    expect(log.mock.calls[0]?.[0]).toBe(`2 examples written to ${out}; 1 reviewed traces left out (rejected, or without bodies)`);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });
    expect(lines.map((l) => l.messages.at(-1)?.content).sort()).toEqual(['hello, how can I help?', 'hi there']);
    expect(lines[0]?.messages[0]).toEqual({ role: 'user', content: 'hello' });
    const print = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await printReview({ db, json: true });
    expect(JSON.parse(print.mock.calls[0]?.[0] as string).stats.done.manual).toBe(3);
    vi.restoreAllMocks();
    await expect(exportFinetune({ db: '/nonexistent/x.db', minScore: '4' })).rejects.toThrow('no store at /nonexistent/x.db');
  });

  it('says where examples come from when nothing has been reviewed yet', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sy-cli-')), 'store.db');
    const stores = openSqliteStores(db);
    await stores.traces.insertTraces([makeTrace({ id: 'tr_a' })]);
    await stores.close();
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await exportFinetune({ db, out: `${db}.jsonl`, minScore: '4' });
      expect(log.mock.calls.map((c) => c[0])).toEqual([
        `0 examples written to ${db}.jsonl; 0 reviewed traces left out (rejected, or without bodies)`,
        "no trace has been reviewed yet: score traces 4 or more, or correct their answers, in the dashboard's Review page (switchyard review lists what waits), then export again",
      ]);
    } finally {
      log.mockRestore();
    }
  });
});
