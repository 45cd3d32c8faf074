import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * Query parameters on the admin and eval API (helper apiparams, 2026-12-05): each route declares
 * the ones it takes, and a name it does not take is a 400 naming it, the one most likely meant and
 * the known list. `GET /api/traces?limt=5` and `?stauts=error` answered the whole unfiltered list,
 * so a script's typo read as "no filter". Every documented parameter still works (the `valid`
 * query of each row answers 200 with all of them given), and each bad value names the parameter,
 * the value and what was expected.
 */
const ADMIN = 'sk-sy-admin-params';
let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
server: { admin_key: ${ADMIN} }
models:
  mini: { provider: oai, model: gpt-5.4-mini, price: { input_per_mtok: 0.75, output_per_mtok: 4.5 } }
keys:
  - key: sk-sy-test
    name: params
`);
});
afterAll(() => h.close());

interface Answer {
  status: number;
  error?: { message: string; param: string | null; type?: string };
}

async function call(method: string, path: string): Promise<Answer> {
  const res = await fetch(`${h.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}` } });
  const text = await res.text();
  const body = text.startsWith('{') ? (JSON.parse(text) as { error?: Answer['error'] }) : {};
  return { status: res.status, error: body.error };
}

const HOUR_AGO = Date.UTC(2026, 11, 5, 10);
const NOW = Date.UTC(2026, 11, 5, 11);

/**
 * One row per route family: its path, every parameter it documents given at once (each must be
 * read, the answer 200 or a 404 of the thing named), and bad values, each refused naming its param.
 */
const ROUTES: { path: string; known: string[]; valid: string; ok?: number; bad: [query: string, param: string, says: string][] }[] = [
  {
    path: '/api/traces',
    known: ['limit', 'model', 'key', 'provider', 'team', 'session', 'replica', 'status', 'guard', 'since', 'until', 'min_cost', 'min_latency_ms', 'q', 'sort', 'order', 'before', 'meta.*'],
    valid: `limit=5&model=mini&key=params&provider=oai&team=t&session=s1&replica=eu-1&status=error&guard=redact&since=${HOUR_AGO}&until=${NOW}&min_cost=0.5&min_latency_ms=10&q=hello&sort=cost&order=asc&meta.feature=refunds`,
    bad: [
      ['limit=0', 'limit', 'limit must be an integer from 1 to 500, got "0"'],
      ['status=fine', 'status', 'status must be "ok", "error" or an HTTP status, got "fine"'],
      ['sort=price', 'sort', 'sort must be one of time, latency, cost, tokens, got "price"'],
      ['order=up', 'order', 'order must be one of desc, asc, got "up"'],
      ['min_cost=cheap', 'min_cost', 'min_cost must be a number of at least 0, got "cheap"'],
      // A negative minimum filtered nothing, silently (walker, 2026-12-06).
      ['min_cost=-1', 'min_cost', 'min_cost must be a number of at least 0, got "-1"'],
      ['min_latency_ms=-5', 'min_latency_ms', 'min_latency_ms must be a number of at least 0, got "-5"'],
      ['since=yesterday', 'since', 'since must be ms since the epoch or an ISO date, got "yesterday"'],
      ['guard=redacted', 'guard', '(did you mean "redact"?)'],
    ],
  },
  {
    path: '/api/overview',
    known: ['range', 'since', 'until', 'by', 'top', 'traffic', 'replicas'],
    valid: 'range=7d&by=key&top=3&traffic=apps&replicas=20',
    bad: [
      ['by=colour', 'by', 'by must be one of model, provider, key, team, route, nested, got "colour"'],
      ['traffic=bots', 'traffic', 'traffic must be one of all, apps, evals, got "bots"'],
      ['top=51', 'top', 'top must be an integer from 1 to 50, got "51"'],
      // Each replica's row is its own: the answer lists at most 100 (names grow with restarts).
      ['replicas=101', 'replicas', 'replicas must be an integer from 1 to 100, got "101"'],
      ['replicas=0', 'replicas', 'replicas must be an integer from 1 to 100, got "0"'],
      ['range=1y', 'range', 'range must be one of 15m, 1h, 6h, 24h, 7d, 30d, 90d, auto, got "1y"'],
      // Both set the start: since won and range was dropped without a word (walker, 2026-12-06).
      [`range=1h&since=${HOUR_AGO}`, 'range', 'range and since both set where the range starts: give range=1h (ending at until, or now) or since=2026-12-05T10:00:00.000Z (to until, or now), not both'],
      [`since=${NOW}&until=${HOUR_AGO}`, 'since', 'since (2026-12-05T11:00:00.000Z) must be before until (2026-12-05T10:00:00.000Z)'],
      [`since=0&until=${NOW}`, 'since', 'since (1970-01-01T00:00:00.000Z) to until (2026-12-05T11:00:00.000Z) spans 20,792 days; a range spans at most 90 days'],
    ],
  },
  { path: '/api/routes', known: ['range', 'since', 'until'], valid: `since=${HOUR_AGO}&until=${NOW}`, bad: [['range=week', 'range', 'range must be one of'], [`range=auto&since=${HOUR_AGO}`, 'range', 'range and since both set where the range starts']] },
  {
    path: '/api/review/queue',
    known: ['source', 'status', 'limit'],
    valid: 'source=manual&status=all&limit=10',
    bad: [
      ['status=closed', 'status', 'status must be one of open, done, all, got "closed"'],
      ['source=robot', 'source', 'source must be one of flag, feedback, eval, dataset, manual, sample, got "robot"'],
    ],
  },
  { path: '/api/review/export', known: ['min_score', 'include_pending'], valid: 'min_score=3', bad: [['min_score=9', 'min_score', 'min_score must be an integer from 1 to 5, got "9"']] },
  { path: '/api/drift', known: ['route', 'limit'], valid: 'route=mini&limit=5', bad: [['limit=x', 'limit', 'limit must be an integer from 1 to 500, got "x"']] },
  { path: '/api/topics', known: ['range', 'since', 'until', 'route'], valid: 'route=mini&range=7d', bad: [['route=mini&range=7D', 'range', 'got "7D" (did you mean "7d"?)']] },
  { path: '/api/quality', known: ['range', 'since', 'until', 'route'], valid: 'route=mini&range=24h', bad: [['route=' + 'r'.repeat(5000), 'route', 'route must be a route or model name of at most']] },
  { path: '/api/models', known: ['route'], valid: 'route=mini', bad: [] },
  { path: '/api/loadtests', known: ['limit', 'model'], valid: 'limit=5&model=mini', bad: [['limit=1001', 'limit', 'limit must be an integer from 1 to 1000, got "1001"']] },
  { path: '/api/evals/runs', known: ['limit'], valid: 'limit=5', bad: [['limit=-1', 'limit', 'limit must be an integer from 1 to 500, got "-1"']] },
  { path: '/api/evals/runs/run_none/results', known: ['offset', 'limit', 'variant'], valid: 'offset=0&limit=10&variant=a', ok: 404, bad: [['offset=-1', 'offset', 'offset must be an integer from 0 to']] },
  { path: '/api/evals/compare', known: ['a', 'b', 'variants'], valid: 'a=run_a&b=run_b&variants=x:y', ok: 404, bad: [['a=run_a&b=run_b&variants=x', 'variants', 'variants must be pairs of variant names, as x:y,…, got "x"']] },
  { path: '/api/datasets/none/items', known: ['offset', 'limit', 'version'], valid: 'offset=0&limit=10&version=2', ok: 404, bad: [['version=1.5', 'version', 'version must be a version number or a prefix of its content hash']] },
  { path: '/api/feedback', known: ['trace_id'], valid: 'trace_id=tr_none', ok: 404, bad: [] },
  { path: '/api/knowledge/none/search', known: ['query', 'k'], valid: 'query=refunds&k=5', ok: 404, bad: [['k=0', 'k', 'k must be an integer from 1 to 50, got "0"']] },
];

/** Routes that take no query parameter at all. */
const BARE = ['/api/keys', '/api/teams', '/api/credentials', '/api/dimensions', '/api/retention', '/api/providers', '/api/sessions', '/api/session', '/api/alerts', '/api/review/stats', '/api/review/rules', '/api/datasets', '/api/judges', '/api/traces/tr_none', '/api/knowledge'];

describe('admin query parameters', () => {
  it.each(ROUTES)('$path reads every parameter it documents', async ({ path, valid, ok }) => {
    const answer = await call('GET', `${path}?${valid}`);
    expect({ path, status: answer.status, error: answer.status === 200 ? undefined : answer.error?.message }).toMatchObject({ path, status: ok ?? 200 });
    // A 404 is of the run, dataset or trace named, not of a parameter.
    if (ok === 404) expect(answer.error?.param ?? null).toBeNull();
  });

  it.each(ROUTES)('$path refuses a name it does not take, with the one meant and the known list', async ({ path, known }) => {
    const answer = await call('GET', `${path}?zzz=1`);
    expect(answer.status).toBe(400);
    expect(answer.error).toMatchObject({ param: 'zzz', type: 'invalid_request_error' });
    expect(answer.error?.message).toBe(`unknown query parameter "zzz"; known: ${known.join(', ')}`);
    // A typo of a known name: one letter dropped from the first of them.
    const first = known.find((name) => name.length >= 4 && !name.endsWith('*')) as string;
    const typo = first.slice(0, 1) + first.slice(2);
    const typed = await call('GET', `${path}?${typo}=1`);
    expect(typed.status).toBe(400);
    expect(typed.error?.message).toContain(`unknown query parameter "${typo}" (did you mean "${first}"?)`);
  });

  it.each(ROUTES.flatMap(({ path, bad }) => bad.map(([query, param, says]) => ({ path, query, param, says }))))('$path?$query is a 400 naming $param', async ({ path, query, param, says }) => {
    const answer = await call('GET', `${path}?${query}`);
    expect({ status: answer.status, param: answer.error?.param }).toEqual({ status: 400, param });
    expect(answer.error?.message).toContain(says);
    expect(answer.error?.message.length).toBeLessThan(400);
  });

  it.each(BARE)('%s takes no query parameter', async (path) => {
    expect((await call('GET', path)).status).not.toBe(400);
    const answer = await call('GET', `${path}?limit=5`);
    expect(answer.status).toBe(400);
    expect(answer.error).toMatchObject({ param: 'limit', message: 'unknown query parameter "limit"; this endpoint takes no query parameters' });
  });

  it('a one-letter name is read as an abbreviation: q means query, not k', async () => {
    // Every letter is one edit from every other: "did you mean "k"?" (walker, 2026-12-06).
    expect((await call('GET', '/api/traces?l=5')).error?.message).toMatch(/^unknown query parameter "l" \(did you mean "limit"\?\)/);
    expect((await call('GET', '/api/knowledge/handbook/search?q=refund')).error?.message).toMatch(/^unknown query parameter "q" \(did you mean "query"\?\)/);
    expect((await call('GET', '/api/overview?x=1')).error?.message).toBe('unknown query parameter "x"; known: range, since, until, by, top, traffic, replicas');
  });

  it('the typos the brief names read as errors, not as no filter', async () => {
    expect((await call('GET', '/api/traces?limt=5')).error?.message).toMatch(/^unknown query parameter "limt" \(did you mean "limit"\?\)/);
    expect((await call('GET', '/api/traces?stauts=error')).error?.message).toMatch(/^unknown query parameter "stauts" \(did you mean "status"\?\)/);
  });

  it('a parameter given twice, or in list form, is refused whatever the route', async () => {
    for (const path of ['/api/overview?by=key&by=model', '/api/review/queue?limit=1&limit=2', '/api/evals/runs?limit=1&limit=2']) {
      const answer = await call('GET', path);
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(answer.error?.message).toMatch(/is given 2 times .*only one value is read/);
    }
    const list = await call('GET', '/api/review/queue?status[]=open');
    expect(list.error).toMatchObject({ param: 'status[]', message: expect.stringContaining('each takes one value, as "status=…"') });
  });

  it('changes take only what they declare: POST and DELETE routes refuse a stray parameter too', async () => {
    const rule = await call('POST', '/api/review/rules?dry_run=1');
    expect(rule.error).toMatchObject({ param: 'dry_run', message: 'unknown query parameter "dry_run"; this endpoint takes no query parameters' });
    const del = await call('DELETE', '/api/models/mini?forse=true');
    expect(del.error?.message).toBe('unknown query parameter "forse" (did you mean "force"?); known: version, force, examples');
    expect((await call('DELETE', '/api/models/mini?force=yes')).error).toMatchObject({ param: 'force', message: 'force must be true or false, got "yes"' });
    const topic = await call('POST', '/api/topics/1/review?route=mini&rnage=7d');
    expect(topic.error?.message).toContain('unknown query parameter "rnage" (did you mean "range"?)');
  });

  it('hostile names and values are clipped in the error, and the server keeps serving', async () => {
    // 100 kB in the request line is past Node's header limit: refused before any route reads it.
    expect((await call('GET', `/api/traces?${'n'.repeat(100_000)}=1`)).status).toBe(431);
    expect((await call('GET', `/api/traces?${'n'.repeat(9_000)}=1`)).status).toBe(414);
    const name = 'n'.repeat(3_000);
    const long = await call('GET', `/api/traces?${name}=1`);
    expect(long.status).toBe(400);
    expect(long.error?.message.length).toBeLessThan(500);
    expect(long.error?.param?.length).toBeLessThanOrEqual(100);
    const value = await call('GET', `/api/overview?by=${'v'.repeat(3_000)}`);
    expect(value.status).toBe(400);
    expect(value.error?.message.length).toBeLessThan(300);
    const repeated = await call('GET', `/api/traces?${name}=1&${name}=2`);
    expect(repeated.error?.message.length).toBeLessThan(500);
    const family = await call('GET', `/api/traces?meta.${name}=1&meta.=${name}`);
    expect(family.error?.message.length).toBeLessThan(500);
    // A metadata key no trace can hold (over 64 characters) is named, not sent on to the store.
    const longKey = await call('GET', `/api/traces?meta.${name}=1`);
    expect(longKey.status).toBe(400);
    expect(longKey.error?.message).toContain('has 3000 characters; a metadata key has 1 to 64');
    expect((await call('GET', '/api/traces?limit=1')).status).toBe(200);
  });
});
