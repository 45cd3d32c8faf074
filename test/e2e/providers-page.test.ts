import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim:    { type: openai, base_url: ${sim.url}/v1, api_key: sk-upstream }
  backup: { type: openai, base_url: ${sim.url}/v1, api_key: sk-upstream }
models:
  guarded:
    fallbacks: [ { provider: sim, model: flaky }, { provider: backup, model: standin-small } ]
retry: { max_attempts: 1 }
breaker: { consecutive_failures: 2, open_ms: 60000 }
cache: { routes: { guarded: {} } }
`,
  async seed({ sim, openai }) {
    sim.addFault({ kind: 'status', status: 500, model: 'flaky' });
    const client = openai();
    for (let i = 0; i < 3; i++) await client.chat.completions.create({ model: 'guarded', temperature: 0, messages: [{ role: 'user', content: `question ${i}` }] });
  },
});

describe('providers page', () => {
  it('shows each target\'s circuit and the cache, and empties the cache', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/providers`);
    const flaky = page.getByTestId('target-sim/flaky');
    await flaky.waitFor();
    expect(await flaky.innerText()).toMatch(/open\s+probe in \d+ s/);
    expect(await page.getByTestId('target-backup/standin-small').innerText()).toContain('closed');
    // The window's length, from breaker.window_ms (default 30 s): "failures in window" said none.
    expect(await page.getByTestId('targets').locator('thead th').allInnerTexts()).toContain('failures in last 30 s');
    const cache = page.getByTestId('cache');
    expect(await cache.innerText()).toMatch(/entries\s*3/);
    // Which names it caches: it is opt-in, and the figures alone did not say whether it was on.
    expect(await page.getByTestId('cache-scope').innerText()).toMatch(/^Caches guarded \(temperature: 0 requests/);
    // Four figures, the action below them rather than a fifth card.
    expect(await cache.locator('button').count()).toBe(0);
    // Three short answers are some kilobytes, not "0.0 MB".
    expect(await cache.innerText()).toMatch(/size\s*[\d.]+ (B|KB)\b/);
    await page.screenshot({ path: join(SHOTS, 'providers.png'), fullPage: true });
    await page.getByRole('button', { name: 'Empty cache' }).click();
    await expect.poll(async () => cache.innerText()).toMatch(/entries\s*0/);
    expect(await cache.innerText()).toMatch(/size\s*0 B/);
  });

  it('opens a page typed as a path (/providers) as that page, its address rewritten to the hash form', async () => {
    const page = await e2e.browser.newPage();
    // The server answers a browser's page path with the dashboard; it used to open the overview.
    await page.goto(`${e2e.url}/providers?from=bookmark`);
    await page.getByTestId('target-sim/flaky').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).hash).toBe('#/providers?from=bookmark');
    await page.goto(`${e2e.url}/no-such-page`);
    await expect.poll(async () => page.locator('body').innerText()).toContain('There is no page "no-such-page".');
    await page.close();
  });

  it('says the cache is off, and how to turn it on, when no model or route opts in', async () => {
    const page = await e2e.browser.newPage();
    // The server's answer for a config without cache.routes (this file's config has one).
    await page.route('**/api/providers', async (call) => {
      const response = await call.fetch();
      await call.fulfill({ response, json: { ...((await response.json()) as object), cachedNames: [] } });
    });
    await page.goto(`${e2e.url}/#/providers`);
    const scope = page.getByTestId('cache-scope');
    await scope.waitFor();
    expect(await scope.innerText()).toMatch(/^Off: no model or route opts in\. List them under cache\.routes in the config .*cache: \{ routes: \{ small: \{\} \} \}/);
    await page.close();
  });

  it('lists open circuits and failing targets first, 20 of a long list until asked for all', async () => {
    const page = await e2e.browser.newPage();
    // A config of 60 targets, one open and one failing near the end of the server's order.
    await page.route('**/api/providers', async (call) => {
      const response = await call.fetch();
      const report = (await response.json()) as { targets: Record<string, unknown>[] };
      const [template] = report.targets;
      const targets: Record<string, unknown>[] = Array.from({ length: 60 }, (_, i) => ({ ...template, target: `bulk/m${i}`, state: 'closed', consecutiveFailures: 0, windowFailures: 0, windowAttempts: 5, retryAt: null }));
      targets[45] = { ...targets[45], state: 'open', consecutiveFailures: 3, windowFailures: 3, retryAt: Date.now() + 30_000 };
      targets[52] = { ...targets[52], windowFailures: 1, consecutiveFailures: 1 };
      await call.fulfill({ response, json: { ...report, targets } });
    });
    await page.goto(`${e2e.url}/#/providers`);
    const rows = page.getByTestId('targets').locator('tbody tr');
    await rows.first().waitFor();
    // Before: all 60 in the server's order, the open one 46th.
    expect(await rows.count()).toBe(20);
    expect(await rows.nth(0).getAttribute('data-testid')).toBe('target-bulk/m45');
    expect(await rows.nth(1).getAttribute('data-testid')).toBe('target-bulk/m52');
    await page.getByRole('button', { name: /^Show all 60 targets/ }).click();
    expect(await rows.count()).toBe(60);
    await page.close();
  });

  it("shows a failed attempt's error across the trace's attempts table, not one word a line", async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    const { traces } = (await (await fetch(`${e2e.url}/api/traces?limit=10`)).json()) as { traces: { id: string; attempts: { status: number }[] }[] };
    const fellBack = traces.find((t) => t.attempts.some((a) => a.status === 500));
    await page.goto(`${e2e.url}/#/traces/${fellBack?.id}`);
    const error = page.getByTestId('attempt-error').first();
    await error.waitFor();
    expect(await error.innerText()).toMatch(/^provider "sim" answered 500: /);
    // In a sixth column of the side panel the message took one line a word (fourteen for the simulator's).
    const lines = await error.evaluate((e) => Math.round((e.getBoundingClientRect().height - 6) / Number.parseFloat(getComputedStyle(e).lineHeight)));
    expect(lines).toBeLessThanOrEqual(2);
    await page.screenshot({ path: join(SHOTS, 'trace-attempts.png'), fullPage: true });
  });
});
