import { afterAll, beforeAll, expect, it } from 'vitest';
import { cpuMs } from '../../src/test-support/cpu-clock.js';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

// One long word in a count_tokens request (helper hostile3, 2026-12-06): the o200k merge looked for
// the lowest pair along the whole word at each step, so 40,000 "é" held the gateway's token-count
// thread for 20 s and 3,000,000 letters for hours, and every exact count after it (count_tokens of
// every client, Gemini's countTokens on a translated model) waited without an answer.
let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (simUrl) => `${simProviders(simUrl)}\nmodels:\n  small: { provider: sim, model: gpt-4o-mini }\n`);
}, 60_000);
afterAll(() => h.close());

const count = (content: string) =>
  fetch(`${h.gateway.url}/v1/messages/count_tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'small', messages: [{ role: 'user', content }] }),
    signal: AbortSignal.timeout(30_000),
  }).then(async (res) => ({ status: res.status, json: (await res.json()) as { input_tokens?: number } }));

it('a word of 300,000 letters is counted at once, and the counts after it are answered', async () => {
  const started = cpuMs();
  const long = await count('é'.repeat(300_000));
  expect(long.status).toBe(200);
  expect(long.json.input_tokens).toBeGreaterThan(100_000);
  expect((await count('How long does a refund take?')).json.input_tokens).toBeGreaterThan(5);
  // Linear merging takes well under a second here; the quadratic one took minutes.
  expect(cpuMs() - started).toBeLessThan(15_000);
}, 60_000);
