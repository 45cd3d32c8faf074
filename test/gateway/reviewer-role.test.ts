import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { bearer, callApi, messageOf } from '../../src/test-support/api-call.js';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// server.reviewer_key: a credential for people who work the review queue and nothing else. Driven
// through a real gateway's admin API, as a script (Bearer) and as the dashboard (a session).
const ADMIN_KEY = 'admin-key-reviewer-role';
const REVIEWER_KEY = 'reviewer-key-reviewer-role';
let h: Harness;
let traceId: string;

beforeAll(async () => {
  h = await startHarness('', (simUrl) => `${simProviders(simUrl)}\nmodels:\n  small: { provider: sim, model: standin-small, price: { input_per_mtok: 3, output_per_mtok: 15 } }\nserver: { admin_key: ${ADMIN_KEY}, reviewer_key: ${REVIEWER_KEY} }\nkeys: [ { key: sk-sy-reviewer-role-app, name: app, team: care } ]\n`);
  await h.openai('sk-sy-reviewer-role-app').chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Where is my card?' }] });
  traceId = (await h.waitForTrace((t) => t.keyName === 'app')).id;
}, 60_000);
afterAll(() => h.close());

const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) => callApi(h, method, path, headers, body);

describe('the reviewer role', () => {
  it('reads and decides the review queue with the reviewer key, and gets a 403 naming the role everywhere else', async () => {
    const queued = await call('POST', `/api/traces/${traceId}/review`, bearer(ADMIN_KEY), { reason: 'check the answer' });
    expect(queued.status).toBe(201);
    const itemId = queued.json.id as string;
    const ana = bearer(REVIEWER_KEY, 'ana');

    const queue = await call('GET', '/api/review/queue', ana);
    expect(queue.status).toBe(200);
    expect((queue.json.items as { id: string }[]).map((i) => i.id)).toContain(itemId);
    expect((await call('GET', `/api/review/items/${itemId}`, ana)).status).toBe(200);
    expect((await call('POST', `/api/review/items/${itemId}/claim`, ana)).status).toBeLessThan(300);
    const review = await call('POST', `/api/review/items/${itemId}/reviews`, ana, { score: 4, corrected: 'Your card arrives in 3 days.' });
    expect(review.status).toBe(201);
    expect(review.json).toMatchObject({ reviewer: 'ana', score: 4 });
    expect((await call('DELETE', `/api/review/items/${itemId}/reviews`, ana)).status).toBe(200);
    expect((await call('GET', '/api/review/stats', ana)).status).toBe(200);

    for (const [method, path, body] of [
      ['GET', '/api/keys'],
      ['POST', '/api/keys', { name: 'sneaky' }],
      ['PUT', '/api/teams/care', { budget: { usd: 1000, period: 'monthly' } }],
      ['GET', '/api/spend'],
      ['GET', '/api/overview'],
      ['GET', '/api/traces'],
      ['POST', '/api/review/rules', { name: 'all', rate: 1 }],
      ['GET', '/api/review/export'],
      ['PUT', '/api/credentials/sim', { api_key: 'sk-new' }],
      ['DELETE', '/api/sessions'],
    ] as const) {
      const refused = await call(method, path, ana, body);
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(messageOf(refused)).toBe(
        `${method} ${path} needs the admin role; "ana" has the reviewer role (the presented key is server.reviewer_key), which reads and decides the review queue only (/api/review/queue, /api/review/items/…, /api/review/stats); sign in with server.admin_key for the rest`,
      );
    }
    // Nothing a refused call asked for happened.
    expect(((await call('GET', '/api/keys', bearer(ADMIN_KEY))).json.keys as { name: string }[]).map((k) => k.name)).toEqual(['app']);
    // /metrics names every key and what it spent: not the reviewer's either.
    const metrics = await call('GET', '/metrics', ana);
    expect([metrics.status, messageOf(metrics)]).toEqual([403, expect.stringContaining('/metrics needs the admin role; "ana" has the reviewer role')]);
    expect((await call('GET', '/api/keys', bearer(ADMIN_KEY))).status).toBe(200);
  });

  it('signs in to the dashboard as a reviewer, whose session is refused outside the queue, and says which key signs in', async () => {
    expect((await call('GET', '/api/session', {})).json).toMatchObject({ mode: 'protected', role: null, reviewerKey: true });
    const login = await call('POST', '/api/session', {}, { name: 'bo', password: REVIEWER_KEY });
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ name: 'bo', role: 'reviewer' });
    const session = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] as string, 'x-switchyard-csrf': login.json.csrf as string };
    expect((await call('GET', '/api/session', session)).json).toMatchObject({ name: 'bo', role: 'reviewer' });
    expect((await call('GET', '/api/review/queue', session)).status).toBe(200);
    const refused = await call('GET', '/api/teams', session);
    expect([refused.status, messageOf(refused)]).toEqual([403, expect.stringContaining('"bo" has the reviewer role (signed in with server.reviewer_key)')]);
    // The same session, still live after /metrics refused it by role.
    expect((await call('GET', '/metrics', session)).status).toBe(403);
    expect((await call('GET', '/api/review/queue', session)).status).toBe(200);
    const wrong = await call('POST', '/api/session', {}, { name: 'bo', password: 'not-a-key-at-all' });
    expect([wrong.status, messageOf(wrong)]).toEqual([401, 'wrong admin key, reviewer key or personal reviewer key']);
    const admin = await call('POST', '/api/session', {}, { name: 'root', password: ADMIN_KEY });
    expect(admin.json).toMatchObject({ role: 'admin' });
  });

  it('is refused in a config without an admin key, or equal to it', () => {
    expect(() => parseConfig('server: { reviewer_key: reviewer-only-key }\n', 'gw.yaml')).toThrow('server.reviewer_key: needs server.admin_key');
    expect(() => parseConfig('server: { admin_key: same-key-twice, reviewer_key: same-key-twice }\n', 'gw.yaml')).toThrow('server.reviewer_key: must differ from server.admin_key');
  });
});
