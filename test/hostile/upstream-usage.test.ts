import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../../src/test-support/fake-upstream.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * An upstream whose `usage` is no count (helper hostile10, 2026-12-05): 1e308 tokens summed to
 * Infinity in the metrics fold, where prom-client threw from a timer and the gateway's process
 * ended; a negative count was booked as it came, and then as 0 (a free call). The answer passes on as
 * the provider wrote it; the trace, the overview and /metrics take no such figure but the gateway's
 * own count, and the gateway keeps serving.
 */
const usages = [{ prompt_tokens: 1e308, completion_tokens: 1e308, total_tokens: 1e308 }, { prompt_tokens: -5, completion_tokens: 3 }, { prompt_tokens: '12', completion_tokens: 2.5 }];
let upstream: FakeUpstream;
let h: Harness;
let next = 0;
beforeAll(async () => {
  upstream = await startFakeUpstream((_req, _body, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ id: 'chatcmpl-x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: usages[next++ % usages.length] }));
  });
  h = await startHarness('', () => `
providers:
  odd: { type: openai, base_url: ${upstream.v1}, api_key: sk-x }
models:
  odd: { provider: odd, model: m, price: { input_per_mtok: 1, output_per_mtok: 2 } }
server: { admin_key: sk-admin }
keys:
  - { key: sk-sy-test, name: test }
`);
});
afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

describe('usage an upstream reports that is no count', () => {
  it('is counted by the gateway instead (estimated, priced), and the gateway keeps serving with its metrics readable', async () => {
    const ask = () => fetch(`${h.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test' }, body: JSON.stringify({ model: 'odd', messages: [{ role: 'user', content: 'hi' }] }) });
    for (let i = 0; i < usages.length; i++) expect((await ask()).status).toBe(200);
    // The metrics fold runs after the answers: give it a turn, then ask again.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await ask()).status).toBe(200);
    await h.gateway.traces.flush();
    const { traces } = (await (await fetch(`${h.gateway.url}/api/traces?model=odd`, { headers: { authorization: 'Bearer sk-admin' } })).json()) as { traces: { inputTokens: number; outputTokens: number; costUsd: number; usageEstimated: boolean }[] };
    // Newest first: the last call's 1e308 again, then '12' and 2.5, then -5 beside a real 3, then 1e308.
    // Each is counted here instead, as for a provider that reports no usage: the prompt "hi" in
    // its chat framing and the answer "ok", priced, not free (it was booked as 0 tokens, $0).
    expect(traces).toHaveLength(4);
    for (const trace of traces) {
      expect(trace.usageEstimated).toBe(true);
      expect(trace.inputTokens).toBeGreaterThan(0);
      expect(trace.inputTokens).toBeLessThan(50);
      expect(trace.outputTokens).toBe(1);
      expect(trace.costUsd).toBeCloseTo((trace.inputTokens * 1 + trace.outputTokens * 2) / 1e6, 12);
    }
    const metrics = await fetch(`${h.gateway.url}/metrics`, { headers: { authorization: 'Bearer sk-admin' } });
    expect(metrics.status).toBe(200);
    // No sample's value is infinite or huge (a histogram's le="+Inf" bucket is a label, not a value).
    expect(await metrics.text()).not.toMatch(/ (?:[+-]?Inf|NaN)$|e\+30\d/m);
  });
});
