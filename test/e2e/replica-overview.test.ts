import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/core/trace.js';
import { sampleTrace } from '../../src/test-support/sample-trace.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// An operator of several replicas on one store: the overview sets them side by side (the one that
// stopped and the one that errs are marked), the trace list names each call's replica, and a
// 100-character name stays in its box with the whole of it on hover.
const LONG = `A${'z9._:-'.repeat(16)}abc`;
const MINUTE = 60_000;
const HERE = `${hostname()}-${process.pid}`;

const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
models:
  small: { provider: sim, model: standin-small }
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai, server }) {
    // This gateway's own two calls: its replica is this process's host and pid.
    for (const content of ['served here', 'and here']) await openai().chat.completions.create({ model: 'small', messages: [{ role: 'user', content }] });
    const now = Date.now();
    const at = (minutesAgo: number, i: number) => now - minutesAgo * MINUTE - i * 1_000;
    const others: TraceRecord[] = [
      // eu-1 serves on, quick and well.
      ...Array.from({ length: 6 }, (_, i) => sampleTrace({ id: `tr_eu1_${i}`, ts: at(1, i), replica: 'eu-1', latencyMs: 120, costUsd: 0.01 })),
      // eu-2 failed four of five calls, then stopped 30 minutes ago.
      ...Array.from({ length: 5 }, (_, i) => sampleTrace({ id: `tr_eu2_${i}`, ts: at(30, i), replica: 'eu-2', status: i === 0 ? 200 : 502, errorCode: i === 0 ? null : 'upstream_error', latencyMs: 4_000, costUsd: 0.001 })),
      ...Array.from({ length: 3 }, (_, i) => sampleTrace({ id: `tr_long_${i}`, ts: at(2, i), replica: LONG, latencyMs: 200 })),
      // 22 short-lived processes of one call each: 26 replicas in all, 20 listed.
      ...Array.from({ length: 22 }, (_, i) => sampleTrace({ id: `tr_pod_${i}`, ts: at(5, i), replica: `pod-${String(i).padStart(2, '0')}`, latencyMs: 150 })),
    ];
    // As the trace writer of another replica on this store writes them: the traces, then the rollups.
    await server.stores.traces.insertTraces(others);
    await server.stores.rollups.apply(others);
  },
});

describe('replicas on the overview and the trace list', () => {
  it('lists the busiest replicas with their figures, marks the quiet one and the one that errs, and counts the rest', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${e2e.url}/#/overview`);
    const table = page.getByTestId('replica-table');
    await table.waitFor();
    const rows = table.getByTestId('replica-row');
    await expect.poll(() => rows.count()).toBe(20);
    const names = await rows.locator('td[data-label="replica"] bdi').evaluateAll((cells) => cells.map((c) => c.getAttribute('title')));
    expect(names.slice(0, 4)).toEqual(['eu-1', 'eu-2', LONG, HERE]);
    const eu2 = rows.nth(1);
    expect(await eu2.locator('td[data-label="requests"]').innerText()).toBe('5');
    expect(await eu2.locator('td[data-label="error rate"]').innerText()).toMatch(/^80\.0%\s+errs more$/);
    expect(await eu2.getByTestId('replica-quiet').innerText()).toBe('quiet');
    expect(await eu2.locator('td[data-label="p95"]').innerText()).toMatch(/^\d+(\.\d+)? s$/);
    // The others neither err more nor went quiet.
    expect(await table.getByTestId('replica-errs').count()).toBe(1);
    expect(await table.getByTestId('replica-quiet').count()).toBe(1);
    expect(await table.getByTestId('replica-more').innerText()).toBe('6 more replicas: 6 calls, 0 errors, $0.00600. Filter the traces by replica to see one of them.');
    // The 100-character name is cut in its cell (whole on hover), and the table fits the page.
    const long = rows.nth(2).locator('td[data-label="replica"] bdi');
    expect(await long.getAttribute('title')).toBe(LONG);
    expect((await long.innerText()).length).toBeLessThanOrEqual(32);
    const fit = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }));
    expect(fit.page).toBeLessThanOrEqual(fit.window);
    await page.screenshot({ path: join(SHOTS, 'overview-replicas.png'), fullPage: true });
    // A replica's name opens its calls.
    await rows.nth(1).getByRole('link').click();
    const list = page.getByTestId('trace-table').locator('tbody tr');
    await expect.poll(() => list.count()).toBe(5);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#/traces?replica=eu-2');
    await page.close();
  });

  it('names each call’s replica in the trace list, cut to a width, and filters by it from the address', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${e2e.url}/#/traces`);
    const table = page.getByTestId('trace-table');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(30);
    expect(await table.locator('thead th').allInnerTexts()).toContain('replica');
    const cells = table.getByTestId('replica-cell');
    const titles = await cells.evaluateAll((links) => links.map((a) => a.getAttribute('title')));
    expect(titles).toContain(`replica ${LONG}: list its calls`);
    expect(titles).toContain(`replica ${HERE}: list its calls`);
    const longCell = cells.filter({ has: page.locator(`bdi[title="${LONG}"]`) }).first();
    const width = await longCell.evaluate((a) => a.getBoundingClientRect().width);
    // 24 characters of a monospace face at most, not 100.
    expect(width).toBeLessThan(260);
    const fit = await table.evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement?.clientWidth ?? 0 }));
    expect(fit.table).toBeLessThanOrEqual(fit.box);
    await longCell.click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/traces?replica=${LONG}`);
    expect(await page.getByLabel('replica').inputValue()).toBe(LONG);
    // Filtered to one replica, the column would say one name on every row: it is left out.
    expect(await table.locator('thead th').allInnerTexts()).not.toContain('replica');
    await page.close();
  });
});
