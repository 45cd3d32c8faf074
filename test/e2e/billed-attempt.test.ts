import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';

// An attempt that timed out after its provider had the request is billed by that provider: the
// trace's page says, on the attempt's own line, what it was booked at and that it is an estimate.
// One whose connection was reset before any answer may or may not be: the line says its cost is
// unknown, not a $0.
const DEAR = '{ input_per_mtok: 1000, output_per_mtok: 2000 }';
const e2e = e2eFixture({
  sim: { latencyMs: 5 },
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
models:
  hasty:
    fallbacks: [ { provider: sim, model: stalls, price: ${DEAR} }, { provider: sim, model: standin-small } ]
    retry: { max_attempts: 1 }
    timeouts: { attempt_ms: 200 }
  resetting:
    fallbacks: [ { provider: sim, model: resets, price: ${DEAR} }, { provider: sim, model: standin-small } ]
    retry: { max_attempts: 1 }
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai, sim }) {
    sim.addFault({ kind: 'timeout', model: 'stalls' });
    sim.addFault({ kind: 'reset', model: 'resets' });
    const messages = [{ role: 'user' as const, content: 'Please summarise the quarterly report.' }];
    await openai().chat.completions.create({ model: 'hasty', messages });
    await openai().chat.completions.create({ model: 'resetting', messages });
  },
});

/** The trace page of the call to `model`, with the billed line of its first attempt (and none under the answer). */
async function billedLineOf(model: string): Promise<{ page: Page; text: string }> {
  const page = await e2e.browser.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`${e2e.url}/#/traces`);
  const rows = page.getByTestId('trace-table').locator('tbody tr');
  await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
  await rows.filter({ hasText: model }).first().click();
  const billed = page.getByTestId('attempt-billed');
  await expect.poll(() => billed.count(), { timeout: 10_000 }).toBe(1);
  // Under the first attempt (the one that failed), not the answer's.
  const first = page.locator('[data-testid="attempts"] tbody.attempt').first();
  expect(await first.getByTestId('attempt-billed').count()).toBe(1);
  expect(await page.locator('[data-testid="attempts"] tbody.attempt').nth(1).getByTestId('attempt-billed').count()).toBe(0);
  return { page, text: await billed.innerText() };
}

describe('a failed attempt its provider bills', () => {
  it('shows on the trace page, under the attempt, its estimated cost and why', async () => {
    const { page, text } = await billedLineOf('hasty');
    expect(text).toMatch(/^billed ~\$0\.0\d+ \(\d+ in \/ 0 out, estimated\): the attempt timeout fired after the request was sent/);
    await page.close();
  });

  it('says an attempt reset before any answer has a cost unknown, not $0', async () => {
    const { page, text } = await billedLineOf('resetting');
    expect(text).toMatch(/^cost unknown: the connection was reset before the provider answered/);
    expect(text).not.toMatch(/billed ~?\$/);
    await page.close();
  });
});
