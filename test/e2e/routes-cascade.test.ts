import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RouteReport } from '../../src/monitor/route-report.js';
import { usd } from '../../web/src/format.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// A cascade route's card on the Routes page: its steps as `switchyard routes` prints them (the
// same report, GET /api/routes): how many calls came to each target, how many it answered, how
// many went on, and what a call it answered cost. Three invoices the cheap model labels, one story
// it answers with prose (escalated to the strong one).
const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
  cheap:  { provider: sim, model: standin-cheap,  price: { input_per_mtok: 0.1, output_per_mtok: 0.4 } }
  strong: { provider: sim, model: standin-strong, price: { input_per_mtok: 3, output_per_mtok: 15 } }
routes:
  triage:
    policy: cascade
    targets: [ cheap, strong ]
    escalate_on: { validation: { labels: [billing, shipping, other] } }
  unused:
    policy: cascade
    targets: [ cheap, strong ]
    escalate_on: { validation: { labels: [a, b] } }
retry: { max_attempts: 1 }
traces: { flush_interval_ms: 5 }
`,
  async seed({ sim, openai }) {
    sim.addScript({ match: 'story', model: 'standin-cheap', reply: 'Once upon a time', usage: { prompt_tokens: 100, completion_tokens: 10, cached_tokens: 0 } });
    sim.addScript({ match: 'story', model: 'standin-strong', reply: 'other', usage: { prompt_tokens: 120, completion_tokens: 3, cached_tokens: 0 } });
    sim.addScript({ match: 'invoice', model: 'standin-cheap', reply: 'billing', usage: { prompt_tokens: 90, completion_tokens: 1, cached_tokens: 0 } });
    const client = openai();
    for (const content of ['an invoice', 'another invoice', 'a story', 'one more invoice']) await client.chat.completions.create({ model: 'triage', messages: [{ role: 'user', content }] });
  },
});

describe.each([1280, 390])('a cascade route on the routes page at %i px', (width) => {
  it('lists its steps as the report has them: reached, answered here, passed on, mean cost', async () => {
    const report = (await (await fetch(`${e2e.url}/api/routes?range=1h`)).json()) as { routes: RouteReport[] };
    const steps = report.routes.find((r) => r.route === 'triage')?.cascade ?? [];
    expect(steps.map((s) => [s.target, s.reached, s.answered, s.passedOn])).toEqual([['cheap', 4, 3, 1], ['strong', 1, 1, 0]]);
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const table = page.getByTestId('route-triage').getByTestId('cascade-steps');
    await table.waitFor();
    const cells = (label: string) => table.locator(`tbody td[data-label="${label}"]`).allInnerTexts();
    expect(await cells('step')).toEqual(['1. cheap', '2. strong']);
    expect(await cells('reached')).toEqual(['4', '1']);
    expect(await cells('answered here')).toEqual(['3 (75.0%)', '1 (100.0%)']);
    expect(await cells('passed on')).toEqual(['1', '0']);
    expect(await cells('mean cost')).toEqual(steps.map((s) => usd(s.meanCostUsd)));
    // A cascade nobody called shows no table of zeros.
    expect(await page.getByTestId('route-unused').getByTestId('cascade-steps').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: join(SHOTS, `routes-cascade-${width}.png`), fullPage: true });
    await page.close();
  });
});
