import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { SUPPORT_JSONL, simWorldYaml } from '../../src/evals/__fixtures__/sim-gateway.js';
import { evaluate } from '../../src/evals/evaluate.js';
import { startServer } from '../../src/server.js';
import { e2eFixture } from './fixture.js';
import { ms } from '../../web/src/format.js';
import { SHOTS } from './harness.js';

const ADMIN_KEY = 'admin-key-for-e2e';
const APP_KEY = 'sk-sy-app-e2e-0001';
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
/** A moment in full: "2026-12-04 13:54:36 UTC" (or UTC±hh:mm where the browser's zone is not UTC). */
const FULL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC([+−]\d{2}:\d{2})?$/;

let page: Page;
let evil: Server;
/** The Cookie headers the other app's server received from the admin's browser. */
const evilSaw: string[] = [];
const traceIds: string[] = [];
let xssTrace = '';

async function admin<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${e2e.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const e2e = e2eFixture({
  extraConfig: `
server: { admin_key: ${ADMIN_KEY} }
traces: { flush_interval_ms: 5, retention: { days: 30, bodies_days: 7, every_minutes: 60 } }
keys: [ { key: ${APP_KEY}, name: support-app, team: cx, budget: { usd: 5, period: monthly }, rate_limit: { requests_per_minute: 600 } } ]
`,
  async seed() {
    e2e.sim.addScript({ model: 'standin-small', match: 'refund', reply: 'Fill in the refund form.' });
    e2e.sim.addScript({ model: 'standin-small', match: 'XSS', reply: `Echo: ${XSS}` });

    // Traffic through the gateway with the official SDK, as an application sends it.
    const client = e2e.openai(APP_KEY);
    const questions = ['How do I get a refund?', 'Where is my new card?', 'What is this fee?', 'Reset my PIN', `XSS probe ${XSS}`];
    for (const [i, question] of questions.entries()) {
      const { response } = await client.chat.completions
        .create({ model: 'small', messages: [{ role: 'user', content: question }] }, { headers: { 'x-switchyard-metadata': JSON.stringify({ feature: i % 2 ? 'cards' : 'refunds', note: XSS }) } })
        .withResponse();
      const id = response.headers.get('x-switchyard-trace-id') as string;
      traceIds.push(id);
      if (question.startsWith('XSS')) xssTrace = id;
    }
    const stream = await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'Close my account' }], stream: true });
    for await (const _ of stream) void _;
    // A made-up model name with no place to break: its error must not widen the trace table.
    await client.chat.completions.create({ model: `no-such-model-${'x'.repeat(3000)}`, messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);

    // The app forwards a user's thumbs-down with its own virtual key.
    const feedback = await fetch(`${e2e.url}/api/feedback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${APP_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ trace_id: traceIds[1], thumbs: 'down', comment: 'card never arrived', corrected_output: 'Track it under Cards > Delivery.' }),
    });
    expect(feedback.status).toBe(201);

    // Two eval runs through the same gateway, so the runs and comparison pages have data.
    e2e.write('support-5.jsonl', SUPPORT_JSONL);
    const suite = (prompt: string) => `name: support\ndataset: support-5.jsonl\nvariants:\n  small: { model: small, prompt: "${prompt} {{input}}" }\n  claude: { model: claude, prompt: "${prompt} {{input}}" }\nscorers:\n  - { type: contains, value: "{{expected}}" }\nrepeats: 1\nconcurrency: 4\n`;
    await evaluate({ suitePath: e2e.write('suite-a.yaml', suite('Answer briefly:')), gatewayUrl: e2e.url, apiKey: APP_KEY, stores: e2e.server.stores });
    await evaluate({ suitePath: e2e.write('suite-b.yaml', suite('Answer the customer:')), gatewayUrl: e2e.url, apiKey: APP_KEY, stores: e2e.server.stores });

    // A page on another origin that tries to change state with the admin's browser. It runs on
    // 127.0.0.1 like the gateway (another port): same site, so SameSite=Strict still sends the
    // admin's cookie to both, and the app's own server receives it too. Its page tries what a
    // cookie-only session would let through: a POST with a JSON-looking text body (no preflight), a
    // bodiless POST that rotates a key (fetch, then a top-level form), all with the admin's cookie.
    evil = createServer((req, res) => {
      evilSaw.push(req.headers.cookie ?? '');
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><form id="f" method="POST" action="${e2e.url}/api/keys/victim/rotate"></form>
        <script>
          fetch('${e2e.url}/api/review/rules', { method: 'POST', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ name: 'evil-fetch', rate: 1 }) })
            .catch(() => {})
            .then(() => fetch('${e2e.url}/api/keys/victim/rotate', { method: 'POST', mode: 'no-cors', credentials: 'include' }))
            .catch(() => {})
            .finally(() => document.getElementById('f').submit());
        </script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    await e2e.defer(() => new Promise<void>((resolve) => evil.close(() => resolve())));
  },
  timeoutMs: 90_000,
});

beforeAll(async () => {
  page = await e2e.browser.newPage();
});

describe('dashboard in headless Chromium', () => {
  it('asks for the admin key, then shows the overview of the traffic', async () => {
    await page.goto(e2e.url);
    await page.getByLabel('Your name').fill('ana');
    await page.getByLabel('Admin key').fill('wrong-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('wrong admin key').waitFor();
    await page.getByLabel('Admin key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const stats = page.getByTestId('overview-stats');
    await stats.waitFor();
    // 7 app calls + 20 eval calls.
    await expect.poll(() => stats.innerText()).toMatch(/Requests\s+27/);
    // All of this traffic is minutes old: the default range follows it to the last hour.
    await expect.poll(() => new URL(page.url()).hash).toMatch(/range=1h/);
    await page.locator('.uplot').first().waitFor();
    expect(await page.locator('.table tbody tr').count()).toBeGreaterThanOrEqual(2); // small, claude, no-such-model
    await shot('overview');
    // The unknown model's request reached no provider: its bucket says so rather than "(none)".
    await page.goto(`${e2e.url}/#/overview?range=1h&by=provider`);
    await expect.poll(() => page.locator('.table tbody td:first-child').allInnerTexts()).toContain('(no provider)');
    expect(await page.getByTestId('chart-Requests by provider').locator('.u-legend').innerText()).toContain('(no provider)');
  });

  it('lists and filters traces, and shows untrusted content as text', async () => {
    await page.goto(`${e2e.url}/#/traces`);
    await page.getByTestId('trace-table').waitFor();
    // The tab names the page and carries an icon (every tab read "Switchyard", with none).
    await expect.poll(() => page.title()).toBe('Traces · Switchyard');
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/^data:image\/svg\+xml,/);
    // What is kept, from traces.retention; the budgeted key keeps its month.
    expect(await page.getByTestId('retention').innerText()).toBe(
      "Traces are kept for 30 days; prompts and answers for 7 days (monitoring's copies too), then only their numbers. The overview's charts come from rollups, which are kept. Keys with a budget keep their traces of the current budget period.",
    );
    // The model filter lists configured models; a name clients asked for that nobody configured is set apart.
    await expect.poll(() => page.locator('select[aria-label="model"] optgroup option').allInnerTexts()).toEqual(['(unknown model)']);
    // Every column in view at 1,400 px, the unknown model's unbreakable error message included.
    expect(await page.getByTestId('trace-error').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^model_not_found: model "no-such-model-x+/)]));
    // Inside its box, not only inside the window: the box scrolls sideways, and at 1,403 px in a
    // 1,154 px box latency and metadata were out of sight.
    const fit = await page.getByTestId('trace-table').evaluate((table) => ({ table: table.scrollWidth, box: table.parentElement?.clientWidth ?? 0 }));
    expect(fit.table).toBeLessThanOrEqual(fit.box);
    // A provider's name stays on one line (a hyphenated one with its "simulated" pill took three),
    // its pill beside it where the column has room.
    const provider = await page.getByTestId('trace-table').locator('tbody tr').first().locator('td').nth(2).evaluate((td) => {
      const name = td.querySelector('.clip') as HTMLElement;
      const pill = td.querySelector('.pill');
      return { wrap: getComputedStyle(name).whiteSpace, besideName: pill ? Math.abs(pill.getBoundingClientRect().top - name.getBoundingClientRect().top) < 8 : true };
    });
    expect(provider).toEqual({ wrap: 'nowrap', besideName: true });
    expect(await page.locator('select[aria-label="model"] > option').allInnerTexts()).toEqual(expect.arrayContaining(['any', 'small']));
    await page.getByLabel('metadata').fill('feature=refunds');
    await page.getByLabel('search').fill('XSS probe');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByTestId('trace-table').locator('tbody tr').count()).toBe(1);
    // Metadata as key=value chips (the XSS probe among them, as text).
    expect(await page.getByTestId('meta-chip').allInnerTexts()).toEqual(expect.arrayContaining(['feature=refunds']));
    await shot('traces');
    // Today's rows read "13:54:36"; the date and zone they leave out show on hover.
    expect(await page.getByTestId('trace-table').locator('tbody tr').first().locator('td').first().locator('time').getAttribute('title')).toMatch(FULL_TIME);
    await page.getByTestId('trace-table').locator('tbody tr').first().click();
    await page.getByTestId('answer').waitFor();
    expect(page.url()).toContain(xssTrace);
    expect(await page.getByTestId('answer').innerText()).toContain(XSS);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await shot('trace-detail');
    // When it happened, in full beside the id (it hid, dateless, in the Key card's hint).
    expect(await page.getByTestId('trace-time').innerText()).toMatch(FULL_TIME);
    // A request refused before any provider: the attempts section says so instead of an empty table's headers.
    const refused = (await admin<{ traces: { id: string; status: number }[] }>('/api/traces?limit=100')).body.traces.find((t) => t.status === 404);
    await page.goto(`${e2e.url}/#/traces/${refused?.id}`);
    expect(await page.getByTestId('no-attempts').innerText()).toBe('None: the gateway answered 404 before calling a provider.');
  });

  it('reviews queued traces with the keyboard', async () => {
    await page.goto(`${e2e.url}/#/traces/${traceIds[0]}`);
    await page.getByRole('button', { name: 'Send to review queue' }).click();
    await page.getByText('Queued for review.').waitFor();
    await page.getByRole('button', { name: 'Send to review queue' }).click(); // a second click queues nothing twice
    await page.getByText('Already in the review queue.').waitFor();
    await page.goto(`${e2e.url}/#/review`);
    const queue = page.getByTestId('queue');
    await expect.poll(() => queue.locator('li').count()).toBe(2); // the thumbs-down first, then the manual one
    expect(await queue.locator('li').first().innerText()).toContain('feedback');
    await page.getByTestId('review-item').waitFor();
    // The user's own correction is shown beside the answer under review.
    expect(await page.getByTestId('item-feedback').innerText()).toMatch(/thumbs down ·\s+"card never arrived"\s+Their correction: Track it under Cards > Delivery\./);
    await page.keyboard.press('2');
    await page.keyboard.press('f');
    await page.keyboard.press('c');
    await page.keyboard.type('Your card ships within 5 working days.');
    await page.keyboard.press('Escape');
    await shot('review');
    await page.keyboard.press('Enter');
    // Saving asks first, naming what will be stored; the second Enter confirms.
    expect(await page.getByTestId('confirm-review').innerText()).toMatch(/^Save score 2\/5 · fail · a corrected answer\?/);
    await page.keyboard.press('Enter');
    await expect.poll(() => queue.locator('li').count()).toBe(1);
    await page.getByText('sent to review from the dashboard').waitFor();
    await page.keyboard.press('4');
    await page.keyboard.press('p');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByTestId('queue-empty').waitFor();
    const notes = await admin<{ reviews: { reviewer: string; score: number; pass: boolean; corrected: string | null }[] }>(`/api/traces/${traceIds[1]}/annotations`);
    expect(notes.body.reviews).toEqual([expect.objectContaining({ reviewer: 'ana', score: 2, pass: false, corrected: 'Your card ships within 5 working days.' })]);
  });

  it('adds a reviewed trace to a dataset in one action', async () => {
    await page.goto(`${e2e.url}/#/traces/${traceIds[1]}`);
    await page.getByLabel('dataset name').fill('support-golden');
    await page.getByRole('button', { name: 'Add to dataset' }).click();
    await page.getByText(/Added 1 item to support-golden \(version 1\)/).waitFor();
    await page.goto(`${e2e.url}/#/datasets/support-golden`);
    const items = page.getByTestId('dataset-items');
    await items.locator('tbody tr').first().waitFor();
    const row = await items.locator('tbody tr').first().innerText();
    expect(row).toContain('Where is my new card?');
    expect(row).toContain('Your card ships within 5 working days.'); // the correction is the expected answer
    expect(row).toMatch(/\b2$/); // the human score
    await shot('dataset');
  });

  it('queues dataset items that need human scores and writes the scores back', async () => {
    await page.goto(`${e2e.url}/#/datasets/support-5`);
    await page.getByTestId('dataset-items').locator('tbody tr').nth(4).waitFor();
    await page.getByRole('button', { name: 'Queue items without a human score for review' }).click();
    await page.getByText('Queued 5 items for human scores.').waitFor();
    await page.goto(`${e2e.url}/#/review?source=dataset`);
    await expect.poll(() => page.getByTestId('queue').locator('li').count()).toBe(5);
    await page.getByTestId('review-item').getByRole('heading', { name: 'Where is my new card?' }).waitFor(); // named by its content
    await page.keyboard.press('5');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('queue').locator('li').count()).toBe(4);
    const items = await admin<{ version: { version: number }; items: { id: string; humanScore?: number; expected?: string }[] }>('/api/datasets/support-5/items');
    expect(items.body.version.version).toBe(2);
    expect(items.body.items[0]).toMatchObject({ id: 'card', humanScore: 5, expected: 'ships' });
  });

  it('shows eval runs with intervals and the frontier, and compares two runs case by case', async () => {
    await page.goto(`${e2e.url}/#/evals`);
    const runs = page.getByTestId('runs');
    await expect.poll(() => runs.locator('tbody tr').count()).toBe(2);
    await runs.locator('tbody tr a').first().click();
    await page.getByTestId('variants').waitFor();
    expect(await page.getByTestId('variants').innerText()).toMatch(/small[\s\S]*\d+\.\d% \[\d+\.\d–\d+\.\d\]/);
    // Each case shows every scorer's score in % (the CLI's unit) with its verdict and reason.
    await page.getByTestId('case-scores').first().waitFor();
    expect(await page.getByTestId('case-scores').first().innerText()).toMatch(/^\w+ \d+% (pass|fail)\n\S/);
    // And the question asked with the expected answer, as `eval show --cases` prints them; its id opens the trace.
    expect(await page.getByTestId('cases').innerText()).toMatch(/Where is my new card\?\s*expected: ships/);
    expect(await page.getByTestId('cases').locator('tbody tr td a').first().getAttribute('href')).toMatch(/^#\/traces\/tr_/);
    await page.locator('svg.scatter circle').first().waitFor();
    // The cost axis's three labels to one precision, as a cost chart's ($0, then $0.0066 and $0.0132, not $0.00660 and $0.01).
    const costLabels = (await page.locator('svg.scatter text.axis').allTextContents()).filter((l) => l.startsWith('$'));
    expect(costLabels).toHaveLength(3);
    expect(costLabels[0]).toBe('$0');
    expect(new Set(costLabels.slice(1).map((l) => l.split('.')[1]?.length ?? 0)).size).toBe(1);
    await shot('run');
    await page.getByRole('button', { name: /Review \d+ low-scoring cases?/ }).click();
    await page.getByText(/Queued \d+ low-scoring cases? for review/).waitFor();
    const ids = (await admin<{ runs: { id: string }[] }>('/api/evals/runs')).body.runs.map((r) => r.id);
    await page.goto(`${e2e.url}/#/evals/compare?a=${ids[1]}&b=${ids[0]}`);
    await page.getByTestId('comparison').waitFor();
    // Mean quality as a percentage, as on the run page.
    expect(await page.getByTestId('comparison').locator('tbody tr').first().locator('td').nth(2).innerText()).toMatch(/^\d+\.\d%$/);
    await page.getByTestId('case-diffs').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('case-diffs').locator('tbody tr').count()).toBe(10);
    expect(await page.getByTestId('case-counts').innerText()).toMatch(/^\d+ of 10 cases improved, \d+ regressed, \d+ unchanged\.$/);
    await shot('compare');
  });

  it('tells the cost–quality chart’s variants apart without colour: a marker shape of its own, named in a legend beside it', async () => {
    // Before, every variant was a filled circle and only its hue told which (WCAG 1.4.1).
    const [run] = (await admin<{ runs: { id: string }[] }>('/api/evals/runs')).body.runs;
    await page.goto(`${e2e.url}/#/evals/${run?.id}`);
    const points = page.getByTestId('scatter-point');
    await expect.poll(() => points.count()).toBeGreaterThanOrEqual(2);
    const drawn = await points.evaluateAll((gs) => gs.map((g) => ({ variant: g.getAttribute('data-variant'), marker: g.getAttribute('data-marker'), tag: g.querySelector(':scope > :is(circle, polygon)')?.tagName })));
    expect(new Set(drawn.map((p) => p.marker)).size).toBe(drawn.length);
    expect(drawn.slice(0, 2).map((p) => [p.marker, p.tag])).toEqual([['circle', 'circle'], ['square', 'polygon']]);
    // The legend names each variant, in the chart's order, beside the same marker in the same colour.
    const legend = await page.getByTestId('scatter-legend').locator('li').evaluateAll((items) =>
      items.map((li) => {
        const mark = li.querySelector('svg :is(circle, polygon)');
        return { name: li.textContent, marker: li.getAttribute('data-marker'), tag: mark?.tagName, fill: mark?.getAttribute('fill'), hidden: li.querySelector('svg')?.getAttribute('aria-hidden') };
      }),
    );
    expect(legend.map((item) => [item.name, item.marker, item.tag])).toEqual(drawn.map((p) => [p.variant, p.marker, p.tag]));
    const colours = await points.evaluateAll((gs) => gs.map((g) => g.querySelector(':scope > :is(circle, polygon)')?.getAttribute('fill')));
    expect(legend.map((item) => item.fill)).toEqual(colours);
    for (const item of legend) expect(item.hidden).toBe('true');
  });

  it('fits a 390 px wide phone: the sidebar collapses above the page and nothing overflows it', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${e2e.url}/#/traces`);
      await page.getByTestId('trace-table').waitFor();
      const layout = await page.evaluate(() => {
        const nav = document.querySelector('.nav')?.getBoundingClientRect();
        const main = document.querySelector('.main')?.getBoundingClientRect();
        return { navWidth: nav?.width ?? 0, mainLeft: main?.left ?? 0, pageWidth: document.documentElement.scrollWidth };
      });
      expect(layout.mainLeft).toBeLessThan(20);
      expect(layout.pageWidth).toBeLessThanOrEqual(390);
      // A dataset's text columns keep a readable width and the table scrolls sideways (squeezed to
      // 40 px, every word broke across lines).
      await page.goto(`${e2e.url}/#/datasets/support-5`);
      const input = page.getByTestId('dataset-items').locator('tbody td.cell-text').first();
      await input.waitFor();
      expect(await input.evaluate((td) => td.getBoundingClientRect().width)).toBeGreaterThan(150);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // Four figures share two rows on a phone (at 170 px minimum each took a row of its own).
      await page.goto(`${e2e.url}/#/review?tab=rules`);
      const stats = page.locator('.stats .stat');
      await expect.poll(() => stats.count()).toBe(4);
      expect((await stats.nth(0).boundingBox())?.y).toBe((await stats.nth(1).boundingBox())?.y);
      // The cost–quality chart scales down to the phone; its labels are drawn larger so they stay legible (about 7 px before).
      const [run] = (await admin<{ runs: { id: string }[] }>('/api/evals/runs')).body.runs;
      await page.goto(`${e2e.url}/#/evals/${run?.id}`);
      const axisLabel = page.locator('.scatter .axis').first();
      await axisLabel.waitFor();
      expect(await axisLabel.evaluate((text) => text.getBoundingClientRect().height)).toBeGreaterThan(10);
      // Its cases are cards, each value under its column's name (as a table they ran off the screen).
      const cases = page.getByTestId('cases');
      await cases.locator('tbody tr').first().waitFor();
      expect(await cases.locator('thead').isVisible()).toBe(false);
      expect(await cases.evaluate((t) => Math.round(t.getBoundingClientRect().right))).toBeLessThanOrEqual(390);
      expect(await cases.locator('tbody tr').first().locator('td[data-label]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-label')))).toEqual(['variant', 'quality', 'pass', 'input · expected', 'output', 'scores']);
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('fits an 800 px wide window: a wide table scrolls inside its box, and numbers stay on one line', async () => {
    // Between the phone layout (≤ 700 px) and two chart columns (> 1100 px) the sidebar stays
    // and a wide table used to widen the whole page, hiding its last columns off screen.
    await page.setViewportSize({ width: 800, height: 900 });
    try {
      const pages: [string, string][] = [
        ['overview', 'table.table'],
        ['evals', '[data-testid="runs"]'],
        ['datasets', '[data-testid="datasets"]'],
        ['providers', '[data-testid="targets"]'],
      ];
      for (const [path, table] of pages) {
        await page.goto(`${e2e.url}/#/${path}`);
        await page.locator(table).locator('tbody tr').first().waitFor();
        expect({ path, pageWidth: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ path, pageWidth: 800 });
      }
      // "1.21 s" over two lines reads as two figures. It is said as every other page says a
      // duration (the page printed "1207 ms" where the others print "1.21 s").
      const row = page.getByTestId('targets').locator('tbody tr').first();
      const latency = row.locator('td').nth(4);
      const target = (await row.getAttribute('data-testid'))?.replace(/^target-/, '');
      const { targets } = (await admin<{ targets: { target: string; latencyMs: number | null }[] }>('/api/providers')).body;
      const latencyMs = targets.find((t) => t.target === target)?.latencyMs;
      expect(latencyMs).toBeGreaterThan(0);
      expect(await latency.innerText()).toBe(ms(latencyMs));
      expect(await latency.innerText()).toMatch(/^(\d{1,3}|0\.\d\d) ms$|^\d+\.\d{1,2} s$/);
      expect(await latency.evaluate((td) => getComputedStyle(td).whiteSpace)).toBe('nowrap');
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('shows spend and limits per key', async () => {
    await page.goto(`${e2e.url}/#/keys`);
    await page.getByTestId('keys').waitFor();
    expect(await page.getByTestId('keys').innerText()).toMatch(/support-app[\s\S]*of \$5\.00 this month \(UTC\)/);
    await shot('keys');
  });

  it('shows API errors as readable messages, never a blank page', async () => {
    await page.goto(`${e2e.url}/#/traces/tr_doesnotexist`);
    await page.getByRole('alert').getByText('trace "tr_doesnotexist" not found').waitFor();
    await page.goto(`${e2e.url}/#/nowhere`);
    await page.getByRole('alert').getByText('There is no page "nowhere".').waitFor();
    expect(await page.locator('nav').isVisible()).toBe(true);
    // A dataset that is not there: its error once, with no empty items table or endless "Loading dataset…" under it.
    await page.goto(`${e2e.url}/#/datasets/no-such-set`);
    await page.getByRole('alert').first().getByText(/dataset "no-such-set" not found/).waitFor();
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    expect(await page.getByTestId('dataset-items').count()).toBe(0);
    expect(await page.getByText('Loading dataset').count()).toBe(0);
  });

  it('does not let another app on the same host change or read anything with the admin session', async () => {
    const created = await admin<{ prefix: string }>('/api/keys', { method: 'POST', body: { name: 'victim' } });
    expect(created.status).toBe(201);
    const victim = async () => (await admin<{ keys: { name: string; prefix: string; rotatedAt: number | null }[] }>('/api/keys')).body.keys.find((k) => k.name === 'victim');
    expect(await victim()).toMatchObject({ prefix: created.body.prefix, rotatedAt: null });
    const before = (await admin<{ rules: unknown[] }>('/api/review/rules')).body.rules.length;
    // The admin is signed in in this browser (the cookie a cookie-only session would honour);
    // run alone, this test signs in first.
    const signedIn = async () => (await e2e.browser.cookies(e2e.url)).some((c) => c.name === 'switchyard_session');
    if (!(await signedIn())) expect((await page.request.post(`${e2e.url}/api/session`, { data: { name: 'ana', password: ADMIN_KEY } })).status()).toBe(200);
    expect(await signedIn()).toBe(true);
    const other = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    const attack = await e2e.browser.newPage();
    const rotations: number[] = [];
    attack.on('response', (response) => {
      if (response.url().endsWith('/api/keys/victim/rotate') && response.request().method() === 'POST') rotations.push(response.status());
    });
    await attack.goto(other);
    // The form's POST is a top-level navigation to the gateway: it lands there, refused.
    await attack.waitForURL(`${e2e.url}/api/keys/victim/rotate`);
    await attack.waitForLoadState('networkidle');
    expect(await attack.locator('body').innerText()).toMatch(/missing or wrong x-switchyard-csrf header|cross-origin request from http:\/\/127\.0\.0\.1:/);
    await attack.close();
    expect(rotations).toContain(403);
    expect(rotations.every((status) => status === 403)).toBe(true);
    expect(await victim()).toMatchObject({ prefix: created.body.prefix, rotatedAt: null });
    expect((await admin<{ rules: unknown[] }>('/api/review/rules')).body.rules.length).toBe(before);
    // The browser did hand the session cookie to the other app (cookies ignore ports)…
    const stolen = evilSaw.map((c) => /switchyard_session=[^;]+/.exec(c)?.[0]).find(Boolean);
    expect(stolen).toBeTruthy();
    // …and replayed from its server, the cookie alone opens nothing.
    const replay = await fetch(`${e2e.url}/api/traces`, { headers: { cookie: stolen as string } });
    expect(replay.status).toBe(403);
    expect(await fetch(`${e2e.url}/api/session`, { headers: { cookie: stolen as string } }).then((r) => r.json())).toMatchObject({ name: null, csrf: null });
    writeFileSync(join(SHOTS, 'csrf-checked.txt'), 'ok');
  });

  it('stays signed in across a reload, and signing out revokes the session', async () => {
    await page.goto(`${e2e.url}/#/overview`);
    await page.getByTestId('overview-stats').waitFor();
    await page.reload();
    await page.getByTestId('overview-stats').waitFor();
    const cookie = (await e2e.browser.cookies(e2e.url)).find((c) => c.name === 'switchyard_session');
    const csrf = await page.evaluate(() => localStorage.getItem('switchyard.csrf'));
    const copy = { cookie: `switchyard_session=${cookie?.value}`, 'x-switchyard-csrf': csrf as string };
    expect((await fetch(`${e2e.url}/api/traces`, { headers: copy })).status).toBe(200);
    await page.getByRole('button', { name: 'sign out', exact: true }).click();
    await page.getByLabel('Admin key').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('switchyard.csrf'))).toBeNull();
    // A copy of both halves, taken before signing out, is refused after it.
    expect((await fetch(`${e2e.url}/api/traces`, { headers: copy })).status).toBe(401);
    // Opening a page while signed out, then signing in, returns to that page.
    await page.goto(`${e2e.url}/#/keys`);
    await page.getByLabel('Your name').fill('ana');
    await page.getByLabel('Admin key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('keys').waitFor();
    expect(new URL(page.url()).hash).toBe('#/keys');
    await page.getByRole('button', { name: 'sign out', exact: true }).click();
    await page.getByLabel('Admin key').waitFor();
  });

  it('signs out everywhere: sessions opened elsewhere end too', async () => {
    const login = await fetch(`${e2e.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bo', password: ADMIN_KEY }) });
    const elsewhere = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] as string, 'x-switchyard-csrf': ((await login.json()) as { csrf: string }).csrf };
    expect((await fetch(`${e2e.url}/api/traces`, { headers: elsewhere })).status).toBe(200);
    await page.goto(e2e.url);
    await page.getByLabel('Your name').fill('ana');
    await page.getByLabel('Admin key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('overview-stats').waitFor();
    await page.getByRole('button', { name: 'sign out everywhere' }).click();
    await page.getByLabel('Admin key').waitFor();
    expect((await fetch(`${e2e.url}/api/traces`, { headers: elsewhere })).status).toBe(401);
    await shot('signed-out');
  });
});

describe('dashboard without an admin credential on loopback', () => {
  it('is open and says so in a banner', async () => {
    const open = await startServer({ ...parseConfig(simWorldYaml(e2e.sim.url), 'test'), store: { sqlite: join(e2e.dir, 'open.db') } }, { port: 0, host: '127.0.0.1' });
    try {
      const tab = await e2e.browser.newPage();
      await tab.goto(open.url.replace('127.0.0.1', 'localhost'));
      await tab.getByRole('status').getByText('open to anyone on this machine').waitFor();
      await tab.getByTestId('overview-stats').waitFor();
      // "local · set name" in the sidebar reads as one line: the link's text follows the dot.
      const gap = await tab.locator('.who a').evaluate((link) => {
        const before = document.createRange();
        before.setStart(link.parentElement as HTMLElement, 0);
        before.setEndBefore(link);
        const text = document.createRange();
        text.selectNodeContents(link);
        return text.getBoundingClientRect().left - before.getBoundingClientRect().right;
      });
      expect(gap).toBeLessThan(2);
      await tab.screenshot({ path: join(SHOTS, 'open-mode.png') });
      await tab.close();
    } finally {
      await open.close();
    }
  });
});
