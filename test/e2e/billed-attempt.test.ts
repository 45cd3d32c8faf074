import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';

// An attempt that timed out after its provider had the request is billed by that provider: the
// trace's page says, on the attempt's own line, what it was booked at and that it is an estimate.
const e2e = e2eFixture({
  sim: { latencyMs: 5 },
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
models:
  hasty:
    fallbacks: [ { provider: sim, model: stalls, price: { input_per_mtok: 1000, output_per_mtok: 2000 } }, { provider: sim, model: standin-small } ]
    retry: { max_attempts: 1 }
    timeouts: { attempt_ms: 200 }
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai, sim }) {
    sim.addFault({ kind: 'timeout', model: 'stalls' });
    await openai().chat.completions.create({ model: 'hasty', messages: [{ role: 'user', content: 'Please summarise the quarterly report.' }] });
  },
});

describe('a failed attempt its provider bills', () => {
  it('shows on the trace page, under the attempt, its estimated cost and why', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${e2e.url}/#/traces`);
    const rows = page.getByTestId('trace-table').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    await rows.first().click();
    const billed = page.getByTestId('attempt-billed');
    await expect.poll(() => billed.count(), { timeout: 10_000 }).toBe(1);
    const text = await billed.innerText();
    expect(text).toMatch(/^billed ~\$0\.0\d+ \(\d+ in \/ 0 out, estimated\): the attempt timeout fired after the request was sent/);
    // Under the first attempt (the one that timed out), not the answer's.
    const first = page.locator('[data-testid="attempts"] tbody.attempt').first();
    expect(await first.getByTestId('attempt-billed').count()).toBe(1);
    expect(await page.locator('[data-testid="attempts"] tbody.attempt').nth(1).getByTestId('attempt-billed').count()).toBe(0);
    await page.close();
  });
});
