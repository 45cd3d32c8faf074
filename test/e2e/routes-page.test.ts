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
  intent:
    policy: static
    target: small
    options: { task: { type: classify, labels: [card, refund], min_examples: 100000, shadow_rate: 0 } }
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai }) {
    const client = openai();
    // One call to a plain model, before the route's: lists hold both.
    await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'a model called by name' }] });
    for (let i = 0; i < 20; i++) await client.chat.completions.create({ model: 'support', user: `u${i}`, messages: [{ role: 'user', content: `question ${i}` }] });
  },
});

describe('routes page', () => {
  it('shows each route with the share of each branch', async () => {
    const page = await e2e.browser.newPage();
    const asked: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/routes' || url.pathname === '/api/overview') asked.push(`${url.pathname}${url.search}`);
    });
    // All of the traffic is minutes old: without a chosen range the page shows the last hour, not a sliver of a day.
    await page.goto(`${e2e.url}/#/routes`);
    await expect.poll(() => new URL(page.url()).hash).toBe('#/routes?range=1h');
    const card = page.getByTestId('route-support');
    await card.waitFor();
    expect(await page.getByRole('button', { name: '1h', exact: true }).getAttribute('class')).toBe('on');
    expect(await card.innerText()).toMatch(/requests\s+20\b/);
    // Each read once, the server choosing the hour in its answer: the page asked for the day, then both again for the hour.
    expect(asked.sort()).toEqual(['/api/overview?range=auto&by=nested&top=50', '/api/overview?range=auto&by=route&top=50', '/api/routes?range=auto']);
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('split');
    // Each branch by its name in the config (the arms' targets), not by the provider model behind it.
    const branches = await card.locator('tbody td[data-label=branch]').allInnerTexts();
    expect(branches.sort()).toEqual(['judge', 'small']);
    expect(text).not.toContain('standin-');
    expect(await card.getByTestId('chart-Requests per branch').locator('.u-legend .u-series').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('small'), expect.stringContaining('judge')]));
    expect(text).toMatch(/20\s/);
    // Beside the counts, each branch's share of the route's requests over time, on a 0–100% axis whose labels are whole.
    const share = card.getByTestId('chart-Share per branch');
    expect(await share.locator('.u-legend .u-series').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('small'), expect.stringContaining('judge')]));
    const ticks = JSON.parse((await share.getAttribute('data-y-ticks')) ?? '[]') as { label: string }[];
    expect(ticks.map((t) => t.label)).toEqual(expect.arrayContaining(['0%', '100%']));
    // The widest label's left edge (uPlot sets it right-aligned 15 px left of the plot) is inside the chart: "100%" lost its "1" at 7 px a character.
    const room = await share.evaluate((chart) => {
      const plot = chart.querySelector<HTMLElement>('.u-over');
      const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
      context.font = '12px system-ui, sans-serif';
      return (plot?.offsetLeft ?? 0) - 15 - context.measureText('100%').width;
    });
    expect(room).toBeGreaterThanOrEqual(0);
    // The chart says what a point counts; a route without a local model shows no "answered locally 0.0%".
    expect(text).toContain('Requests per branch · requests per minute');
    expect(text).not.toContain('answered locally');
    // A local-model route with no version yet offers no "Roll back": there is nothing to roll back to.
    const versions = page.getByTestId('versions-intent');
    await versions.getByText('No versions registered for intent yet.').waitFor();
    // A route nobody called yet says how to call it.
    expect(await page.getByTestId('route-intent').locator('tbody td').last().innerText()).toBe('No requests through intent in the last 1h. Clients reach it by sending its name as the model ("model": "intent"); older traffic: a longer range above.');
    expect(await versions.getByRole('button', { name: 'Roll back' }).count()).toBe(0);
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

describe('routes among models', () => {
  it('labels a route as a route wherever names clients call are listed, with the model it chose', async () => {
    const page = await e2e.browser.newPage();
    // Models and routes apart in the trace list's model filter.
    await page.goto(`${e2e.url}/#/traces`);
    const filter = page.getByRole('combobox', { name: 'model' });
    await expect.poll(() => filter.locator('optgroup').evaluateAll((groups) => groups.map((g) => [g.getAttribute('label'), [...g.querySelectorAll('option')].map((o) => o.getAttribute('value'))]))).toEqual([
      ['models', ['small']],
      ['routes (each picks a model per request)', ['support']],
    ]);
    // Each call to the route says it is one, and which branch it took.
    const first = page.getByTestId('trace-table').locator('tbody tr').first().locator('td[data-label=model]');
    expect(await first.locator('.pill').innerText()).toBe('route');
    expect(await first.getByTestId('routed-to').innerText()).toMatch(/^route\s*→ (small|judge)$/);
    // The trace itself calls it a route.
    await page.getByTestId('trace-table').locator('tbody tr').first().locator('a').click();
    await page.getByTestId('attempts').waitFor();
    expect(await page.locator('.stat').first().innerText()).toMatch(/^Route\s+support\s+chose (small|judge) · sim · standin-(small|large)/);
    // The overview split by model marks it too, in the table and the chart legends.
    await page.goto(`${e2e.url}/#/overview?range=1h&by=model`);
    const row = page.locator('table.table tbody tr', { hasText: 'support' });
    await expect.poll(() => row.getByTestId('route-pill').count()).toBe(1);
    expect(await page.locator('table.table thead th').first().innerText()).toBe('model or route');
    expect(await page.getByTestId('chart-Requests by model').locator('.u-legend').innerText()).toContain('support (route)');
    await page.screenshot({ path: join(SHOTS, 'overview-routes.png'), fullPage: true });
    await page.close();
  });

  it('says once that the gateway is open instead of a key column of dashes, and "open gateway" on a trace', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces`);
    const note = page.getByTestId('open-gateway');
    await note.waitFor();
    expect(await note.innerText()).toMatch(/^Open gateway: no keys are configured, so the gateway accepts any caller and calls carry no key/);
    expect(await page.getByTestId('trace-table').locator('thead th').allInnerTexts()).not.toContain('key');
    expect(await page.getByTestId('trace-table').locator('tbody td[data-label=key]').count()).toBe(0);
    await page.getByTestId('trace-table').locator('tbody tr').first().locator('a').click();
    await expect.poll(() => page.getByTestId('stat-Key').innerText()).toBe('open gateway');
    expect(await page.locator('.stat', { has: page.getByTestId('stat-Key') }).locator('.stat-hint').innerText()).toBe('no keys are configured: any caller is accepted');
    await page.close();
  });
});
