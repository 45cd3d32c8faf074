import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../src/store/contract/backends.js';
import { dropSchemas } from '../../src/store/contract/drop-schemas.js';
import type { TraceRecord } from '../../src/core/trace.js';
import { openaiTo } from '../../src/test-support/gateway-harness.js';
import { vacuumed } from '../../src/test-support/vacuumed.js';

// An erasure request through the admin API, on the real gateway and both stores: alice's calls
// (chat, streamed, a cached route twice, the Responses API, and a PII policy that keeps her e-mail
// address as a keyed pseudonym) and bob's, then everything of alice's is deleted and bob's stays.
const ADMIN = 'admin-key-erasure-1';
// A word only alice's questions hold: a copy of it anywhere after the erasure is a copy of hers.
const ALICE_WORD = 'Quellmoor';
const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/switchyard.js');
const schemas: string[] = [];
const dirs: string[] = [];
let sim: Simulator;

function config(simUrl: string, store: string, cache: string): string {
  return `
providers:
  sim: { type: openai, base_url: "${simUrl}/v1", api_key: sk-up }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 1000, output_per_mtok: 2000 } }
routes:
  support: { policy: static, target: small }
  faq: { policy: static, target: small }
keys:
  - { key: sk-sy-erasure-app-01, name: app, budget: { usd: 1000, period: monthly } }
  - { key: sk-sy-erasure-pii-01, name: private }
cache:
  ${cache}
  routes: { support: {}, faq: { semantic: {} } }
guardrails:
  policies:
    private: { pii: { default_action: redact } }
  apply: { keys: { private: private } }
  pseudonym_key: "0123456789abcdef0123456789"
server: { admin_key: ${ADMIN} }
traces: { flush_interval_ms: 5 }
store: ${store}
`;
}

const backends = [
  {
    name: 'sqlite',
    store: () => {
      const dir = mkdtempSync(join(tmpdir(), 'sy-erasure-'));
      dirs.push(dir);
      return { store: `{ sqlite: ${join(dir, 'sy.db')} }`, cache: `store: sqlite\n  sqlite_path: ${join(dir, 'cache.db')}` };
    },
  },
  {
    name: 'postgres',
    store: () => {
      const schema = uniqueSchema();
      schemas.push(schema);
      return { store: `{ postgres: "${TEST_POSTGRES_URL}?schema=${schema}" }`, cache: 'store: memory' };
    },
  },
] as const;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
});
afterAll(async () => {
  await sim.close();
  if (schemas.length > 0) await dropSchemas(TEST_POSTGRES_URL, schemas);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * The gateway's SQLite files (store and cache) whose bytes hold `text` once rebuilt: a VACUUM
 * clears what pages' unused space kept of rows rewritten before (as the document purge's docs say
 * to run), the checkpoint folds the WAL in. What the erasure deleted (under secure_delete, the
 * search index merged) must be in neither.
 */
function sqliteFilesHolding(text: string): string[] {
  const files = dirs.flatMap((dir) => ['sy.db', 'cache.db'].map((name) => join(dir, name)));
  for (const file of files) vacuumed(file);
  return files.filter((file) => readFileSync(file).toString('latin1').toLowerCase().includes(text.toLowerCase()));
}

/** How many of the PostgreSQL store's word blocks (its search index) file `word`. */
async function pgBlocksHolding(word: string): Promise<number> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schemas[schemas.length - 1]}".trace_word_blocks WHERE words @@ to_tsquery('simple', $1)`, [word.toLowerCase()]);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

async function admin(gateway: RunningServer, path: string, body: unknown) {
  const response = await fetch(`${gateway.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> & { error?: { message: string; param?: string } } };
}

describe.each(backends)('an erasure request on $name', (backend) => {
  let gateway: RunningServer;
  const logged: string[] = [];
  beforeAll(async () => {
    const { store, cache } = backend.store();
    gateway = await startServer(parseConfig(config(sim.url, store, cache), 'erasure'), { port: 0, host: '127.0.0.1', log: (line) => logged.push(line) });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it("deletes alice's traces, search hits, signals, review items, cache entries and stored responses, keeps bob's and the spend, and finds nothing the second time", async () => {
    const app = openaiTo(gateway, 'sk-sy-erasure-app-01');
    const ask = (user: string, content: string, model = 'small') => app.chat.completions.create({ model, user, temperature: 0, messages: [{ role: 'user', content }] }).withResponse();
    const aliceChat = await ask('alice', `My ${ALICE_WORD} account is locked`);
    const aliceStream = await app.chat.completions.create({ model: 'small', safety_identifier: 'alice', stream: true, messages: [{ role: 'user', content: `${ALICE_WORD} streamed` }] }).withResponse();
    for await (const _ of aliceStream.data);
    const aliceCached = await ask('alice', `${ALICE_WORD} cached question`, 'support');
    expect((await ask('alice', `${ALICE_WORD} cached question`, 'support')).response.headers.get('x-switchyard-cache')).toBe('hit');
    const aliceResponse = await app.responses.create({ model: 'small', user: 'alice', input: `${ALICE_WORD} via responses` });
    // Her e-mail address under a PII policy: the trace keeps its keyed pseudonym, never the address.
    const pii = openaiTo(gateway, 'sk-sy-erasure-pii-01');
    const aliceMail = await pii.chat.completions.create({ model: 'small', user: 'alice@example.com', messages: [{ role: 'user', content: `${ALICE_WORD} from my mail` }] }).withResponse();
    const bobChat = await ask('bob', 'Where is my parcel?');
    await ask('bob', 'Bob cached question', 'support');
    const bobResponse = await app.responses.create({ model: 'small', user: 'bob', input: 'Bob via responses' });
    await gateway.traces.flush();

    const stores = gateway.stores;
    const traceId = (r: { response: Response }) => r.response.headers.get('x-switchyard-trace-id') as string;
    const mailTrace = (await stores.traces.getTrace(traceId(aliceMail))) as TraceRecord;
    expect(JSON.stringify(mailTrace.request)).not.toContain('alice@example.com');
    expect(JSON.stringify(mailTrace.request)).toMatch(/sy-user-[0-9a-f]{24}/);
    for (const id of [traceId(aliceChat), traceId(bobChat)]) expect((await admin(gateway, `/api/traces/${id}/review`, { reason: 'check' })).status).toBe(201);
    const feedback = await fetch(`${gateway.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-erasure-app-01' }, body: JSON.stringify({ trace_id: traceId(aliceChat), thumbs: 'down', comment: 'wrong' }) });
    expect(feedback.status).toBe(201);
    // Her five calls as "alice" (the PII policy may take the word for a name in the sixth).
    const found = (await stores.traces.listTraces({ text: ALICE_WORD })).traces.length;
    expect(found).toBeGreaterThanOrEqual(5);
    const spendOfApp = async () => (await stores.traces.listTraces({ keyName: 'app', limit: 500 })).traces.reduce((sum, t) => sum + t.costUsd, 0);
    const spentBefore = await spendOfApp();
    expect(spentBefore).toBeGreaterThan(0);

    // The files hold her words before (what the probe after the erasure looks for).
    if (backend.name === 'sqlite') expect(sqliteFilesHolding(ALICE_WORD).length).toBeGreaterThan(0);
    else expect(await pgBlocksHolding(ALICE_WORD)).toBeGreaterThan(0);
    // A dry run counts and deletes nothing.
    const dry = await admin(gateway, '/api/erasure', { user: 'alice', dry_run: true });
    expect(dry.status).toBe(200);
    expect(dry.json.erased).toMatchObject({ traces: 5, storedResponses: 1 });
    expect((await stores.traces.listTraces({ text: ALICE_WORD })).traces.length).toBe(found);

    const erased = await admin(gateway, '/api/erasure', { user: 'alice', reference: 'ticket-4711' });
    expect(erased.status).toBe(200);
    // Her two chats, the streamed one, the cached route's miss and hit, the Responses call; the pseudonymised one is the e-mail id's, not "alice"'s.
    expect(erased.json).toMatchObject({ dryRun: false, reference: 'ticket-4711', erased: { traces: 5, cachedAnswers: 1, storedResponses: 1, reviewItems: 1, feedback: 1, monitorSignals: 5 }, pseudonyms: expect.stringContaining('keyed pseudonyms') });
    const byMail = await admin(gateway, '/api/erasure', { user: 'alice@example.com' });
    expect(byMail.json.erased).toMatchObject({ traces: 1, monitorSignals: 1 });
    if (backend.name === 'sqlite') expect(sqliteFilesHolding(ALICE_WORD)).toEqual([]);
    // PostgreSQL's word blocks (the search index) are recomputed from the traces left.
    else expect(await pgBlocksHolding(ALICE_WORD)).toBe(0);
    // Run again: nothing left.
    const again = await admin(gateway, '/api/erasure', { user: 'alice' });
    expect(again.json.erased).toEqual({ traces: 0, cachedAnswers: 0, storedResponses: 0, evalResults: 0, evalCache: 0, datasetItems: 0, reviewItems: 0, reviews: 0, feedback: 0, monitorSignals: 0, localExamples: 0, driftExamples: 0 });

    // Nothing of hers is found: traces, search, signals, review queue, stored responses, the cache.
    await gateway.traces.flush();
    expect((await stores.traces.listTraces({ text: ALICE_WORD })).traces).toEqual([]);
    expect(await stores.traces.getTrace(traceId(aliceChat))).toBeUndefined();
    expect(await stores.traces.getTrace(mailTrace.id)).toBeUndefined();
    expect(JSON.stringify(await stores.monitor.listSignals({ since: 0, until: Date.now() + 1 }))).not.toContain(ALICE_WORD);
    expect((await stores.reviews.forTrace(traceId(aliceChat))).items).toEqual([]);
    await expect(app.responses.retrieve(aliceResponse.id)).rejects.toMatchObject({ status: 404 });
    expect((await ask('alice', `${ALICE_WORD} cached question`, 'support')).response.headers.get('x-switchyard-cache')).not.toBe('hit');
    expect(await stores.traces.getTrace(traceId(aliceCached))).toBeUndefined();

    // Bob's are there, and the key's spend is as it was (budgets still count hers).
    expect((await stores.traces.getTrace(traceId(bobChat)))?.request).toMatchObject({ user: 'bob' });
    expect((await stores.reviews.forTrace(traceId(bobChat))).items.length).toBe(1);
    expect((await app.responses.retrieve(bobResponse.id)).id).toBe(bobResponse.id);
    expect((await ask('bob', 'Bob cached question', 'support')).response.headers.get('x-switchyard-cache')).toBe('hit');
    await gateway.traces.flush();
    // The calls since the erasure added their own cost; what was there before is still counted.
    expect(await spendOfApp()).toBeGreaterThanOrEqual(spentBefore);

    // The audit line names the erasure, the admin, the reference and the selector, never the id.
    const audit = logged.filter((line) => line.includes(`erasure ${erased.json.id as string}`));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toContain('ticket-4711');
    expect(audit[0]).toContain('by user');
    expect(logged.join('\n')).not.toContain('alice');
  });

  it("drops an erased question from the running gateway's semantic index: a reworded question finds nothing close afterwards", async () => {
    const app = openaiTo(gateway, 'sk-sy-erasure-app-01');
    const ask = (user: string, content: string) => app.chat.completions.create({ model: 'faq', user, temperature: 0, messages: [{ role: 'user', content }] }).withResponse();
    const cacheDecision = async (r: { response: Response }) => {
      await gateway.traces.flush();
      return (await gateway.stores.traces.getTrace(r.response.headers.get('x-switchyard-trace-id') as string))?.decisions?.cache as { status: string; semantic?: { nearest?: number | null; similarity?: number } };
    };
    await ask('grace', `How do I reset my ${ALICE_WORD} password?`);
    // Another wording of hers is answered by meaning: her question is in the index.
    const reworded = `how do I reset my ${ALICE_WORD} password`;
    const hit = await ask('grace', reworded);
    expect(await cacheDecision(hit)).toMatchObject({ status: 'hit', semantic: { similarity: expect.any(Number) } });
    expect((await admin(gateway, '/api/erasure', { user: 'grace' })).json.erased).toMatchObject({ traces: 2, cachedAnswers: 1 });
    // Her vector and words are gone from the index: nothing of this route's is close any more.
    expect(await cacheDecision(await ask('henry', reworded))).toMatchObject({ status: 'miss', semantic: { nearest: null } });
  });

  it('a dry run counts what the real run deletes of a Responses conversation continued over three turns', async () => {
    const app = openaiTo(gateway, 'sk-sy-erasure-app-01');
    const first = await app.responses.create({ model: 'small', user: 'ivy', input: 'turn one' });
    const second = await app.responses.create({ model: 'small', user: 'ivy', previous_response_id: first.id, input: 'turn two' });
    // The last turn names only the conversation: its trace is not hers, its stored Response continues hers.
    const third = await app.responses.create({ model: 'small', previous_response_id: second.id, input: 'turn three' });
    await gateway.traces.flush();
    const dry = await admin(gateway, '/api/erasure', { user: 'ivy', dry_run: true });
    expect(dry.json.erased).toMatchObject({ traces: 2, storedResponses: 3 });
    const real = await admin(gateway, '/api/erasure', { user: 'ivy' });
    expect(real.json.erased).toEqual(dry.json.erased);
    for (const id of [first.id, second.id, third.id]) await expect(app.responses.retrieve(id)).rejects.toMatchObject({ status: 404 });
  });

  it("finds a stored Response by its call's session or header metadata after retention deleted the trace", async () => {
    const app = openaiTo(gateway, 'sk-sy-erasure-app-01');
    const headers = (session: string, tenant: string) => ({ 'x-switchyard-session': session, 'x-switchyard-metadata': JSON.stringify({ tenant }) });
    const fern = await app.responses.create({ model: 'small', input: 'fern asks' }, { headers: headers('fern-conv', 'fern-co') });
    const next = await app.responses.create({ model: 'small', previous_response_id: fern.id, input: 'fern again' });
    const other = await app.responses.create({ model: 'small', input: 'someone else' }, { headers: headers('other-conv', 'other-co') });
    await gateway.traces.flush();
    const traces = (await gateway.stores.traces.listTraces({ limit: 100 })).traces.filter((t) => t.endpoint.includes('responses'));
    await gateway.stores.traces.deleteTraces(traces.map((t) => t.id));

    const bySession = await admin(gateway, '/api/erasure', { session: 'fern-conv', dry_run: true });
    expect(bySession.json.erased).toMatchObject({ traces: 0, storedResponses: 2 });
    const byTenant = await admin(gateway, '/api/erasure', { metadata: { tenant: 'fern-co' } });
    expect(byTenant.json.erased).toMatchObject({ traces: 0, storedResponses: 2 });
    for (const id of [fern.id, next.id]) await expect(app.responses.retrieve(id)).rejects.toMatchObject({ status: 404 });
    expect((await app.responses.retrieve(other.id)).id).toBe(other.id);
  });

  it('refuses a request that names nobody, an empty or huge value, or an unknown field, with a 400 naming the field', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{}, 'user', /at least one of "user".*would match every trace/],
      [{ user: '' }, 'user', /got an empty string/],
      [{ user: '   ' }, 'user', /only blanks/],
      [{ user: 'x'.repeat(10_000) }, 'user', /1–512 characters, got 10,000 characters/],
      [{ user: 7 }, 'user', /must be the end user's id.*got 7/],
      [{ session: '' }, 'session', /empty string/],
      [{ metadata: {} }, 'metadata', /got 0 fields/],
      [{ metadata: { customer_id: '' } }, 'metadata.customer_id', /empty string/],
      [{ metadata: { 'bad key': 'v' } }, 'metadata', /field name "bad key"/],
      [{ user: 'alice', users: ['bob'] }, 'users', /unknown field "users"/],
      [{ user: 'alice', dry_run: 'yes' }, 'dry_run', /"dry_run" must be true/],
    ];
    for (const [body, param, message] of cases) {
      const res = await admin(gateway, '/api/erasure', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json.error?.param).toBe(param);
      expect(res.json.error?.message).toMatch(message);
      expect(res.json.error?.message.length).toBeLessThan(600);
    }
    // A key given twice: JSON.parse kept the last ("bob") and erased him; which one was meant is unknown.
    const raw = async (text: string) => {
      const response = await fetch(`${gateway.url}/api/erasure`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: text });
      return { status: response.status, json: (await response.json()) as { error?: { message: string; param?: string } } };
    };
    for (const [text, param, message] of [
      ['{"user":"alice","dry_run":true,"user":"bob"}', 'user', /^"user" is given twice in the request body; JSON keeps only the last \("bob"\), so which one was meant is unclear: send it once/],
      ['{"metadata":{"customer_id":"c-1","customer_id":"c-2"},"dry_run":true}', 'metadata.customer_id', /^"metadata\.customer_id" is given twice/],
      ['{"user":"alice","dry_run":false,"dry_run":true}', 'dry_run', /^"dry_run" is given twice/],
    ] as const) {
      const res = await raw(text);
      expect(res.status, text).toBe(400);
      expect(res.json.error?.param).toBe(param);
      expect(res.json.error?.message).toMatch(message);
    }
    // Without the admin key: the admin API's own 401.
    const anonymous = await fetch(`${gateway.url}/api/erasure`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"alice"}' });
    expect(anonymous.status).toBe(401);
  });

  it('traces erase in a terminal prints the counts per place, counts only with --dry-run, and says what is missing', async () => {
    const app = openaiTo(gateway, 'sk-sy-erasure-app-01');
    await app.chat.completions.create({ model: 'small', user: 'carol', messages: [{ role: 'user', content: 'Carol asks' }] }, { headers: { 'x-switchyard-session': 'carol-conv' } });
    const cli = (...args: string[]) => promisify(execFile)(process.execPath, [BIN, 'traces', 'erase', ...args, '--gateway', gateway.url, '--admin-key', ADMIN], { env: { ...process.env, COLUMNS: '120' } });
    const dry = await cli('--user', 'carol', '--session', 'carol-conv', '--dry-run');
    expect(dry.stdout).toMatch(/dry run \(nothing changed\): er_/);
    expect(dry.stdout).toMatch(/traces \(and their search index entries\)\s*│\s*1\b/);
    expect((await gateway.stores.traces.listTraces({ session: 'carol-conv' })).traces.length).toBe(1);
    const done = await cli('--user', 'carol', '--session', 'carol-conv', '--reference', 'ticket-9');
    expect(done.stdout).toMatch(/erased: er_\S+ \(ticket-9\)/);
    expect(done.stdout).toMatch(/traces \(and their search index entries\)\s*│\s*1\b/);
    expect((await gateway.stores.traces.listTraces({ session: 'carol-conv' })).traces).toEqual([]);
    await expect(cli('--dry-run')).rejects.toMatchObject({ stderr: expect.stringContaining('needs --user ID, --metadata KEY=VALUE or --session ID') });
    await expect(cli('--user', '')).rejects.toMatchObject({ stderr: expect.stringContaining('answered 400 to POST /api/erasure: "user" must be') });
  });
});

describe('an erasure request reaches traces still queued for writing', () => {
  it('writes them first: a call answered a moment before is found though the writer would have waited a minute', async () => {
    const { store, cache } = backends[0].store();
    const text = config(sim.url, store, cache).replace('traces: { flush_interval_ms: 5 }', 'traces: { flush_interval_ms: 60000, batch_size: 1000 }');
    const gateway = await startServer(parseConfig(text, 'erasure-queued'), { port: 0, host: '127.0.0.1' });
    try {
      await openaiTo(gateway, 'sk-sy-erasure-app-01').chat.completions.create({ model: 'small', user: 'dave', messages: [{ role: 'user', content: 'Dave asks' }] });
      expect(gateway.traces.pending).toBeGreaterThan(0);
      expect((await admin(gateway, '/api/erasure', { user: 'dave' })).json.erased).toMatchObject({ traces: 1, monitorSignals: 1 });
      expect((await gateway.stores.traces.listTraces({ text: 'Dave asks' })).traces).toEqual([]);
    } finally {
      await gateway.close();
    }
  });
});
