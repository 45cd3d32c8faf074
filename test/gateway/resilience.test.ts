import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let client: OpenAI;

const config = (sim: string, dead: number) => `
providers:
  sim:  { type: openai, base_url: ${sim}/v1, api_key: sk-upstream }
  down: { type: openai, base_url: http://127.0.0.1:${dead}/v1 }
  trickle: { type: openai, base_url: ${sim}/v1, api_key: sk-upstream, headers: { x-sim-tokens-per-second: "40" } }
models:
  small: { provider: sim, model: standin-small }
  trickling: { provider: trickle, model: standin-small, price: { input_per_mtok: 1000, output_per_mtok: 2000 } }
  resilient:
    fallbacks: [ { provider: down, model: standin-small }, { provider: sim, model: standin-small } ]
  misconfigured-first:
    fallbacks: [ { provider: sim, model: revoked }, { provider: sim, model: standin-small } ]
  both-down:
    fallbacks: [ { provider: down, model: a }, { provider: sim, model: failing } ]
  impatient:
    provider: sim
    model: impatient
    retry: { max_retry_after_ms: 500 }
  quick:
    provider: sim
    model: quick
    timeouts: { attempt_ms: 300 }
  split:
    loadbalance: [ { provider: sim, model: heavy, weight: 3 }, { provider: sim, model: light, weight: 1 } ]
retry: { max_attempts: 3, base_delay_ms: 5, max_delay_ms: 20 }
`;

beforeAll(async () => {
  h = await startHarness('', config);
  client = h.openai('any');
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.clearFaults();
  h.sim.resetStats();
});

const ask = (model: string, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }], ...extra }).withResponse();

async function trace(response: Response) {
  const id = response.headers.get('x-switchyard-trace-id');
  await h.waitForTrace((t) => t.id === id);
  const found = await h.gateway.store.getTrace(id ?? '');
  if (!found) throw new Error('trace missing');
  return found;
}

describe('retries', () => {
  // How long a retry waits (retry-after as a floor, the cap) is asserted on the injected clock in
  // src/gateway/run-attempts.test.ts; here, that the gateway reads the header and retries.
  it('retries a 429 that says retry-after', async () => {
    h.sim.addFault({ kind: 'status', status: 429, retryAfter: 1, times: 1, model: 'standin-small' });
    const { response } = await ask('small');
    const t = await trace(response);
    expect(t.attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(t.status).toBe(200);
  });

  it('retries 5xx with backoff, up to max_attempts per target', async () => {
    h.sim.addFault({ kind: 'status', status: 503, times: 2, model: 'standin-small' });
    const { response } = await ask('small');
    expect((await trace(response)).attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    h.sim.addFault({ kind: 'status', status: 500, model: 'standin-small' });
    const error = await ask('small').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect(h.sim.stats().byModel['standin-small']).toBe(3 + 3);
  });

  it('does not wait for a retry-after longer than the cap, says every attempt, and hands the wait to the client', async () => {
    h.sim.addFault({ kind: 'status', status: 429, retryAfter: 30, model: 'impatient' });
    const error = (await ask('impatient').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(h.sim.stats().requests).toBe(1);
    expect(error.status).toBe(429);
    expect(error.message).toContain('every target for model "impatient" failed after 1 attempt');
    expect(error.headers?.get('retry-after')).toBe('30');
  });

  it('retries a request timeout (408) and a conflict (409) from upstream', async () => {
    h.sim.addFault({ kind: 'status', status: 408, times: 1, model: 'standin-small' });
    const first = await ask('small');
    expect((await trace(first.response)).attempts.map((a) => a.status)).toEqual([408, 200]);
    h.sim.addFault({ kind: 'status', status: 409, times: 1, model: 'standin-small' });
    const second = await ask('small');
    expect((await trace(second.response)).attempts.map((a) => a.status)).toEqual([409, 200]);
  });

  it('does not retry a client error from upstream', async () => {
    h.sim.addFault({ kind: 'status', status: 400, message: 'messages[0].content is too long', model: 'standin-small' });
    const error = (await ask('small').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(400);
    // The provider's own words, as a client calling it would read them.
    expect(error.message).toBe('400 messages[0].content is too long');
    expect(h.sim.stats().requests).toBe(1);
  });

  it('times out a silent attempt and retries it', async () => {
    h.sim.addFault({ kind: 'timeout', times: 1, model: 'quick' });
    const { response } = await ask('quick');
    const t = await trace(response);
    expect(t.attempts).toHaveLength(2);
    expect(t.attempts[0]?.error).toContain('did not answer within 300 ms');
  });
});

describe('fallbacks and load balancing', () => {
  it('falls back past an unreachable provider', async () => {
    const { data, response } = await ask('resilient');
    expect(data.choices).toHaveLength(1);
    const t = await trace(response);
    expect(t.attempts.map((a) => `${a.provider}:${a.status}`)).toEqual(['down:0', 'down:0', 'down:0', 'sim:200']);
    expect(t.attempts[0]?.error).toContain('ECONNREFUSED');
    expect(t.provider).toBe('sim');
  });

  it('falls back past a target that refuses its credentials or model (401, 403, 404), without retrying it', async () => {
    for (const status of [401, 403, 404]) {
      h.sim.clearFaults();
      h.sim.addFault({ kind: 'status', status, model: 'revoked' });
      const { data, response } = await ask('misconfigured-first');
      expect(data.choices).toHaveLength(1);
      expect((await trace(response)).attempts.map((a) => `${a.model}:${a.status}`)).toEqual([`revoked:${status}`, 'standin-small:200']);
    }
  });

  it('answers 502 listing every attempt when all targets fail', async () => {
    h.sim.addFault({ kind: 'status', status: 503, model: 'failing' });
    const error = (await ask('both-down').catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(502);
    expect(error.message).toContain('every target for model "both-down" failed after 6 attempts');
    // Each target's three attempts failed alike: one line each, numbered by the attempts it covers.
    expect(error.message).toContain('#1–#3 down/a: cannot connect');
    expect(error.message).toContain('; #4–#6 sim/failing: provider "sim" answered 503');
  });

  it('splits traffic by weight', async () => {
    await Promise.all(Array.from({ length: 200 }, () => ask('split')));
    const byModel = h.sim.stats().byModel;
    expect((byModel.heavy ?? 0) + (byModel.light ?? 0)).toBe(200);
    expect(byModel.heavy).toBeGreaterThan(120);
    expect(byModel.heavy).toBeLessThan(180);
  });
});

describe('streams', () => {
  it('never retries once bytes reached the client: a cut stream ends in an error the SDK raises', async () => {
    h.sim.addFault({ kind: 'stream_cut', afterChunks: 3, model: 'standin-small' });
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'small', messages: [{ role: 'user', content: 'a long story please' }], stream: true })
      .withResponse();
    const traceId = response.headers.get('x-switchyard-trace-id');
    let received = 0;
    const error = await (async () => {
      for await (const chunk of stream) if (chunk.choices[0]?.delta.content) received++;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toContain('provider "sim"');
    expect(received).toBeGreaterThan(0);
    expect(h.sim.stats().requests).toBe(1);
    const t = await h.waitForTrace((trace) => trace.id === traceId);
    expect(t).toMatchObject({ stream: true, status: 502, errorCode: 'upstream_unreachable' });
    expect(t?.errorMessage).toBeTruthy();
    // Tokens reached the client before the cut: the trace says when the first one did.
    expect(t?.ttftMs).toBeGreaterThan(0);
  });

  it('books a stream the client cut: its prompt and the text it got, as estimated usage at the route price', async () => {
    // A long prompt (the estimate and o200k differ on it) and an answer at 40 tokens a second that
    // the client stops reading after two chunks: the provider's usage never arrives, so the
    // gateway counts what was sent.
    const prompt = `Please summarise: ${'internationalisation '.repeat(60)}`;
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'trickling', messages: [{ role: 'user', content: prompt }], stream: true, max_tokens: 400 }, { headers: { 'x-switchyard-metadata': '{"test":"cut-stream"}' } })
      .withResponse();
    let chunks = 0;
    for await (const _ of stream) if (++chunks === 2) break;
    const t = await h.waitForTrace((trace) => trace.metadata?.test === 'cut-stream');
    expect(response.headers.get('x-switchyard-trace-id')).toBe(t?.id);
    expect(t).toMatchObject({ stream: true, status: 499, usageEstimated: true });
    const { estimateTokens } = await import('../../src/tokens/estimate-tokens.js');
    const { countTokens } = await import('gpt-tokenizer');
    // Chat framing (3 + 3) around the one message; the tokenizer has not loaded under this load, or
    // has (an idle second came): either count is a right answer, nothing else is.
    expect([6 + estimateTokens(prompt), 6 + countTokens(prompt)]).toContain(t?.inputTokens);
    expect(t?.outputTokens).toBeGreaterThan(0);
    // Billed at the route's price ($1,000 / $2,000 per million tokens) for what was counted.
    expect(t?.costUsd).toBeCloseTo(((t?.inputTokens ?? 0) * 1000 + (t?.outputTokens ?? 0) * 2000) / 1e6, 9);
  });

  it('aborts the upstream call when the client goes away', async () => {
    // The upstream never answers and the attempt timeout is two minutes: the call settles (and
    // its trace is written) only because the client's leaving aborts the upstream request.
    h.sim.addFault({ kind: 'timeout', model: 'standin-small' });
    const controller = new AbortController();
    const pending = client.chat.completions
      .create({ model: 'small', messages: [{ role: 'user', content: 'x' }] }, { signal: controller.signal, headers: { 'x-switchyard-metadata': '{"test":"abort"}' } })
      .catch((e: unknown) => e);
    await expect.poll(() => h.sim.stats().requests).toBe(1);
    controller.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    const t = await h.waitForTrace((trace) => trace.metadata?.test === 'abort');
    expect(t?.status).toBe(499);
    expect(t?.errorCode).toBe('client_closed');
    expect(t?.attempts).toHaveLength(1);
  });
});
