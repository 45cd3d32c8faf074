import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// The trace list as a newcomer sees it after the README's walkthrough: simulated providers with
// long names, an embeddings model, an unknown model's error, eval calls with four metadata chips.
const e2e = e2eFixture({
  sim: { latencyMs: 5 },
  config: (sim) => `
providers:
  simulated-openai: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
  simulated-anthropic: { type: anthropic, base_url: "${sim.url}", api_key: sk-ant-sim, simulated: true }
models:
  claude-sonnet-4-6: { provider: simulated-anthropic, model: claude-sonnet-4-6 }
  text-embedding-3-small: { provider: simulated-openai, model: text-embedding-3-small }
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai }) {
    const client = openai();
    const metadata = { eval_run: 'run_0mx4zqz6bca0c3d19c0a3a48b', case: 'card-arrival', variant: 'claude', scorer: 'judge' };
    const stream = await client.chat.completions.create({ model: 'claude-sonnet-4-6', stream: true, messages: [{ role: 'user', content: 'Where is my card?' }] }, { headers: { 'x-switchyard-metadata': JSON.stringify(metadata) } });
    for await (const _ of stream) void _;
    await client.chat.completions.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Close my account' }] }, { headers: { 'x-switchyard-metadata': JSON.stringify(metadata) } });
    await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
    await client.chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
  },
});

describe('the trace list at 1,400 px', () => {
  it('fits its box with every column in view, the error under its status on one line and TTFT under a stream’s latency', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${e2e.url}/#/traces`);
    const table = page.getByTestId('trace-table');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(4);
    // Before: 1,403 px of table in a 1,154 px box; latency and metadata were scrolled out of sight.
    const fit = await table.evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement?.clientWidth ?? 0 }));
    expect(fit.table).toBeLessThanOrEqual(fit.box);
    // An open gateway (no keys): no key column of dashes; a line above the list says why.
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['time', 'model', 'provider', 'status', 'tokens in/out', 'cost', 'latency', 'metadata']);
    const rows = table.locator('tbody tr');
    expect(await rows.nth(0).locator('td[data-label="status"]').innerText()).toMatch(/^404\s+model_not_found: model "gpt-9" is not configured/);
    // The error on one line, cut with an ellipsis, the whole of it on hover: wrapped in its
    // column, a 502's message made its row four to eight lines tall.
    const error = rows.nth(0).getByTestId('trace-error');
    const shape = await error.evaluate((e) => ({ lines: Math.round(e.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(e).lineHeight)), cut: e.scrollWidth > e.clientWidth, ellipsis: getComputedStyle(e).textOverflow }));
    expect(shape).toEqual({ lines: 1, cut: true, ellipsis: 'ellipsis' });
    expect(await error.getAttribute('title')).toMatch(/^model_not_found: model "gpt-9" is not configured on this gateway \(configured: claude-sonnet-4-6, text-embedding-3-small\)/);
    // The name the client asked for, not the "(unknown model)" bucket it is counted in.
    expect(await rows.nth(0).locator('td').nth(1).innerText()).toMatch(/^gpt-9\s+not configured$/);
    expect(await rows.nth(2).locator('td[data-label="latency"]').innerText()).toMatch(/^\d+ ms$/);
    expect(await rows.nth(3).locator('td[data-label="latency"]').innerText()).toMatch(/^\d+ ms\s+TTFT \d+ ms$/);
    expect(await rows.nth(3).getByTestId('meta-chip').count()).toBe(4);
    await page.screenshot({ path: join(SHOTS, 'trace-list-1400.png'), fullPage: true });
  });

  it('at 1,024 px the page keeps its width: a wide list scrolls in its own box, as the other pages\' tables do', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.goto(`${e2e.url}/#/traces`);
    const table = page.getByTestId('trace-table');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(4);
    // Widths settle a frame after the viewport is set (charts take theirs on the resize event).
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    const fit = await table.evaluate((t) => ({ box: (t.parentElement as HTMLElement).getBoundingClientRect().right, overflow: getComputedStyle(t.parentElement as HTMLElement).overflowX }));
    expect(fit.box).toBeLessThanOrEqual(1024);
    expect(fit.overflow).toBe('auto');
    await page.screenshot({ path: join(SHOTS, 'trace-list-1024.png'), fullPage: true });
  });

  it('the trace view says a simulated answer with the pill the list uses, kept whole in the narrow model card', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${e2e.url}/#/traces`);
    const table = page.getByTestId('trace-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(4);
    await table.locator('tbody tr').nth(2).locator('td').first().locator('a').click();
    const pill = page.getByTestId('trace-simulated');
    await pill.waitFor();
    expect(await pill.getAttribute('title')).toBe('answered by the built-in simulator, not a real model');
    // Before: "· simulated answer" in the names' break-anywhere hint read "simulated answe" / "r" in the six-across row.
    expect(await pill.evaluate((p) => ({ text: p.textContent, boxes: p.getClientRects().length }))).toEqual({ text: 'simulated', boxes: 1 });
    // One line tall: a word broken inside the pill would make it two.
    const { height, oneLine } = await pill.evaluate((p) => ({ height: p.getBoundingClientRect().height, oneLine: Number.parseFloat(getComputedStyle(p).fontSize) * 1.6 }));
    expect(height).toBeLessThanOrEqual(oneLine);
    await page.screenshot({ path: join(SHOTS, 'trace-simulated-1400.png') });
    await page.close();
  });

  it('the trace view of a model nobody configured names it as the list does, "not configured" under it, no word broken', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${e2e.url}/#/traces`);
    const table = page.getByTestId('trace-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(4);
    await table.locator('tbody tr').nth(0).locator('td').first().locator('a').click();
    const value = page.getByTestId('stat-Model');
    await value.waitFor();
    // Before: '"gpt-9" (not configured)' in the card's break-anywhere value read "(not conf" / "igured)" with a longer name.
    expect(await value.innerText()).toBe('gpt-9');
    expect(await page.locator('.stat', { has: value }).locator('.stat-hint').innerText()).toBe('not configured · no provider');
    await page.close();
  });
});
