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
    expect(log.mock.calls[0]?.[0]).toBe(`2 examples written to ${out}; 1 reviewed item left out (1 rejected); finished reviews only`);
    // --since takes a duration back from now, as datasets add-traces and loadtest do, not only an ISO date.
    log.mockClear();
    await exportFinetune({ db, out, minScore: '4', since: '24h' });
    expect(log.mock.calls[0]?.[0]).toBe(`2 examples written to ${out}; 1 reviewed item left out (1 rejected); finished reviews only`);
    await expect(exportFinetune({ db, out, minScore: '4', since: 'yesterday' })).rejects.toThrow('--since must be an ISO date, ms since the epoch or a duration like 24h, got "yesterday"');
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });
    expect(lines.map((l) => l.messages.at(-1)?.content).sort()).toEqual(['hello, how can I help?', 'hi there']);
    expect(lines[0]?.messages[0]).toEqual({ role: 'user', content: 'hello' });
    const print = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await printReview({ db, json: true });
    expect(JSON.parse(print.mock.calls[0]?.[0] as string).stats.done.manual).toBe(3);
    vi.restoreAllMocks();
    await expect(exportFinetune({ db: '/nonexistent/x.db', minScore: '4' })).rejects.toThrow('no store at /nonexistent/x.db');
  });

  it('exports finished reviews only unless --include-pending, and says which it holds', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sy-cli-')), 'store.db');
    const stores = openSqliteStores(db);
    await stores.traces.insertTraces([makeTrace({ id: 'tr_done' }), makeTrace({ id: 'tr_half', response: { choices: [{ message: { role: 'assistant', content: 'half reviewed' } }] } })]);
    const [done, half] = await stores.reviews.enqueue([
      { traceId: 'tr_done', source: 'manual', reason: 'x' },
      // A blind double review: two reviews wanted, one in. It was exported as a decision.
      { traceId: 'tr_half', source: 'manual', reason: 'x', reviewsWanted: 2 },
    ]);
    const verdict = { pass: null, comment: null, corrected: null };
    await stores.reviews.addReview(done?.id as string, 'ana', { ...verdict, score: 5 });
    await stores.reviews.addReview(half?.id as string, 'ana', { ...verdict, score: 5 });
    await stores.close();
    const out = `${db}.jsonl`;
    const answers = () => readFileSync(out, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { messages: { content: string }[] }).messages.at(-1)?.content).sort();
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await exportFinetune({ db, out, minScore: '4' });
      expect(answers()).toEqual(['hi there']);
      expect(log.mock.calls.at(-1)?.[0]).toBe(`1 example written to ${out}; 0 reviewed items left out; finished reviews only: 1 item whose review is pending left out (--include-pending adds them)`);
      await exportFinetune({ db, out, minScore: '4', includePending: true });
      expect(answers()).toEqual(['half reviewed', 'hi there']);
      expect(log.mock.calls.at(-1)?.[0]).toBe(`2 examples written to ${out}; 0 reviewed items left out; finished and pending reviews: 1 item whose review is pending included`);
    } finally {
      log.mockRestore();
    }
  });

  // The README's datasets block: eval generate, the items accepted in the Review page, then export
  // finetune wrote "0 examples …; 3 reviewed traces left out (rejected, or without bodies)".
  it('writes the dataset items reviewers accepted (synthetic questions), and says why the others were left out', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sy-cli-')), 'store.db');
    const stores = openSqliteStores(db);
    const item = (id: string, input: unknown) => ({ datasetId: 'handbook-synthetic', datasetItemId: id, source: 'dataset' as const, reason: 'synthetic item from refunds.md', input, output: `The answer to ${id}.` });
    const [accepted, corrected, rejected, objectInput] = await stores.reviews.enqueue([item('q1', 'Who refunds a cancelled purchase?'), item('q2', 'How long does a card take?'), item('q3', 'What does a transfer cost?'), item('q4', { question: 'Hi?' })]);
    const verdict = { pass: null, comment: null, corrected: null };
    await stores.reviews.addReview(accepted?.id as string, 'ana', { ...verdict, score: 5 });
    await stores.reviews.addReview(corrected?.id as string, 'ana', { ...verdict, score: 3, corrected: 'Within 7 working days.' });
    await stores.reviews.addReview(rejected?.id as string, 'ana', { ...verdict, score: 2 });
    await stores.reviews.addReview(objectInput?.id as string, 'ana', { ...verdict, score: 5 });
    await stores.close();
    const out = `${db}.jsonl`;
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await exportFinetune({ db, out, minScore: '4' });
      expect(log.mock.calls.at(-1)?.[0]).toBe(`2 examples written to ${out}; 2 reviewed items left out (1 rejected, 1 without a text prompt and answer: bodies not kept, or an item whose input is not text); finished reviews only`);
    } finally {
      log.mockRestore();
    }
    const examples = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });
    expect(examples.map((e) => e.messages).sort((a, b) => (a[0]?.content ?? '').localeCompare(b[0]?.content ?? ''))).toEqual([
      [{ role: 'user', content: 'How long does a card take?' }, { role: 'assistant', content: 'Within 7 working days.' }],
      [{ role: 'user', content: 'Who refunds a cancelled purchase?' }, { role: 'assistant', content: 'The answer to q1.' }],
    ]);
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
        `0 examples written to ${db}.jsonl; 0 reviewed items left out; finished reviews only`,
        "no trace has been reviewed yet: score traces 4 or more, or correct their answers, in the dashboard's Review page (switchyard review lists what waits), then export again",
      ]);
    } finally {
      log.mockRestore();
    }
  });

  it('lists the queue with whole ids within 80 columns, and says when no agreement can be measured yet', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sy-cli-')), 'store.db');
    const stores = openSqliteStores(db);
    await stores.traces.insertTraces([makeTrace({ id: 'tr_0mx5dwglrc063fbcc5781d10e' })]);
    const [flagged, synthetic] = await stores.reviews.enqueue([
      { traceId: 'tr_0mx5dwglrc063fbcc5781d10e', source: 'flag', reason: 'groundedness 0.40: "Refunds take 30 days." is not in the sources' },
      { traceId: null, source: 'dataset', datasetId: 'handbook-synthetic', datasetItemId: 'gen_bc9d0e5a7f31c2d4', reason: 'synthetic item from refunds.md: accept (score it) or correct the answer' },
    ]);
    // What `switchyard models demote` queues: a flag about a route, with no trace and no dataset item.
    await stores.reviews.enqueueSampled([{ traceId: null, source: 'flag', reason: 'support-intent: local model demoted by hand, v1 (trying)' }]);
    const [demoted] = (await stores.reviews.queue({ reviewer: 'cli', source: 'flag' })).filter((i) => i.traceId === null);
    await stores.close();
    const saved = process.env.COLUMNS;
    process.env.COLUMNS = '80';
    const print = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await printReview({ db });
      const lines = print.mock.calls.flatMap((c) => String(c[0]).split('\n'));
      expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
      expect(lines).toContain('agreement between reviewers: none yet (it needs items that two people reviewed)');
      expect(lines).toContain(`${flagged?.id} · flag · trace tr_0mx5dwglrc063fbcc5781d10e`);
      // A line too long for the terminal breaks at a space, the rest indented under the id.
      expect(lines).toContain(`${synthetic?.id} · dataset · dataset item`);
      expect(lines).toContain('  handbook-synthetic/gen_bc9d0e5a7f31c2d4');
      expect(lines).toContain('  synthetic item from refunds.md: accept (score it) or correct the answer');
      // Not 'dataset item null/null': a route's flag is about neither.
      expect(lines).toContain(`${demoted?.id} · flag`);
      expect(lines).toContain('  support-intent: local model demoted by hand, v1 (trying)');
      expect(lines.join('\n')).not.toContain('null');
    } finally {
      print.mockRestore();
      if (saved === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = saved;
    }
  });

  it('counts a trace queued for several reasons once, and names its other reasons', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sy-cli-')), 'store.db');
    const stores = openSqliteStores(db);
    await stores.reviews.enqueueSampled([
      { traceId: 'tr_1', source: 'flag', reason: 'pii: email' },
      { traceId: 'tr_1', source: 'sample', reason: 'sampled by rule "a" (2%)', origin: 'a' },
    ]);
    const [item] = await stores.reviews.queue({ reviewer: 'cli' });
    await stores.reviews.addFeedback({ traceId: 'tr_1', keyName: null, score: null, thumbs: 'down', comment: null, corrected: null });
    await stores.close();
    const print = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await printReview({ db, json: true });
      const { stats } = JSON.parse(print.mock.calls[0]?.[0] as string) as { stats: { open: Record<string, number> } };
      expect(Object.values(stats.open).reduce((a, b) => a + b, 0)).toBe(1);
      print.mockClear();
      await printReview({ db });
      const lines = print.mock.calls.flatMap((c) => String(c[0]).split('\n'));
      expect(lines).toContain(`${item?.id} · flag · trace tr_1`);
      expect(lines).toContain('  pii: email (2 more reasons: sample, feedback)');
    } finally {
      print.mockRestore();
    }
  });

  it('says how many open items others hold, which the next-in-queue list leaves out', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sy-cli-')), 'store.db');
    const stores = openSqliteStores(db);
    const [held, free] = await stores.reviews.enqueue([
      { traceId: 'tr_held', source: 'flag', reason: 'guard: card number' },
      { traceId: 'tr_free', source: 'flag', reason: 'guard: email' },
    ]);
    await stores.reviews.claim(held?.id as string, 'ana', Date.now() + 60_000);
    await stores.close();
    const print = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await printReview({ db });
      const text = print.mock.calls.map((c) => String(c[0])).join('\n');
      expect(text).toContain(`${free?.id} · flag`);
      expect(text).not.toContain(`${held?.id} · flag`);
      expect(text).toContain('next in the queue (2 open, 1 held by a reviewer in the dashboard and left out here');
      print.mockClear();
      await printReview({ db, json: true });
      expect(JSON.parse(print.mock.calls[0]?.[0] as string).stats).toMatchObject({ open: { flag: 2 }, held: { flag: 1 } });
    } finally {
      print.mockRestore();
    }
  });
});
