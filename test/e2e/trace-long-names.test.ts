import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// Names as long as people write them: a 100-character model, a 72-character route, a 64-character
// provider and a 70-character upstream model, all on the simulator.
const MODEL = `claude-sonnet-4-6-${'extended-thinking-'.repeat(4)}support-eu-west-1-prod`.slice(0, 100);
const ROUTE = `customer-support-escalation-${'tier'.repeat(5)}-with-fallback-to-the-large-model`.slice(0, 72);
const PROVIDER = `simulated-anthropic-${'eu-west'.repeat(5)}-primary`.slice(0, 64);
const UPSTREAM = `anthropic.claude-sonnet-4-6-20260101-${'v'.repeat(20)}-bedrock-eu`.slice(0, 70);
// A provider and an upstream model of 40 characters: shown whole in a trace's attempts.
const PROVIDER_40 = 'simulated-openai-us-east-2-primary-pool-a'.slice(0, 40);
const UPSTREAM_40 = 'gpt-5.4-mini-2026-03-01-support-tuned-eu';

const e2e = e2eFixture({
  sim: { latencyMs: 5 },
  config: (sim) => `
providers:
  ${PROVIDER}: { type: anthropic, base_url: "${sim.url}", api_key: sk-ant-sim, simulated: true }
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
  ${PROVIDER_40}: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
models:
  ${MODEL}: { provider: ${PROVIDER}, model: ${UPSTREAM} }
  small: { provider: sim, model: standin-small }
  mid: { provider: ${PROVIDER_40}, model: ${UPSTREAM_40} }
routes:
  ${ROUTE}: { policy: static, target: ${MODEL} }
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai }) {
    const client = openai();
    const metadata = { eval_run: 'run_0mx4zqz6bca0c3d19c0a3a48b', case: 'card-arrival', variant: 'claude', scorer: 'judge' };
    await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Where is my card?' }] }, { headers: { 'x-switchyard-metadata': JSON.stringify(metadata) } });
    const stream = await client.chat.completions.create({ model: ROUTE, stream: true, messages: [{ role: 'user', content: 'Close my account' }] });
    for await (const _ of stream) void _;
    await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] });
    await client.chat.completions.create({ model: `${MODEL}-typo`, messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
    await client.chat.completions.create({ model: 'mid', messages: [{ role: 'user', content: 'hi' }] });
  },
});

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

async function openList(width: number, height: number): Promise<Page> {
  const page = await e2e.browser.newPage();
  await page.setViewportSize({ width, height });
  await page.goto(`${e2e.url}/#/traces`);
  await expect.poll(() => page.getByTestId('trace-table').locator('tbody tr').count()).toBe(5);
  return page;
}

describe('the trace list with long model, route and provider names', () => {
  it.each([1366, 1280])('does not scroll sideways at %i px; each name is cut with an ellipsis and whole on hover', async (width) => {
    const page = await openList(width, 768);
    await page.screenshot({ path: `/tmp/dash3-list-${width}.png` });
    expect(await pageWidth(page)).toBeLessThanOrEqual(width);
    // The list fits its own box too: nothing scrolled out of sight inside it.
    const table = page.getByTestId('trace-table');
    const fit = await table.evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement?.clientWidth ?? 0 }));
    expect(fit.table).toBeLessThanOrEqual(fit.box);
    for (const name of [MODEL, ROUTE, PROVIDER]) {
      const label = table.locator(`[title="${name}"]`).first();
      const shape = await label.evaluate((e) => ({ cut: e.scrollWidth > e.clientWidth || (e.textContent ?? '').endsWith('…'), ellipsis: getComputedStyle(e).textOverflow, lines: Math.round(e.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(e).lineHeight)) }));
      expect(shape, name).toEqual({ cut: true, ellipsis: 'ellipsis', lines: 1 });
    }
    await page.screenshot({ path: join(SHOTS, `trace-list-long-names-${width}.png`) });
    await page.close();
  });
});

/** The right edges of the elements `selector` finds, to check they are all in the window. */
const rightEdges = (page: Page, selector: string) => page.locator(selector).evaluateAll((nodes) => nodes.map((n) => Math.round(n.getBoundingClientRect().right)));

/** How many lines an element's text takes, and how few it would take wrapped only where each line is full. */
const wrapping = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((e) => {
    const style = getComputedStyle(e);
    const lines = Math.round(e.getBoundingClientRect().height / Number.parseFloat(style.lineHeight));
    const probe = document.createElement('span');
    probe.style.cssText = `font: ${style.font}; white-space: nowrap; position: absolute; visibility: hidden`;
    probe.textContent = e.textContent;
    document.body.append(probe);
    const full = probe.getBoundingClientRect().width;
    probe.remove();
    return { lines, fewest: Math.ceil(full / e.clientWidth) };
  });

async function openTrace(width: number, height: number, row = 4): Promise<Page> {
  const page = await openList(width, height);
  // By default the oldest: the call to the long model, with eval metadata.
  await page.getByTestId('trace-table').locator('tbody tr').nth(row).locator('a').click();
  await page.getByTestId('attempts').waitFor();
  return page;
}

describe('a trace with long names at 1,366 px', () => {
  it('fits the window, its attempt’s provider and model cut and whole on hover', async () => {
    const page = await openTrace(1366, 768);
    await page.screenshot({ path: '/tmp/dash3-trace-1366.png', fullPage: true });
    expect(await pageWidth(page)).toBeLessThanOrEqual(1366);
    const attempts = page.getByTestId('attempts');
    expect(await attempts.evaluate((t) => t.scrollWidth <= (t.parentElement?.clientWidth ?? 0))).toBe(true);
    // Longer than a label holds: cut to 40 characters with an ellipsis, wrapped in its column, whole on hover.
    for (const name of [PROVIDER, UPSTREAM]) {
      const label = attempts.locator(`[title="${name}"]`);
      expect(await label.textContent()).toMatch(/^.{39}…$/u);
      expect(await label.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    }
    await page.close();
  });
});

describe('a trace whose provider and upstream model have 40 characters', () => {
  it.each([1280, 1400])('shows both names whole in its attempts at %i px, wrapped in their columns', async (width) => {
    // The newest: the call to `mid`. Cut to one line they read "simulated-op…" at 1,400 px.
    const page = await openTrace(width, 900, 0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(width);
    const attempts = page.getByTestId('attempts');
    expect(await attempts.evaluate((t) => t.scrollWidth <= (t.parentElement?.clientWidth ?? 0))).toBe(true);
    for (const name of [PROVIDER_40, UPSTREAM_40]) {
      const label = attempts.locator(`[title="${name}"]`);
      const shown = await label.evaluate((e) => ({ text: e.textContent, inside: e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight + 1, cell: e.getBoundingClientRect().right <= (e.parentElement?.getBoundingClientRect().right ?? 0) + 1 }));
      expect(shown, name).toEqual({ text: name, inside: true, cell: true });
    }
    await page.screenshot({ path: join(SHOTS, `trace-attempts-40-${width}.png`), fullPage: true });
    await page.close();
  });
});

describe('the trace list and a trace on a 390 px phone', () => {
  it('lists traces one card each, with status, cost and latency in view and no sideways scroll', async () => {
    const page = await openList(390, 844);
    await page.screenshot({ path: '/tmp/dash3-list-390.png', fullPage: true });
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    // Before: the list scrolled inside its box, showing time, model and half a provider; the rest was out of sight.
    const table = page.getByTestId('trace-table');
    expect(await table.evaluate((t) => t.scrollWidth <= t.clientWidth)).toBe(true);
    for (const column of ['status', 'cost', 'latency']) {
      const edges = await rightEdges(page, `[data-testid=trace-table] td[data-label="${column}"]`);
      expect(edges, column).toHaveLength(5);
      for (const right of edges) expect(right, column).toBeLessThanOrEqual(390);
    }
    // Each value under its column's name.
    const latency = table.locator('tbody tr').nth(4).locator('td[data-label="latency"]');
    expect(await latency.evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"latency"');
    expect(await latency.innerText()).toMatch(/^\d+ ms$/);
    await page.screenshot({ path: join(SHOTS, 'trace-list-390.png'), fullPage: true });
    await page.close();
  });

  it('shows a trace without sideways scroll: attempts in view, the model name wrapped where lines are full, not at each hyphen', async () => {
    const page = await openTrace(390, 844);
    await page.screenshot({ path: '/tmp/dash3-trace-390.png', fullPage: true });
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    for (const right of await rightEdges(page, '[data-testid=attempts] td')) expect(right).toBeLessThanOrEqual(390);
    // Before: broken after each hyphen, the 100-character name took 9 lines where 5 hold it.
    const model = await wrapping(page, 'stat-Model');
    expect(model.lines).toBeLessThanOrEqual(model.fewest);
    await page.screenshot({ path: join(SHOTS, 'trace-390.png'), fullPage: true });
    await page.close();
  });
});

describe('the monitoring page of a long route on a 390 px phone', () => {
  it('keeps the route picker inside the page, the name cut and whole on hover', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${e2e.url}/#/monitoring?route=${encodeURIComponent(ROUTE)}&range=1h`);
    const picker = page.getByRole('combobox', { name: 'model or route' });
    await expect.poll(() => picker.inputValue()).toBe(ROUTE);
    // Before: the select was as wide as the 72-character route, and the page 791 px wide.
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    // Open, its list of names stays inside the page too.
    await picker.click();
    const options = page.getByRole('listbox').getByRole('option');
    await expect.poll(() => options.count()).toBeGreaterThanOrEqual(3);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    expect(await page.getByRole('option', { name: ROUTE.slice(0, 20) }).getAttribute('title')).toBe(ROUTE);
    expect(await page.locator(`[role="option"][title="${ROUTE}"] bdi`).innerText()).toMatch(/…$/);
    // Cut, it is still tagged as the route it is.
    expect(await page.locator(`[role="option"][title="${ROUTE}"] .name-tag`).innerText()).toBe('route');
    await page.close();
  });
});
