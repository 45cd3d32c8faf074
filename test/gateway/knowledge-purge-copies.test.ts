import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeFileFor } from '../../src/config/default-store.js';
import { evaluate } from '../../src/evals/evaluate.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { deleteKnowledgeBase } from '../../src/knowledge/delete-base.js';
import { openSqliteKnowledgeStore } from '../../src/store/sqlite/knowledge/sqlite-knowledge-store.js';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';
import { vacuumed } from '../../src/test-support/vacuumed.js';

// The document that must be forgotten: words no question below uses, so any copy of them in a
// store after the purge came from the document or an answer made of it.
const SECRET = ['Tarrowby', 'Vellacombe', 'falsified'];
const LEAKED_TEXT = `# Dismissal of the depot manager\n\nThe depot manager at Tarrowby was dismissed on 3 March after he falsified mileage claims worth 4,200 pounds with Vellacombe Haulage.\n`;
const LEAVE_TEXT = `# Annual leave\n\nEvery employee has 25 days of annual leave a year, booked through the staff portal.\n`;

const dir = mkdtempSync(join(tmpdir(), 'sy-purge-copies-'));
const docs = join(dir, 'docs');
const leaked = join(docs, 'dismissal.md');
const leave = join(docs, 'leave.md');
const storeFile = join(dir, 'sy.db');
const cacheFile = join(dir, 'cache.db');
let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  mkdirSync(docs);
  writeFileSync(leaked, LEAKED_TEXT);
  writeFileSync(leave, LEAVE_TEXT);
  h = await startHarness('', (simUrl) => `
${simProviders(simUrl)}
models:
  small: { provider: sim, model: standin-small }
routes:
  support: { policy: static, target: small, options: { knowledge: { base: handbook, k: 3 } } }
cache:
  store: sqlite
  sqlite_path: ${cacheFile}
  routes: { support: {} }
`, { sqlite: storeFile });
  const store = openSqliteKnowledgeStore(knowledgeFileFor(storeFile));
  await indexDocuments(await openKnowledgeBase({ store, name: 'handbook', create: true }), walkPaths([docs]));
  await store.close();
  openai = h.openai('any');
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

const api = async (method: string, path: string, body?: unknown) => {
  // The open loopback gateway's session, as a script signs its changes (the csrf of GET /api/session).
  const session = await fetch(`${h.gateway.url}/api/session`);
  const csrf = ((await session.json()) as { csrf: string }).csrf;
  const res = await fetch(`${h.gateway.url}${path}`, { method, headers: { 'content-type': 'application/json', 'x-switchyard-csrf': csrf }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { message: string } } };
};

/** Whether a text holds any of the document's words (case aside: search indexes lower-case them). */
const holdsSecret = (text: string) => SECRET.some((word) => text.toLowerCase().includes(word.toLowerCase()));

/** Every row of every table of a SQLite file, as text: where a copy of the document could be left. */
function dumpTables(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'").all() as { name: string }[]).map((t) => t.name);
    return Object.fromEntries(tables.map((t) => [t, JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())]));
  } finally {
    db.close();
  }
}

describe('a purge through the admin API reaches every copy of what the gateway derived from the document', () => {
  it('blanks trace answers, cached answers, stored responses, eval results and cache, dataset items, review items, reviews and feedback, counts each place, and leaves the rest', async () => {
    // Grounded calls through the official SDK: chat (twice: the second is a cache hit), streamed, and the Responses API with a second turn.
    const ask = (content: string) => openai.chat.completions.create({ model: 'support', temperature: 0, messages: [{ role: 'user', content }] }).withResponse();
    const dismissal = await ask('Why was the depot manager dismissed?');
    expect(holdsSecret(dismissal.data.choices[0]?.message.content ?? '')).toBe(true);
    const hit = await ask('Why was the depot manager dismissed?');
    expect(hit.response.headers.get('x-switchyard-cache')).toBe('hit');
    const leaveAnswer = await ask('How many days of annual leave does an employee have?');
    const streamed = await openai.chat.completions.create({ model: 'support', temperature: 0, stream: true, messages: [{ role: 'user', content: 'When was the depot manager dismissed, and what for?' }] }).withResponse();
    let streamedText = '';
    for await (const chunk of streamed.data) streamedText += chunk.choices[0]?.delta.content ?? '';
    expect(holdsSecret(streamedText)).toBe(true);
    const first = await openai.responses.create({ model: 'support', input: 'What did the depot manager do with Haulage claims?' });
    expect(holdsSecret(first.output_text)).toBe(true);
    const second = await openai.responses.create({ model: 'support', previous_response_id: first.id, input: 'Say that again in one line.' });
    // The grounded answer's trace names its stored copy, for a purge when traces keep no bodies.
    const firstTrace = await h.waitForTrace((t) => t.endpoint === 'responses' && (t.decisions?.stored_response as { id?: string } | undefined)?.id === first.id);
    expect(firstTrace.decisions?.knowledge).toMatchObject({ base: 'handbook' });
    expect((await openai.responses.retrieve(second.id)).id).toBe(second.id);

    const dismissalTrace = await h.traceOf(dismissal.response);
    const leaveTrace = await h.traceOf(leaveAnswer.response);
    await h.traceOf(streamed.response);
    await h.waitForTrace((t) => t.endpoint === 'responses' && t.id !== undefined && t.ts >= dismissalTrace.ts && (t.decisions as { conversation?: unknown } | null)?.conversation !== undefined);

    // A dataset built from the traces (with a reviewer's correction), an eval run of it, review items and feedback.
    const built = await api('POST', '/api/datasets/support-answers/traces', { route: 'support', reviews: { [dismissalTrace.id]: { correction: 'He falsified mileage claims at Tarrowby.' } } });
    expect(built.status).toBe(201);
    const suite = join(dir, 'suite.yaml');
    writeFileSync(suite, 'dataset: support-answers\nvariants:\n  support: { route: support, prompt: "{{input}}" }\nscorers:\n  - { type: contains, value: "days" }\n');
    await evaluate({ suitePath: suite, gatewayUrl: h.gateway.url, stores: h.gateway.stores });
    const queued = await api('POST', `/api/traces/${dismissalTrace.id}/review`, { reason: 'check the grounding' });
    expect(queued.status).toBe(201);
    const reviewed = await api('POST', `/api/review/items/${queued.body.id as string}/reviews`, { score: 2, corrected: 'He falsified claims with Vellacombe Haulage.', comment: 'too vague' });
    expect(reviewed.status).toBe(201);
    const leaveItem = await api('POST', `/api/traces/${leaveTrace.id}/review`, {});
    await api('POST', `/api/review/items/${leaveItem.body.id as string}/reviews`, { score: 5, corrected: 'Employees have 25 days of annual leave.' });
    const feedback = await fetch(`${h.gateway.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test' }, body: JSON.stringify({ trace_id: dismissalTrace.id, thumbs: 'down', corrected: 'It was at Tarrowby depot.' }) });
    expect(feedback.status).toBe(201);
    await h.gateway.traces.flush();

    const before = dumpTables(storeFile);
    for (const table of ['traces', 'stored_responses', 'eval_results', 'eval_cache', 'eval_items', 'reviews', 'feedback']) expect(holdsSecret(before[table] ?? ''), table).toBe(true);
    expect(holdsSecret(JSON.stringify(dumpTables(cacheFile)))).toBe(true);
    const leaveRow = JSON.stringify(await h.gateway.stores.traces.getTrace(leaveTrace.id));

    // What the purge must reach, worked out here from the stored rows: the traces whose retrieval took a chunk of the document, and what names them.
    const stores = h.gateway.stores;
    const allTraces = await stores.traces.getTraces((await stores.traces.listTraces({ limit: 500 })).traces.map((t) => t.id));
    const grounded = new Set(allTraces.filter((t) => (t.decisions?.knowledge as { chunks?: { docId: string }[] } | undefined)?.chunks?.some((c) => c.docId === leaked)).map((t) => t.id));
    expect(grounded.has(dismissalTrace.id)).toBe(true);
    expect(grounded.has(leaveTrace.id)).toBe(false);
    const rowsOf = (table: string) => JSON.parse(before[table] ?? '[]') as Record<string, unknown>[];
    // And the cache hits that sent one of their answers (the hit's trace names the one that has it): what was made from a hit is filed under its id.
    const hits = allTraces.filter((t) => {
      const cache = t.decisions?.cache as { status?: string; trace?: string } | undefined;
      return cache?.status === 'hit' && grounded.has(cache.trace as string);
    });
    expect(hits.map((t) => t.id)).toContain(hit.response.headers.get('x-switchyard-trace-id'));
    const answered = new Set([...grounded, ...hits.map((t) => t.id)]);
    const naming = (table: string, traceIdOf: (row: Record<string, unknown>) => unknown) => rowsOf(table).filter((row) => answered.has(traceIdOf(row) as string)).length;
    const expected = {
      traces: grounded.size,
      evalResults: naming('eval_results', (r) => r.trace_id),
      evalCache: naming('eval_cache', (r) => (JSON.parse(r.value as string) as { traceId?: string }).traceId),
      // Items with an answer to blank (one of a Responses API call holds only its question).
      datasetItems: naming('eval_items', (r) => {
        const item = JSON.parse(r.body as string) as { output?: string; expected?: string; metadata?: { trace_id?: string } };
        return item.output === undefined && item.expected === undefined ? undefined : item.metadata?.trace_id;
      }),
      cachedAnswers: (JSON.parse(dumpTables(cacheFile).response_cache ?? '[]') as { value: string }[]).filter((e) => grounded.has((JSON.parse(String(e.value).split('\n')[0] as string) as { traceId?: string }).traceId as string)).length,
    };
    expect(Object.values(expected).every((n) => n >= 1)).toBe(true);

    const purged = await api('POST', '/api/knowledge/handbook/remove', { documents: [leaked], purge: true });
    expect(purged.status).toBe(200);
    // Both Responses turns; the review of the dismissal's item and the feedback on it; the review item itself holds no copy of the answer (it reads the trace).
    expect(purged.body.purged).toEqual({ versions: [1], rows: 1, chunks: expect.any(Number), ...expected, storedResponses: 2, reviewItems: 0, reviews: 1, feedback: 1, monitorSignals: expect.any(Number) });

    // No store holds the document's words any more; the gateway's cache file neither.
    const after = dumpTables(storeFile);
    for (const [table, rows] of Object.entries(after)) expect(holdsSecret(rows), table).toBe(false);
    expect(holdsSecret(JSON.stringify(dumpTables(cacheFile)))).toBe(false);
    await expect(openai.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
    await expect(openai.responses.retrieve(second.id)).rejects.toMatchObject({ status: 404 });

    // The rest is untouched: the leave answer, its review's correction, and the trace's numbers.
    expect(JSON.stringify(await h.gateway.stores.traces.getTrace(leaveTrace.id))).toBe(leaveRow);
    expect((await h.gateway.stores.reviews.forTrace(leaveTrace.id)).reviews[0]?.corrected).toBe('Employees have 25 days of annual leave.');
    const blanked = await h.gateway.stores.traces.getTrace(dismissalTrace.id);
    expect(blanked).toMatchObject({ id: dismissalTrace.id, status: 200, costUsd: dismissalTrace.costUsd, request: dismissalTrace.request, response: null, decisions: { purged: { at: expect.any(Number) } } });

    // The file's bytes: rows the store rewrote before the purge (a page split) may have left copies in
    // pages' unused space, which only a VACUUM of the file clears, as the docs say to run for that.
    vacuumed(storeFile);
    expect(holdsSecret(readFileSync(storeFile).toString('latin1'))).toBe(false);
    // The cache file without a VACUUM: its entries are written once, never rewritten, and the purge deleted them under secure_delete.
    const cache = new Database(cacheFile);
    try {
      cache.pragma('busy_timeout = 5000');
      cache.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      cache.close();
    }
    expect(holdsSecret(readFileSync(cacheFile).toString('latin1'))).toBe(false);

    // Run again (the base holds the document no more, so through /purge, which reaches the copies alone): it finds the same traces and changes nothing.
    expect((await api('POST', '/api/knowledge/handbook/remove', { documents: [leaked], purge: true })).status).toBe(404);
    const again = await api('POST', '/api/knowledge/handbook/purge', { documents: [leaked] });
    expect(again.status).toBe(200);
    expect(again.body.purged).toEqual({ traces: 0, cachedAnswers: 0, storedResponses: 0, evalResults: 0, evalCache: 0, datasetItems: 0, reviewItems: 0, reviews: 0, feedback: 0, monitorSignals: 0 });
  });

  it('after kb delete, {"all": true} reaches the answers grounded in any document the base had, and bad bodies are refused naming the field', async () => {
    const answer = await openai.chat.completions.create({ model: 'support', messages: [{ role: 'user', content: 'How is annual leave booked?' }] }).withResponse();
    const trace = await h.traceOf(answer.response);
    expect(JSON.stringify(trace.response)).toContain('staff portal');
    const store = openSqliteKnowledgeStore(knowledgeFileFor(storeFile));
    try {
      await deleteKnowledgeBase(await openKnowledgeBase({ store, name: 'handbook' }));
    } finally {
      await store.close();
    }
    expect((await api('POST', '/api/knowledge/handbook/purge', { documents: [leave], all: true })).body.error?.message).toBe('give either "documents" (a list of document ids) or "all": true (every document of the base), not both');
    expect((await api('POST', '/api/knowledge/handbook/purge', { all: 'yes' })).body.error?.message).toBe('"all" must be true (every document of the base), got "\\"yes\\""');
    expect((await api('POST', '/api/knowledge/handbook/purge', { documents: [] })).status).toBe(400);
    const all = await api('POST', '/api/knowledge/handbook/purge', { all: true });
    expect(all.status).toBe(200);
    expect((all.body.purged as { traces: number }).traces).toBeGreaterThanOrEqual(2);
    const blanked = await h.gateway.stores.traces.getTrace(trace.id);
    expect(blanked?.response).toBeNull();
    expect(JSON.stringify(blanked)).not.toContain('staff portal');
    // A base nobody grounded in purges nothing, and says so with zeros.
    expect((await api('POST', '/api/knowledge/never-made/purge', { all: true })).body.purged).toMatchObject({ traces: 0, cachedAnswers: 0 });
  });
});
