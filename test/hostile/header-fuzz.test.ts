import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRuns } from '../../src/test-support/fuzz-runs.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { hostileJson, PROTOTYPE_NAMES } from '../../src/test-support/hostile-json.js';

/**
 * The request headers the gateway reads, each with any value a client can send (helper hostile2):
 * `x-switchyard-metadata` holding any JSON (objects whose text cannot be made, prototype names as
 * keys), the session, cache and version headers with prototype names, control-free junk and long
 * text. Every call is answered below 500; what was accepted is traced and the overview still adds
 * it up.
 */
const ADMIN = 'sk-sy-admin-headers';
let h: Harness;
beforeAll(async () => {
  h = await startHarness(`server: { admin_key: ${ADMIN} }`);
});
afterAll(() => h.close());

/** Header values as Node sends them: visible ASCII and spaces (fetch refuses control characters). */
const headerText = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES, '', ' ', 'no-store', 'no-cache', 'max-age=0', '2023-06-01', 'x'.repeat(4000), '{}', '[]', 'null', '1e999', 'on', 'off', 'true'),
  fc.string({ maxLength: 16, unit: fc.constantFrom(...'abcxyz019 -_=,;:{}[]"\\/.'.split('')) }),
);
/** `x-switchyard-metadata`: JSON of any shape, as ASCII (what a header carries). */
const metadataText = fc.oneof(
  hostileJson(['tier', 'feature', 'user'], 2).map((value) => JSON.stringify(value) ?? 'null'),
  fc.constantFrom('{"toString":{"toString":[]}}', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":1}}}', `{"a":"${'v'.repeat(3000)}"}`),
).map((text) => text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));

const HEADERS = ['x-switchyard-session', 'x-switchyard-cache', 'x-switchyard-reviewer', 'cache-control', 'anthropic-version', 'anthropic-beta', 'openai-beta', 'content-type', 'content-encoding', 'x-api-key', 'x-goog-api-key'] as const;

describe('any value in any header the gateway reads', () => {
  it('is answered below 500 on every model API, and the gateway keeps serving', async () => {
    // A sampling rule on a metadata field, so each trace's metadata is read by the review sampler.
    const rule = await fetch(`${h.gateway.url}/api/review/rules`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'tier', rate: 1, match: { metadata: { tier: 'free' } } }) });
    expect(rule.status).toBe(201);
    const calls: [path: string, body: object][] = [
      ['/v1/chat/completions', { model: 'small', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 }],
      ['/v1/messages', { model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }],
      ['/v1/responses', { model: 'small', input: 'hi', max_output_tokens: 16 }],
      ['/v1/embeddings', { model: 'embed', input: 'hi' }],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...calls),
        fc.option(metadataText, { nil: undefined }),
        fc.array(fc.tuple(fc.constantFrom(...HEADERS), headerText), { maxLength: 3 }),
        async ([path, body], metadata, pairs) => {
          const headers: Record<string, string> = { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'anthropic-version': '2023-06-01' };
          for (const [name, value] of pairs) headers[name] = value;
          if (metadata !== undefined) headers['x-switchyard-metadata'] = metadata;
          const res = await fetch(`${h.gateway.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
          const text = await res.text();
          const shown = `${res.status} for ${path} ${JSON.stringify(headers).slice(0, 300)}: ${text.slice(0, 200)}`;
          if (res.status >= 500) throw new Error(shown);
          if (res.status >= 400 && text.length > 2000) throw new Error(`a ${text.length}-character error: ${shown}`);
          return true;
        },
      ),
      { numRuns: fuzzRuns(120) },
    );
    expect((await fetch(`${h.gateway.url}/health`)).status).toBe(200);
    // What was accepted was traced, and the admin views that read traces still answer.
    await h.gateway.traces.flush();
    for (const path of ['/api/traces?limit=50', '/api/overview?range=1h', '/api/dimensions', '/api/review/queue', '/metrics']) {
      const res = await fetch(`${h.gateway.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers tags written as padded pairs with a stray character at once, and keeps serving (92 such characters held the event loop for good)', async () => {
    const padded = `${Array.from({ length: 16 }, (_, i) => `k${i}=${' '.repeat(20)}`).join(',')}{`;
    const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test' };
    const body = JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 });
    const refused = await fetch(`${h.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { ...headers, 'x-switchyard-metadata': padded }, body });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { param: string; message: string } }).error).toMatchObject({ param: 'x-switchyard-metadata', message: expect.stringMatching(/^x-switchyard-metadata must be a JSON object, got "k0=/) });
    expect((await fetch(`${h.gateway.url}/v1/chat/completions`, { method: 'POST', headers, body })).status).toBe(200);
  });

  it('names x-switchyard-metadata sent twice, with the one object to send, and reads it sent twice alike', async () => {
    const send = (values: string[]) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const body = JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 });
        const req = httpRequest(`${h.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'x-switchyard-metadata': values } }, (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const twice = await send(['{"feature":"support"}', '{"tier":"free"}']);
    expect(twice.status).toBe(400);
    expect(JSON.parse(twice.body).error.message).toBe('x-switchyard-metadata is sent 2 times ({"feature":"support"}, {"tier":"free"}); send it once, holding every tag in one JSON object: {"feature":"support","tier":"free"}');
    expect((await send(['{"feature":"support"}', '{"feature":"support"}'])).status).toBe(200);
  });

  it('a metadata value whose text cannot be made does not cost the traces written with it their review items', async () => {
    const send = (metadata: string) =>
      fetch(`${h.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'x-switchyard-metadata': metadata },
        body: JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'sampled' }] }),
      });
    // Written in one batch: the sampler threw on the first (String() of {"toString": []}) and queued neither.
    const [poisoned, clean] = await Promise.all([send('{"tier":{"toString":[]}}'), send('{"tier":"free","case":"clean"}')]);
    expect([poisoned.status, clean.status]).toEqual([200, 200]);
    const id = clean.headers.get('x-switchyard-trace-id');
    await h.gateway.traces.flush();
    await expect
      .poll(async () => {
        const queue = (await (await fetch(`${h.gateway.url}/api/review/queue?limit=100`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { items: { traceId: string }[] };
        return queue.items.some((item) => item.traceId === id);
      })
      .toBe(true);
  });
});
