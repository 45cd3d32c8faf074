import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { judgeSpec } from '../../src/evals/judge/judge-spec.js';
import { systemClock } from '../../src/core/clock.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { openSqliteCacheStore } from '../../src/store/sqlite/sqlite-cache-store.js';
import { openSqliteKnowledgeStore } from '../../src/store/sqlite/knowledge/sqlite-knowledge-store.js';
import { openKnowledgeStore } from '../../src/store/open-knowledge-store.js';
import { search } from '../../src/knowledge/search/search.js';
import { hashedEmbedder } from '../../src/knowledge/embed/hashed-embedder.js';
import type { KnowledgeStore } from '../../src/knowledge/store/knowledge-store.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../src/store/contract/backends.js';
import { dropSchemas } from '../../src/store/contract/drop-schemas.js';
import { openPool, parsePostgresUrl } from '../../src/store/postgres/connect.js';
import type { Stores } from '../../src/store/stores.js';
import { deleteRedisKeys } from '../../src/test-support/redis-keys.js';

// `switchyard migrate --from FILE.db` moves one process on SQLite to a PostgreSQL store: runtime
// keys keep their secrets, traces stay searchable, spend and budgets read the same, evals, reviews
// and reviewers, the local model registry (its versions' bytes, which one is live) and training
// examples, owed spend and provider credentials set at runtime read the same. The SQLite store is
// filled once by a real gateway; a copy of it PostgreSQL refuses half-way runs first, so the
// target the real copy goes into is the one that failed.
const BIN = resolve(import.meta.dirname, '../../bin/switchyard.js');
const ADMIN_KEY = 'admin-key-store-copy';
const dir = mkdtempSync(join(tmpdir(), 'sy-store-copy-'));
const file = join(dir, 'sy.db');
const schema = uniqueSchema();
const target = `${TEST_POSTGRES_URL}?schema=${schema}`;
const replicas = join(dir, 'replicas.yaml');
const prefix = `switchyard-test:store-copy:${process.pid}:${Date.now()}`;
/** Owed spend of another gateway's limit store: this file's gateway on Redis does not pay it. */
const OWED_PREFIX = 'switchyard-test:store-copy:another-gateway';
const RUNTIME_CREDENTIAL = 'sk-set-at-runtime-0123456789';
const savedSecretKey = process.env.SWITCHYARD_SECRET_KEY;
let sim: Simulator;

const run = promisify(execFile);
async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    return { ...(await run(process.execPath, [BIN, ...args])), code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

const gatewayConfig = (store: string, limits = '') =>
  parseConfig(
    `providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 2000, output_per_mtok: 4000 } }
server: { admin_key: ${ADMIN_KEY} }
traces: { flush_interval_ms: 5 }
retry: { max_attempts: 1 }
store: ${store}
${limits}
`,
    'store-copy',
  );

async function admin(gateway: RunningServer, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${gateway.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

const ask = (gateway: RunningServer, apiKey: string, content: string) =>
  new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 }).chat.completions.create({ model: 'small', messages: [{ role: 'user', content }], max_tokens: 16 });

type Usage = { spendUsd: number };
const usageOf = (list: Record<string, unknown>, field: 'keys' | 'teams', name: string) => (list[field] as { name: string; usage: Usage }[]).find((k) => k.name === name)?.usage.spendUsd;

/** Evals, datasets, judges, local-model examples, owed spend and the eval cache, written as their features write them. */
async function fillStores(stores: Stores): Promise<void> {
  await stores.datasets.commit('support', [{ id: 'a', input: 'Lost card', expected: 'Freeze it' }, { id: 'b', input: 'Card arrival' }], 'test');
  await stores.judges.save('quality', judgeSpec({ model: 'small', rubric: 'Correct?' }), { test: { kappa: { estimate: 0.8 } } });
  await stores.runs.create({
    id: 'run_copy', createdAt: 1_700_000_000_000, finishedAt: null, status: 'running', name: 'support', suite: { dataset: 'support' }, suitePath: 'evals/support.yaml',
    dataset: 'support', datasetVersion: 1, datasetHash: 'h1', gitCommit: 'abc123', configPath: null, configHash: null, gateway: null,
    variants: { small: { model: 'small', messages: [], params: { temperature: 0 }, targets: [] } }, summary: null, rerunOf: null,
  });
  for (const [i, pass] of [true, false].entries()) {
    await stores.runs.putResult({
      runId: 'run_copy', variant: 'small', caseId: i === 0 ? 'a' : 'b', repeat: 0, position: i, output: pass ? 'Freeze it' : 'no idea', error: null, latencyMs: 5.5, inputTokens: 3, outputTokens: 1,
      costUsd: 0.00125, scorerCostUsd: 0, traceId: null, cached: false, scores: [{ scorer: 'exact', pass, score: pass ? 1 : 0, reason: pass ? '' : 'differs' }], quality: pass ? 1 : 0, pass, createdAt: 1_700_000_000_100 + i,
    });
  }
  await stores.runs.setStatus('run_copy', 'completed', 1_700_000_000_500, { variants: [{ name: 'small', passRate: 0.5 }] });
  await stores.responseCache.put('eval-cache-key', { output: 'cached answer', usage: { input: 3 } });
  await stores.examples.add([
    { route: 'support', text: 'Where is my card?', label: 'card_arrival', source: 'file', traceId: null, at: 1_700_000_000_000 },
    { route: 'support', text: 'My card was stolen', label: 'lost_card', source: 'teacher', traceId: 'tr_example', at: 1_700_000_000_001 },
  ]);
  await stores.examples.correct('tr_example', 'card_stolen', 1_700_000_000_002);
  await stores.owed.add([{ id: 'debt_1', prefix: OWED_PREFIX, spendKey: `${OWED_PREFIX}:team:care:monthly`, ttlMs: 0, usd: 0.25, createdAt: 1_700_000_000_000 }]);
  const bar = { minPrecision: 0.9, minCoverage: 0.5 };
  const metrics = { accuracy: 0.9, coverage: 0.8, precision: 0.95, examples: 300 };
  await stores.models.register({ route: 'support', dataVersion: 'd1', metrics, model: modelBytes(1), createdAt: 1_700_000_000_000 });
  await stores.models.register({ route: 'support', dataVersion: 'd2', metrics, model: modelBytes(2), createdAt: 1_700_000_000_001 });
  expect((await stores.models.promote('support', 2, bar, 1_700_000_000_002)).live?.version).toBe(2);
}

/** A model file's bytes, different per version. */
const modelBytes = (version: number) => Buffer.from(Array.from({ length: 3000 + version }, (_, i) => (i * 7 * version) % 256));

/** What the admin API and the stores show of everything copied but traces and spend (asserted on their own). */
async function readBack(gateway: RunningServer, itemId: string) {
  const stores = gateway.stores;
  return {
    runs: (await admin(gateway, 'GET', '/api/evals/runs')).runs,
    run: await admin(gateway, 'GET', '/api/evals/runs/run_copy'),
    results: await admin(gateway, 'GET', '/api/evals/runs/run_copy/results'),
    datasets: (await admin(gateway, 'GET', '/api/datasets')).datasets,
    items: (await admin(gateway, 'GET', '/api/datasets/support/items')).items,
    judges: (await admin(gateway, 'GET', '/api/judges')).judges,
    evalCache: await stores.responseCache.get('eval-cache-key'),
    reviewers: (await admin(gateway, 'GET', '/api/reviewers')).reviewers,
    queue: (await admin(gateway, 'GET', '/api/review/queue')).items,
    reviewItem: await admin(gateway, 'GET', `/api/review/items/${itemId}?reveal=true`),
    models: await admin(gateway, 'GET', '/api/models'),
    bytes: [Buffer.from(await stores.models.modelBytes('support', 1)), Buffer.from(await stores.models.modelBytes('support', 2))],
    examples: await stores.examples.list('support', 100),
    owed: await stores.owed.due(OWED_PREFIX, 100),
    credentials: (await admin(gateway, 'GET', '/api/credentials')).credentials,
  };
}

interface Before {
  secret: string;
  keySpend: number;
  teamSpend: number;
  found: string[];
  spend: unknown;
  overview: unknown;
  queue: unknown;
  reviewerKey: string;
  read: Awaited<ReturnType<typeof readBack>>;
  knowledge: Awaited<ReturnType<typeof knowledgeOf>>;
}
let before: Before;

const EMBEDDER = hashedEmbedder(64);

/** The knowledge bases as a gateway reads them: bases, versions, documents and what a search finds. */
async function knowledgeOf(store: KnowledgeStore) {
  const bases = await store.listKnowledgeBases();
  const kb = await openKnowledgeBase({ store, name: 'faq' });
  const found = async (query: string) => (await search(kb, query, { k: 3 })).chunks.map((c) => ({ docId: c.docId, chunkId: c.chunkId, text: c.text, headingPath: c.headingPath }));
  // Cosine in float32 on SQLite (sqlite-vec), in double here: the same vectors agree to ~1e-8.
  const dense = (await search(kb, 'money back to my card', { k: 3, mode: 'dense', embedder: EMBEDDER })).chunks.map((c) => [c.docId, c.chunkId, Number(c.score.toFixed(6))]);
  return {
    dense,
    bases,
    versions: await Promise.all(bases.map((b) => store.versions(b.id))),
    documents: await Promise.all(bases.map((b) => store.listDocuments(b.id, b.version, 100))),
    refunds: await found('card refunds'),
    shipping: await found('parcels warehouse'),
  };
}

/** The credential the simulator last received. */
const upstreamAuth = () => String(sim.stats().lastRequests.at(-1)?.headers.authorization);

beforeAll(async () => {
  // Provider credentials set at runtime are sealed with it; the PostgreSQL gateway opens them with the same key.
  process.env.SWITCHYARD_SECRET_KEY = randomBytes(32).toString('base64');
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  writeFileSync(replicas, `store: { postgres: "${target}" }\n`);
  const gateway = await startServer(gatewayConfig(`{ sqlite: ${file} }`), { port: 0, host: '127.0.0.1' });
  try {
    await admin(gateway, 'PUT', '/api/teams/care', { budget: { usd: 1, period: 'monthly' } });
    const secret = (await admin(gateway, 'POST', '/api/keys', { name: 'care-bot', team: 'care' })).key as string;
    const { response } = await new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: secret, maxRetries: 0 }).chat.completions
      .create({ model: 'small', messages: [{ role: 'user', content: 'Tell me about the zephyrquartz crystal' }], max_tokens: 16 })
      .withResponse();
    await admin(gateway, 'PUT', '/api/credentials/sim', { api_key: RUNTIME_CREDENTIAL });
    await ask(gateway, secret, 'Something else entirely');
    expect(upstreamAuth()).toBe(`Bearer ${RUNTIME_CREDENTIAL}`);
    await gateway.traces.flush();
    // Feedback queues the call for review: feedback, review_items and review_reasons rows.
    const traceId = response.headers.get('x-switchyard-trace-id') as string;
    await admin(gateway, 'POST', '/api/feedback', { trace_id: traceId, thumbs: 'down', comment: 'wrong crystal' });
    const queue = (await admin(gateway, 'GET', '/api/review/queue')).items as { id: string }[];
    // A reviewer account reviews it with its personal key (which takes it off the queue).
    const reviewerKey = (await admin(gateway, 'POST', '/api/reviewers', { name: 'ana' })).key as string;
    const reviewed = await fetch(`${gateway.url}/api/review/items/${queue[0]?.id}/reviews`, { method: 'POST', headers: { authorization: `Bearer ${reviewerKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ score: 2, comment: 'names the wrong crystal' }) });
    expect(reviewed.status).toBe(201);
    // A native model's Responses answer, stored as it passed through: found later by OpenAI's item id.
    await gateway.stores.responses.put({ id: 'resp_native', owner: null, createdAt: Date.now(), input: [], response: { id: 'resp_native', object: 'response', output: [{ id: 'msg_openai_1', type: 'message', role: 'assistant', content: [] }] } });
    await fillStores(gateway.stores);
    before = {
      secret,
      keySpend: usageOf(await admin(gateway, 'GET', '/api/keys'), 'keys', 'care-bot') as number,
      teamSpend: usageOf(await admin(gateway, 'GET', '/api/teams'), 'teams', 'care') as number,
      found: [],
      spend: undefined,
      overview: (await admin(gateway, 'GET', '/api/overview?range=24h')).totals,
      queue,
      reviewerKey,
      read: await readBack(gateway, queue[0]?.id as string),
      knowledge: undefined as unknown as Before['knowledge'],
    };
  } finally {
    await gateway.close();
  }
  // Beside the store file, as `kb add` and `cache: { store: sqlite }` leave them: a knowledge base
  // in two versions, and a cached answer.
  mkdirSync(join(dir, 'kb'));
  writeFileSync(join(dir, 'kb/refunds.md'), '# Refunds\n\n## Cards\n\nRefunds to a card take five working days.\n');
  const knowledge = openSqliteKnowledgeStore(join(dir, 'knowledge.db'));
  const faq = await openKnowledgeBase({ store: knowledge, name: 'faq', create: true });
  // With vectors (an offline embedder), which go as they are.
  await indexDocuments(faq, walkPaths(['kb'], { cwd: dir }), { embedder: EMBEDDER });
  writeFileSync(join(dir, 'kb/shipping.md'), '# Shipping\n\nParcels leave the warehouse within a day.\n');
  await indexDocuments(faq, walkPaths(['kb'], { cwd: dir }), { embedder: EMBEDDER });
  before.knowledge = await knowledgeOf(knowledge);
  await knowledge.close();
  const cache = openSqliteCacheStore(join(dir, 'cache.db'), systemClock, { maxEntries: 10, maxBytes: 1_000_000, maxEntryBytes: 100_000 });
  await cache.set('cached-request', '{"answer":"cached"}', 60_000);
  await cache.close();
  before.found = (JSON.parse((await cli('traces', '--search', 'zephyrquartz', '--json', '--db', file)).stdout) as { id: string }[]).map((t) => t.id);
  before.spend = JSON.parse((await cli('spend', '--json', '--db', file)).stdout);
}, 60_000);

afterAll(async () => {
  if (savedSecretKey === undefined) delete process.env.SWITCHYARD_SECRET_KEY;
  else process.env.SWITCHYARD_SECRET_KEY = savedSecretKey;
  await sim.close();
  await dropSchemas(TEST_POSTGRES_URL, [schema]);
  await deleteRedisKeys(`${prefix}:*`);
  rmSync(dir, { recursive: true, force: true });
});

/** Rows in each of the target schema's tables that hold any (a new store's key revision row aside), and sequences that gave a value. */
async function targetState(): Promise<{ filled: string[]; sequences: string[] }> {
  const pool = await openPool(parsePostgresUrl(target));
  try {
    const tables = await pool.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name", [schema]);
    const filled: string[] = [];
    for (const { name } of tables.rows) {
      if (/_migrations$/.test(name)) continue;
      const n = Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"${name === 'key_revision' ? ' WHERE revision <> 0' : ''}`)).rows[0]?.n);
      if (n > 0) filled.push(`${name}: ${n}`);
    }
    const sequences = await pool.query<{ name: string }>('SELECT sequencename AS name FROM pg_sequences WHERE schemaname = $1 AND last_value IS NOT NULL', [schema]);
    return { filled, sequences: sequences.rows.map((r) => r.name) };
  } finally {
    await pool.end();
  }
}

describe('switchyard migrate --from FILE.db (to PostgreSQL and Redis)', () => {
  it('leaves the target as it was when PostgreSQL refuses a row half-way (the last table, traces), and says so', async () => {
    // The same store, one trace's status past PostgreSQL's INTEGER (SQLite stores any integer).
    const broken = join(dir, 'broken.db');
    const source = new Database(file, { readonly: true });
    await source.backup(broken);
    source.close();
    const db = new Database(broken);
    db.prepare('UPDATE traces SET status = 30000000000 WHERE rowid = (SELECT max(rowid) FROM traces)').run();
    db.close();
    const failed = await cli('migrate', '--from', broken, '--config', replicas);
    expect(failed.code).not.toBe(0);
    // Every table was written before the traces (keys, evals, reviews, models, knowledge bases…): none kept a row,
    // nor did the sequences the copy set move on.
    expect(await targetState()).toEqual({ filled: [], sequences: [] });
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(new RegExp(`copying ${broken.replace(/[.]/g, '\\.')} into postgres://.*schema=${schema} failed at traces: .*out of range.*; nothing was written: the copy runs in one transaction, rolled back, so the target is as it was, empty; run the same command again once the cause is fixed`));
  });

  it('copies a SQLite store into an empty PostgreSQL store that a gateway then serves as it was', async () => {
    expect(before.keySpend).toBeGreaterThan(0);
    expect(before.teamSpend).toBeCloseTo(before.keySpend, 10);
    expect(before.found).toHaveLength(1);
    expect(before.queue).toMatchObject([{ traceId: before.found[0], source: 'feedback' }]);
    // What the source shows, so the comparison below compares something.
    const read = before.read;
    expect(read.runs).toMatchObject([{ id: 'run_copy', status: 'completed' }]);
    expect((read.results as { results: unknown[] }).results).toHaveLength(2);
    expect(read.datasets).toMatchObject([{ name: 'support', versions: 1, latest: { itemCount: 2 } }]);
    expect(read.items).toHaveLength(2);
    expect(read.judges).toMatchObject([{ name: 'quality' }]);
    expect(read.evalCache).toEqual({ output: 'cached answer', usage: { input: 3 } });
    expect(read.reviewers).toMatchObject([{ name: 'ana' }]);
    expect(read.reviewItem).toMatchObject({ reviews: [{ reviewer: 'ana', score: 2 }], feedback: [{ comment: 'wrong crystal' }] });
    expect((read.models as { versions: unknown[] }).versions).toMatchObject([
      { version: 2, dataVersion: 'd2', live: true },
      { version: 1, dataVersion: 'd1', live: false },
    ]);
    expect(read.bytes).toEqual([modelBytes(1), modelBytes(2)]);
    expect(read.examples).toMatchObject([{ label: 'card_arrival', source: 'file' }, { label: 'card_stolen', source: 'review' }]);
    expect(read.owed).toMatchObject([{ id: 'debt_1', usd: 0.25 }]);
    expect(read.credentials).toMatchObject([{ provider: 'sim', hint: 'sk-…789' }]);

    const copied = await cli('migrate', '--from', file, '--config', replicas);
    expect(copied.stderr).toBe('');
    expect(copied.code).toBe(0);
    expect(copied.stdout).toMatch(new RegExp(`^copied ${file.replace(/[.]/g, '\\.')} into postgres .*schema=${schema}: \\d+ rows in \\d+ tables\\n`));
    expect(copied.stdout).toMatch(/\n {2}virtual_keys +1\n/);
    expect(copied.stdout).toMatch(/\n {2}key_teams +1\n/);
    expect(copied.stdout).toMatch(/\n {2}local_model_versions +2\n/);
    expect(copied.stdout).toMatch(/\n {2}eval_results +2\n/);
    expect(copied.stdout).toMatch(/\n {2}traces +2 {2}through the trace store\n/);
    expect(copied.stdout).toMatch(/\nrebuilt trace_word_blocks: 1 row from the copied traces \(the search index\)\n/);
    expect(copied.stdout).toMatch(/\nrebuilt stored_responses\.item_ids: 1 row from the copied responses \(their output item ids\)\n/);
    expect(copied.stdout).toMatch(/\nnot copied, SQLite's own derived data: rollup_state, stored_response_items, trace_search_ids, trace_search_queue, traces_fts\*\n/);
    // The knowledge bases from the file beside the store, their full-text index rebuilt; the response cache is named, not copied.
    expect(copied.stdout).toMatch(new RegExp(`\\n {2}kb_bases +1 {2}from ${join(dir, 'knowledge.db').replace(/[.]/g, '\\.')}\\n {2}kb_documents +2 {2}from .*\\n {2}kb_chunks +\\d+ {2}from .*\\n {2}kb_versions +2 {2}from `));
    expect(copied.stdout).toMatch(/\nrebuilt kb_chunks\.tsv: \d+ rows? from the copied chunks \(the knowledge bases' full-text index\)\n/);
    expect(copied.stdout.endsWith(`\nnot copied: the response cache in ${join(dir, 'cache.db')} (1 cached answer): replicas share one in Redis (cache: { store: redis }), which fills again as calls come\n`)).toBe(true);
    // Read as a gateway on PostgreSQL reads them: the same bases, versions, documents and search results.
    const pgKnowledge = await openKnowledgeStore({ postgres: target });
    try {
      expect(before.knowledge.refunds[0]).toMatchObject({ docId: 'kb/refunds.md', headingPath: ['Refunds', 'Cards'] });
      expect(before.knowledge.shipping[0]).toMatchObject({ docId: 'kb/shipping.md' });
      expect(before.knowledge.dense.length).toBeGreaterThan(0);
      expect(before.knowledge.bases).toMatchObject([{ name: 'faq', embeddingModel: EMBEDDER.model, dimensions: 64 }]);
      expect(await knowledgeOf(pgKnowledge)).toEqual(before.knowledge);
      // Its full-text index as PostgreSQL's own indexing writes it: the same files indexed there
      // directly, in the same two versions, score every search the same (tsv, lengths, lexeme totals).
      const direct = await openKnowledgeBase({ store: pgKnowledge, name: 'faq-direct', create: true });
      await indexDocuments(direct, walkPaths(['kb/refunds.md'], { cwd: dir }));
      await indexDocuments(direct, walkPaths(['kb'], { cwd: dir }));
      const copiedBase = await openKnowledgeBase({ store: pgKnowledge, name: 'faq' });
      for (const query of ['card refunds', 'parcels warehouse', 'refunds shipping days']) {
        const scored = async (kb: typeof direct) => (await search(kb, query, { k: 3 })).chunks.map((c) => [c.docId, c.chunkId, c.score]);
        expect(await scored(copiedBase), query).toEqual(await scored(direct));
      }
      // It goes on from there: a new version's document and chunks get ids after the copied ones.
      writeFileSync(join(dir, 'kb/returns.md'), '# Returns\n\nSend the parcel back within thirty days.\n');
      const faq = await openKnowledgeBase({ store: pgKnowledge, name: 'faq' });
      expect(await indexDocuments(faq, walkPaths(['kb'], { cwd: dir }), { embedder: EMBEDDER })).toMatchObject({ version: 3, added: 1 });
      expect((await search(faq, 'thirty days', { k: 1 })).chunks[0]?.docId).toBe('kb/returns.md');
    } finally {
      await pgKnowledge.close();
    }

    // The CLI on PostgreSQL finds the old call and the same spend.
    const found = JSON.parse((await cli('traces', '--search', 'zephyrquartz', '--json', '--db', target)).stdout) as { id: string }[];
    expect(found.map((t) => t.id)).toEqual(before.found);
    expect(JSON.parse((await cli('spend', '--json', '--db', target)).stdout)).toEqual(before.spend);

    // As replicas run: budgets in Redis, which seeds each one's spend from the copied traces.
    const limits = `limits: { store: redis, redis_url: "redis://127.0.0.1:6379", redis_prefix: "${prefix}" }`;
    const gateway = await startServer(gatewayConfig(`{ postgres: "${target}" }`, limits), { port: 0, host: '127.0.0.1' });
    try {
      expect(gateway.stores.backend).toBe('postgres');
      expect(usageOf(await admin(gateway, 'GET', '/api/keys'), 'keys', 'care-bot')).toBeCloseTo(before.keySpend, 10);
      expect(usageOf(await admin(gateway, 'GET', '/api/teams'), 'teams', 'care')).toBeCloseTo(before.teamSpend, 10);
      expect((await admin(gateway, 'GET', '/api/overview?range=24h')).totals).toEqual(before.overview);
      expect((await gateway.stores.responses.holdingItem(null, 'msg_openai_1'))?.id).toBe('resp_native');
      // Evals, datasets, judges, reviews and reviewers, models and which is live, examples, owed spend, credentials.
      expect(await readBack(gateway, (before.queue as { id: string }[])[0]?.id as string)).toEqual(before.read);
      expect((await gateway.stores.models.live('support'))?.version).toBe(2);
      // The same secret, not a new one: the client app changes nothing; upstream, the credential set at runtime.
      const answer = await ask(gateway, before.secret, 'Still me');
      expect(answer.choices[0]?.message.content).toBeTruthy();
      expect(upstreamAuth()).toBe(`Bearer ${RUNTIME_CREDENTIAL}`);
      // The reviewer signs in with the key they had.
      expect((await fetch(`${gateway.url}/api/review/queue`, { headers: { authorization: `Bearer ${before.reviewerKey}` } })).status).toBe(200);
      // The team's budget goes on from what it had spent: calls stop before it passes $1.
      let refused: Error | undefined;
      let calls = 0;
      for (; calls < 60 && !refused; calls++) await ask(gateway, before.secret, 'Spend some more of the budget please').catch((error: Error) => (refused = error));
      expect(refused?.message).toMatch(/^429 team "care"/);
      await gateway.traces.flush();
      const spent = usageOf(await admin(gateway, 'GET', '/api/teams'), 'teams', 'care') as number;
      expect(spent).toBeGreaterThan(before.teamSpend);
      expect(spent).toBeLessThanOrEqual(1);
    } finally {
      await gateway.close();
    }
  }, 120_000);

  it('refuses a target that already holds data, naming the table and its rows', async () => {
    const again = await cli('migrate', '--from', file, '--config', replicas);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already holds data: .*key_teams \(1 row\).*traces \(\d+ rows\).*virtual_keys \(1 row\); --from copies only into an empty store/);
  });

  it('refuses a SQLite file that is missing or not a Switchyard store, and a SQLite target', async () => {
    const missing = await cli('migrate', '--from', join(dir, 'nope.db'), '--config', replicas);
    expect(missing.stderr).toContain(`--from ${join(dir, 'nope.db')}: no such file`);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello, not a database at all, padded to be longer than a SQLite header........................................');
    expect((await cli('migrate', '--from', text, '--config', replicas)).stderr).toContain(`--from ${text}: not a SQLite database`);
    const other = join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE t (a)');
    expect((await cli('migrate', '--from', other, '--config', replicas)).stderr).toContain(`--from ${other}: a SQLite database but not a Switchyard store`);
    expect((await cli('migrate', '--from', file, '--db', join(dir, 'target.db'))).stderr).toContain(`--from copies into a PostgreSQL store, but --db is the SQLite file ${join(dir, 'target.db')}`);
  });
});
