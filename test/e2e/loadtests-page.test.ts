import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadtest } from '../../src/cli/loadtest-cli.js';
import type { LoadReport } from '../../src/loadtest/load-report.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

const reports: LoadReport[] = [];

const e2e = e2eFixture({
  sim: { ttftMs: 5, latencyMs: 10 },
  config: (sim) => `providers:\n  sim: { type: openai, base_url: ${sim.url}/v1, api_key: sk-upstream }\nmodels:\n  small: { provider: sim, model: standin-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }\n`,
  // The CLI keeps its runs in the store; the dashboard of a gateway on the same store shows them.
  async prepare({ configPath }) {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (const rps of ['10', '20']) {
        reports.push(await loadtest({ model: 'small', rps, duration: '500ms', stream: true, maxTokens: '16', arrivals: 'uniform', perUser: '20', maxInFlight: '64', timeout: '10s', json: true, config: configPath }));
      }
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  },
});

describe('load tests page', () => {
  it('lists each kept run with its figures and bottleneck, and charts them', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/loadtests`);
    const row = page.getByTestId(`loadtest-${reports[1]?.runId}`);
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('small');
    expect(text).toContain(reports[1]?.target ?? 'missing');
    expect(text).toContain('20/s for 0.5 s');
    expect(text).toContain(`${reports[1]?.requests.ok} / ${reports[1]?.requests.due}`);
    expect(text).toContain(reports[1]?.bottleneck.kind ?? 'missing');
    expect(await page.getByTestId('loadtests').locator('tbody tr').count()).toBe(2);
    expect(await page.locator('.uplot').count()).toBe(2);
    // Latency ticks carry their unit ("4 ms"), as on the overview; a bare 4, 6, 8 left it to the title.
    const latency = page.getByTestId('chart-Latency per run');
    await expect.poll(() => latency.getAttribute('data-y-ticks')).not.toBeNull();
    for (const tick of JSON.parse((await latency.getAttribute('data-y-ticks')) as string) as { label: string }[]) expect(tick.label).toMatch(/^[\d.]+ m?s$/);
    // A run's figures stay on one line each.
    expect(await page.getByTestId('loadtests').locator('tbody tr').first().locator('td').nth(2).evaluate((td) => getComputedStyle(td).whiteSpace)).toBe('nowrap');
    await page.screenshot({ path: join(SHOTS, 'loadtests.png'), fullPage: true });
  });

  it('keeps the page its width between phone and desktop: the table scrolls in its box, as the other pages\' do', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/loadtests`);
    await page.getByTestId(`loadtest-${reports[1]?.runId}`).waitFor();
    // At 1,024 px the table's one-line figures made it ~830 px wide in a ~800 px column: the whole page scrolled sideways.
    for (const width of [1024, 800]) {
      await page.setViewportSize({ width, height: 800 });
      // The charts take their new width on the window's resize event, a frame after the viewport changes.
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { message: `${width} px` }).toBeLessThanOrEqual(width);
      // The bottleneck sentence keeps a readable measure in the box rather than a word a line.
      expect(await page.getByTestId('loadtests').locator('tbody tr').first().locator('td').last().evaluate((td) => td.getBoundingClientRect().width), `${width} px`).toBeGreaterThanOrEqual(200);
    }
  });

  it('on a 390 px phone, shows each run as a card with every figure under its name', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${e2e.url}/#/loadtests`);
    const table = page.getByTestId('loadtests');
    await page.getByTestId(`loadtest-${reports[1]?.runId}`).waitFor();
    // Before: the table scrolled 545 px sideways inside itself.
    expect(await table.evaluate((t) => Math.max(t.scrollWidth - t.clientWidth, (t.parentElement as HTMLElement).scrollWidth - (t.parentElement as HTMLElement).clientWidth))).toBeLessThanOrEqual(0);
    expect(await table.locator('thead').isVisible()).toBe(false);
    const labels = await table.locator('tbody tr').first().locator('td[data-label]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-label')));
    expect(labels).toEqual(['when', 'model · gateway', 'rate', 'ok / due', 'latency p50 / p99', 'TTFT p50', 'cost per month', 'bottleneck']);
    await page.screenshot({ path: join(SHOTS, 'loadtests-390.png'), fullPage: true });
    await page.close();
  });

  it('with one run, shows its row and no chart of a single point', async () => {
    const page = await e2e.browser.newPage();
    // The store holds two runs; the page is shown the newest only, as after a newcomer's first loadtest.
    await page.route('**/api/loadtests*', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { loadtests: unknown[] };
      await route.fulfill({ response, json: { ...body, loadtests: body.loadtests.slice(0, 1) } });
    });
    await page.goto(`${e2e.url}/#/loadtests`);
    await page.getByTestId(`loadtest-${reports[1]?.runId}`).waitFor();
    expect(await page.getByTestId('loadtests').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('charts-later').innerText()).toBe('The charts compare runs: they appear with the second run.');
    expect(await page.locator('.uplot').count()).toBe(0);
  });

  it('flags a run whose figures rest on too few answers, the reason on hover, as loadtest --json does', async () => {
    const page = await e2e.browser.newPage();
    const reason = '3 of 5 requests answered; the cost per request and the projections rest on fewer than 5 answers';
    // The stored runs as the API sends them, the newer one unreliable as a run cut short would be;
    // the older one as a report saved before the field: 2 of 40 answered, no `unreliable`.
    await page.route('**/api/loadtests*', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { loadtests: { report: Record<string, unknown> }[] };
      const [newer, older] = body.loadtests;
      if (newer) newer.report.unreliable = reason;
      if (older) {
        delete older.report.unreliable;
        older.report.requests = { ...(older.report.requests as object), due: 40, ok: 2 };
      }
      await route.fulfill({ response, json: body });
    });
    await page.goto(`${e2e.url}/#/loadtests`);
    const newer = page.getByTestId(`loadtest-${reports[1]?.runId}`);
    await newer.waitFor();
    const badge = newer.getByTestId('loadtest-unreliable');
    expect(await badge.innerText()).toBe('unreliable');
    expect(await badge.getAttribute('title')).toBe(reason);
    const older = page.getByTestId(`loadtest-${reports[0]?.runId}`).getByTestId('loadtest-unreliable');
    expect(await older.getAttribute('title')).toBe('2 of 40 requests answered; the cost per request and the projections rest on fewer than 5 answers');
    // The badge sits on the counts' line.
    expect(await newer.locator('td[data-label="ok / due"]').innerText()).toMatch(/^\d+ \/ \d+\s*unreliable$/);
    await page.close();
  });

  it('shows no flag on runs whose figures rest on enough answers', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/loadtests`);
    await page.getByTestId(`loadtest-${reports[1]?.runId}`).waitFor();
    expect(reports.map((r) => r.unreliable)).toEqual([null, null]);
    expect(await page.getByTestId('loadtest-unreliable').count()).toBe(0);
    await page.close();
  });

  it('says how to run one when there is none, each flag of the command whole on its line', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.route('**/api/loadtests*', (route) => route.fulfill({ json: { loadtests: [] } }));
    await page.goto(`${e2e.url}/#/loadtests`);
    const hint = page.getByText('No load test yet.');
    await hint.waitFor();
    expect(await hint.innerText()).toBe('No load test yet. Run npx --no switchyard loadtest --model NAME --rps 10 --duration 30s (against the built-in simulator, a --config, or a running --gateway with --admin-key).');
    // At 1,366 px the line ended in "--" with "gateway" on the next one.
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 800 });
      const words = await hint.locator('code').evaluateAll((codes) => codes.flatMap((code) => [...code.querySelectorAll('.word')].map((w) => ({ word: w.textContent, lines: w.getClientRects().length }))));
      expect(words.map((w) => w.word)).toContain('--gateway');
      for (const word of words) expect(word, `${width} px`).toMatchObject({ lines: 1 });
    }
  });
});
