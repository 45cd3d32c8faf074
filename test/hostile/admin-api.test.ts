import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { fuzzRuns } from '../../src/test-support/fuzz-runs.js';
import { hostileJson, withField } from '../../src/test-support/hostile-json.js';

const ADMIN = 'sk-sy-admin-hostile';
let h: Harness;
beforeAll(async () => {
  h = await startHarness(`server: { admin_key: ${ADMIN} }`);
});
afterAll(async () => {
  await h.close();
});

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

async function call(method: string, path: string, init: { body?: string | Uint8Array; headers?: Record<string, string> } = {}): Promise<Answer> {
  const auth = path.startsWith('/api') || path === '/metrics' ? ADMIN : 'sk-sy-test';
  const res = await fetch(`${h.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${auth}`, 'anthropic-version': '2023-06-01', ...init.headers }, body: init.body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The error message of an answer in either API shape, or a failure naming what came instead. */
function messageOf(answer: Answer): string {
  const body = JSON.parse(answer.text) as { error?: { message?: unknown } };
  if (typeof body.error?.message !== 'string') throw new Error(`no error message in ${answer.text.slice(0, 200)}`);
  return body.error.message;
}

async function stillServing(): Promise<void> {
  expect((await fetch(`${h.gateway.url}/health`)).status).toBe(200);
}

describe('a method a path does not take is a 405 naming the ones it does', () => {
  it.each([
    ['PATCH', '/api/traces', 'GET, HEAD'],
    ['PUT', '/api/keys', 'GET, POST, HEAD'],
    ['DELETE', '/api/overview', 'GET, HEAD'],
    ['PATCH', '/api/session', 'GET, POST, DELETE, HEAD'],
    ['PUT', '/api/feedback', 'POST, GET, HEAD'],
    ['POST', '/metrics', 'GET, HEAD'],
    ['GET', '/v1/traces', 'POST'],
    ['PUT', '/v1/chat/completions', 'POST'],
    ['DELETE', '/v1/messages', 'POST'],
    ['GET', '/v1/messages/count_tokens', 'POST'],
    ['PATCH', '/v1/responses/resp_nope', 'GET, DELETE, HEAD'],
    ['POST', '/health', 'GET, HEAD'],
    ['DELETE', '/health', 'GET, HEAD'],
    ['POST', '/v1/models', 'GET, HEAD'],
    ['PUT', '/v1/models/small', 'GET, HEAD'],
  ])('%s %s → 405, Allow: %s, a JSON error naming the method', async (method, path, allow) => {
    const answer = await call(method, path, { body: method === 'GET' ? undefined : '{}', headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe(allow);
    expect(messageOf(answer)).toMatch(new RegExp(`takes .*, not ${method}$`));
  });

  it('GET and HEAD still answer /health and /v1/models', async () => {
    expect((await call('GET', '/health')).status).toBe(200);
    expect((await call('HEAD', '/health')).status).toBe(200);
    expect((await call('GET', '/v1/models')).status).toBe(200);
    expect((await call('HEAD', '/v1/models')).status).toBe(200);
  });
});

describe('hostile identifiers are named, not carried, in admin error messages', () => {
  const long = `id${'x'.repeat(5000)}`;

  it.each([
    ['GET', `/api/datasets/${long}`],
    ['GET', `/api/evals/runs/${long}`],
    ['GET', `/api/judges/${long}`],
    ['DELETE', `/api/keys/${long}`],
    ['POST', `/api/keys/${long}/rotate`],
    ['DELETE', `/api/teams/${long}`],
    ['PUT', `/api/teams/${long}`],
    ['DELETE', `/api/credentials/${long}`],
  ])('%s a 5,000-character id is a 4xx whose message quotes 100 characters of it', async (method, path) => {
    const answer = await call(method, path, { body: method === 'GET' || method === 'DELETE' ? undefined : '{}', headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    const message = messageOf(answer);
    expect(message).toContain(`"${long.slice(0, 100)}…"`);
    expect(message.length).toBeLessThan(400);
  });
});

const anyJson = fc.oneof(
  hostileJson(['model', 'status', 'metadata', 'tier', 'usd', 'period', 'input', 'expected', 'score']),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, '', [], {}, -1, 0, 1.5, 1e308, 'x'.repeat(5000), '\u0000', '__proto__', [null], [{}], { __proto__: 1 }, { constructor: { prototype: { polluted: true } } }),
);

// Every admin endpoint that takes a body, with a valid body and the fields (nested ones too) the
// fuzzer replaces. Providers and rules are ones the other tests here do not call.
const BODIES: readonly [method: string, path: string, base: object, fields: readonly string[]][] = [
  ['POST', '/api/keys', { name: 'fuzz', team: 'fuzzers', models: ['small'], budget: { usd: 1, period: 'monthly' }, rate_limit: { requests_per_minute: 10 } }, ['name', 'team', 'models', 'models.0', 'budget', 'budget.usd', 'budget.period', 'rate_limit', 'rate_limit.requests_per_minute', '__proto__', 'constructor']],
  ['PUT', '/api/teams/fuzzers', { budget: { usd: 5, period: 'daily' }, rate_limit: { tokens_per_minute: 1000 } }, ['budget', 'budget.usd', 'budget.period', 'rate_limit', 'rate_limit.tokens_per_minute', 'extra']],
  ['PUT', '/api/credentials/down', { api_key: 'sk-fuzz' }, ['api_key', 'headers', 'base_url']],
  ['POST', '/api/review/rules', { name: 'fuzz', rate: 0.5, match: { model: 'small', status: 'error', metadata: { tier: 'free' } } }, ['name', 'rate', 'percent', 'match', 'match.model', 'match.status', 'match.metadata', 'match.metadata.tier', 'reviews_wanted', 'enabled']],
  ['POST', '/api/review/items', { trace_ids: ['tr_nope'], reason: 'fuzz' }, ['trace_ids', 'trace_ids.0', 'trace_id', 'reason', 'dataset_id', 'dataset_item_id', 'input', 'output']],
  ['POST', '/api/review/to-dataset', { dataset: 'fuzzed', trace_ids: ['tr_nope'] }, ['dataset', 'trace_ids', 'trace_ids.0', 'status']],
  ['POST', '/api/datasets/fuzzed/items', { items: [{ input: 'hi', expected: 'hello', metadata: { tier: 'free' } }] }, ['items', 'items.0', 'items.0.input', 'items.0.expected', 'items.0.output', 'items.0.human_score', 'items.0.metadata', 'items.0.id']],
  ['POST', '/api/datasets/fuzzed/traces', { trace_ids: ['tr_nope'], reviews: { tr_nope: { score: 2, correction: 'better' } }, tags: { tier: 'free' } }, ['trace_ids', 'trace_ids.0', 'model', 'key', 'since', 'status', 'limit', 'tags', 'tags.tier', 'reviews', 'reviews.tr_nope', 'reviews.tr_nope.score', 'reviewed_only']],
  ['POST', '/api/feedback', { trace_id: 'tr_nope', thumbs: 'up', comment: 'fine' }, ['trace_id', 'thumbs', 'score', 'comment', 'corrected_output']],
  ['POST', '/api/traces/tr_nope/review', { reason: 'fuzz', reviews_wanted: 2 }, ['reason', 'reviews_wanted', 'score']],
  ['POST', '/api/loadtests', { runId: 'lt_fuzz' }, ['runId', 'target', 'results']],
  // The rest of the admin API's bodies (helper hostile2): reports, topics, runs, models, sessions.
  ['POST', '/api/drift', { route: 'small', current: '24h', reference: '7d' }, ['route', 'current', 'reference', 'current_since', 'reference_since', 'reference_until', 'toString']],
  ['POST', '/api/topics/0/review?route=small', { limit: 5, reason: 'fuzz' }, ['limit', 'reason', 'constructor']],
  ['POST', '/api/topics/0/dataset?route=small', { dataset: 'fuzz-topic', limit: 5 }, ['dataset', 'limit']],
  ['POST', '/api/evals/runs/run_nope/review', { below: 0.5 }, ['below']],
  ['POST', '/api/review/items/ri_nope/reviews', { score: 3, pass: true, corrected: 'x', comment: 'y' }, ['score', 'pass', 'corrected', 'comment', '__proto__']],
  ['POST', '/api/models/small/promote', { version: 1, from: 'v0' }, ['version', 'from']],
  ['POST', '/api/models/small/demote', { reason: 'fuzz', from: 'v1' }, ['reason', 'from']],
  ['POST', '/api/models/small/rollback', { to: 1, from: 2 }, ['to', 'from']],
  ['POST', '/api/keys/nope/rotate', { grace_seconds: 60 }, ['grace_seconds']],
];

describe('any value in any field of an admin body is answered below 500 with a short, named error', () => {
  it.each(BODIES)('%s %s', async (method, path, base, fields) => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), anyJson, async (field, value) => {
        const answer = await call(method, path, { body: JSON.stringify(withField(base, field, value)), headers: { 'content-type': 'application/json' } });
        if (answer.status >= 500) return false;
        // Errors name the value; they do not carry 5,000 characters of it back.
        return answer.status < 400 || messageOf(answer).length < 1000;
      }),
      { numRuns: fuzzRuns(40) },
    );
  });

  it('a 5,000-character value where a number or an id belongs is named in a clipped error, not echoed whole', async () => {
    const long = 'x'.repeat(5000);
    const cases: [path: string, body: object, param: string][] = [
      ['/api/review/rules', { name: 'fuzz', rate: long }, 'rate'],
      ['/api/review/items', { trace_ids: [[long]], reason: 'fuzz' }, 'trace_ids'],
      // A drift report on a name no route or model can have was stored under it before.
      ['/api/drift', { route: long }, 'route'],
      // A window that is no duration was echoed whole (found by this file's fuzz, helper hostile2).
      ['/api/drift', { reference: long }, 'reference'],
      ['/api/drift', { current: long }, 'current'],
    ];
    for (const [path, body, param] of cases) {
      const answer = await call('POST', path, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      expect(answer.status).toBe(400);
      expect(messageOf(answer)).toContain(param);
      expect(messageOf(answer).length).toBeLessThan(200);
    }
  });

  it('whole bodies of any JSON type, broken JSON, a BOM and non-UTF-8 bytes are 4xx that say what was wrong', async () => {
    const texts: [body: string | Uint8Array, expected: RegExp][] = [
      ['[]', /must be a JSON object, got an array/],
      ['"text"', /must be a JSON object, got string/],
      ['null', /must be a JSON object/],
      ['{"name":', /not valid JSON/],
      ['\uFEFF{"name":"bom"}', /byte order mark/],
      [new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), /not valid UTF-8/],
      [`{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`, /more than 128 levels deep/],
    ];
    for (const [body, expected] of texts) {
      const answer = await call('POST', '/api/review/rules', { body, headers: { 'content-type': 'application/json' } });
      expect(answer.status, String(body).slice(0, 40)).toBe(400);
      expect(messageOf(answer)).toMatch(expected);
    }
  });

  it('a mistyped filter field is a 400, not a filter widened to every trace', async () => {
    for (const body of [{ reviews: { tr_1: 5 } }, { model: 5 }, { limit: 'ten' }, { trace_ids: [{}] }, { reviews: { tr_1: null } }]) {
      const answer = await call('POST', '/api/datasets/widened/traces', { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(messageOf(answer)).toMatch(/^(reviews|model|limit|trace_ids)/);
    }
  });

  it('unknown fields are named (cut short, ten at most) instead of ignored', async () => {
    const drift = await call('POST', '/api/drift', { body: JSON.stringify({ rout: 'small' }), headers: { 'content-type': 'application/json' } });
    expect(drift.status).toBe(400);
    expect(messageOf(drift)).toMatch(/^unknown field "rout" \(did you mean "route"\?\)/);
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${i}${'k'.repeat(5000)}`, i]));
    const key = await call('POST', '/api/keys', { body: JSON.stringify({ name: 'many-fields', ...many }), headers: { 'content-type': 'application/json' } });
    expect(key.status).toBe(400);
    expect(messageOf(key)).toMatch(/unknown fields "0k{99}…", .* and 40 more$/);
    expect(messageOf(key).length).toBeLessThan(1500);
  });

  // Each body the admin API reads, with one field misspelt: before, the field was dropped and the
  // rest acted on (a review without its label, a rule sampling at the default, a feedback without its comment).
  it.each([
    ['POST', '/api/review/rules', { name: 'typo', rate: 0.5, reviews_wantd: 2 }, 'reviews_wantd', 'reviews_wanted'],
    ['POST', '/api/review/items', { trace_id: 'tr_nope', reasn: 'typo' }, 'reasn', 'reason'],
    ['POST', '/api/review/items/ri_nope/reviews', { score: 3, coment: 'typo' }, 'coment', 'comment'],
    ['POST', '/api/review/to-dataset', { dataset: 'typo', trace_ids: ['tr_nope'], label: 'x' }, 'label', undefined],
    ['POST', '/api/feedback', { trace_id: 'tr_nope', thumbs: 'down', coment: 'wrong' }, 'coment', 'comment'],
    ['POST', '/api/traces/tr_nope/review', { reviews_wnated: 2 }, 'reviews_wnated', 'reviews_wanted'],
    ['POST', '/api/topics/0/review?route=small', { limt: 5 }, 'limt', 'limit'],
    ['POST', '/api/topics/0/dataset?route=small', { dataset: 'typo', limt: 5 }, 'limt', 'limit'],
    ['POST', '/api/datasets/typo/items', { items: [{ input: 'hi' }], sourc: 'api' }, 'sourc', 'source'],
    ['POST', '/api/evals/runs/run_nope/review', { belo: 0.5 }, 'belo', 'below'],
    ['POST', '/api/keys/nope/rotate', { grace_second: 60 }, 'grace_second', 'grace_seconds'],
    ['PUT', '/api/credentials/down', { apikey: 'sk-typo' }, 'apikey', 'api_key'],
  ] as const)('%s %s with a misspelt field is a 400 naming it', async (method, path, body, field, meant) => {
    const answer = await call(method, path, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect(answer.status, answer.text).toBe(400);
    expect(messageOf(answer)).toMatch(new RegExp(`^unknown field "${field}"${meant ? ` \\(did you mean "${meant}"\\?\\)` : ''} \\(known: `));
    expect((JSON.parse(answer.text) as { error: { param?: string } }).error.param).toBe(field);
  });

  it.each([
    ['/api/keys/nope/rotate', 'grace_second'],
    ['/api/reviewers/nope/rotate', 'grace_seconds'],
  ] as const)('POST %s with its body sent chunked (no content-length) is read too: %s is a 400', async (path, field) => {
    // A streamed body goes out chunked; these actions skipped reading any body without a
    // content-length, so an option sent that way was silently dropped.
    const text = new TextEncoder().encode(JSON.stringify({ [field]: 60 }));
    const body = new ReadableStream<Uint8Array>({ start: (controller) => (controller.enqueue(text), controller.close()) });
    const res = await fetch(`${h.gateway.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    const answer = { status: res.status, headers: res.headers, text: await res.text() };
    expect(answer.status, answer.text).toBe(400);
    expect(messageOf(answer)).toMatch(new RegExp(`^unknown field "${field}"`));
    await stillServing();
  });

  it('a sampling rule with a misspelt match field, or a misspelt field in an update, says which it meant', async () => {
    const json = { 'content-type': 'application/json' };
    const answer = await call('POST', '/api/review/rules', { body: JSON.stringify({ name: 'typo', rate: 0.5, match: { modle: 'small' } }), headers: json });
    expect(answer.status).toBe(400);
    expect(messageOf(answer)).toMatch(/^match: unknown field "modle" \(did you mean "model"\?\)/);
    const created = JSON.parse((await call('POST', '/api/review/rules', { body: JSON.stringify({ name: 'typo', rate: 0.5 }), headers: json })).text) as { id: string };
    const update = await call('PUT', `/api/review/rules/${created.id}`, { body: JSON.stringify({ name: 'typo', rate: 0.5, enabeld: false }), headers: json });
    expect(messageOf(update)).toMatch(/^unknown field "enabeld" \(did you mean "enabled"\?\)/);
    expect(messageOf(await call('PUT', `/api/review/rules/${created.id}`, { body: JSON.stringify({ name: 'typo', rate: 0.5, enabled: 'no' }), headers: json }))).toBe('enabled must be true or false, got "no"');
    await call('DELETE', `/api/review/rules/${created.id}`);
  });

  it('query integers are decimal digits: hex, exponents and spaces are 400s naming the parameter', async () => {
    for (const [path, param] of [['/api/traces?limit=0x10', 'limit'], ['/api/traces?limit=1e2', 'limit'], ['/api/traces?limit=%205', 'limit'], ['/api/overview?top=0x8', 'top'], ['/api/loadtests?limit=0x10', 'limit'], ['/api/review/queue?limit=2.0', 'limit']] as const) {
      const answer = await call('GET', path);
      expect(answer.status, path).toBe(400);
      expect(messageOf(answer), path).toMatch(new RegExp(`^${param} must be an integer from \\d+ to \\d+, got "`));
    }
    expect((await call('GET', '/v1/models?limit=0x10', { headers: { 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-sy-test' } })).status).toBe(400);
    expect((await call('GET', '/api/traces?limit=16')).status).toBe(200);
  });

  it('a session name with control characters, over 64 characters or not text is a 400, not cut or blanked silently', async () => {
    const json = { 'content-type': 'application/json' };
    for (const [name, expected] of [['\u0007ana\u001b[2J', /^name must be at most 64 characters, none of them control characters, got "\\u0007ana\\u001b\[2J"$/], ['a'.repeat(65), /^name must be at most 64/], [5, /^name: expected a string \(reviews are signed with it\), got 5$/], ['  ', /^name is required: reviews are signed with it \(got "  "\)$/]] as const) {
      const answer = await call('POST', '/api/session', { body: JSON.stringify({ name, password: ADMIN }), headers: json });
      expect(answer.status).toBe(400);
      expect(messageOf(answer)).toMatch(expected);
    }
    // A bidirectional control (helper hostile11): audit lines printed it through JSON.stringify, reordered.
    const rlo = await call('POST', '/api/session', { body: JSON.stringify({ name: 'ana\u202enimda', password: ADMIN }), headers: json });
    expect(rlo.status).toBe(400);
    expect(messageOf(rlo)).toBe('name must hold no bidirectional controls (they show it reordered), got "ana\\u202enimda"');
    // A character that draws nothing: "ana\u200b" signed reviews every page showed as ana's.
    const hidden = await call('POST', '/api/session', { body: JSON.stringify({ name: 'ana\u200b', password: ADMIN }), headers: json });
    expect(hidden.status).toBe(400);
    expect(messageOf(hidden)).toBe('name must hold no invisible characters (zero-width space, word joiner, BOM, soft hyphen: they make it read as another name), got "ana\\u200b"');
    // Joiners stay: Persian and Indic names and emoji need them.
    expect((await call('POST', '/api/session', { body: JSON.stringify({ name: 'می\u200cخواهم', password: ADMIN }), headers: json })).status).toBe(200);
    expect((await call('POST', '/api/session', { body: JSON.stringify({ name: 'Ana Lívia', password: ADMIN }), headers: json })).status).toBe(200);
  });

  it('a trace id of the wrong type is named, not dropped from the list', async () => {
    const answer = await call('POST', '/api/review/to-dataset', { body: JSON.stringify({ dataset: 'typo', trace_ids: ['tr_nope', 7] }), headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(400);
    expect(messageOf(answer)).toBe('trace_ids[1] must be a trace id (text), got 7');
  });

  it('no body reaches Object.prototype, and the gateway keeps serving', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await stillServing();
  });
});
