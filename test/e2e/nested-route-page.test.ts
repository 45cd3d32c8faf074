import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';

// A split behind a conditional rule: clients call `front`, which sends most calls to the split `ab`.
const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  large: { provider: sim, model: standin-large, price: { input_per_mtok: 5, output_per_mtok: 10 } }
routes:
  front:
    policy: conditional
    rules: [ { when: { last_user_message: { regex: "^urgent" } }, target: large } ]
    default: ab
  ab:
    policy: split
    sticky: user
    arms: [ { target: small, weight: 1 }, { target: large, weight: 1 } ]
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai }) {
    const client = openai();
    for (let i = 0; i < 12; i++) await client.chat.completions.create({ model: 'front', user: `u${i}`, messages: [{ role: 'user', content: `question ${i}` }] });
    for (let i = 0; i < 3; i++) await client.chat.completions.create({ model: 'front', messages: [{ role: 'user', content: `urgent ${i}` }] });
  },
});

describe('routes page: a route reached through another route', () => {
  it("shows the split's arms and their shares over time, though clients only called the route in front of it", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const card = page.getByTestId('route-ab');
    await card.waitFor();
    // Before 2026-12-07 the split read "No requests through ab": front's 12 calls to it were in no row of its own.
    await expect.poll(() => card.innerText()).toMatch(/requests\s+12\b/);
    expect((await card.locator('tbody td[data-label=branch]').allInnerTexts()).sort()).toEqual(['large', 'small']);
    const share = card.getByTestId('chart-Share per branch');
    expect(await share.locator('.u-legend .u-series').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('small'), expect.stringContaining('large')]));
    // front counts each call once, by the branch it chose.
    expect(await page.getByTestId('route-front').innerText()).toMatch(/requests\s+15\b/);
    await page.close();
  });
});
