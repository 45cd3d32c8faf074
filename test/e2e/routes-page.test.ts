import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  judge: { provider: sim, model: standin-large, price: { input_per_mtok: 5, output_per_mtok: 10 } }
routes:
  support:
    policy: split
    sticky: user
    arms: [ { target: small, weight: 1 }, { target: judge, weight: 1 } ]
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai }) {
    const client = openai();
    for (let i = 0; i < 20; i++) await client.chat.completions.create({ model: 'support', user: `u${i}`, messages: [{ role: 'user', content: `question ${i}` }] });
  },
});

describe('routes page', () => {
  it('shows each route with the share of each branch', async () => {
    const page = await e2e.browser.newPage();
    // All of the traffic is minutes old: without a chosen range the page shows the last hour, not a sliver of a day.
    await page.goto(`${e2e.url}/#/routes`);
    await expect.poll(() => new URL(page.url()).hash).toBe('#/routes?range=1h');
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const card = page.getByTestId('route-support');
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('split');
    expect(text).toContain('standin-small');
    expect(text).toContain('standin-large');
    expect(text).toMatch(/20\s/);
    // The chart says what a point counts; a route without a local model shows no "answered locally 0.0%".
    expect(text).toContain('Requests per branch · requests per minute');
    expect(text).not.toContain('answered locally');
    await page.screenshot({ path: join(SHOTS, 'routes.png'), fullPage: true });
    // No eval run went through this gateway: the overview of eval traffic says how to send a request, with no empty charts on a made-up 0–100 scale.
    await page.goto(`${e2e.url}/#/overview?range=1h&traffic=evals`);
    const none = page.getByTestId('no-traffic');
    await none.waitFor();
    expect(await none.locator('h2').innerText()).toBe('No requests in the last 1h (eval runs only)');
    expect(await none.locator('pre').innerText()).toContain(`curl -s ${e2e.url}/v1/chat/completions`);
    expect(await page.locator('.uplot').count()).toBe(0);
    expect(await page.getByTestId('overview-stats').innerText()).toMatch(/Error rate\s+–/);
  });
});
