import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, referenceConfig, startHarness } from '../../src/test-support/gateway-harness.js';

// A streamed answer's headers go out before its usage is known, so its cost ends the stream as an
// SSE comment, which every conformant parser (the SDKs' included) skips; the trace id header lets
// a client read the same figure from the trace afterwards.
let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;
const ADMIN = 'admin-key-streamed-cost';
const asAdmin = { authorization: `Bearer ${ADMIN}` };

beforeAll(async () => {
  // A second key, and an admin key: each virtual key reads its own traces and no one else's.
  const extra = `cache:
  routes:
    small: {}
server: { admin_key: ${ADMIN} }
`;
  h = await startHarness('', (sim, dead) => referenceConfig(sim, dead, extra).replace('keys:\n', 'keys:\n  - key: sk-sy-other\n    name: other\n'));
  openai = h.openai('sk-sy-test');
  anthropic = h.anthropic('sk-sy-test');
});
afterAll(() => h.close());

const COST_LINE = /^: x-switchyard-cost-usd=(\d+\.\d{8})$/m;

/** The raw stream of a request, its last non-empty line, and the trace id header. */
async function rawStream(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ text: string; last: string; traceId: string }> {
  const response = await fetch(`${h.gateway.url}${path}`, { method: 'POST', headers: { authorization: 'Bearer sk-sy-test', 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  const text = await response.text();
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  return { text, last: lines.at(-1) ?? '', traceId: response.headers.get('x-switchyard-trace-id') ?? '' };
}

describe('the cost of a streamed answer', () => {
  it('ends an OpenAI chat stream as an SSE comment, after [DONE], equal to the trace and the admin API', async () => {
    const { text, last, traceId } = await rawStream('/v1/chat/completions', { model: 'small', messages: [{ role: 'user', content: 'stream a short story' }], stream: true });
    expect(last).toMatch(COST_LINE);
    // The comment comes after the stream's own end, so nothing that stops at [DONE] sees a change.
    expect(text.indexOf('data: [DONE]')).toBeLessThan(text.indexOf(': x-switchyard-cost-usd='));
    const streamed = Number(COST_LINE.exec(last)?.[1]);
    const trace = await h.traceOf(traceId);
    expect(trace.costUsd).toBeGreaterThan(0);
    expect(streamed).toBeCloseTo(trace.costUsd, 8);
    // The lookup docs/gateway.md gives: the trace id header, then GET /api/traces/ID.
    const looked = (await (await fetch(`${h.gateway.url}/api/traces/${traceId}`, { headers: asAdmin })).json()) as { costUsd: number };
    expect(looked.costUsd).toBeCloseTo(streamed, 8);
  });

  it('leaves the OpenAI SDK streams as they were, with usage asked for and without', async () => {
    const { data: stream, response } = await openai.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'count to five' }], stream: true, temperature: 0.3 }).withResponse();
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).not.toBe('');
    expect((await h.traceOf(response)).costUsd).toBeGreaterThan(0);
    const helper = openai.chat.completions.stream({ model: 'small', messages: [{ role: 'user', content: 'count to six' }], stream_options: { include_usage: true } });
    const final = await helper.finalChatCompletion();
    expect(final.usage?.completion_tokens).toBeGreaterThan(0);
    expect(final.choices[0]?.message.content).not.toBe('');
  });

  it('ends an Anthropic stream the same way, and the Anthropic SDK reads it as before', async () => {
    const body = { model: 'claude', max_tokens: 64, messages: [{ role: 'user', content: 'stream a haiku' }], stream: true };
    const { text, last, traceId } = await rawStream('/v1/messages', body, { 'anthropic-version': '2023-06-01' });
    expect(text.indexOf('event: message_stop')).toBeLessThan(text.indexOf(': x-switchyard-cost-usd='));
    expect(last).toMatch(COST_LINE);
    expect(Number(COST_LINE.exec(last)?.[1])).toBeCloseTo((await h.traceOf(traceId)).costUsd, 8);
    const helper = anthropic.messages.stream({ model: 'claude', max_tokens: 64, messages: [{ role: 'user', content: 'stream another haiku' }] });
    const types: string[] = [];
    helper.on('streamEvent', (event) => types.push(event.type));
    const message = await helper.finalMessage();
    expect(message.content[0]?.type).toBe('text');
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(types.at(0)).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    const { data: events } = await anthropic.messages.create({ model: 'claude', max_tokens: 64, messages: [{ role: 'user', content: 'one more' }], stream: true }).withResponse();
    const seen: string[] = [];
    for await (const event of events) seen.push(event.type);
    expect(seen.at(-1)).toBe('message_stop');
  });

  it('says $0 on a stream the cache answered', async () => {
    const body = { model: 'small', messages: [{ role: 'user', content: 'a cached stream' }], stream: true, temperature: 0 };
    const miss = await rawStream('/v1/chat/completions', body);
    expect(Number(COST_LINE.exec(miss.last)?.[1])).toBeGreaterThan(0);
    await h.traceOf(miss.traceId);
    const response = await fetch(`${h.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-sy-test', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.headers.get('x-switchyard-cache')).toBe('hit');
    const text = await response.text();
    // Sent whole with its length: the comment is inside it.
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(text.trimEnd().split('\n').at(-1)).toBe(': x-switchyard-cost-usd=0.00000000');
  });

  it("is read from the trace with the caller's own virtual key after an SDK stream, and another key gets a 404", async () => {
    const { data: stream, response } = await openai.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'what did this cost' }], stream: true, stream_options: { include_usage: true } }).withResponse();
    let usage: OpenAI.Completions.CompletionUsage | undefined;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    const id = response.headers.get('x-switchyard-trace-id') ?? '';
    // docs/gateway.md's lookup, with the key the call was made with: the trace may be a moment away.
    const lookup = (key: string) => fetch(`${h.gateway.url}/api/traces/${id}`, { headers: { authorization: `Bearer ${key}` } });
    let own = await lookup('sk-sy-test');
    for (let i = 0; own.status === 404 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      own = await lookup('sk-sy-test');
    }
    expect(own.status).toBe(200);
    const trace = (await own.json()) as { costUsd: number; inputTokens: number; outputTokens: number; keyName: string };
    expect(trace.keyName).toBe('compat');
    expect(trace.costUsd).toBeGreaterThan(0);
    expect([trace.inputTokens, trace.outputTokens]).toEqual([usage?.prompt_tokens, usage?.completion_tokens]);
    expect(trace.costUsd).toBeCloseTo((await h.traceOf(id)).costUsd, 12);
    // Another key's trace is not found, exactly as an id that does not exist: no 403 confirms it.
    const other = await lookup('sk-sy-other');
    const none = await fetch(`${h.gateway.url}/api/traces/tr_doesnotexist`, { headers: { authorization: 'Bearer sk-sy-other' } });
    expect([other.status, none.status]).toEqual([404, 404]);
    // And the key's list holds its own calls only.
    const list = (await (await fetch(`${h.gateway.url}/api/traces?limit=500`, { headers: { authorization: 'Bearer sk-sy-other' } })).json()) as { traces: unknown[] };
    expect(list.traces).toEqual([]);
    // The rest of /api stays the admin's.
    expect((await fetch(`${h.gateway.url}/api/overview`, { headers: { authorization: 'Bearer sk-sy-test' } })).status).toBe(403);
  });
});
