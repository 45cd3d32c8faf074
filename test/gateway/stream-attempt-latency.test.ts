import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;

beforeAll(async () => {
  // 50 tokens a second: a 20-token answer streams for about 400 ms after its first byte.
  h = await startHarness('', (simUrl) => `providers:\n  sim: { type: openai, base_url: "${simUrl}/v1", api_key: sk-sim }\nmodels:\n  small: { provider: sim, model: standin-small }\n`, { simulator: { tokensPerSecond: 50 } });
});
afterAll(() => h.close());

describe('a streamed trace', () => {
  it("times its answering attempt to the end of the stream, not the first byte", async () => {
    h.sim.addScript({ match: 'Count slowly', reply: 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty' });
    const client = h.openai('any');
    const { data: stream, response } = await client.chat.completions.create({ model: 'small', stream: true, messages: [{ role: 'user', content: 'Count slowly to twenty' }] }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toMatch(/twenty$/);
    await h.gateway.traces.flush();
    const trace = await h.gateway.store.getTrace(response.headers.get('x-switchyard-trace-id') as string);
    const attempt = trace?.attempts[0];
    // The simulator paces the 20 tokens over ~400 ms after the first byte; load only stretches that
    // (a ratio to the whole latency failed on a loaded machine whose first byte took 420 ms).
    expect((trace?.latencyMs ?? 0) - (trace?.ttftMs ?? Infinity)).toBeGreaterThan(250);
    // The attempt covers the stream: close to the request's latency, far above the time to first byte.
    expect(attempt?.latencyMs).toBeGreaterThan(250);
    expect(attempt?.latencyMs).toBeLessThanOrEqual(trace?.latencyMs ?? 0);
    expect(Object.keys(attempt ?? {})).not.toContain('startedAt');
  });

  it('does so for a stream translated between formats too (Anthropic client, OpenAI provider)', async () => {
    const claude = h.anthropic('any');
    const stream = claude.messages.stream({ model: 'small', max_tokens: 200, messages: [{ role: 'user', content: 'Count slowly to twenty' }] });
    const { id } = await stream.finalMessage();
    expect(id).toBeTruthy();
    const response = await stream.withResponse().catch(() => undefined);
    const traceId = response?.response.headers.get('x-switchyard-trace-id');
    await h.gateway.traces.flush();
    const trace = traceId ? await h.gateway.store.getTrace(traceId) : (await h.gateway.store.listTraces({ limit: 1 })).traces[0];
    expect(trace?.stream).toBe(true);
    expect(trace?.attempts[0]?.latencyMs).toBeGreaterThan(250);
  });
});
