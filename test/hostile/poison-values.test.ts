import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/loadtest/load-report.js';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * Values whose conversion to text throws, and names the prototype answers for (helper hostile2).
 * `String({"toString": []})` calls a toString that is not a function, falls back to valueOf
 * (the object itself) and throws: every translation that wrote a client's field into a data URL,
 * a text part or a message with String() answered 500 for it. And a table keyed by request text
 * (`RANGES[range]`, `field in MATCH_TEXT`) took `constructor` or `toString` as a known name.
 * Each is a 400 naming the field now, in the client's own error shape; the process keeps serving.
 */
const ADMIN = 'sk-sy-admin-poison';
let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
server: { admin_key: ${ADMIN} }
models:
  mini: { provider: oai, model: gpt-5.4-mini, price: { input_per_mtok: 0.75, output_per_mtok: 4.5 } }
  haiku: { provider: anth, model: claude-haiku-4-5, price: { input_per_mtok: 1, output_per_mtok: 5 } }
  flash: { provider: gem, model: gemini-2.5-flash, price: { input_per_mtok: 0.3, output_per_mtok: 2.5 } }
keys:
  - key: sk-sy-test
    name: poison
`);
});
afterAll(() => h.close());

const P = { toString: [] };

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: { error?: { message?: string; param?: string | null; status?: string } } }> {
  const res = await fetch(`${h.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'x-api-key': 'sk-sy-test', 'x-goog-api-key': 'sk-sy-test', 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as never };
}

const hi = (input: unknown[]) => [{ role: 'user', content: 'hi' }, ...input];
const BODIES: [what: string, path: string, body: (model: string) => unknown, param: string, models: string[]][] = [
  ['Responses input_text text', '/v1/responses', (model) => ({ model, input: [{ role: 'user', content: [{ type: 'input_text', text: P }] }] }), 'input[0].content[0].text', ['haiku', 'flash']],
  ['Responses refusal', '/v1/responses', (model) => ({ model, input: hi([{ role: 'assistant', content: [{ type: 'refusal', refusal: P }] }, { role: 'user', content: 'x' }]) }), 'input[1].content[0].refusal', ['haiku', 'flash']],
  ['Responses function_call namespace', '/v1/responses', (model) => ({ model, input: hi([{ type: 'function_call', call_id: 'c', name: 'f', namespace: P, arguments: '{}' }, { type: 'function_call_output', call_id: 'c', output: 'x' }]) }), 'input[1].namespace', ['haiku', 'flash']],
  ['Responses input token count text', '/v1/responses/input_tokens', (model) => ({ model, input: [{ role: 'user', content: [{ type: 'input_text', text: P }] }] }), 'input[0].content[0].text', ['haiku']],
  ['Messages image media_type', '/v1/messages', (model) => ({ model, max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: P, data: 'aGk=' } }] }] }), 'messages[0].content[0].source.media_type', ['mini', 'flash']],
  ['Messages image data', '/v1/messages', (model) => ({ model, max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: P } }] }] }), 'messages[0].content[0].source.data', ['mini', 'flash']],
  ['Messages image url', '/v1/messages', (model) => ({ model, max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: P } }] }] }), 'messages[0].content[0].source.url', ['mini', 'flash']],
  ['Messages text document data', '/v1/messages', (model) => ({ model, max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: P } }] }] }), 'messages[0].content[0].source.data', ['mini', 'flash']],
  ['Messages tool type', '/v1/messages', (model) => ({ model, max_tokens: 5, messages: [{ role: 'user', content: 'hi' }], tools: [{ type: P, name: 'x' }] }), 'tools[0].type', ['mini', 'flash', 'haiku']],
  ['Messages count_tokens text', '/v1/messages/count_tokens', (model) => ({ model, messages: [{ role: 'user', content: [{ type: 'text', text: P }] }] }), 'messages[0].content[0].text', ['mini', 'haiku']],
  ['Gemini countTokens cachedContent', '/v1beta/models/mini:countTokens', () => ({ cachedContent: [P], contents: [{ role: 'user', parts: [{ text: 'x' }] }] }), 'cachedContent', ['mini']],
];

describe('a value whose text cannot be made', () => {
  for (const [what, path, body, param, models] of BODIES) {
    it(`${what}: a 400 naming ${param}, not a 500`, async () => {
      for (const model of models) {
        const answer = await post(path, body(model));
        expect({ model, status: answer.status }).toEqual({ model, status: 400 });
        expect(answer.json.error?.message).toContain(param);
        expect(answer.json.error?.message).toContain('{"toString":[]}');
      }
    });
  }

  it('well-formed parts, sources and tools still answer', async () => {
    for (const model of ['haiku', 'flash']) {
      expect((await post('/v1/responses', { model, input: hi([{ role: 'assistant', content: [{ type: 'output_text', text: 'x' }] }, { type: 'function_call', call_id: 'c', name: 'f', namespace: null, arguments: '{}' }, { type: 'function_call_output', call_id: 'c', output: 'x' }]) })).status).toBe(200);
    }
    for (const model of ['mini', 'flash']) {
      const answer = await post('/v1/messages', { model, max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }, { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'doc' } }, { type: 'text', text: 'hi' }] }], tools: [{ type: 'custom', name: 'x', input_schema: { type: 'object' } }] });
      expect({ model, status: answer.status }).toEqual({ model, status: 200 });
    }
    expect((await fetch(`${h.gateway.url}/health`)).status).toBe(200);
  });
});

describe('an OTLP export whose attribute value is an object where text belongs', () => {
  it('is a 400 naming the attribute, and a kind named "toString" is not a kind', async () => {
    const span = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'step', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000100000000' };
    const otlp = (s: object) => ({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...span, ...s }] }] }] });
    const bad = await post('/v1/traces', otlp({ attributes: [{ key: 'k', value: { stringValue: P } }] }), { authorization: `Bearer ${ADMIN}` });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toBe('resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.stringValue: expected a string, got {"toString":[]}');
    const kind = await post('/v1/traces', otlp({ kind: 'toString' }), { authorization: `Bearer ${ADMIN}` });
    expect(kind.status).toBe(400);
    expect(kind.json.error?.message).toContain('spans[0].kind: expected an integer from 0 to 5, got "toString"');
    expect((await post('/v1/traces', otlp({ kind: 'SPAN_KIND_CLIENT' }), { authorization: `Bearer ${ADMIN}` })).status).toBe(200);
  });
});

describe('an admin query naming the prototype', () => {
  async function get(path: string): Promise<{ status: number; message: string }> {
    const res = await fetch(`${h.gateway.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const json = (await res.json()) as { error?: { message: string } };
    return { status: res.status, message: json.error?.message ?? '' };
  }

  it('range=constructor is a 400, not a range of NaN milliseconds answered 200 with no data', async () => {
    for (const path of ['/api/overview?', '/api/routes?', '/api/topics?route=mini&']) {
      for (const range of ['constructor', '__proto__', 'toString']) {
        const answer = await get(`${path}range=${range}`);
        expect({ path, range, status: answer.status }).toEqual({ path, range, status: 400 });
        // The overview and the routes also take range=auto (the day, or its last hour).
        expect(answer.message).toBe(`range must be one of 15m, 1h, 6h, 24h, 7d, 30d, 90d${path.includes('topics') ? '' : ', auto'}, got "${range}"`);
      }
    }
    expect((await get('/api/overview?range=7d')).status).toBe(200);
  });

  it('a 3,000-character range, by, traffic or status is quoted to 100 characters, not echoed whole', async () => {
    const long = 'x'.repeat(3000);
    for (const path of [`/api/overview?range=${long}`, `/api/overview?by=${long}`, `/api/overview?traffic=${long}`, `/api/traces?status=${long}`]) {
      const answer = await get(path);
      expect(answer.status).toBe(400);
      expect(answer.message).toContain(`"${'x'.repeat(100)}…"`);
      expect(answer.message.length).toBeLessThan(250);
    }
  });
});

describe('a load test report of another shape', () => {
  const sample = { dueMs: 0, lagMs: 1, latencyMs: 500, ttftMs: 100, status: 200, cause: null, inputTokens: 10, outputTokens: 20, costUsd: 0.001, unpriced: null, traceId: null, cache: null };
  const report = buildReport({ runId: 'lt_shape', model: 'mini', target: 'in-process', rps: 10, durationMs: 1_000, arrivals: 'uniform', samples: Array.from({ length: 10 }, () => sample), wallMs: 1_000, traces: new Map(), cpuMs: 5 });

  async function keep(body: unknown): Promise<{ status: number; message: string; param: string | null }> {
    const answer = await post('/api/loadtests', body, { authorization: `Bearer ${ADMIN}` });
    return { status: answer.status, message: answer.json.error?.message ?? '', param: answer.json.error?.param ?? null };
  }

  // The Load tests page reads each field as typed: one of these made it "This page failed to
  // render" in place of every run (an object as a React child, a missing distribution), or put
  // 100,000 characters in its table.
  it.each([
    ['a bottleneck kind that is an object', { bottleneck: { kind: P, reason: 'x' } }, 'bottleneck.kind'],
    ['no ttftMs', { ttftMs: undefined }, 'ttftMs'],
    ['a 100,000-character reason', { bottleneck: { kind: 'none', reason: 'r'.repeat(100_000) } }, 'bottleneck.reason'],
    ['a 100,000-character target', { target: 't'.repeat(100_000) }, 'target'],
    ['a latency that is text', { latencyMs: { p50: '1 s', p90: null, p99: null, max: null } }, 'latencyMs.p50'],
    ['a cost that is an object', { cost: { ...report.cost, perMonthUsd: P } }, 'cost.perMonthUsd'],
  ])('%s is a 400 naming the field, and nothing is kept', async (_what, change, param) => {
    const answer = await keep({ ...report, ...change, runId: 'lt_bad' });
    expect(answer.status).toBe(400);
    expect(answer.param).toBe(param);
    expect(answer.message.length).toBeLessThan(600);
    const res = await fetch(`${h.gateway.url}/api/loadtests/lt_bad`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(404);
  });

  it('a report as switchyard loadtest writes it is kept', async () => {
    expect((await keep(report)).status).toBe(201);
  });
});
