import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRuns } from '../../src/test-support/fuzz-runs.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { PROTOTYPE_NAMES } from '../../src/test-support/hostile-json.js';

/**
 * The query strings of the admin API's GET routes (helper hostile2). A parameter looked up in a
 * table by its value took the prototype's names as known ones: `?range=constructor` made every
 * monitor view a range of NaN milliseconds. Any parameter with any value is answered below 500,
 * and an error quotes the value short.
 */
const ADMIN = 'sk-sy-admin-query';
let h: Harness;
beforeAll(async () => {
  h = await startHarness(`server: { admin_key: ${ADMIN} }`);
  const res = await fetch(`${h.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'x-switchyard-metadata': '{"tier":"free"}' },
    body: JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(res.status).toBe(200);
  const stored = await fetch(`${h.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test' }, body: JSON.stringify({ model: 'small', input: 'hi', store: true }) });
  expect(stored.status).toBe(200);
  responseId = ((await stored.json()) as { id: string }).id;
  await h.waitForTrace((trace) => trace.status === 200);
});
let responseId = '';
afterAll(() => h.close());

async function get(path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${h.gateway.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return { status: res.status, text: await res.text() };
}

const PATHS = [
  '/api/alerts', '/api/credentials', '/api/datasets', '/api/datasets/nope', '/api/datasets/nope/items', '/api/dimensions', '/api/drift', '/api/evals/compare',
  '/api/evals/runs', '/api/evals/runs/nope', '/api/evals/runs/nope/results', '/api/judges', '/api/keys', '/api/loadtests', '/api/models', '/api/overview', '/api/providers',
  '/api/quality', '/api/retention', '/api/review/export', '/api/review/queue', '/api/review/rules', '/api/review/stats', '/api/routes', '/api/sessions', '/api/teams',
  '/api/topics', '/api/traces', '/api/traces/nope', '/api/traces/nope/spans', '/api/metrics/timeseries', '/api/spans', '/v1/models',
];
const NAMES = [
  'a', 'after', 'after_id', 'b', 'before', 'before_id', 'by', 'key', 'limit', 'min_cost', 'min_latency_ms', 'min_score', 'model', 'offset', 'order', 'pageSize', 'pageToken',
  'range', 'route', 'since', 'source', 'starting_after', 'status', 'stream', 'top', 'trace_id', 'traffic', 'until', 'variant', 'variants', 'version', 'team', 'q', 'provider',
  'meta.tier', 'meta.toString', 'meta.__proto__', 'meta.constructor', 'tag.tier', 'endpoint', 'force', 'format', 'dataset', 'run', ...PROTOTYPE_NAMES,
];
const VALUES = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES, '', ' ', '-1', '0', '1.5', '1e400', 'NaN', 'Infinity', '0x10', 'x'.repeat(3000), '\u0000', '\u202E', '\uD800', '%', '[]', '{}', '24h', '7d', 'error', 'ok'),
  fc.string({ maxLength: 12 }),
);

describe('any parameter with any value in a model API query string', () => {
  it('is answered below 500, and an error quotes the value short', async () => {
    const paths = [`/v1/responses/${responseId}`, `/v1/responses/${responseId}/input_items`, '/v1/responses/resp_nope', '/v1/models', '/v1/models/small', '/v1beta/models', '/v1beta/models/small'];
    const names = ['stream', 'starting_after', 'include', 'include[0]', 'include[]', 'limit', 'order', 'after', 'before', 'after_id', 'before_id', 'pageSize', 'pageToken', 'alt', 'key', ...PROTOTYPE_NAMES];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.array(fc.tuple(fc.constantFrom(...names), VALUES), { minLength: 1, maxLength: 3 }), async (path, pairs) => {
        const query = new URLSearchParams(pairs).toString();
        const res = await fetch(`${h.gateway.url}${path}?${query}`, { headers: { authorization: 'Bearer sk-sy-test', 'x-goog-api-key': 'sk-sy-test' } });
        const text = await res.text();
        const shown = `${res.status} for ${path}?${query.slice(0, 200)}: ${text.slice(0, 200)}`;
        if (res.status >= 500) throw new Error(shown);
        if (res.status >= 400 && res.status !== 414 && text.length > 1000) throw new Error(`a ${text.length}-character error: ${shown}`);
        return true;
      }),
      { numRuns: fuzzRuns(100) },
    );
  });

  it('an include value of 3,000 characters is quoted to 100, in OpenAI\'s words', async () => {
    const res = await fetch(`${h.gateway.url}/v1/responses/${responseId}?include=${'x'.repeat(3000)}`, { headers: { authorization: 'Bearer sk-sy-test' } });
    const message = ((await res.json()) as { error: { message: string } }).error.message;
    expect(res.status).toBe(400);
    expect(message).toMatch(new RegExp(`^Invalid value: 'x{100}…'\\. Supported values are: 'file_search_call\\.results', `));
  });
});

describe('any parameter with any value in an admin query string', () => {
  it('is answered below 500, and an error quotes the value short', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), fc.array(fc.tuple(fc.constantFrom(...NAMES), VALUES), { minLength: 1, maxLength: 3 }), async (path, pairs) => {
        const query = new URLSearchParams(pairs).toString();
        const answer = await get(`${path}?${query}`);
        const shown = `${answer.status} for ${path}?${query.slice(0, 200)}: ${answer.text.slice(0, 200)}`;
        if (answer.status >= 500) throw new Error(shown);
        if (answer.status >= 400 && answer.status !== 414 && answer.text.length > 1000) throw new Error(`a ${answer.text.length}-character error: ${shown}`);
        return true;
      }),
      { numRuns: fuzzRuns(150) },
    );
    expect((await fetch(`${h.gateway.url}/health`)).status).toBe(200);
  });
});
