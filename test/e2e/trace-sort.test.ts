import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TracePage } from '../../src/core/trace.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// Sixty calls of two priced models with prompts of varied length: more than a page (50), each
// with its own tokens and cost, so every order differs from the newest-first one.
const e2e = e2eFixture({
  async seed({ openai }) {
    const client = openai();
    for (let i = 0; i < 60; i++) {
      const words = 'please check the order status '.repeat(1 + ((i * 7) % 23));
      await client.chat.completions.create({ model: i % 3 ? 'small' : 'claude', messages: [{ role: 'user', content: `${i}: ${words}` }] });
    }
  },
});

/** The trace ids of the list's rows, in page order (each row's time links to its trace). */
const rowIds = (page: Page) =>
  page.getByTestId('trace-table').locator('tbody tr td:first-child a').evaluateAll((links) => links.map((a) => decodeURIComponent((a.getAttribute('href') ?? '').split('/traces/')[1] ?? '')));

async function api(query: string): Promise<TracePage> {
  return (await (await fetch(`${e2e.url}/api/traces?${query}`)).json()) as TracePage;
}

describe('sorting the trace list', () => {
  it('at 1,280 px a header sorts the whole list on the server, the order is in the address, and the next page goes on in it', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${e2e.url}/#/traces`);
    const table = page.getByTestId('trace-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(50);
    expect(await table.locator('th[aria-sort="descending"]').innerText()).toBe('time');
    await table.getByRole('button', { name: 'cost' }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/traces?sort=cost');
    const costliest = await api('sort=cost&limit=50');
    const costs = costliest.traces.map((t) => t.costUsd);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    // The whole store's costliest, not the newest 50 reordered: a page sorted in the browser would miss the older ones.
    const all = await api('limit=500');
    expect(costs[0]).toBe(Math.max(...all.traces.map((t) => t.costUsd)));
    await expect.poll(() => rowIds(page)).toEqual(costliest.traces.map((t) => t.id));
    expect(await table.locator('th[aria-sort="descending"]').innerText()).toBe('cost');
    // Again: cheapest first.
    await table.getByRole('button', { name: 'cost' }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/traces?sort=cost&order=asc');
    const cheapest = await api('sort=cost&order=asc&limit=50');
    await expect.poll(() => rowIds(page)).toEqual(cheapest.traces.map((t) => t.id));
    expect(await table.locator('th[aria-sort="ascending"]').innerText()).toBe('cost');
    // Pages of a sorted list are not newer or older; the next one goes on in the same order.
    await page.getByRole('button', { name: 'Next →' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(10);
    const rest = await api(`sort=cost&order=asc&limit=50&before=${encodeURIComponent(cheapest.next as string)}`);
    expect(await rowIds(page)).toEqual(rest.traces.map((t) => t.id));
    expect(new Set([...cheapest.traces, ...rest.traces].map((t) => t.id)).size).toBe(60);
    // The address reproduces the view: a new tab on it shows the same rows, the same header marked.
    const link = await e2e.browser.newPage();
    await link.setViewportSize({ width: 1280, height: 900 });
    await link.goto(`${e2e.url}/#/traces?sort=tokens&order=asc`);
    const fewest = await api('sort=tokens&order=asc&limit=50');
    await expect.poll(() => rowIds(link)).toEqual(fewest.traces.map((t) => t.id));
    expect(await link.getByTestId('trace-table').locator('th[aria-sort="ascending"]').innerText()).toBe('tokens in/out');
    const tokens = fewest.traces.map((t) => t.inputTokens + t.outputTokens);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    await page.screenshot({ path: join(SHOTS, 'trace-sort-1280.png'), fullPage: true });
  });

  it('at 390 px, where the list is cards without headers, an order select sorts it', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${e2e.url}/#/traces`);
    const table = page.getByTestId('trace-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(50);
    const order = page.getByLabel('order');
    expect(await order.isVisible()).toBe(true);
    expect(await order.inputValue()).toBe('time:desc');
    await order.selectOption({ label: 'slowest first' });
    await expect.poll(() => new URL(page.url()).hash).toBe('#/traces?sort=latency');
    const slowest = await api('sort=latency&limit=50');
    await expect.poll(() => rowIds(page)).toEqual(slowest.traces.map((t) => t.id));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, 'trace-sort-390.png'), fullPage: true });
    // On a wide screen the headers sort; the select is a phone's.
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(() => order.isVisible()).toBe(false);
  });

  it('at 390 px choosing an order keeps the filters typed but not applied, and Apply applies them in that order', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${e2e.url}/#/traces`);
    await expect.poll(() => page.getByTestId('trace-table').locator('tbody tr').count(), { timeout: 10_000 }).toBe(50);
    await page.getByLabel('model', { exact: true }).selectOption('claude');
    await page.getByLabel('search', { exact: true }).fill('please');
    // The order applies at once, alone: before, the two edits above went back to "any" and "".
    await page.getByLabel('order').selectOption({ label: 'costliest first' });
    await expect.poll(() => new URL(page.url()).hash).toBe('#/traces?sort=cost');
    const costliest = await api('sort=cost&limit=50');
    await expect.poll(() => rowIds(page)).toEqual(costliest.traces.map((t) => t.id));
    expect(await page.getByLabel('model', { exact: true }).inputValue()).toBe('claude');
    expect(await page.getByLabel('search', { exact: true }).inputValue()).toBe('please');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URLSearchParams(new URL(page.url()).hash.split('?')[1]).toString()).toBe('model=claude&q=please&sort=cost');
    const filtered = await api('model=claude&q=please&sort=cost&limit=50');
    expect(filtered.traces.length).toBe(20);
    await expect.poll(() => rowIds(page)).toEqual(filtered.traces.map((t) => t.id));
    await page.close();
  });

  it('at 390 px the first trace is on the first screen: the less used filters open on asking, or open already when a link set one', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${e2e.url}/#/traces`);
    const table = page.getByTestId('trace-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(50);
    // Before, eleven filters took the first 830 px of the page: no trace in sight.
    const firstCard = await table.locator('tbody tr').first().boundingBox();
    expect(firstCard?.y).toBeLessThan(800 - 100);
    for (const always of ['model', 'status', 'search', 'order']) expect(await page.getByLabel(always, { exact: true }).isVisible()).toBe(true);
    expect(await page.getByLabel('provider', { exact: true }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'More filters' }).click();
    expect(await page.getByLabel('provider', { exact: true }).isVisible()).toBe(true);
    await page.getByLabel('provider', { exact: true }).selectOption('sim');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/traces?provider=sim');
    // A link that sets one of them opens with them shown, saying how many are set when folded.
    const link = await e2e.browser.newPage();
    await link.setViewportSize({ width: 390, height: 800 });
    await link.goto(`${e2e.url}/#/traces?provider=sim&since=24h`);
    await link.getByTestId('trace-table').waitFor();
    expect(await link.getByLabel('since', { exact: true }).isVisible()).toBe(true);
    await link.getByRole('button', { name: 'Fewer filters' }).click();
    expect(await link.getByRole('button', { name: 'More filters (2 set)' }).isVisible()).toBe(true);
    expect(await link.getByLabel('since', { exact: true }).isVisible()).toBe(false);
    // A wide screen shows every filter, and no button to fold them.
    await link.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(() => link.getByLabel('since', { exact: true }).isVisible()).toBe(true);
    expect(await link.getByRole('button', { name: /filters/ }).isVisible()).toBe(false);
  });
});
