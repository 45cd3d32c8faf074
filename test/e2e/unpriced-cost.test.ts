import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';

// A call to a model nobody priced is booked at $0, which reads as free: the list shows its cost
// as unknown ('–', the reason on hover) and the trace's page says "unpriced", naming the model.
const e2e = e2eFixture({
  sim: { latencyMs: 5 },
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
models:
  astra: { provider: sim, model: my-vllm-model }
  sol: { provider: sim, model: gpt-6.2-sol }
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai }) {
    const client = openai();
    await client.chat.completions.create({ model: 'astra', messages: [{ role: 'user', content: 'hi' }] });
    await client.chat.completions.create({ model: 'sol', messages: [{ role: 'user', content: 'hi' }] });
  },
});

describe('the cost of a call to a model with no price', () => {
  it('is unknown in the trace list and "unpriced" on the trace’s page, not $0', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${e2e.url}/#/traces`);
    const rows = page.getByTestId('trace-table').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    const cost = (model: string) => rows.filter({ hasText: model }).locator('td[data-label="cost"]');
    expect(await cost('astra').innerText()).toBe('–');
    expect(await cost('astra').getAttribute('title')).toBe('unpriced: no price for my-vllm-model');
    expect(await cost('sol').innerText()).toMatch(/^(<)?\$0\.\d+$/);
    await rows.filter({ hasText: 'astra' }).click();
    await expect.poll(() => page.getByTestId('stat-Cost').innerText(), { timeout: 10_000 }).toBe('unpriced');
    expect(await page.locator('.stat', { has: page.getByTestId('stat-Cost') }).innerText()).toContain('no price for my-vllm-model');
    await page.close();
  });
});
