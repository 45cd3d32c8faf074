import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredKey } from '../../limits/key-store.js';
import { KeyRegistry, storedVirtualKey, toVirtualKey } from '../../limits/keys.js';
import { KeyManager } from '../../limits/manage-keys.js';
import { MemoryLimitStore } from '../../limits/memory-limit-store.js';
import { buildJudgeMessages } from '../../evals/judge/judge-prompt.js';
import { makeTrace } from '../../monitor/test-traces.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { type AdminApiOptions, createAdminApi } from '../admin-api.js';

const ADMIN = 'admin-key-123456';
const WEB = toVirtualKey({ key: 'sk-sy-web-000001', name: 'web' });
const BATCH = toVirtualKey({ key: 'sk-sy-batch-00001', name: 'batch' });
const keys = new KeyRegistry([WEB, BATCH]);
let server: Server | undefined;

async function start(options: Partial<AdminApiOptions> & { withSpend?: boolean } = {}) {
  const stores = openSqliteStores(':memory:');
  await stores.traces.insertTraces([makeTrace({ id: 'tr_web', keyName: 'web', keyId: WEB.id }), makeTrace({ id: 'tr_batch', keyName: 'batch', keyId: BATCH.id })]);
  const { withSpend, ...rest } = options;
  const admin = createAdminApi({ store: stores.traces, rollups: stores.rollups, reviews: stores.reviews, keys, adminKey: ADMIN, ...(withSpend ? { spend: stores.spend } : {}), ...rest });
  server = createServer((req, res) => void admin(req, res, new URL(req.url ?? '/', 'http://localhost')));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (method: string, path: string, init: { headers?: Record<string, string>; body?: unknown } = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  return { call, stores };
}

const message = (r: { json: Record<string, unknown> }) => (r.json.error as { message: string }).message;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('admin API access', () => {
  it('needs the admin key or a session, and keeps virtual keys to feedback', async () => {
    const { call } = await start();
    expect((await call('GET', '/api/traces')).status).toBe(401);
    expect((await call('GET', '/api/traces', { headers: bearer(ADMIN) })).json.traces).toHaveLength(2);
    const asKey = await call('GET', '/api/overview', { headers: bearer('sk-sy-web-000001') });
    expect(asKey.status).toBe(403);
    expect(message(asKey)).toContain('may only call /api/feedback and read its own traces');
  });

  it("lets a virtual key read its own calls' traces, and another key's trace is a 404, as a missing one", async () => {
    const { call, stores } = await start();
    const web = bearer('sk-sy-web-000001');
    const own = await call('GET', '/api/traces/tr_web', { headers: web });
    expect(own.status).toBe(200);
    expect(own.json.keyName).toBe('web');
    expect(typeof own.json.costUsd).toBe('number');
    const other = await call('GET', '/api/traces/tr_batch', { headers: web });
    const missing = await call('GET', '/api/traces/tr_nothing', { headers: web });
    expect([other.status, missing.status]).toEqual([404, 404]);
    // The same answer, word for word but the id: nothing tells "another key's" from "none".
    expect(message(other).replace('tr_batch', 'ID')).toBe(message(missing).replace('tr_nothing', 'ID'));
    const list = await call('GET', '/api/traces', { headers: web });
    expect((list.json.traces as { id: string }[]).map((t) => t.id)).toEqual(['tr_web']);
    const asked = await call('GET', '/api/traces?key=batch', { headers: web });
    expect(asked.json.traces).toEqual([]);
    expect((await call('GET', '/api/traces/tr_batch', { headers: bearer('sk-sy-batch-00001') })).status).toBe(200);
    // A call of an earlier key named "web" (another secret), and one from before traces named keys'
    // identities: neither is this key's, whatever their name says.
    await stores.traces.insertTraces([makeTrace({ id: 'tr_web_before', keyName: 'web', keyId: toVirtualKey({ key: 'sk-sy-web-earlier', name: 'web' }).id }), makeTrace({ id: 'tr_web_legacy', keyName: 'web' })]);
    for (const id of ['tr_web_before', 'tr_web_legacy']) {
      expect((await call('GET', `/api/traces/${id}`, { headers: web })).status).toBe(404);
      expect((await call('POST', '/api/feedback', { headers: web, body: { trace_id: id, thumbs: 'up' } })).status).toBe(404);
    }
    expect(((await call('GET', '/api/traces?key=web', { headers: web })).json.traces as { id: string }[]).map((t) => t.id)).toEqual(['tr_web']);
    // Reading is all: no review, no annotations of its trace, no deleting.
    expect((await call('POST', '/api/traces/tr_web/review', { headers: web, body: {} })).status).toBe(403);
    expect((await call('GET', '/api/traces/tr_web/annotations', { headers: web })).status).toBe(403);
  });

  it('signs in with a session cookie and demands the CSRF token for changes', async () => {
    const { call } = await start();
    expect((await call('POST', '/api/session', { body: { name: 'ana', password: 'nope' } })).status).toBe(401);
    const login = await call('POST', '/api/session', { body: { name: 'ana', password: ADMIN } });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const csrf = login.json.csrf as string;
    expect((await call('GET', '/api/review/queue', { headers: { cookie, 'x-switchyard-csrf': csrf } })).status).toBe(200);
    const rule = { name: 'all', rate: 1 };
    const noToken = await call('POST', '/api/review/rules', { headers: { cookie }, body: rule });
    expect(noToken.status).toBe(403);
    expect(message(noToken)).toContain('x-switchyard-csrf');
    const crossOrigin = await call('POST', '/api/review/rules', { headers: { cookie, 'x-switchyard-csrf': csrf, origin: 'https://evil.example' }, body: rule });
    expect(crossOrigin.status).toBe(403);
    const formPost = await call('POST', '/api/review/rules', { headers: { cookie, 'x-switchyard-csrf': csrf, 'content-type': 'text/plain' }, body: JSON.stringify(rule) });
    expect(formPost.status).toBe(415);
    expect((await call('POST', '/api/review/rules', { headers: { cookie, 'x-switchyard-csrf': csrf }, body: rule })).status).toBe(201);
    const forged = `${cookie.slice(0, -3)}abc`;
    expect((await call('GET', '/api/review/queue', { headers: { cookie: forged, 'x-switchyard-csrf': csrf } })).status).toBe(401);
  });

  it('is open on loopback without a credential, but only under loopback host names', async () => {
    const { call } = await start({ adminKey: undefined, loopback: true });
    const session = await call('GET', '/api/session');
    expect(session.json).toMatchObject({ mode: 'open', banner: expect.stringContaining('open to anyone on this machine') });
    expect((await call('GET', '/api/traces')).status).toBe(200);
    // A DNS-rebinding page reaches 127.0.0.1 under its own host name; fetch won't forge Host, undici will.
    const rebound = await request(`http://127.0.0.1:${(server?.address() as AddressInfo).port}/api/traces`, { headers: { host: 'attacker.example:4000' } });
    expect(rebound.statusCode).toBe(403);
    await rebound.body.text();
    expect((await call('POST', '/api/review/rules', { body: { name: 'x', rate: 1 } })).status).toBe(403);
    expect((await call('POST', '/api/review/rules', { headers: { 'x-switchyard-csrf': session.json.csrf as string }, body: { name: 'x', rate: 1 } })).status).toBe(201);
  });

  it('is off beyond loopback without a credential, except for feedback', async () => {
    const { call } = await start({ adminKey: undefined, loopback: false });
    expect(message(await call('GET', '/api/traces'))).toContain('no server.admin_key is configured');
    expect((await call('POST', '/api/feedback', { headers: bearer('sk-sy-web-000001'), body: { trace_id: 'tr_web', thumbs: 'up' } })).status).toBe(201);
  });
});

describe('feedback API', () => {
  it('stores feedback on the caller’s own traces and queues a thumbs-down', async () => {
    const { call, stores } = await start();
    const ok = await call('POST', '/api/feedback', { headers: bearer('sk-sy-web-000001'), body: { trace_id: 'tr_web', thumbs: 'down', comment: 'wrong', corrected_output: 'right' } });
    expect(ok).toMatchObject({ status: 201, json: { trace_id: 'tr_web' } });
    const { feedback, items } = await stores.reviews.forTrace('tr_web');
    expect(feedback).toMatchObject([{ keyName: 'web', thumbs: 'down', corrected: 'right' }]);
    expect(items.map((i) => i.source)).toEqual(['feedback']);
    const own = await call('GET', '/api/feedback?trace_id=tr_web', { headers: bearer('sk-sy-web-000001') });
    expect(own.json.feedback).toHaveLength(1);
  });

  it('names what is wrong', async () => {
    const { call } = await start();
    const web = bearer('sk-sy-web-000001');
    expect(message(await call('POST', '/api/feedback', { headers: web, body: { trace_id: 'tr_nope', score: 3 } }))).toBe('trace "tr_nope" not found');
    expect(message(await call('POST', '/api/feedback', { headers: web, body: { trace_id: 'tr_batch', score: 3 } }))).toBe('trace "tr_batch" not found');
    const range = await call('POST', '/api/feedback', { headers: web, body: { trace_id: 'tr_web', score: 7 } });
    expect(range.status).toBe(400);
    expect(message(range)).toBe('score must be an integer from 1 to 5, got 7');
    expect(message(await call('POST', '/api/feedback', { headers: web, body: { trace_id: 'tr_web' } }))).toContain('score from 1 to 5 or thumbs');
    expect((await call('POST', '/api/feedback', { headers: bearer('sk-sy-unknown-1'), body: { trace_id: 'tr_web', score: 3 } })).status).toBe(401);
  });
});

describe('admin API errors', () => {
  it('answers unknown ids and bad parameters with what is wrong', async () => {
    const { call } = await start();
    const admin = { headers: bearer(ADMIN) };
    expect(await call('GET', '/api/traces/tr_missing', admin)).toMatchObject({ status: 404, json: { error: { message: 'trace "tr_missing" not found' } } });
    expect(message(await call('GET', '/api/overview?range=2y', admin))).toContain('range must be one of');
    expect(message(await call('GET', '/api/traces?limit=9000', admin))).toBe('limit must be an integer from 1 to 500, got "9000"');
    expect(message(await call('GET', '/api/traces?guard=redacted', admin))).toBe('guard must be one of guarded, redact, block, flag, warn, reask, pass, got "redacted" (did you mean "redact"?)');
    expect(message(await call('POST', '/api/review/items/ri_x/reviews', { ...admin, body: { score: 0 } }))).toBe('score must be an integer from 1 to 5, got 0');
    expect((await call('PATCH', '/api/traces', admin)).status).toBe(405);
  });

  it('filters traces by metadata, text and guard action, and reviews them', async () => {
    const { call, stores } = await start();
    await stores.traces.insertTraces([makeTrace({ id: 'tr_meta', metadata: { feature: 'refunds' }, request: { messages: [{ role: 'user', content: 'Where is my 100% refund_now?' }] } })]);
    const admin = { headers: bearer(ADMIN) };
    expect(((await call('GET', '/api/traces?meta.feature=refunds', admin)).json.traces as { id: string }[]).map((t) => t.id)).toEqual(['tr_meta']);
    expect(((await call('GET', `/api/traces?q=${encodeURIComponent('100% refund_')}`, admin)).json.traces as { id: string }[]).map((t) => t.id)).toEqual(['tr_meta']);
    await stores.traces.insertTraces([makeTrace({ id: 'tr_redacted', decisions: { guardrails: [{ name: 'pii', stage: 'input', action: 'redact', reason: 'redacted 1 value (EMAIL)' }] } })]);
    expect(((await call('GET', '/api/traces?guard=redact', admin)).json.traces as { id: string }[]).map((t) => t.id)).toEqual(['tr_redacted']);
    const queued = await call('POST', '/api/traces/tr_meta/review', { ...admin, body: {} });
    const item = queued.json as { id: string };
    const review = await call('POST', `/api/review/items/${item.id}/reviews`, { headers: { ...admin.headers, 'x-switchyard-reviewer': 'bo' }, body: { score: 5, comment: 'good' } });
    expect(review).toMatchObject({ status: 201, json: { reviewer: 'bo', score: 5 } });
    const exported = await fetch(`http://127.0.0.1:${(server?.address() as AddressInfo).port}/api/review/export`, { headers: bearer(ADMIN) });
    expect((await exported.text()).trim().split('\n').map((l) => JSON.parse(l).messages.at(-1).content)).toEqual(['hi there']);
    expect(exported.headers.get('x-switchyard-review-status')).toBe('done');
    // Streamed as the store is read, a page of reviews at a time: no length known up front.
    expect([exported.headers.get('transfer-encoding'), exported.headers.get('content-length')]).toEqual(['chunked', null]);
    // An item that wants two reviews (a blind double review) and has one is no decision yet: left
    // out of the export unless include_pending=true, and the headers count it. It was exported.
    await stores.traces.insertTraces([makeTrace({ id: 'tr_half', response: { choices: [{ message: { role: 'assistant', content: 'half reviewed' } }] } })]);
    const [half] = await stores.reviews.enqueue([{ traceId: 'tr_half', source: 'manual', reason: 'two people', reviewsWanted: 2 }]);
    expect((await call('POST', `/api/review/items/${half?.id}/reviews`, { headers: { ...admin.headers, 'x-switchyard-reviewer': 'bo' }, body: { score: 5 } })).status).toBe(201);
    const url = `http://127.0.0.1:${(server?.address() as AddressInfo).port}/api/review/export`;
    const decided = await fetch(url, { headers: bearer(ADMIN) });
    expect((await decided.text()).trim().split('\n').map((l) => JSON.parse(l).messages.at(-1).content)).toEqual(['hi there']);
    expect([decided.headers.get('x-switchyard-review-status'), decided.headers.get('x-switchyard-pending-left-out')]).toEqual(['done', '1']);
    const all = await fetch(`${url}?include_pending=true`, { headers: bearer(ADMIN) });
    expect((await all.text()).trim().split('\n').map((l) => JSON.parse(l).messages.at(-1).content).sort()).toEqual(['half reviewed', 'hi there']);
    expect([all.headers.get('x-switchyard-review-status'), all.headers.get('x-switchyard-pending-included')]).toEqual(['done, pending', '1']);
  });
});

describe('the fine-tuning export', () => {
  it('streams every reviewed item, page after page of the store', async () => {
    const { stores } = await start();
    const items = await stores.reviews.enqueue(Array.from({ length: 1_001 }, (_, i) => ({ datasetId: 'd', datasetItemId: `q${i}`, source: 'dataset' as const, reason: 'x', input: `Q${i}?`, output: `A${i}.` })));
    for (const item of items) await stores.reviews.addReview(item.id, 'ana', { score: 5, pass: null, corrected: null, comment: null });
    const url = `http://127.0.0.1:${(server?.address() as AddressInfo).port}/api/review/export`;
    const exported = await fetch(url, { headers: bearer(ADMIN) });
    const answers = (await exported.text()).trim().split('\n').map((l) => JSON.parse(l).messages.at(-1).content as string);
    // Three pages of at most 500: each item once, newest review first.
    expect(answers.length).toBe(1_001);
    expect(new Set(answers).size).toBe(1_001);
    expect([answers[0], answers.at(-1)]).toEqual(['A1000.', 'A0.']);
  });
});

describe('keys without a budget', () => {
  it('show what they spent this month from the traces, so a restart does not zero it, and say the period', async () => {
    const now = Date.UTC(2026, 10, 20, 12);
    const { call, stores } = await start({ withSpend: true, now: () => now });
    await stores.traces.insertTraces([
      makeTrace({ id: 'tr_web_now', keyName: 'web', ts: now - 3_600_000, costUsd: 0.25 }),
      makeTrace({ id: 'tr_web_old', keyName: 'web', ts: Date.UTC(2026, 9, 30), costUsd: 9 }),
    ]);
    const listed = (await call('GET', '/api/keys', { headers: bearer(ADMIN) })).json.keys as { name: string; usage: { spendUsd: number; periodStart: number; spendPeriod: string } }[];
    const web = listed.find((k) => k.name === 'web');
    expect(web?.usage).toMatchObject({ spendPeriod: 'monthly', periodStart: Date.UTC(2026, 10, 1) });
    expect(web?.usage.spendUsd).toBeCloseTo(0.25, 10);
  });
});

describe('revoked runtime keys', () => {
  it('are listed with what they spent against their budget, not with no usage (which the page reads as an unreachable limit store)', async () => {
    const now = Date.UTC(2026, 10, 20, 12);
    const stores = openSqliteStores(':memory:');
    const manager = new KeyManager(stores.keys);
    const limits = new MemoryLimitStore();
    const { call } = await start({ keyManager: manager, limits, now: () => now });
    const created = await call('POST', '/api/keys', { headers: bearer(ADMIN), body: { name: 'spent-bot', budget: { usd: 5 } } });
    expect(created.status).toBe(201);
    // As the registry serves it: a runtime key's limits are counted by its identity (name and creation time).
    const stored = (await stores.keys.snapshot()).keys.find((k) => k.name === 'spent-bot');
    const served = storedVirtualKey(stored as StoredKey, null);
    const admission = await limits.admit(served, { estimatedTokens: 10, reserveUsd: 0.5 }, now);
    await limits.settle(served, admission, 10, 0.25, now);
    expect((await call('DELETE', '/api/keys/spent-bot', { headers: bearer(ADMIN) })).status).toBe(200);
    const listed = (await call('GET', '/api/keys', { headers: bearer(ADMIN) })).json.keys as { name: string; status: string; usage: { spendUsd: number; reservedUsd: number } | null }[];
    const revoked = listed.find((k) => k.name === 'spent-bot');
    expect(revoked?.status).toBe('revoked');
    expect(revoked?.usage).toMatchObject({ spendUsd: 0.25, reservedUsd: 0 });
  });
});

describe('budget amounts', () => {
  it('are held to one range for keys and teams, naming the field, the value and the range', async () => {
    const stores = openSqliteStores(':memory:');
    const { call } = await start({ keyManager: new KeyManager(stores.keys) });
    const range = 'must be from 0.000001 to 1,000,000,000 dollars (leave the budget out for no limit)';
    const huge = await call('POST', '/api/keys', { headers: bearer(ADMIN), body: { name: 'web', budget: { usd: 1e308 } } });
    expect([huge.status, huge.json.error]).toEqual([400, expect.objectContaining({ param: 'budget', message: `budget.usd: ${range} (got 1e+308)` })]);
    const tiny = await call('PUT', '/api/teams/ops', { headers: bearer(ADMIN), body: { budget: { usd: 1e-300, period: 'daily' } } });
    const below = "must be from 0.000001 to 1,000,000,000 dollars (leave the budget out for no limit; to stop a key's calls, revoke it)";
    expect([tiny.status, tiny.json.error]).toEqual([400, expect.objectContaining({ param: 'budget', message: `budget.usd: ${below} (got 1e-300)` })]);
    expect((await call('PUT', '/api/teams/ops', { headers: bearer(ADMIN), body: { budget: { usd: 0.5 } } })).status).toBe(200);
  });
});

describe('key and team names', () => {
  it('take letters of any script for keys and teams alike, as the config does, and refuse the same names, naming field and value', async () => {
    const stores = openSqliteStores(':memory:');
    const { call } = await start({ keyManager: new KeyManager(stores.keys) });
    const team = await call('PUT', `/api/teams/${encodeURIComponent('営業部')}`, { headers: bearer(ADMIN), body: { budget: { usd: 10 } } });
    expect(team.status).toBe(200);
    const created = await call('POST', '/api/keys', { headers: bearer(ADMIN), body: { name: 'équipe-web', team: '営業部' } });
    expect(created.status).toBe(201);
    expect((await call('POST', `/api/keys/${encodeURIComponent('équipe-web')}/rotate`, { headers: bearer(ADMIN), body: {} })).status).toBe(200);
    const listed = (await call('GET', '/api/keys', { headers: bearer(ADMIN) })).json.keys as { name: string; team: string | null }[];
    expect(listed.find((k) => k.name === 'équipe-web')?.team).toBe('営業部');

    const rule = '1–100 letters or digits (any script), ".", "_" or "-", starting with a letter or digit';
    const badTeam = await call('POST', '/api/keys', { headers: bearer(ADMIN), body: { name: 'web', team: 'ops team' } });
    expect([badTeam.status, badTeam.json.error]).toEqual([400, expect.objectContaining({ param: 'team', message: `team must be ${rule}; got "ops team"` })]);
    const badKey = await call('POST', '/api/keys', { headers: bearer(ADMIN), body: { name: 'web\u0007bell' } });
    expect([badKey.status, badKey.json.error]).toEqual([400, expect.objectContaining({ param: 'name', message: `key name must be ${rule}; got "web\\u0007bell"` })]);
    const badTeamName = await call('PUT', `/api/teams/${encodeURIComponent('a'.repeat(101))}`, { headers: bearer(ADMIN), body: { budget: { usd: 10 } } });
    expect([badTeamName.status, badTeamName.json.error]).toEqual([400, expect.objectContaining({ message: expect.stringMatching(/^team name must be 1–100 letters .*; got "a{100}…" \(101 characters\)$/) })]);
  });
});

describe('a key created in a team with no limits', () => {
  it('is created with a warning naming the team most likely meant, as keys create notes it (the API said nothing: a typo escaped the team budget)', async () => {
    const stores = openSqliteStores(':memory:');
    const { call } = await start({ keyManager: new KeyManager(stores.keys) });
    await call('PUT', '/api/teams/engineering', { headers: bearer(ADMIN), body: { budget: { usd: 50, period: 'monthly' } } });
    const typo = await call('POST', '/api/keys', { headers: bearer(ADMIN), body: { name: 'ci-bot', team: 'enginering' } });
    expect(typo.status).toBe(201);
    expect(typo.json.warnings).toEqual([
      'key "ci-bot" is in team "enginering", which has no budget or rate limit yet (did you mean "engineering"? no team of that name was created at runtime or is in the config; teams: engineering); its calls count against no team limit until: PUT /api/teams/enginering with a budget',
    ]);
    const right = await call('POST', '/api/keys', { headers: bearer(ADMIN), body: { name: 'web-bot', team: 'engineering' } });
    expect(right.json.warnings).toEqual([]);
  });
});

describe('deleting a team', () => {
  it('is refused while active keys name it, naming them and the limit they would lose, unless ?force=true', async () => {
    const stores = openSqliteStores(':memory:');
    const { call } = await start({ keyManager: new KeyManager(stores.keys) });
    await call('PUT', '/api/teams/sales', { headers: bearer(ADMIN), body: { budget: { usd: 20, period: 'monthly' } } });
    await call('POST', '/api/keys', { headers: bearer(ADMIN), body: { name: 'sales-bot', team: 'sales' } });
    await call('POST', '/api/keys', { headers: bearer(ADMIN), body: { name: 'old-bot', team: 'sales' } });
    await call('DELETE', '/api/keys/old-bot', { headers: bearer(ADMIN) });

    const refused = await call('DELETE', '/api/teams/sales', { headers: bearer(ADMIN) });
    expect([refused.status, message(refused)]).toEqual([
      409,
      'team "sales" has 1 active key (sales-bot): deleting it lifts its $20 monthly budget from them, and their calls count against no team limit; revoke them first, or delete it anyway with --force (DELETE /api/teams/sales?force=true)',
    ]);
    expect((await stores.keys.snapshot()).teams.find((t) => t.name === 'sales')?.budget).toEqual({ usd: 20, period: 'monthly' });

    expect((await call('DELETE', '/api/teams/sales?force=maybe', { headers: bearer(ADMIN) })).status).toBe(400);
    expect((await call('DELETE', '/api/teams/sales?force=true', { headers: bearer(ADMIN) })).status).toBe(204);
    // A team without active keys (a revoked one does not count) goes at once.
    await call('PUT', '/api/teams/empty', { headers: bearer(ADMIN), body: { budget: { usd: 1 } } });
    expect((await call('DELETE', '/api/teams/empty', { headers: bearer(ADMIN) })).status).toBe(204);
  });
});

describe('the review queue', () => {
  it('warns, as `keys create` does, when a new key may use a model the config has no model or route for', async () => {
    const stores = openSqliteStores(':memory:');
    const { call } = await start({ keyManager: new KeyManager(stores.keys), configuredModels: ['small', 'support-intent'] });
    const created = await call('POST', '/api/keys', { headers: bearer(ADMIN), body: { name: 'typo-bot', models: ['small', 'smal', 'support-intent'] } });
    expect(created.status).toBe(201);
    expect(created.json.warnings).toEqual([`key "typo-bot" may use "smal", which is not a model or route of this gateway's config (known: small, support-intent); calls for it are answered 404 there`]);
    const fine = await call('POST', '/api/keys', { headers: bearer(ADMIN), body: { name: 'fine-bot', models: ['support-intent'] } });
    expect(fine.json.warnings).toEqual([]);
    const any = await call('POST', '/api/keys', { headers: bearer(ADMIN), body: { name: 'any-bot' } });
    expect(any.json.warnings).toEqual([]);
  });

  it('names dataset items by their content', async () => {
    const { call, stores } = await start();
    await stores.reviews.enqueue([
      { source: 'dataset', reason: 'synthetic item from fees.md', datasetId: 'fees', datasetItemId: 'g1', input: { question: 'What does a transfer abroad cost?', source_document: 'fees.md', source_passage: '0.5%' }, output: '0.5%' },
      { source: 'dataset', reason: 'needs a human score', datasetId: 'fees', datasetItemId: 'g2', input: 'Is a domestic transfer free?', output: 'Yes.' },
    ]);
    const queue = (await call('GET', '/api/review/queue', { headers: bearer(ADMIN) })).json.items as { preview: string }[];
    expect(queue.map((item) => item.preview).sort()).toEqual(['Is a domestic transfer free?', 'What does a transfer abroad cost?']);
  });

  it("names a thumbs-down on a judge's call by the question judged, not by the judge's whole prompt", async () => {
    const { call, stores } = await start();
    const spec = { model: 'judge', rubric: 'Is the answer correct and helpful?', scale: [1, 5] as [number, number], passAt: 4, anchors: [] };
    const question = `Where is my new card? ${'It was sent three weeks ago and '.repeat(8)}nothing came.`;
    const messages = buildJudgeMessages(spec, { input: question, output: 'It ships Monday.', expected: 'Track it under Cards.' });
    await stores.traces.insertTraces([makeTrace({ id: 'tr_judge', request: { model: 'judge', messages } })]);
    const feedback = await call('POST', '/api/feedback', { headers: bearer(ADMIN), body: { trace_id: 'tr_judge', thumbs: 'down', comment: 'too lenient' } });
    expect(feedback.status).toBe(201);
    const [entry] = (await call('GET', '/api/review/queue', { headers: bearer(ADMIN) })).json.items as { id: string; preview: string }[];
    // Before: "Question:\nWhere is my new card? …\n\nReference answer: …\n\nAnswer to score: …", 240 characters of it.
    expect(entry?.preview).toBe('Judge: Where is my new card? It was sent three weeks ago and It was sent three weeks ago and It was sent three weeks ago and It…');
    expect((await call('GET', `/api/review/items/${entry?.id}`, { headers: bearer(ADMIN) })).json.title).toBe(entry?.preview);
  });
});

describe('reviewers working one queue', () => {
  const as = (reviewer: string) => ({ headers: { ...bearer(ADMIN), 'x-switchyard-reviewer': reviewer } });

  it('holds an item for the reviewer who opened it: another is told who has it and is given the next', async () => {
    const audit: string[] = [];
    const { call, stores } = await start({ audit: (line) => audit.push(line) });
    const [first, second] = await stores.reviews.enqueue(['tr_web', 'tr_batch'].map((traceId) => ({ traceId, source: 'manual' as const, reason: 'check' })));
    expect((await call('POST', `/api/review/items/${first?.id}/claim`, as('ana'))).status).toBe(200);
    const taken = await call('POST', `/api/review/items/${first?.id}/claim`, as('bo'));
    expect(taken.status).toBe(409);
    expect(message(taken)).toMatch(/^"ana" has this item open \(held until \d\d:\d\d UTC unless saved or skipped\): take the next one$/);
    expect(((await call('GET', '/api/review/queue', as('bo'))).json.items as { id: string }[]).map((i) => i.id)).toEqual([second?.id]);
    // ana skips it: bo may have it.
    expect((await call('DELETE', `/api/review/items/${first?.id}/claim`, as('ana'))).status).toBe(200);
    expect((await call('POST', `/api/review/items/${first?.id}/claim`, as('bo'))).status).toBe(200);
    expect((await call('POST', '/api/review/items/ri_nope/claim', as('bo'))).status).toBe(404);
    // Holds decide nothing: the audit log keeps to reviews and other changes.
    await call('POST', `/api/review/items/${first?.id}/reviews`, { ...as('bo'), body: { score: 3 } });
    expect(audit).toEqual([`"bo" (bearer) POST /api/review/items/${first?.id}/reviews → 201`]);
  });

  it('remembers a skip for the reviewer who skipped: their queue puts it last, and it lets go of their hold', async () => {
    const audit: string[] = [];
    const { call, stores } = await start({ audit: (line) => audit.push(line) });
    const [first, second] = await stores.reviews.enqueue(['tr_web', 'tr_batch'].map((traceId) => ({ traceId, source: 'manual' as const, reason: 'check' })));
    const ids = async (reviewer: string) => ((await call('GET', '/api/review/queue', as(reviewer))).json.items as { id: string }[]).map((i) => i.id);
    expect((await call('POST', `/api/review/items/${first?.id}/claim`, as('ana'))).status).toBe(200);
    expect(await call('POST', `/api/review/items/${first?.id}/skip`, as('ana'))).toMatchObject({ status: 200, json: { skipped: first?.id } });
    expect(await ids('ana')).toEqual([second?.id, first?.id]);
    expect(await ids('bo')).toEqual([first?.id, second?.id]);
    expect((await call('POST', `/api/review/items/${first?.id}/claim`, as('bo'))).status).toBe(200);
    const nope = await call('POST', '/api/review/items/ri_nope/skip', as('ana'));
    expect(nope.status).toBe(404);
    expect(message(nope)).toBe('review item "ri_nope" not found');
    expect(audit).toEqual([]);
  });

  it('gives a trace queued for several reasons one item that lists them, counted once', async () => {
    const { call, stores } = await start();
    const added = await call('POST', '/api/review/items', { ...as('ana'), body: { trace_ids: ['tr_web'], reason: 'looked odd' } });
    expect(added).toMatchObject({ status: 201, json: { items: [{ added: true, reasonCount: 1 }] } });
    await call('POST', '/api/feedback', { headers: bearer('sk-sy-web-000001'), body: { trace_id: 'tr_web', thumbs: 'down', comment: 'wrong' } });
    const again = await call('POST', '/api/review/items', { ...as('ana'), body: { trace_id: 'tr_web', source: 'flag', reason: 'x'.repeat(2_000) } });
    const id = (added.json.items as { id: string }[])[0]?.id;
    expect(again).toMatchObject({ status: 201, json: { items: [{ id, added: false, source: 'feedback', reasonCount: 3 }] } });
    const queue = (await call('GET', '/api/review/queue', as('bo'))).json.items as { id: string; source: string; reasons: { kind: string; origin: string | null; detail: string }[] }[];
    // The thumbs-down came first of the most urgent reasons: it leads.
    expect(queue.map((i) => [i.id, i.source])).toEqual([[id, 'feedback']]);
    expect(queue[0]?.reasons.map((r) => [r.kind, r.origin, r.detail.length])).toEqual([
      ['manual', null, 10],
      ['feedback', 'web', 'thumbs down via key "web": "wrong"'.length],
      ['flag', null, 500],
    ]);
    expect(((await call('GET', `/api/review/items/${id}`, as('bo'))).json.item as { reasonCount: number }).reasonCount).toBe(3);
    expect(((await call('GET', '/api/review/stats', as('bo'))).json.open as Record<string, number>)).toMatchObject({ flag: 0, manual: 0, feedback: 1 });
    expect((await stores.reviews.forTrace('tr_web')).items).toHaveLength(1);
  });

  it('undoes a reviewer’s own review, and only theirs', async () => {
    const { call, stores } = await start();
    const [item] = await stores.reviews.enqueue([{ traceId: 'tr_web', source: 'manual', reason: 'check' }]);
    expect((await call('POST', `/api/review/items/${item?.id}/reviews`, { ...as('ana'), body: { score: 2, comment: 'vague' } })).json).toMatchObject({ score: 2, taught: null });
    const notTheirs = await call('DELETE', `/api/review/items/${item?.id}/reviews`, as('bo'));
    expect(notTheirs.status).toBe(404);
    expect(message(notTheirs)).toBe(`"bo" has no review of item "${item?.id}" to undo`);
    const undone = await call('DELETE', `/api/review/items/${item?.id}/reviews`, as('ana'));
    expect(undone).toMatchObject({ status: 200, json: { undone: { reviewer: 'ana', score: 2, comment: 'vague' }, item: { status: 'open', reviewCount: 0 } } });
    expect(((await call('GET', '/api/review/queue', as('ana'))).json.items as { id: string }[]).map((i) => i.id)).toEqual([item?.id]);
  });

  it('is as blind as the review page: the others’ verdicts only after one’s own, or revealed by an admin on purpose', async () => {
    const audit: string[] = [];
    const { call, stores } = await start({ audit: (line) => audit.push(line) });
    const [item] = await stores.reviews.enqueue([{ traceId: 'tr_web', source: 'manual', reason: 'two opinions', reviewsWanted: 3 }]);
    await call('POST', `/api/review/items/${item?.id}/reviews`, { ...as('cy'), body: { score: 2, pass: false, comment: 'wrong fee' } });
    // ana has not given hers: cy's verdict, and the agreement it would make, are held back.
    const before = await call('GET', `/api/review/items/${item?.id}`, as('ana'));
    expect(before.json).toMatchObject({ reviews: [], hiddenReviews: 1, agreement: { items: 0 } });
    expect(JSON.stringify(before.json)).not.toContain('wrong fee');
    const notes = await call('GET', '/api/traces/tr_web/annotations', as('ana'));
    expect(notes.json).toMatchObject({ reviews: [], hiddenReviews: 1, items: [{ id: item?.id }] });
    expect(JSON.stringify(notes.json)).not.toContain('wrong fee');
    expect(audit).toEqual([`"cy" (bearer) POST /api/review/items/${item?.id}/reviews → 201`]);
    // The reviewer who gave one sees their own.
    expect((await call('GET', `/api/review/items/${item?.id}`, as('cy'))).json).toMatchObject({ reviews: [{ reviewer: 'cy' }], hiddenReviews: 0 });
    // ana saves hers: now both, with their agreement.
    await call('POST', `/api/review/items/${item?.id}/reviews`, { ...as('ana'), body: { score: 3, pass: false } });
    const after = await call('GET', `/api/review/items/${item?.id}`, as('ana'));
    expect(after.json).toMatchObject({ reviews: [{ reviewer: 'cy', comment: 'wrong fee' }, { reviewer: 'ana' }], hiddenReviews: 0, agreement: { items: 1, scoreWithinOne: 1 } });
    // bo, who reviews later, does not see them, unless revealing them on purpose: an audited act.
    expect((await call('GET', `/api/review/items/${item?.id}`, as('bo'))).json).toMatchObject({ reviews: [], hiddenReviews: 2 });
    audit.length = 0;
    const revealed = await call('GET', `/api/review/items/${item?.id}?reveal=true`, as('bo'));
    expect(revealed.json).toMatchObject({ reviews: [{ reviewer: 'cy' }, { reviewer: 'ana' }], hiddenReviews: 0 });
    expect((await call('GET', '/api/traces/tr_web/annotations?reveal=true', as('bo'))).json).toMatchObject({ reviews: [{ reviewer: 'cy' }, { reviewer: 'ana' }], hiddenReviews: 0 });
    expect(audit).toEqual([`"bo" (bearer) revealed 2 blind review verdicts of review item "${item?.id}"`, '"bo" (bearer) revealed 2 blind review verdicts of trace "tr_web"']);
    expect(message(await call('GET', `/api/review/items/${item?.id}?reveal=yes`, as('bo')))).toBe('reveal must be true or false, got "yes"');
    // Once the item has every review it wants, it is no longer blind to anyone.
    await call('POST', `/api/review/items/${item?.id}/reviews`, { ...as('bo'), body: { score: 3 } });
    expect((await call('GET', `/api/review/items/${item?.id}`, as('dee'))).json).toMatchObject({ item: { status: 'done' }, hiddenReviews: 0 });
    expect(((await call('GET', '/api/traces/tr_web/annotations', as('dee'))).json.reviews as unknown[]).length).toBe(3);
  });

  it('unlearns an undone correction, then relearns the one that still stands', async () => {
    const calls: string[] = [];
    const { call, stores } = await start({
      onCorrection: async (traceId, corrected) => (calls.push(`learn ${traceId} ${corrected}`), { route: 'support-intent', label: corrected }),
      onUncorrection: async (traceId) => (calls.push(`unlearn ${traceId}`), { route: 'support-intent' }),
    });
    const [item] = await stores.reviews.enqueue([{ traceId: 'tr_web', source: 'manual', reason: 'check', reviewsWanted: 2 }]);
    await call('POST', `/api/review/items/${item?.id}/reviews`, { ...as('bo'), body: { score: 1, corrected: 'card_lost' } });
    await call('POST', `/api/review/items/${item?.id}/reviews`, { ...as('ana'), body: { score: 1, corrected: 'card_arrival' } });
    calls.length = 0;
    // Ana's undo: her label goes from the model, bo's (which still stands) comes back.
    expect((await call('DELETE', `/api/review/items/${item?.id}/reviews`, as('ana'))).json).toMatchObject({ untaught: { route: 'support-intent' }, taught: { label: 'card_lost' } });
    expect(calls).toEqual(['unlearn tr_web', 'learn tr_web card_lost']);
    calls.length = 0;
    // Bo's: nothing stands, the model keeps no person's label.
    expect((await call('DELETE', `/api/review/items/${item?.id}/reviews`, as('bo'))).json).toMatchObject({ untaught: { route: 'support-intent' }, taught: null });
    expect(calls).toEqual(['unlearn tr_web']);
    // An undone review without a correction leaves the model alone.
    calls.length = 0;
    await call('POST', `/api/review/items/${item?.id}/reviews`, { ...as('ana'), body: { score: 4 } });
    expect((await call('DELETE', `/api/review/items/${item?.id}/reviews`, as('ana'))).json).toMatchObject({ untaught: null, taught: null });
    expect(calls).toEqual([]);
  });

  it("refuses a correction of a local route's call that names none of its labels, and says which model learnt one", async () => {
    const labels = ['card_arrival', 'cash_withdrawal_charge'];
    const taught: [string, string][] = [];
    const { call, stores } = await start({
      correctionLabel: (route, corrected) => (route === 'support-intent' ? { labels, label: labels.find((l) => l === corrected.trim()) } : undefined),
      onCorrection: async (traceId, corrected) => (taught.push([traceId, corrected]), { route: 'support-intent', label: corrected }),
    });
    await stores.traces.insertTraces([makeTrace({ id: 'tr_intent', requestedModel: 'support-intent' })]);
    const [item] = await stores.reviews.enqueue([{ traceId: 'tr_intent', source: 'sample', reason: 'low confidence' }]);
    expect(((await call('GET', `/api/review/items/${item?.id}`, as('ana'))).json.labels as string[])).toEqual(labels);
    const typo = await call('POST', `/api/review/items/${item?.id}/reviews`, { ...as('ana'), body: { score: 1, corrected: 'cash withdrawl charge' } });
    expect(typo.status).toBe(400);
    expect(message(typo)).toBe(`corrected must be one of route "support-intent"'s labels, which its local model learns from, got "cash withdrawl charge" (did you mean "cash_withdrawal_charge"?); labels: card_arrival, cash_withdrawal_charge`);
    expect(await stores.reviews.reviewsOf(item?.id as string)).toEqual([]); // nothing stored
    const saved = await call('POST', `/api/review/items/${item?.id}/reviews`, { ...as('ana'), body: { score: 1, corrected: 'cash_withdrawal_charge' } });
    expect(saved).toMatchObject({ status: 201, json: { taught: { route: 'support-intent', label: 'cash_withdrawal_charge' } } });
    expect(taught).toEqual([['tr_intent', 'cash_withdrawal_charge']]);
    // Another model's call takes any corrected answer, and offers no labels.
    const [other] = await stores.reviews.enqueue([{ traceId: 'tr_web', source: 'manual', reason: 'check' }]);
    expect((await call('GET', `/api/review/items/${other?.id}`, as('ana'))).json.labels).toBeNull();
  });
});

describe('review input', () => {
  it('refuses a sampling rule whose match it cannot read, instead of sampling every trace', async () => {
    const { call, stores } = await start();
    const admin = { headers: bearer(ADMIN) };
    const rule = (match: unknown) => call('POST', '/api/review/rules', { ...admin, body: { name: 'support', rate: 0.5, match } });
    expect(await rule({ modle: 'support' })).toMatchObject({ status: 400, json: { error: { message: 'match: unknown field "modle" (did you mean "model"?) (known: model, keyName, key_name, provider, status, metadata)', param: 'match.modle' } } });
    expect(message(await rule({ model: 7 }))).toBe('match.model must be a string, got 7');
    expect(message(await rule({ status: 'failed' }))).toBe('match.status must be "ok" or "error", got "failed"');
    expect(message(await rule({ metadata: ['tier'] }))).toBe('match.metadata must be an object of field values such as {"tier": "free"}, got ["tier"]');
    // An object whose toString is not a function used to throw inside String() and answer 500.
    expect(await rule({ metadata: { tier: [{ toString: [] }] } })).toMatchObject({ status: 400, json: { error: { message: 'match.metadata.tier must be a string, number or boolean, got [{"toString":[]}]', param: 'match.metadata.tier' } } });
    // A field the prototype answers for is unknown too: `"toString" in MATCH_TEXT` was true, and the
    // rule was stored under a function's text as its field, matching (and sampling) every trace.
    for (const field of ['toString', 'constructor', '__proto__']) {
      expect(await rule(JSON.parse(`{"${field}":"support"}`))).toMatchObject({ status: 400, json: { error: { message: `match: unknown field "${field}" (known: model, keyName, key_name, provider, status, metadata)`, param: `match.${field}` } } });
    }
    expect(message(await rule('support'))).toBe('match must be an object such as {"model": "support"}, got "support"');
    // Past the bounds of a model name or of a trace's metadata a field matches nothing; it was
    // stored and shown on the rules page at any length (helper hostile3).
    expect(message(await rule({ model: 'm'.repeat(20_000) }))).toBe(`match.model "${'m'.repeat(40)}…" has 20000 characters; at most 256`);
    expect(message(await rule({ metadata: { ['k'.repeat(5000)]: 'v' } }))).toBe(`match.metadata key "${'k'.repeat(40)}…" has 5000 characters; expected 1 to 64, as a trace's metadata keys`);
    expect(await rule({ metadata: { tier: 'v'.repeat(513) } })).toMatchObject({ status: 400, json: { error: { message: "match.metadata.tier has 513 characters; at most 512, as a trace's metadata values", param: 'match.metadata.tier' } } });
    expect(message(await rule({ metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }))).toBe("match.metadata has 17 fields; at most 16, as a trace's metadata");
    expect(await stores.reviews.listRules()).toEqual([]);
    // The API's snake_case spelling of a key's name is read too; empty fields (an unfilled form) are left out.
    expect(await rule({ key_name: 'web', model: '', provider: null })).toMatchObject({ status: 201, json: { match: { keyName: 'web' } } });
    expect(message(await call('POST', '/api/review/rules', { ...admin, body: { name: 'x', rate: 2 } }))).toBe('rate must be a number from 0 to 1 (or percent from 0 to 100), got 2');
    expect(message(await call('POST', '/api/review/rules', { ...admin, body: { name: 'x', rate: 1, reviews_wanted: 11 } }))).toBe('reviews_wanted must be an integer from 1 to 10, got 11');
  });

  it('refuses review items with a mistyped count or trace id, instead of dropping or defaulting them', async () => {
    const { call, stores } = await start();
    const admin = { headers: bearer(ADMIN) };
    const queue = (body: unknown) => call('POST', '/api/review/items', { ...admin, body });
    expect(message(await queue({ trace_id: 'tr_web', reviews_wanted: '2' }))).toBe('reviews_wanted must be an integer from 1 to 10, got "2"');
    expect(message(await queue({ trace_id: 'tr_web', reviews_wanted: 2.5 }))).toBe('reviews_wanted must be an integer from 1 to 10, got 2.5');
    expect(message(await queue({ trace_ids: ['tr_web', 42] }))).toBe('trace_ids[1] must be a trace id (text), got 42');
    expect(message(await queue({ trace_ids: [] }))).toBe('trace_ids must be a non-empty list of trace ids, got []');
    expect(message(await queue({ trace_id: 42 }))).toBe('trace_id must be a trace id (text), got 42');
    expect(message(await queue({ trace_id: 'tr_web', source: 'robot' }))).toBe('source must be one of flag, feedback, eval, dataset, manual, sample, got "robot"');
    expect((await stores.reviews.stats()).open.manual).toBe(0);
    expect(await queue({ trace_ids: ['tr_web', 'tr_batch'], reviews_wanted: 2 })).toMatchObject({ status: 201, json: { items: [{ traceId: 'tr_web', reviewsWanted: 2 }, { traceId: 'tr_batch', reviewsWanted: 2 }] } });
    expect(message(await call('GET', '/api/review/queue?status=closed', admin))).toBe('status must be one of open, done, all, got "closed"');
  });
});

describe('GET /api/dimensions', () => {
  it('says which names are routes and whether the gateway takes any caller, beside the filter choices', async () => {
    const { call } = await start({ configuredModels: ['small', 'support'], configuredRoutes: ['support'] });
    const admin = { headers: bearer(ADMIN) };
    expect((await call('GET', '/api/dimensions', admin)).json).toMatchObject({ routeNames: ['support'], openGateway: false });
    server?.close();
    const open = await start({ keys: new KeyRegistry([]) });
    expect((await open.call('GET', '/api/dimensions', admin)).json).toMatchObject({ routeNames: [], openGateway: true });
  });
});
