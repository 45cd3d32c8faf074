import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';

/**
 * The longest names a config takes on the Routes page: a route of 128 characters (the most a route
 * name may have) reached through another route, and split arms naming models of 256 characters,
 * one ending in CJK and an emoji (a control or a bidi override in a model name is refused by the
 * config check since walk 9). The branch tables cut them, but the charts'
 * legends named each branch whole: the page was 4,718 px wide in a 1,280 px window (helper
 * hostile20, 2026-12-07).
 */
const ROUTE = 'r'.repeat(128);
const WIDE = 'W'.repeat(256);
const BIDI = `${'m'.repeat(240)}漢字🙈`;
let nestedTrace = '';
const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  "${WIDE}": { provider: sim, model: standin-large, price: { input_per_mtok: 5, output_per_mtok: 10 } }
  "${BIDI}": { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } }
routes:
  front:
    policy: conditional
    rules: [ { when: { last_user_message: { regex: "^long" } }, target: ${ROUTE} } ]
    default: small
  ${ROUTE}:
    policy: split
    sticky: user
    arms: [ { target: "${WIDE}", weight: 1 }, { target: "${BIDI}", weight: 1 } ]
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai }) {
    const client = openai();
    const { response } = await client.chat.completions.create({ model: 'front', user: 'u0', messages: [{ role: 'user', content: 'long question' }] }).withResponse();
    nestedTrace = response.headers.get('x-switchyard-trace-id') as string;
    for (let i = 0; i < 12; i++) await client.chat.completions.create({ model: 'front', user: `u${i}`, messages: [{ role: 'user', content: `long question ${i}` }] });
    for (let i = 0; i < 3; i++) await client.chat.completions.create({ model: 'front', messages: [{ role: 'user', content: `short ${i}` }] });
  },
});

describe('routes page: the longest route and model names a config takes', () => {
  it('keeps the page within the window, the legends cut', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const card = page.getByTestId(`route-${ROUTE}`);
    await card.waitFor();
    await expect.poll(() => card.innerText()).toMatch(/requests\s+13\b/);
    const legends = await card.locator('.u-legend .u-series').allInnerTexts();
    expect(legends.length).toBeGreaterThanOrEqual(4);
    for (const legend of legends) expect(legend.length).toBeLessThan(60);
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await page.close();
  });

  it("lays a trace's routing steps out in their columns: the policy column was the attempts table's 2.5em '#' column", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${nestedTrace}`);
    const steps = page.getByTestId('route-steps');
    await steps.locator('tbody').first().waitFor();
    // "conditional" overflowed its 2.5em cell onto "front" beside it (every routed trace's, whatever its names).
    const overflow = await steps.locator('td[data-label=policy]').evaluateAll((cells) => cells.map((c) => c.scrollWidth - c.clientWidth));
    expect(overflow).toEqual([0, 0]);
    const [policy, route] = await steps.locator('th').evaluateAll((ths) => ths.map((th) => th.getBoundingClientRect()));
    expect((policy as DOMRect).right).toBeLessThanOrEqual((route as DOMRect).left + 1);
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await page.close();
  });
});
