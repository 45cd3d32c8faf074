import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { SUPPORT_JSONL } from '../../src/evals/__fixtures__/sim-gateway.js';
import { evaluate } from '../../src/evals/evaluate.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

const LONG_VARIANT = 'small-with-a-very-long-descriptive-variant-name';

let page: Page;
let runId = '';

const e2e = e2eFixture({
  // Three calls from an application, then an eval run of five cases through the same gateway.
  async seed({ url, server, openai, write }) {
    for (const question of ['Where is my card?', 'How do refunds work?', 'Reset my PIN']) await openai().chat.completions.create({ model: 'small', messages: [{ role: 'user', content: question }] });
    write('support-5.jsonl', SUPPORT_JSONL);
    const suite = `name: support\ndataset: support-5.jsonl\nvariants:\n  ${LONG_VARIANT}: { model: small, prompt: "Answer briefly: {{input}}" }\n  claude: { model: claude, prompt: "{{input}}" }\nscorers:\n  - { type: contains, value: "{{expected}}" }\n`;
    runId = (await evaluate({ suitePath: write('suite.yaml', suite), gatewayUrl: url, apiKey: 'any', stores: server.stores })).run.id;
  },
});

beforeAll(async () => {
  page = await e2e.browser.newPage();
});

/** A new page whose overview totals are the server's with `totals` laid over them. */
async function pageWithTotals(totals: Record<string, unknown>): Promise<Page> {
  const overridden = await e2e.browser.newPage();
  await overridden.route('**/api/overview*', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { totals: Record<string, unknown> };
    await route.fulfill({ response, json: { ...body, totals: { ...body.totals, ...totals } } });
  });
  return overridden;
}

const requests = async () => (await page.getByTestId('overview-stats').innerText()).match(/Requests\s+(\d+)/)?.[1];

describe('overview page', () => {
  it('opens without a range on the last hour when all traffic is from it, in one request', async () => {
    const fresh = await e2e.browser.newPage();
    const asked: string[] = [];
    fresh.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/overview') asked.push(new URL(r.url()).search);
    });
    const started = Date.now();
    await fresh.goto(`${e2e.url}/#/overview`);
    await fresh.locator('.uplot').first().waitFor();
    const toContent = Date.now() - started;
    await expect.poll(() => new URL(fresh.url()).hash).toMatch(/range=1h/);
    expect(await fresh.getByRole('button', { name: '1h', exact: true }).getAttribute('class')).toBe('on');
    expect(await fresh.getByTestId('overview-stats').innerText()).toMatch(/Requests\s+13/);
    // The day, then the hour, was two requests and 2–4 s to the first chart: now one.
    expect(asked).toEqual(['?range=auto&by=model&replicas=20']);
    console.log(`overview without a range: first chart after ${toContent} ms`);
    await fresh.close();
  });

  it('shows all traffic, applications’ traffic without eval runs, or eval runs alone', async () => {
    await page.goto(`${e2e.url}/#/overview?range=1h`);
    await page.getByTestId('overview-stats').waitFor();
    expect(await requests()).toBe('13'); // 3 from the app, 10 from the run (5 cases × 2 variants)
    await page.getByRole('button', { name: 'without eval runs' }).click();
    await expect.poll(requests).toBe('3');
    expect(page.url()).toContain('traffic=apps');
    await page.getByRole('button', { name: 'eval runs only' }).click();
    await expect.poll(requests).toBe('10');
    await page.getByRole('button', { name: 'all traffic' }).click();
    await expect.poll(requests).toBe('13');
  });

  it('sorts the table by model by a click on a column header, and back the other way on a second', async () => {
    await page.goto(`${e2e.url}/#/overview?range=1h&by=model`);
    const names = () => page.locator('table.table tbody td[data-label=model]').allInnerTexts();
    await expect.poll(names).toEqual(['small', 'claude']); // the server's order: most requests first (8 and 5)
    // The table by model: the first (the By replica table under it has a cost column too).
    const cost = page.locator('table.table').first().locator('thead th', { hasText: 'cost' });
    expect(await cost.getAttribute('aria-sort')).toBe('none');
    await cost.getByRole('button').click();
    // Claude's five answers cost more than the small model's eight.
    expect(await names()).toEqual(['claude', 'small']);
    expect(await cost.getAttribute('aria-sort')).toBe('descending');
    await cost.getByRole('button').click();
    expect(await names()).toEqual(['small', 'claude']);
    expect(await cost.getAttribute('aria-sort')).toBe('ascending');
    // A name column sorts A to Z first, from the keyboard too.
    await page.locator('table.table').first().locator('thead th').first().getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect(await names()).toEqual(['claude', 'small']);
  });

  it('keeps each headline figure on one line at 1,400 px', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${e2e.url}/#/overview?range=1h`);
    await page.getByTestId('overview-stats').waitFor();
    const values = await page.locator('[data-testid=overview-stats] .stat-value').evaluateAll((nodes) =>
      nodes.map((n) => ({ text: (n as HTMLElement).innerText, lines: Math.round(n.getBoundingClientRect().height / parseFloat(getComputedStyle(n).lineHeight)) })),
    );
    expect(values.length).toBeGreaterThanOrEqual(6);
    for (const value of values) expect(value.lines, value.text).toBe(1);
    expect(await page.getByTestId('overview-stats').innerText()).toMatch(/Latency p50\s+[\d.]+\sm?s\s+p95 [\d.]+\sm?s · p99 [\d.]+\sm?s/);
  });

  it('keeps thousands of tokens on one line in the six-across row at 1,366 px', async () => {
    // A newcomer's first few dozen requests are thousands of tokens: "5,593 / 2,204" took two lines.
    const wide = await e2e.browser.newPage();
    try {
      await wide.route('**/api/overview*', async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { totals: Record<string, unknown> };
        await route.fulfill({ response, json: { ...body, totals: { ...body.totals, inputTokens: 5593, outputTokens: 2204, cachedTokens: 1024, costUsd: 0.02345 } } });
      });
      await wide.setViewportSize({ width: 1366, height: 900 });
      await wide.goto(`${e2e.url}/#/overview?range=1h`);
      await expect.poll(() => wide.getByTestId('overview-stats').innerText()).toContain('5,593 / 2,204');
      const values = await wide.locator('[data-testid=overview-stats] .stat-value').evaluateAll((nodes) =>
        nodes.map((n) => ({ text: (n as HTMLElement).innerText, lines: Math.round(n.getBoundingClientRect().height / parseFloat(getComputedStyle(n).lineHeight)), top: Math.round(n.getBoundingClientRect().top) })),
      );
      // Six across (one row), each figure on one line.
      expect(new Set(values.slice(0, 6).map((v) => v.top)).size).toBe(1);
      for (const value of values) expect(value.lines, value.text).toBe(1);
      await wide.screenshot({ path: join(SHOTS, 'overview-1366-tokens.png') });
    } finally {
      await wide.close();
    }
  });

  it('says the latency counts failed calls but not the gateway’s refusals, and the time to first token only streamed ones', async () => {
    // Three failed calls, two of them refused by the gateway itself (a bad body, a key) in a millisecond.
    const failing = await pageWithTotals({ errors: 3, refused: 2, ttft: { p50: 180, p95: 240, p99: 310 } });
    try {
      await failing.goto(`${e2e.url}/#/overview?range=1h`);
      const stats = failing.getByTestId('overview-stats');
      await expect.poll(() => stats.innerText()).toMatch(/Latency p50\s+[\d.]+\sm?s\s+p95 [\d.]+\sm?s · p99 [\d.]+\sm?s · failed calls included · 2 refused not counted/);
      expect(await stats.innerText()).toContain('3 errors (2 refused by the gateway)');
      // The breakdown's percentiles say what they are over too.
      expect(await failing.locator('table.table th', { hasText: /^p99$/ }).getAttribute('title')).toMatch(/failed ones included; not of the calls the gateway refused itself/);
      expect(await stats.innerText()).toMatch(/Time to first token p50\s+[\d.]+\sm?s\s+p95 [\d.]+\sm?s · streamed calls only/);
    } finally {
      await failing.close();
    }
    // Without errors the latency says nothing of them.
    await page.goto(`${e2e.url}/#/overview?range=1h`);
    await page.getByTestId('overview-stats').waitFor();
    expect(await page.getByTestId('overview-stats').innerText()).not.toMatch(/included|refused/);
    // The fixture streams nothing: its whole answers have no first token to show (their time is the latency's).
    expect(await page.getByTestId('overview-stats').innerText()).toMatch(/Time to first token p50\s+–\s+p95 – · streamed calls only/);
  });

  it('counts one error as "1 error"', async () => {
    // The newcomer's walk: "1 errors" under the error rate after one 502.
    const one = await pageWithTotals({ errors: 1, refused: 0 });
    try {
      await one.goto(`${e2e.url}/#/overview?range=1h`);
      await expect.poll(() => one.getByTestId('overview-stats').innerText()).toMatch(/Error rate[\s\S]*\b1 error\b/);
      expect(await one.getByTestId('overview-stats').innerText()).not.toContain('1 errors');
    } finally {
      await one.close();
    }
  });

  it('lays the six headline figures out in even rows at every width: never one alone on a row', async () => {
    try {
      for (const [width, perRow] of [[1400, [6]], [1280, [3, 3]], [1024, [3, 3]], [390, [2, 2, 2]]] as const) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${e2e.url}/#/overview?range=1h`);
        await page.getByTestId('overview-stats').waitFor();
        const rows = await page.locator('[data-testid=overview-stats] .stat').evaluateAll((cards) => {
          const tops = new Map<number, number>();
          for (const card of cards) {
            const top = Math.round(card.getBoundingClientRect().top);
            tops.set(top, (tops.get(top) ?? 0) + 1);
          }
          return [...tops.values()];
        });
        expect(rows, `${width} px`).toEqual(perRow);
        const values = await page.locator('[data-testid=overview-stats] .stat-value').evaluateAll((nodes) => nodes.map((n) => Math.round(n.getBoundingClientRect().height / parseFloat(getComputedStyle(n).lineHeight))));
        expect(values, `${width} px`).toEqual(values.map(() => 1));
        if (width === 1280) await page.screenshot({ path: join(SHOTS, 'overview-1280.png') });
      }
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('labels chart axes legibly: times, whole counts, units, no label touching the next', async () => {
    await page.goto(`${e2e.url}/#/overview?range=6h`);
    const chart = page.getByTestId('chart-Requests and errors');
    // A hash change keeps the page: until the 6-hour series arrives, the chart still shows the last test's hour,
    // ticks and all. The traffic is seconds old, so 6 hours are drawn from where it starts, in 1-minute steps (see
    // below); wait for the note that says so before reading the ticks.
    await expect.poll(() => page.getByTestId('series-start').textContent()).toContain('in the last 6h');
    await expect.poll(() => chart.getAttribute('data-x-ticks')).not.toBeNull();
    const x = JSON.parse((await chart.getAttribute('data-x-ticks')) as string) as { label: string; px: number }[];
    const y = JSON.parse((await chart.getAttribute('data-y-ticks')) as string) as { label: string; px: number }[];
    expect(x.length).toBeGreaterThan(1);
    // Seconds too when the chart spans under ten minutes.
    for (const tick of x) expect(tick.label).toMatch(/^([A-Z][a-z]{2} \d{1,2} )?\d\d:\d\d(:\d\d)?$/);
    // Each label, as wide as the browser draws it, ends before the next one starts.
    const widths = await page.evaluate((labels) => {
      const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
      context.font = '12px system-ui, sans-serif';
      return labels.map((l) => context.measureText(l).width);
    }, x.map((t) => t.label));
    for (let i = 1; i < x.length; i++) expect((x[i] as { px: number }).px - (x[i - 1] as { px: number }).px).toBeGreaterThan(((widths[i] as number) + (widths[i - 1] as number)) / 2 + 8);
    for (const tick of y) expect(tick.label).toMatch(/^\d+$/); // requests are whole numbers, never "0.5"
    expect(JSON.parse((await page.getByTestId('chart-Cost').getAttribute('data-y-ticks')) as string)[1].label).toMatch(/^\$/);
    await page.screenshot({ path: join(SHOTS, 'overview-axes.png'), fullPage: true });
  });

  it('keeps a time label at the right edge of a chart whole', async () => {
    // An hour in 5-minute steps ending at midnight: a tick sits on the plot's right edge, labelled with
    // its date ("Dec 3 00:00", the longest label), which uPlot's own padding cut to "Dec 3 00:0".
    const edge = await e2e.browser.newPage();
    try {
      const end = new Date().setHours(0, 0, 0, 0);
      await edge.route('**/api/overview*', async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { series: Record<string, unknown[]>; split: { names: string[] } & Record<string, unknown> };
        const ts = Array.from({ length: 13 }, (_, i) => end - (12 - i) * 300_000);
        const ones = ts.map(() => 1);
        const series = Object.fromEntries(Object.keys(body.series).map((k) => [k, k === 'ts' ? ts : ones]));
        const split = { ...body.split, requests: body.split.names.map(() => ones), costUsd: body.split.names.map(() => ones), tokens: body.split.names.map(() => ones) };
        await route.fulfill({ response, json: { ...body, since: ts[0], seriesSince: ts[0], stepMs: 300_000, series, split } });
      });
      await edge.setViewportSize({ width: 1366, height: 900 });
      await edge.goto(`${e2e.url}/#/overview?range=1h`);
      const chart = edge.getByTestId('chart-Requests and errors');
      await expect.poll(() => chart.getAttribute('data-x-ticks')).not.toBeNull();
      const ticks = JSON.parse((await chart.getAttribute('data-x-ticks')) as string) as { label: string; px: number }[];
      const last = ticks.at(-1) as { label: string; px: number };
      const reach = await chart.evaluate((root, tick) => {
        const over = (root.querySelector('.u-over') as HTMLElement).getBoundingClientRect();
        const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
        context.font = '12px system-ui, sans-serif';
        return { atEdge: Math.abs(tick.px - over.width) < 2, right: over.left + tick.px + context.measureText(tick.label).width / 2, box: root.getBoundingClientRect().right };
      }, last);
      // The last tick is on the plot's right edge, and its label ends inside the chart.
      expect(last.label).toMatch(/^[A-Z][a-z]{2} \d{1,2} 00:00$/);
      expect(reach.atEdge).toBe(true);
      expect(reach.right).toBeLessThanOrEqual(reach.box);
      await edge.screenshot({ path: '/tmp/dash3-chart-edge.png' });
    } finally {
      await edge.close();
    }
  });

  it('draws a day of seconds-old traffic from where it starts, per minute, and says so', async () => {
    await page.goto(`${e2e.url}/#/overview?range=24h`);
    // Before: 96 points of 15 minutes, the 13 requests one point at the right edge of a flat line.
    await expect.poll(() => page.locator('.chart-title', { hasText: 'Requests and errors' }).innerText()).toBe('Requests and errors · requests per minute');
    expect(await page.getByTestId('series-start').innerText()).toMatch(/^No requests in the last 24h before (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d: the charts start there, per minute\.$/);
    expect(await requests()).toBe('13');
    const x = JSON.parse((await page.getByTestId('chart-Requests and errors').getAttribute('data-x-ticks')) as string) as { label: string }[];
    expect(x.length).toBeGreaterThan(1);
    await page.screenshot({ path: join(SHOTS, 'overview-24h-recent.png'), fullPage: true });
  });

  it('draws traffic that fits one minute as a point, not a line rising from an empty minute before it', async () => {
    // The server starts a zoomed series a step early when its traffic fits one slot (a lone point
    // has no time axis): that slot was drawn as a zero, and the chart read as growth.
    const one = await e2e.browser.newPage();
    try {
      await one.route('**/api/overview*', async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { since: number; until: number; series: Record<string, unknown[]>; split: { names: string[] } & Record<string, unknown> };
        const minute = body.until - (body.until % 60_000);
        const ts = [minute - 60_000, minute];
        const series = Object.fromEntries(Object.keys(body.series).map((k) => [k, k === 'ts' ? ts : [k.startsWith('p') || k.startsWith('ttft') ? null : 0, 5]]));
        const split = { ...body.split, requests: body.split.names.map(() => [0, 5]), costUsd: body.split.names.map(() => [0, 5]), tokens: body.split.names.map(() => [0, 5]) };
        await route.fulfill({ response, json: { ...body, seriesSince: ts[0], stepMs: 60_000, series, split } });
      });
      await one.goto(`${e2e.url}/#/overview?range=1h`);
      for (const title of ['Requests and errors', 'Latency', 'Tokens', 'Cost', 'Requests by model']) {
        const chart = one.getByTestId(`chart-${title}`);
        await expect.poll(() => chart.getAttribute('data-points')).not.toBeNull();
        // One value per series (it was two: the empty minute and the busy one), on a time axis still.
        expect(JSON.parse((await chart.getAttribute('data-points')) as string).every((n: number) => n === 1)).toBe(true);
        expect(JSON.parse((await chart.getAttribute('data-x-ticks')) as string).length).toBeGreaterThan(1);
      }
      await one.screenshot({ path: join(SHOTS, 'overview-one-minute.png'), fullPage: true });
    } finally {
      await one.close();
    }
  });

  it('names the series in a chart legend at rest, and shows the time and values under the cursor', async () => {
    await page.mouse.move(0, 0); // away from where the chart will be drawn
    await page.goto(`${e2e.url}/#/overview?range=1h`);
    const chart = page.getByTestId('chart-Requests and errors');
    // A hash change keeps the page: until the hour's series arrives, the chart still shows the last test's 6 hours in
    // 5-minute steps. Wait for the hour's title (1-minute steps) before reading the legend.
    await expect.poll(() => page.locator('.chart-title', { hasText: 'Requests and errors' }).innerText()).toBe('Requests and errors · requests per minute');
    await expect.poll(() => chart.getAttribute('data-x-ticks')).not.toBeNull();
    // What a reader sees of each legend entry (hidden entries left out), one entry per '|'.
    const legend = () =>
      chart.locator('.u-legend .u-series').evaluateAll((rows) =>
        rows
          .filter((row) => getComputedStyle(row).display !== 'none')
          .map((row) => (row as HTMLElement).innerText.replace(/\s+/g, ' ').trim())
          .join(' | '),
      );
    await expect.poll(legend).toBe('requests | errors');
    // The last minute holds the calls made above. The plot area has no box until the chart is drawn (read
    // before, it was null once in CI: "no plot area"), and a redraw can replace it under the cursor: wait for
    // it, then hover its right edge until the legend shows that minute.
    const plot = chart.locator('.u-over');
    await plot.waitFor({ state: 'visible' });
    await vi.waitFor(
      async () => {
        const over = await plot.boundingBox();
        if (!over || over.width === 0 || over.height === 0) throw new Error('the plot area is not drawn yet');
        await page.mouse.move(over.x + over.width - 2, over.y + over.height / 2);
        expect(await legend()).toMatch(/^Time:? ?[A-Z][a-z]{2} \d{1,2}, \d\d:\d\d \| requests:? ?\d+ \| errors:? ?0$/);
      },
      { timeout: 10_000, interval: 200 },
    );
    await page.mouse.move(0, 0);
    await expect.poll(legend).toBe('requests | errors');
  });

  it('tells each chart’s lines apart without colour: a pattern and a marker shape of its own, drawn beside its name in the legend', async () => {
    // Before, "requests" and "errors" (and the latency percentiles) were solid lines, or round
    // markers, of two hues: a reader who cannot tell the hues apart could not tell them apart (WCAG 1.4.1).
    await page.goto(`${e2e.url}/#/overview?range=1h`);
    const traffic = page.getByTestId('chart-Requests and errors');
    await expect.poll(() => traffic.getAttribute('data-dashes')).toBe('[[],[8,4]]');
    expect(await traffic.getAttribute('data-markers')).toBe('["circle","square"]');
    const charts = page.locator('[data-testid^="chart-"][data-dashes]');
    await expect.poll(() => charts.count()).toBeGreaterThanOrEqual(4);
    for (const chart of await charts.all()) {
      const dashes = JSON.parse((await chart.getAttribute('data-dashes')) as string) as number[][];
      const markers = JSON.parse((await chart.getAttribute('data-markers')) as string) as string[];
      // No two series of a chart share a pattern or a marker shape.
      expect(new Set(dashes.map((d) => d.join(','))).size).toBe(dashes.length);
      expect(new Set(markers).size).toBe(markers.length);
      // The legend names each series beside a sample line in its pattern (none for solid) and colour.
      const samples = await chart.locator('.u-legend .u-series').evaluateAll((rows) =>
        rows.slice(1).map((row) => {
          const line = row.querySelector('.u-marker svg line');
          const mark = row.querySelector('.u-marker svg :is(circle, polygon)');
          return { name: (row.querySelector('.u-label') as HTMLElement | null)?.innerText ?? '', dash: line?.getAttribute('stroke-dasharray') ?? null, stroke: line?.getAttribute('stroke') ?? null, hidden: line?.closest('svg')?.getAttribute('aria-hidden'), mark: mark?.tagName ?? null };
        }),
      );
      expect(samples.map((sample) => sample.dash)).toEqual(dashes.map((d) => (d.length === 0 ? null : d.join(' '))));
      expect(samples.map((sample) => sample.mark)).toEqual(markers.map((shape) => (shape === 'circle' ? 'circle' : 'polygon')));
      for (const sample of samples) expect(sample).toMatchObject({ name: expect.stringMatching(/\S/), stroke: expect.stringMatching(/^#[0-9a-f]{6}$/), hidden: 'true' });
    }
    expect(await traffic.locator('.u-legend .u-series .u-label').allInnerTexts()).toEqual(['Time', 'requests', 'errors']);
  });

  it('fits a 390 px wide phone with the traffic filter', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${e2e.url}/#/overview?range=1h&traffic=apps`);
      await page.getByRole('button', { name: 'without eval runs' }).waitFor();
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(SHOTS, 'overview-390.png'), fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it("counts a run's failed calls and scores in its variants table, as the CLI does", async () => {
    const run = await e2e.browser.newPage();
    try {
      // A judge whose every reply was unreadable: the page showed the quality as if judged.
      await run.route(`**/api/evals/runs/${runId}`, async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { summary: { variants: { variant: string; errors: number; scorerErrors: number }[] } };
        const variants = body.summary.variants.map((v) => (v.variant === 'claude' ? { ...v, errors: 1, scorerErrors: 5 } : v));
        await route.fulfill({ response, json: { ...body, summary: { ...body.summary, variants } } });
      });
      await run.goto(`${e2e.url}/#/evals/${runId}`);
      const table = run.getByTestId('variants');
      await table.waitFor();
      expect(await table.locator('thead th').allInnerTexts()).toContain('errors');
      const byVariant = Object.fromEntries(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [(r.querySelector('td') as HTMLElement).innerText, (r.querySelector('[data-testid=variant-errors]') as HTMLElement).innerText])));
      expect(byVariant).toEqual({ claude: '1 call, 5 scores', [LONG_VARIANT.slice(0, 31) + '…']: '0' });
    } finally {
      await run.close();
    }
  });

  it('says that comparing needs a second run when there is one', async () => {
    await page.goto(`${e2e.url}/#/evals/compare`);
    await expect.poll(() => page.getByTestId('two-runs').innerText()).toBe(
      'Comparing needs two runs, and there is one so far. Run a suite again after a change (npx --no switchyard eval rerun last repeats the last run exactly) or run another one, then pick both here.',
    );
  });

  it('cuts a long variant name on the run page’s chart and shows it whole on hover', async () => {
    await page.goto(`${e2e.url}/#/evals/${runId}`);
    const label = page.getByTestId('variant-label').filter({ hasText: 'small-with' });
    await label.waitFor();
    expect(await label.locator('title').textContent()).toBe(LONG_VARIANT);
    const drawn = (await label.textContent())?.replace(LONG_VARIANT, '');
    expect(drawn).toMatch(/^small-with-a-very… \(unpriced\)$/); // the simulated models have no price
    // The chart is drawn large enough to read: its 11-unit labels render at 9 px or more, however wide the table beside it.
    const labelPx = await page.evaluate(() => {
      const svg = document.querySelector('svg.scatter') as SVGSVGElement;
      return (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width) * 11;
    });
    expect(labelPx).toBeGreaterThanOrEqual(9);
    // Every label lies inside the chart.
    const inside = await page.evaluate(() => {
      const svg = document.querySelector('svg.scatter') as SVGSVGElement;
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text.label')].every((t) => {
        const r = t.getBoundingClientRect();
        return r.left >= box.left - 1 && r.right <= box.right + 1;
      });
    });
    expect(inside).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'run-labels.png'), fullPage: true });
  });
});
