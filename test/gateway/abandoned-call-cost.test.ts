import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

// A client that leaves (its SDK's timeout, an AbortController) does not make a call free: the
// provider already had the request and bills it, so the gateway books what it can count.
let h: Harness;

const SECRET = 'sk-sy-leaver-01';
const ADMIN = 'sk-admin-leaver-test';
// $1,000 / $2,000 per million tokens: a handful of tokens is a cost a float comparison sees.
const config = (sim: string) => `
server: { admin_key: ${ADMIN} }
providers:
  sim:     { type: openai, base_url: ${sim}/v1, api_key: sk-upstream }
  trickle: { type: openai, base_url: ${sim}/v1, api_key: sk-upstream, headers: { x-sim-tokens-per-second: "40" } }
models:
  priced:    { provider: sim, model: standin-small, price: { input_per_mtok: 1000, output_per_mtok: 2000 } }
  trickling: { provider: trickle, model: standin-small, price: { input_per_mtok: 1000, output_per_mtok: 2000 } }
  patient:
    provider: sim
    model: flaky
    price: { input_per_mtok: 1000, output_per_mtok: 2000 }
    retry: { max_attempts: 2, base_delay_ms: 5000, max_delay_ms: 5000 }
keys: [ { key: ${SECRET}, name: leaver, budget: { usd: 100 } } ]
`;

beforeAll(async () => {
  h = await startHarness('', config);
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.clearFaults();
  h.sim.resetStats();
});

const prompt = `Please summarise: ${'internationalisation '.repeat(60)}`;
/** The key's budget usage as the admin API reports it: what the budget is enforced against. */
async function usage(): Promise<{ spendUsd: number; reservedUsd: number }> {
  const response = await fetch(`${h.gateway.url}/api/keys`, { headers: { authorization: `Bearer ${ADMIN}` } });
  const { keys } = (await response.json()) as { keys: { name: string; usage: { spendUsd: number; reservedUsd: number } }[] };
  const row = keys.find((k) => k.name === 'leaver');
  if (!row) throw new Error('key "leaver" missing from /api/keys');
  return row.usage;
}
const spend = async () => (await usage()).spendUsd;
const tagged = (test: string) => ({ headers: { 'x-switchyard-metadata': JSON.stringify({ test }) } });
const traceOf = (test: string) => h.waitForTrace((t) => (t.metadata as { test?: string } | null)?.test === test);

describe('a non-streamed call the client abandons', () => {
  it('books the counted prompt at the input price when the SDK times out, against the key budget', async () => {
    h.sim.addFault({ kind: 'slow', delayMs: 3000, model: 'standin-small' });
    const before = await spend();
    const client = new OpenAI({ apiKey: SECRET, baseURL: h.baseURL, maxRetries: 0, timeout: 300 });
    const error = await client.chat.completions.create({ model: 'priced', messages: [{ role: 'user', content: prompt }] }, tagged('sdk-timeout')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    const t = await traceOf('sdk-timeout');
    expect(t).toMatchObject({ status: 499, errorCode: 'client_closed', usageEstimated: true, outputTokens: 0, provider: 'sim', upstreamModel: 'standin-small' });
    // Chat framing around the one message, by the quick estimate or the loaded tokenizer.
    expect(t.inputTokens).toBeGreaterThan(60);
    expect(t.costUsd).toBeCloseTo((t.inputTokens * 1000) / 1e6, 9);
    expect(t.decisions?.abandoned).toMatchObject({ target: 'sim/standin-small', why: 'client_closed', billed: 'prompt' });
    expect(await spend()).toBeCloseTo(before + t.costUsd, 9);
    expect((await usage()).reservedUsd).toBe(0);
  });

  it('books it alike when an AbortController aborts', async () => {
    h.sim.addFault({ kind: 'timeout', model: 'standin-small' });
    const before = await spend();
    const client = h.openai(SECRET);
    const controller = new AbortController();
    const pending = client.chat.completions.create({ model: 'priced', messages: [{ role: 'user', content: prompt }] }, { signal: controller.signal, ...tagged('sdk-abort') }).catch((e: unknown) => e);
    await expect.poll(() => h.sim.stats().requests).toBe(1);
    controller.abort();
    expect(await pending).toBeInstanceOf(OpenAI.APIUserAbortError);
    const t = await traceOf('sdk-abort');
    expect(t).toMatchObject({ status: 499, usageEstimated: true, outputTokens: 0 });
    expect(t.costUsd).toBeGreaterThan(0);
    expect(t.costUsd).toBeCloseTo((t.inputTokens * 1000) / 1e6, 9);
    expect(await spend()).toBeCloseTo(before + t.costUsd, 9);
  });

  it('stays free when the client left between attempts: no provider had the request', async () => {
    // The first attempt fails with a 503 and the retry waits 5 s: the client leaves in that wait.
    // The retry-after holds the wait at 5 s: full jitter alone draws it from 0–5 s, and a draw
    // under the 100 ms below let the second attempt run before the client left (1 run in ~30).
    h.sim.addFault({ kind: 'status', status: 503, retryAfter: 5, model: 'flaky' });
    const before = await spend();
    const client = h.openai(SECRET);
    const controller = new AbortController();
    const pending = client.chat.completions.create({ model: 'patient', messages: [{ role: 'user', content: prompt }] }, { signal: controller.signal, ...tagged('between-attempts') }).catch((e: unknown) => e);
    await expect.poll(() => h.sim.stats().requests).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await pending;
    const t = await traceOf('between-attempts');
    expect(t).toMatchObject({ status: 499, costUsd: 0, inputTokens: 0, provider: null });
    expect(t.decisions?.abandoned).toBeUndefined();
    expect(await spend()).toBe(before);
  });
});

describe('a stream the client abandons', () => {
  it('books the prompt when the client leaves before the first byte', async () => {
    h.sim.addFault({ kind: 'slow', delayMs: 3000, model: 'standin-small' });
    const before = await spend();
    const client = new OpenAI({ apiKey: SECRET, baseURL: h.baseURL, maxRetries: 0, timeout: 300 });
    const error = await client.chat.completions.create({ model: 'priced', messages: [{ role: 'user', content: prompt }], stream: true }, tagged('stream-before-first-byte')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    const t = await traceOf('stream-before-first-byte');
    expect(t).toMatchObject({ status: 499, stream: true, usageEstimated: true, outputTokens: 0 });
    expect(t.costUsd).toBeCloseTo((t.inputTokens * 1000) / 1e6, 9);
    expect(t.costUsd).toBeGreaterThan(0);
    expect(await spend()).toBeCloseTo(before + t.costUsd, 9);
  });

  it('books the output already relayed, against the key budget', async () => {
    const before = await spend();
    const client = h.openai(SECRET);
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'trickling', messages: [{ role: 'user', content: prompt }], stream: true, max_tokens: 400 }, { signal: controller.signal, ...tagged('stream-abort') });
    let relayed = '';
    try {
      for await (const chunk of stream) {
        relayed += chunk.choices[0]?.delta.content ?? '';
        if (relayed.length > 40) controller.abort();
      }
    } catch (error) {
      expect(error).toBeInstanceOf(OpenAI.APIUserAbortError);
    }
    const t = await traceOf('stream-abort');
    expect(t).toMatchObject({ status: 499, stream: true, usageEstimated: true });
    expect(t.inputTokens).toBeGreaterThan(60);
    // At least the text the client got; at 40 tokens a second, far from the 400 allowed.
    expect(t.outputTokens).toBeGreaterThan(0);
    expect(t.outputTokens).toBeLessThan(400);
    expect(t.costUsd).toBeCloseTo((t.inputTokens * 1000 + t.outputTokens * 2000) / 1e6, 9);
    expect(await spend()).toBeCloseTo(before + t.costUsd, 9);
  });
});
