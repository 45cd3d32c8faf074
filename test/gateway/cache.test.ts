import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

const config = (sim: string) => `
providers:
  sim:     { type: openai,    base_url: ${sim}/v1, api_key: sk-upstream }
  sim-ant: { type: anthropic, base_url: ${sim},    api_key: sk-ant-upstream }
models:
  small:    { provider: sim, model: standin-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }
  claude:   { provider: sim-ant, model: claude-standin, price: { input_per_mtok: 3, output_per_mtok: 15 } }
  lenient:  { provider: sim, model: standin-small }
  uncached: { provider: sim, model: standin-small }
  faq:      { provider: sim, model: standin-small }
  faq-v2:   { provider: sim, model: standin-small }
cache:
  ttl_s: 60
  routes:
    small: {}
    claude: {}
    lenient: { any_temperature: true, ttl_s: 1 }
    faq: { semantic: { embed_model: hashed, threshold: 0.9 } }
    faq-v2: { semantic: {} }
`;

beforeAll(async () => {
  h = await startHarness('', config);
  openai = h.openai('any');
  anthropic = h.anthropic('any');
});
afterAll(() => h.close());
beforeEach(() => h.sim.resetStats());

let unique = 0;
/** A prompt no earlier test asked, so each test starts with an empty cache for it. */
const fresh = (text: string) => `${text} #${++unique} ${Date.now()}`;


describe('exact response cache, OpenAI chat', () => {
  it('answers a repeated temperature-0 request from the cache: same content, no provider call, cost saved on the trace', async () => {
    const body = { model: 'small', temperature: 0, messages: [{ role: 'user' as const, content: fresh('Name three rivers') }] };
    const first = await openai.chat.completions.create(body).withResponse();
    expect(first.response.headers.get('x-switchyard-cache')).toBe('miss');
    const firstTrace = await h.traceOf(first.response);
    expect(firstTrace.costUsd).toBeGreaterThan(0);
    const upstream = h.sim.stats().requests;

    const second = await openai.chat.completions.create({ ...body, user: 'someone-else' }).withResponse();
    expect(second.response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(second.response.headers.get('x-switchyard-cost-usd')).toBe('0.00000000');
    expect(second.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);
    expect(second.data.usage).toEqual(first.data.usage);
    expect(h.sim.stats().requests).toBe(upstream);
    const hit = await h.traceOf(second.response);
    expect(hit).toMatchObject({ provider: 'cache', upstreamModel: 'standin-small', costUsd: 0, status: 200 });
    // The hit names the trace whose answer it sent: there its request, provider call and cost are in full.
    expect(hit.decisions?.cache).toMatchObject({ status: 'hit', provider: 'sim', savedUsd: firstTrace.costUsd, trace: firstTrace.id });
    expect(hit.response).toEqual(firstTrace.response);
    // What it saved: the answer's tokens (the hit spent none) at the model's price at the hit.
    expect(hit).toMatchObject({ inputTokens: 0, outputTokens: 0 });
    expect(hit.decisions?.cache).toMatchObject({ savedTokens: { input: first.data.usage?.prompt_tokens, output: first.data.usage?.completion_tokens, cached: 0 }, savedPricedAt: 'hit' });
  });

  it('streams a cached answer as OpenAI chunks, usage included when asked', async () => {
    const messages = [{ role: 'user' as const, content: fresh('Describe the sea') }];
    const whole = await openai.chat.completions.create({ model: 'small', temperature: 0, messages });
    const upstream = h.sim.stats().requests;
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'small', temperature: 0, messages, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    expect(response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(whole.choices[0]?.message.content);
    expect(usage?.completion_tokens).toBe(whole.usage?.completion_tokens);
    expect(h.sim.stats().requests).toBe(upstream);
  });

  it('stores a streamed answer and replays it whole', async () => {
    const messages = [{ role: 'user' as const, content: fresh('Tell a story') }];
    const { data: stream, response: streamed } = await openai.chat.completions.create({ model: 'small', temperature: 0, messages, stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    // The entry is stored once the stream has ended, before its trace is written: a fixed 50 ms
    // was sometimes too short on a loaded machine.
    await h.traceOf(streamed);
    const { data, response } = await openai.chat.completions.create({ model: 'small', temperature: 0, messages }).withResponse();
    expect(response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(data.choices[0]?.message.content).toBe(text);
  });

  it("names a streamed answer's cost as what its hits saved", async () => {
    // A stream's cost is settled when it ends: the entry must be stored after that, not with $0.
    const messages = [{ role: 'user' as const, content: fresh('Tell a longer story') }];
    const { data: stream, response } = await openai.chat.completions.create({ model: 'small', temperature: 0, messages, stream: true }).withResponse();
    for await (const _ of stream);
    const streamed = await h.traceOf(response);
    expect(streamed.costUsd).toBeGreaterThan(0);
    const again = await openai.chat.completions.create({ model: 'small', temperature: 0, messages }).withResponse();
    expect(again.response.headers.get('x-switchyard-cache')).toBe('hit');
    const hit = await h.traceOf(again.response);
    expect(hit.decisions?.cache).toMatchObject({ status: 'hit', savedUsd: streamed.costUsd, trace: streamed.id });
  });

  it('never shares an entry between requests that differ in a sampling parameter', async () => {
    const messages = [{ role: 'user' as const, content: fresh('Count to five') }];
    await openai.chat.completions.create({ model: 'small', temperature: 0, messages, max_tokens: 40 });
    const other = await openai.chat.completions.create({ model: 'small', temperature: 0, messages, max_tokens: 41 }).withResponse();
    expect(other.response.headers.get('x-switchyard-cache')).toBe('miss');
    const seeded = await openai.chat.completions.create({ model: 'small', temperature: 0, messages, max_tokens: 40, seed: 7 }).withResponse();
    expect(seeded.response.headers.get('x-switchyard-cache')).toBe('miss');
    expect(h.sim.stats().requests).toBe(3);
  });

  it('skips requests sampled above temperature 0 unless the route allows any temperature', async () => {
    const messages = [{ role: 'user' as const, content: fresh('Write a haiku') }];
    for (let i = 0; i < 2; i++) {
      const { response } = await openai.chat.completions.create({ model: 'small', messages }).withResponse();
      expect(response.headers.get('x-switchyard-cache')).toBe('skip');
      if (i === 1) expect((await h.traceOf(response)).decisions?.cache).toMatchObject({ status: 'skip', reason: expect.stringContaining('only temperature 0') });
    }
    expect(h.sim.stats().requests).toBe(2);
    await openai.chat.completions.create({ model: 'lenient', temperature: 0.9, messages });
    const { response } = await openai.chat.completions.create({ model: 'lenient', temperature: 0.9, messages }).withResponse();
    expect(response.headers.get('x-switchyard-cache')).toBe('hit');
  });

  it('honours the client opting out, and a refresh replaces the stored answer', async () => {
    const messages = [{ role: 'user' as const, content: fresh('List two colours') }];
    await openai.chat.completions.create({ model: 'small', temperature: 0, messages });
    const off = await openai.chat.completions.create({ model: 'small', temperature: 0, messages }, { headers: { 'x-switchyard-cache': 'off' } }).withResponse();
    expect(off.response.headers.get('x-switchyard-cache')).toBe('bypass');
    const noCache = await openai.chat.completions.create({ model: 'small', temperature: 0, messages }, { headers: { 'cache-control': 'no-cache' } }).withResponse();
    expect(noCache.response.headers.get('x-switchyard-cache')).toBe('bypass');
    expect((await h.traceOf(noCache.response)).decisions?.cache).toMatchObject({ status: 'bypass', reason: expect.stringContaining('fresh answer (no-cache)'), stored: true });
    expect((await h.traceOf(off.response)).decisions?.cache).toMatchObject({ status: 'bypass', reason: expect.stringContaining('(no-store)') });
    expect(h.sim.stats().requests).toBe(3);
    const again = await openai.chat.completions.create({ model: 'small', temperature: 0, messages }).withResponse();
    expect(again.response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(h.sim.stats().requests).toBe(3);
    // A mistyped value was answered from the cache, as if no header were there: it is a 400 naming the values.
    await expect(openai.chat.completions.create({ model: 'small', temperature: 0, messages }, { headers: { 'x-switchyard-cache': 'of' } })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('x-switchyard-cache must be "off" (or "no-store") or "refresh" (or "no-cache"), got "of" (did you mean "off"?)'),
    });
    const anthropicTypo = await fetch(`${h.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-switchyard-cache': 'refesh' },
      body: JSON.stringify({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(anthropicTypo.status).toBe(400);
    expect(await anthropicTypo.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('(did you mean "refresh"?)') } });
    expect(h.sim.stats().requests).toBe(3);
  });

  it('reads a request\'s Cache-Control max-age as RFC 9111 does, and says how old a hit is (Age)', async () => {
    const messages = [{ role: 'user' as const, content: fresh('Name a planet') }];
    await openai.chat.completions.create({ model: 'small', temperature: 0, messages });
    const hit = await openai.chat.completions.create({ model: 'small', temperature: 0, messages }, { headers: { 'cache-control': 'max-age=3600' } }).withResponse();
    expect(hit.response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(hit.response.headers.get('age')).toMatch(/^\d+$/);
    expect(h.sim.stats().requests).toBe(1);
    // Before: max-age=0 (no stored answer acceptable, however new) was answered from the cache.
    const zero = await openai.chat.completions.create({ model: 'small', temperature: 0, messages }, { headers: { 'cache-control': 'max-age=0' } }).withResponse();
    expect(zero.response.headers.get('x-switchyard-cache')).toBe('bypass');
    expect(zero.response.headers.get('age')).toBeNull();
    expect(h.sim.stats().requests).toBe(2);
    // An entry older than max-age is passed over and replaced; the trace says why it was not served.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const replacedFrom = Date.now();
    const old = await openai.chat.completions.create({ model: 'small', temperature: 0, messages }, { headers: { 'cache-control': 'max-age=1' } }).withResponse();
    expect(old.response.headers.get('x-switchyard-cache')).toBe('miss');
    expect(h.sim.stats().requests).toBe(3);
    const replacing = await h.traceOf(old.response);
    expect(replacing.decisions?.cache).toMatchObject({ status: 'miss', reason: expect.stringMatching(/^the stored answer is \d+ s old, older than the client's max-age=1$/), stored: true });
    const streamed = await openai.chat.completions.create({ model: 'small', temperature: 0, messages, stream: true }).withResponse();
    expect(streamed.response.headers.get('x-switchyard-cache')).toBe('hit');
    // The new answer is served, as old as the seconds since it was asked for: the one it replaced
    // was over a second older. (Not a fixed "0": on a loaded machine the trace lookup above took
    // over a second.)
    expect(Number(streamed.response.headers.get('age'))).toBeLessThanOrEqual(Math.floor((Date.now() - replacedFrom) / 1000));
    for await (const _ of streamed.data);
    expect((await h.traceOf(streamed.response)).decisions?.cache).toMatchObject({ status: 'hit', trace: replacing.id });
  });

  it('leaves models that did not opt in alone, and forgets answers after their TTL', async () => {
    const messages = [{ role: 'user' as const, content: fresh('Say hi') }];
    const plain = await openai.chat.completions.create({ model: 'uncached', temperature: 0, messages }).withResponse();
    expect(plain.response.headers.get('x-switchyard-cache')).toBe(null);
    const stored = await openai.chat.completions.create({ model: 'lenient', temperature: 0, messages }).withResponse();
    // The TTL runs from when the entry is stored, after the answer went out and before its trace is written.
    await h.traceOf(stored.response);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const expired = await openai.chat.completions.create({ model: 'lenient', temperature: 0, messages }).withResponse();
    expect(expired.response.headers.get('x-switchyard-cache')).toBe('miss');
  });
});

describe('exact response cache, Anthropic messages and the Responses API', () => {
  it('replays a cached Anthropic answer as a proper Anthropic stream', async () => {
    const request = { model: 'claude', max_tokens: 128, temperature: 0, messages: [{ role: 'user' as const, content: fresh('Explain tides') }] };
    const whole = await anthropic.messages.create(request);
    const upstream = h.sim.stats().requests;
    const stream = anthropic.messages.stream(request);
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));
    const final = await stream.finalMessage();
    const { response } = await stream.withResponse();
    expect(response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(final.content).toEqual(whole.content);
    expect(final.stop_reason).toBe(whole.stop_reason);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(h.sim.stats().requests).toBe(upstream);
  });

  it('answers a repeated Responses API request from the cache, whole and streamed', async () => {
    const input = fresh('Summarise the water cycle');
    const first = await openai.responses.create({ model: 'small', temperature: 0, input });
    const upstream = h.sim.stats().requests;
    const { data: second, response } = await openai.responses.create({ model: 'small', temperature: 0, input }).withResponse();
    expect(response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(second.output_text).toBe(first.output_text);
    expect(second.id).not.toBe(first.id);
    const stream = await openai.responses.create({ model: 'small', temperature: 0, input, stream: true });
    let text = '';
    let completed = false;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = true;
    }
    expect(completed).toBe(true);
    expect(text).toBe(first.output_text);
    expect(h.sim.stats().requests).toBe(upstream);
  });
});

describe('semantic cache', () => {
  it('answers a reworded question from the cache when everything else is identical, and says how similar it was', async () => {
    const system = { role: 'system' as const, content: fresh('You answer banking questions.') };
    const ask = (content: string, sys = system) => openai.chat.completions.create({ model: 'faq', temperature: 0, messages: [sys, { role: 'user', content }] }).withResponse();
    const first = await ask('How do I reset my online banking password?');
    expect(first.response.headers.get('x-switchyard-cache')).toBe('miss');
    const upstream = h.sim.stats().requests;

    const reworded = await ask('how do I reset my online-banking password');
    expect(reworded.response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(Number(reworded.response.headers.get('x-switchyard-cache-similarity'))).toBeGreaterThanOrEqual(0.9);
    expect(reworded.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);
    expect((await h.traceOf(reworded.response)).decisions?.cache).toMatchObject({ status: 'hit', semantic: { similarity: expect.any(Number) } });
    expect(h.sim.stats().requests).toBe(upstream);

    const other = await ask('How do I close my savings account?');
    expect(other.response.headers.get('x-switchyard-cache')).toBe('miss');
    const otherTrace = await h.traceOf(other.response);
    expect((otherTrace.decisions?.cache as { semantic: { nearest: number } }).semantic.nearest).toBeLessThan(0.9);
    // Before: "constructor" read as a number word (Object.prototype's), the guard threw, and every
    // such question was a miss with `error` on its trace.
    const code = await ask('What does the constructor of a class return?');
    expect((await h.traceOf(code.response)).decisions?.cache).toMatchObject({ status: 'miss' });
    const codeAgain = await ask('what does the constructor of a class return');
    expect(codeAgain.response.headers.get('x-switchyard-cache')).toBe('hit');
    // A question past MAX_SEMANTIC_CHARS is matched exactly only: a 1 MB one took seconds of CPU to embed.
    const long = `How do I reset my online banking password? ${'Here is everything I tried. '.repeat(80)}`;
    const longFirst = await ask(long);
    expect((await h.traceOf(longFirst.response)).decisions?.cache).toMatchObject({ status: 'miss', semantic: { skipped: `the last user message has ${long.length} characters; only questions of up to 2048 are matched by meaning` } });
    expect((await ask(`${long} `)).response.headers.get('x-switchyard-cache')).toBe('miss');
    expect((await ask(long)).response.headers.get('x-switchyard-cache')).toBe('hit');
    // The same question under another system prompt is another conversation: no match.
    const elsewhere = await ask('How do I reset my online banking password?', { role: 'system', content: 'You are a pirate.' });
    expect(elsewhere.response.headers.get('x-switchyard-cache')).toBe('miss');
  });
});

describe('semantic cache: a question is never answered with the answer to its opposite', () => {
  type CacheDecision = { status: string; semantic?: { nearest: number | null; refused?: { similarity: number; reason: string } } };
  const asker = (model: string) => {
    const system = { role: 'system' as const, content: fresh('You answer banking questions.') };
    return (content: string) => openai.chat.completions.create({ model, temperature: 0, messages: [system, { role: 'user', content }] }).withResponse();
  };

  it('the default embedder (hashed-v2) answers a rewording from the cache and sends the negated question on', async () => {
    const ask = asker('faq-v2');
    const first = await ask('My card has not arrived yet, what should I do?');
    expect(first.response.headers.get('x-switchyard-cache')).toBe('miss');
    const upstream = h.sim.stats().requests;

    const reworded = await ask("my card hasn't arrived yet! what should I do");
    expect(reworded.response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(reworded.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);
    expect(h.sim.stats().requests).toBe(upstream);

    const opposite = await ask('My card has arrived, what should I do?');
    expect(opposite.response.headers.get('x-switchyard-cache')).toBe('miss');
    expect(h.sim.stats().requests).toBe(upstream + 1);
    const decision = (await h.traceOf(opposite.response)).decisions?.cache as CacheDecision;
    expect(decision.semantic?.nearest).toBeLessThan(0.95);
  });

  it('the guard refuses what the first lexical embedder (hashed) finds identical, and the trace says why', async () => {
    const ask = asker('faq');
    const first = await ask('I have not received my card');
    const upstream = h.sim.stats().requests;
    // `hashed` drops "not" and "where": both questions are "receiv card" to it (similarity 1).
    const opposite = await ask('Where can I receive my card?');
    expect(opposite.response.headers.get('x-switchyard-cache')).toBe('miss');
    expect(h.sim.stats().requests).toBe(upstream + 1);
    const decision = (await h.traceOf(opposite.response)).decisions?.cache as CacheDecision;
    expect(decision).toMatchObject({ status: 'miss', semantic: { nearest: 1, refused: { similarity: 1, reason: 'the cached question is negated ("not"), this one is not' } } });
    // Negated again: both cached questions are as close, and the one that agrees answers.
    const again = await ask('i have NOT received my card!');
    expect(again.response.headers.get('x-switchyard-cache')).toBe('hit');
    expect(again.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);
  });
});

describe('cache administration', () => {
  it('reports its size on /api/providers and empties on DELETE /api/cache', async () => {
    const stats = (await (await fetch(`${h.gateway.url}/api/providers`)).json()) as { cache: { store: string; entries: number } };
    expect(stats.cache.store).toBe('memory');
    expect(stats.cache.entries).toBeGreaterThan(0);
    const { csrf } = (await (await fetch(`${h.gateway.url}/api/session`)).json()) as { csrf: string };
    expect((await fetch(`${h.gateway.url}/api/cache`, { method: 'DELETE', headers: { 'x-switchyard-csrf': csrf } })).status).toBe(200);
    const after = (await (await fetch(`${h.gateway.url}/api/providers`)).json()) as { cache: { entries: number } };
    expect(after.cache.entries).toBe(0);
  });
});

describe('semantic cache under PII redaction', () => {
  type CacheDecision = { status: string; semantic?: { nearest: number | null; similarity?: number; refused?: { similarity: number; reason: string } } };
  let p: Harness;
  let client: OpenAI;
  beforeAll(async () => {
    p = await startHarness('', (sim) => `
providers:
  sim: { type: openai, base_url: ${sim}/v1, api_key: sk-upstream }
models:
  faq: { provider: sim, model: standin-small }
cache:
  routes:
    faq: { semantic: { threshold: 0.8 } }
guardrails:
  policies: { private: { pii: { default_action: redact } } }
  apply: { default: private }
  pseudonym_key: "0123456789abcdef0123456789"
`);
    // The model answers with the placeholder it was sent (the caller's address comes back restored), else without one.
    p.sim.addScript({ match: 'EMAIL_1', reply: 'We sent the reset link to <EMAIL_1>; it works for 24 hours.' });
    p.sim.addScript({ match: 'password', reply: 'Use the reset link on the sign-in page.' });
    client = p.openai('any');
  });
  afterAll(() => p.close());

  /** The answer's text and headers, whole or streamed. */
  async function ask(system: string, content: string, stream: boolean): Promise<{ text: string; response: Response }> {
    const messages = [{ role: 'system' as const, content: system }, { role: 'user' as const, content }];
    if (!stream) {
      const { data, response } = await client.chat.completions.create({ model: 'faq', temperature: 0, messages }).withResponse();
      return { text: data.choices[0]?.message.content ?? '', response };
    }
    const { data, response } = await client.chat.completions.create({ model: 'faq', temperature: 0, messages, stream: true }).withResponse();
    let text = '';
    for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
    return { text, response };
  }

  for (const stream of [false, true]) {
    it(`a reworded question without the address is a miss, not an answer showing <EMAIL_1>; with another address it is a hit with that one (${stream ? 'streamed' : 'whole'})`, async () => {
      // A partition of its own per case: the system prompt is part of it.
      const system = `You help the customers of a bank${stream ? ' (streamed)' : ''}.`;
      const first = await ask(system, 'I am Jane Doe: how do I reset my online banking password? My email is ann@example.com', stream);
      expect(first.text).toBe('We sent the reset link to ann@example.com; it works for 24 hours.');
      const upstream = p.sim.stats().requests;
      // Another address in the same place: the stored answer's <EMAIL_1> is this caller's.
      const other = await ask(system, 'I am Jane Doe: how do I reset my online-banking password? My email is bob@example.com', stream);
      expect(other.response.headers.get('x-switchyard-cache')).toBe('hit');
      expect(other.text).toBe('We sent the reset link to bob@example.com; it works for 24 hours.');
      expect(p.sim.stats().requests).toBe(upstream);
      // No address: close enough in meaning, but the answer's <EMAIL_1> has no value here. Before, the client read it as written.
      const none = await ask(system, 'I am Jane Doe: how do I reset my online banking password?', stream);
      expect(none.response.headers.get('x-switchyard-cache')).toBe('miss');
      expect(none.text).toBe('Use the reset link on the sign-in page.');
      expect(p.sim.stats().requests).toBe(upstream + 1);
      const decision = (await p.traceOf(none.response)).decisions?.cache as CacheDecision;
      expect(decision).toMatchObject({ status: 'miss', semantic: { refused: { reason: 'the cached answer holds <EMAIL_1>, which stood for a value of the request that made it; this request has none to put there' } } });
      expect(decision.semantic?.refused?.similarity).toBeGreaterThanOrEqual(0.8);
    });
  }
});
