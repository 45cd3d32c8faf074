import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';

// A call billed at another tier's prices says so beside its cost on the trace's page: the tier
// (or fast mode) it was billed at, or that the model has no price for it and the standard one applied.
const e2e = e2eFixture({
  sim: { latencyMs: 5 },
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
models:
  luna: { provider: sim, model: gpt-5.6-luna }
  nano41: { provider: sim, model: gpt-4.1-nano }
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai }) {
    const client = openai();
    await client.chat.completions.create({ model: 'luna', messages: [{ role: 'user', content: 'hi' }], service_tier: 'flex' });
    await client.chat.completions.create({ model: 'nano41', messages: [{ role: 'user', content: 'hi' }], service_tier: 'flex' });
  },
});

describe('the tier a call was billed at', () => {
  it('is shown beside its cost on the trace’s page', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${e2e.url}/#/traces`);
    const rows = page.getByTestId('trace-table').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    const costBox = () => page.locator('.stat', { has: page.getByTestId('stat-Cost') });
    await rows.filter({ hasText: 'luna' }).click();
    await expect.poll(async () => (await costBox().innerText()).includes('flex tier'), { timeout: 10_000 }).toBe(true);
    expect(await costBox().innerText()).not.toContain('no flex price');
    await page.goBack();
    await rows.filter({ hasText: 'nano41' }).click();
    await expect.poll(async () => (await costBox().innerText()).includes('flex tier, billed at standard prices (no flex price)'), { timeout: 10_000 }).toBe(true);
    await page.close();
  });
});
