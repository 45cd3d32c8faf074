import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuMs } from '../../src/test-support/cpu-clock.js';
import { knowledgeFileFor } from '../../src/config/default-store.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { openSqliteKnowledgeStore } from '../../src/store/sqlite/knowledge/sqlite-knowledge-store.js';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// A hostile or careless caller of the purge API (POST /api/knowledge/NAME/purge, remove with
// purge: true): every bad body is a 400 naming the field, hostile ids and base names purge
// nothing they do not name, and a purge racing traffic or another purge erases only what it names.
const ADMIN = 'sk-sy-admin-purge';
const dir = mkdtempSync(join(tmpdir(), 'sy-hostile-purge-'));
const docs = join(dir, 'docs');
const leaked = join(docs, 'dismissal.md');
const leave = join(docs, 'leave.md');
const storeFile = join(dir, 'sy.db');
let h: Harness;
let openai: OpenAI;

beforeAll(async () => {
  mkdirSync(docs);
  writeFileSync(leaked, '# Dismissal\n\nThe depot manager at Tarrowby was dismissed after he falsified mileage claims.\n');
  writeFileSync(leave, '# Annual leave\n\nEvery employee has 25 days of annual leave a year, booked through the staff portal.\n');
  h = await startHarness('', (simUrl) => `
server: { admin_key: ${ADMIN} }
${simProviders(simUrl)}
models:
  small: { provider: sim, model: standin-small }
routes:
  support: { policy: static, target: small, options: { knowledge: { base: handbook, k: 3 } } }
`, { sqlite: storeFile });
  const store = openSqliteKnowledgeStore(knowledgeFileFor(storeFile));
  await indexDocuments(await openKnowledgeBase({ store, name: 'handbook', create: true }), walkPaths([docs]));
  await store.close();
  openai = h.openai('sk-sy-test');
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, body: string): Promise<{ status: number; text: string; json: { error?: { message: string; param?: string }; purged?: Record<string, number>; name?: string } }> {
  const res = await fetch(`${h.gateway.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}

const ask = (content: string) => openai.chat.completions.create({ model: 'support', temperature: 0, messages: [{ role: 'user', content }] }).withResponse();

/** The trace of a call, once written, with its answer text. */
async function answerOf(traceId: string): Promise<string | null> {
  await h.gateway.traces.flush();
  const trace = await h.gateway.stores.traces.getTrace(traceId);
  return trace?.response === null || trace?.response === undefined ? null : JSON.stringify(trace.response);
}

describe('bad purge bodies are a 400 naming the field', () => {
  it.each([
    ['documents a string', '{"documents": "docs/a.md"}', 'documents', '"documents" must be a list of 1–10,000 document ids (as kb show listed them, or as the traces\' decisions.knowledge.chunks[].docId name them), each a string of 1–4,096 characters, got "docs/a.md"'],
    ['documents an object', '{"documents": {"0": "docs/a.md"}}', 'documents', /, got \{"0":"docs\/a\.md"\}$/],
    ['documents null', '{"documents": null}', 'documents', /, got null$/],
    ['an id a number', '{"documents": ["docs/a.md", 7]}', 'documents[1]', '"documents[1]" must be a document id (a string of 1–4,096 characters), got 7'],
    ['an id null', '{"documents": [null]}', 'documents[0]', /got null$/],
    ['an id a list', '{"documents": [["docs/a.md"]]}', 'documents[0]', /got \["docs\/a\.md"\]$/],
    ['an empty id', '{"documents": [""]}', 'documents[0]', /got an empty string$/],
    ['an id past 4,096 characters', JSON.stringify({ documents: ['ok', 'd'.repeat(4_097)] }), 'documents[1]', /got 4,097 characters \("d{40}…"\)$/],
    ['10,001 ids', JSON.stringify({ documents: Array.from({ length: 10_001 }, (_, i) => `d${i}`) }), 'documents', /, got 10,001 ids$/],
    ['no documents', '{"documents": []}', 'documents', /, got an empty list$/],
    ['all false', '{"all": false}', 'all', /"all" must be true/],
    ['all a string', '{"all": "true"}', 'all', /"all" must be true/],
    ['all 1', '{"all": 1}', 'all', /"all" must be true/],
    ['neither', '{}', 'documents', /give either "documents"/],
    ['both', '{"all": true, "documents": ["docs/a.md"]}', 'all', /give either "documents"/],
    ['an unknown field', '{"documents": ["docs/a.md"], "purge": true}', 'purge', /"purge"/],
  ])('%s', async (_, body, param, message) => {
    const answer = await post('/api/knowledge/handbook/purge', body);
    expect(answer.status, answer.text).toBe(400);
    expect(answer.json.error?.param).toBe(param);
    if (typeof message === 'string') expect(answer.json.error?.message).toBe(message);
    else expect(answer.json.error?.message).toMatch(message);
    expect(answer.text.length).toBeLessThan(2_000);
  });

  it.each([
    ['a list', '["docs/a.md"]'],
    ['null', 'null'],
    ['a string', '"docs/a.md"'],
  ])('a body that is %s is a 400, not a crash', async (_, body) => {
    const answer = await post('/api/knowledge/handbook/purge', body);
    expect(answer.status, answer.text).toBe(400);
  });

  it('remove with purge: a wrong purge value names purge; bad ids name documents', async () => {
    expect((await post('/api/knowledge/handbook/remove', '{"documents": ["x"], "purge": "yes"}')).json.error?.param).toBe('purge');
    expect((await post('/api/knowledge/handbook/remove', '{"documents": ["docs/a.md", 1], "purge": true}')).json.error?.param).toBe('documents[1]');
    expect((await post('/api/knowledge/handbook/remove', '{"purge": true}')).json.error?.message).toMatch(/^"documents" must be a list of 1–10,000 document ids \(or folders or JSONL files kb add read\), each a string of 1–4,096 characters, got nothing$/);
  });
});

describe('hostile ids and base names purge nothing they do not name', () => {
  it('bidi, invisible, NUL, near-miss and thousands of duplicate ids leave every answer, quickly', async () => {
    const kept = await ask('Why was the depot manager dismissed?');
    const keptTrace = kept.response.headers.get('x-switchyard-trace-id') as string;
    const before = await answerOf(keptTrace);
    expect(before).not.toBeNull();
    const hostile = [
      `\u202e${leaked}`,
      `${leaked}\u200b`,
      `${leaked}\u0000`,
      leaked.toUpperCase(),
      `${leaked}/`,
      `${leaked.slice(0, -3)}%`,
      '*',
      '%',
      "' OR 1=1 --",
      `"${leaked}"`,
      ...Array.from({ length: 9_000 }, () => 'docs/none.md'),
      ...Array.from({ length: 900 }, (_, i) => `docs/${'\u05d0'.repeat(40)}-${i}.md`),
    ];
    const started = cpuMs();
    const answer = await post('/api/knowledge/handbook/purge', JSON.stringify({ documents: hostile }));
    expect(answer.status, answer.text).toBe(200);
    expect(cpuMs() - started).toBeLessThan(5_000);
    expect(answer.json.purged?.traces).toBe(0);
    expect(await answerOf(keptTrace)).toBe(before);
  });

  it.each([
    ['past the URL a proxy keeps', encodeURIComponent('b'.repeat(6_000))],
    ['bidi', encodeURIComponent('\u202ehandbook')],
    ['an encoded slash', 'hand%2Fbook'],
    ['a broken escape', 'hand%E0%A4book'],
    ['a NUL', 'handbook%00'],
    ['a case-folded name', 'HANDBOOK'],
  ])('a base name %s: a bounded answer, and the handbook answers are left', async (_, name) => {
    const kept = await ask('How many days of annual leave does an employee have?');
    const keptTrace = kept.response.headers.get('x-switchyard-trace-id') as string;
    const before = await answerOf(keptTrace);
    const answer = await post(`/api/knowledge/${name}/purge`, '{"all": true}');
    expect([200, 400, 404]).toContain(answer.status);
    expect(answer.text.length).toBeLessThan(8_000);
    if (answer.status === 200) expect(answer.json.purged?.traces).toBe(0);
    expect(await answerOf(keptTrace)).toBe(before);
  });
});

describe('a purge racing traffic and another purge', () => {
  it('erases every answer grounded in the document, and only those', async () => {
    const leaveCalls = Array.from({ length: 6 }, () => ask('How is annual leave booked?'));
    const leakedCalls = Array.from({ length: 6 }, () => ask('Why was the depot manager at Tarrowby dismissed?'));
    const purges = [post('/api/knowledge/handbook/purge', JSON.stringify({ documents: [leaked] })), post('/api/knowledge/handbook/purge', JSON.stringify({ documents: [leaked, leaked] }))];
    const [calls, done] = await Promise.all([Promise.all([...leaveCalls, ...leakedCalls]), Promise.all(purges)]);
    for (const d of done) expect(d.status, d.text).toBe(200);
    // Calls answered after both purges scanned are caught by the next one, as the docs say to run it again.
    const last = await post('/api/knowledge/handbook/purge', JSON.stringify({ documents: [leaked] }));
    expect(last.status).toBe(200);
    const ids = calls.map((c) => c.response.headers.get('x-switchyard-trace-id') as string);
    const traces = await h.gateway.stores.traces.getTraces(ids);
    for (const trace of traces) {
      const chunks = (trace.decisions?.knowledge as { chunks?: { docId: string }[] } | undefined)?.chunks ?? [];
      const grounded = chunks.some((c) => c.docId === leaked);
      expect(trace.response === null, `${trace.id} grounded in the document: ${grounded}`).toBe(grounded);
    }
    expect(traces.some((t) => t.response !== null)).toBe(true);
    expect(traces.some((t) => t.response === null)).toBe(true);
    // A purge run a fourth time finds nothing.
    expect((await post('/api/knowledge/handbook/purge', JSON.stringify({ documents: [leaked] }))).json.purged?.traces).toBe(0);
  });
});

describe('a removal naming the root folder', () => {
  // `"documents": ["/"]` (a script's "$DIR/" with DIR unset) read as the folder "/", which holds
  // every document kb add named by an absolute path: the base was emptied, with purge every version.
  it('"/" and "//" are a 400 naming the place, and every document stays', async () => {
    for (const reference of ['/', '//']) {
      const answer = await post('/api/knowledge/handbook/remove', JSON.stringify({ documents: [leave, reference], purge: true }));
      expect(answer.status, answer.text).toBe(400);
      expect(answer.json.error).toMatchObject({ param: 'documents[1]', message: expect.stringMatching(/^document reference 2 of 2 to remove from "handbook" is "\/+", the root folder, which would stand for every document kb add named by an absolute path: .*; nothing was removed$/) });
    }
    const base = await fetch(`${h.gateway.url}/api/knowledge/handbook`, { headers: { authorization: `Bearer ${ADMIN}` } }).then((r) => r.json() as Promise<{ documents: { docId: string }[] }>);
    expect(base.documents.map((d) => d.docId).sort()).toEqual([leaked, leave].sort());
  });
});
