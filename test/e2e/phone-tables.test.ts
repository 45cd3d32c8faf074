import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORT_JSONL, simWorldYaml } from '../../src/evals/__fixtures__/sim-gateway.js';
import { evaluate } from '../../src/evals/evaluate.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// The list tables of the dashboard on a phone (390 × 844): each row a card, every value under its
// column's name, as the trace list already is; none scrolls sideways inside its card.
const APP_KEY = 'sk-sy-phone-app-0001';

let runId = '';

const e2e = e2eFixture({
  config: (sim) => `${simWorldYaml(sim.url)}
routes:
  support:
    policy: split
    arms: [ { target: small, weight: 1 }, { target: claude, weight: 1 } ]
keys:
  - { key: ${APP_KEY}, name: support-app, team: customer-experience, budget: { usd: 5, period: monthly }, rate_limit: { requests_per_minute: 600, tokens_per_minute: 100000 } }
  - { key: sk-sy-phone-batch-0002, name: nightly-batch-summaries, team: data-platform, models: [small, claude], budget: { usd: 50, period: daily } }
teams:
  - { name: customer-experience, budget: { usd: 100, period: monthly }, rate_limit: { requests_per_minute: 1000 } }
`,
  async seed(e) {
    const client = e.openai(APP_KEY);
    for (let i = 0; i < 6; i++) await client.chat.completions.create({ model: i % 2 ? 'support' : 'small', messages: [{ role: 'user', content: `question ${i}` }] });
    e.write('support-5.jsonl', SUPPORT_JSONL);
    const suite = 'name: support\ndataset: support-5.jsonl\nvariants:\n  small: { model: small, prompt: "Answer: {{input}}" }\n  claude: { model: claude, prompt: "Answer: {{input}}" }\nscorers:\n  - { type: contains, value: "{{expected}}" }\nrepeats: 1\nconcurrency: 4\n';
    runId = (await evaluate({ suitePath: e.write('suite.yaml', suite), gatewayUrl: e.url, apiKey: APP_KEY, stores: e.server.stores })).run.id;
  },
  timeoutMs: 90_000,
});

let page: Page;
beforeAll(async () => {
  page = await e2e.browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
});
afterAll(() => page.close());

/** How far each table (and the box it sits in) is wider than the room it has: 0 when it fits. */
const overflow = (selector: string) =>
  page.locator(selector).evaluateAll((tables) =>
    tables.map((t) => {
      const box = t.parentElement as HTMLElement;
      return Math.max(t.scrollWidth - t.clientWidth, box.scrollWidth - box.clientWidth, Math.round(t.getBoundingClientRect().right) - document.documentElement.clientWidth);
    }),
  );

const PAGES = [
  ['keys', '#/keys', '[data-testid="keys"]', ['key', 'team', 'budget', 'requests / min', 'tokens / min', 'source']],
  ['teams', '#/keys', '[data-testid="teams"]', ['team', 'keys', 'budget', 'requests / min', 'tokens / min', 'source']],
  ['overview', '#/overview?range=1h', 'h2 + .scroll-x > table.table', ['requests', 'error rate', 'p95', 'cost']],
  ['runs', '#/evals', '[data-testid="runs"]', ['run', 'dataset', 'status', 'variants', 'best quality', 'started']],
  ['providers', '#/providers', '[data-testid="targets"]', ['target', 'circuit', 'latency', 'times opened']],
  ['routes', '#/routes?range=1h', '[data-testid="route-support"] table.table', ['branch', 'requests', 'share', 'cost', 'mean latency']],
  ['datasets', '#/datasets', '[data-testid="datasets"]', ['name', 'versions', 'items (latest)', 'updated']],
  // A run's variants scrolled sideways in their box, cost and latency out of sight (walk newcomer23).
  ['run variants', () => `#/evals/${runId}`, '[data-testid="variants"]', ['variant', 'model', 'quality [95% CI]', 'cost / case', 'p50 / p95', 'errors']],
] as const;

describe('list tables on a 390 px phone', () => {
  it.each(PAGES)('%s: no table scrolls sideways, and each value is under its column name', async (name, hash, selector, labels) => {
    await page.goto(`${e2e.url}/${typeof hash === 'function' ? hash() : hash}`);
    const table = page.locator(selector).first();
    await table.locator('tbody tr').first().waitFor();
    await page.screenshot({ path: join(SHOTS, `phone-${name}.png`), fullPage: true });
    const over = await overflow(selector);
    expect(over.length).toBeGreaterThan(0);
    expect(over.every((px) => px <= 0), `${name}: ${over.join(', ')} px too wide`).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Stacked: the header row is hidden and each cell says which column it is.
    expect(await table.locator('thead').isVisible()).toBe(false);
    const shown = await table.locator('tbody tr').first().locator('td[data-label]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-label')));
    for (const label of labels) expect(shown).toContain(label);
  });
});
