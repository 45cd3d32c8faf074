import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evals/evaluate.js';
import { openSqliteModelRegistry } from '../../src/store/sqlite/sqlite-model-registry.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// A config and traffic from people who did not think of the layout: 300 models, one name as long
// as the config allows (256 characters; it took 10 kB before), one of emoji, one of 250 letters with
// no break; a provider named with 300 characters; the longest route name the config allows, with no
// traffic; an eval suite on the unbreakable model.
const HUGE = `m${'x'.repeat(255)}`;
const EMOJI = '🙈'.repeat(30);
const UNBROKEN = 'a'.repeat(250);
const PROVIDER = `provider-${'π'.repeat(300)}`;
const ROUTE = `route-${'r'.repeat(122)}`;
const CASE = `case-${'b'.repeat(100)}`;
/** An Arabic word of 480 letters: no break opportunity in it. */
const REASON = `looks wrong ${'ع'.repeat(480)}`;
let unknownTrace = '';
const runs: string[] = [];

const models = [HUGE, EMOJI, UNBROKEN, 'small', ...Array.from({ length: 300 }, (_, i) => `bulk-${i}`)];
const e2e = e2eFixture({
  config: (sim) =>
    JSON.stringify({
      traces: { flush_interval_ms: 5 },
      retry: { max_attempts: 1 },
      providers: { sim: { type: 'openai', base_url: `${sim.url}/v1`, api_key: 'sk-sim' }, [PROVIDER]: { type: 'openai', base_url: 'http://127.0.0.1:1/v1', api_key: 'x' } },
      models: { ...Object.fromEntries(models.map((m) => [m, { provider: 'sim', model: 'standin-small' }])), dead: { provider: PROVIDER, model: 'nothing' } },
      routes: { [ROUTE]: { policy: 'static', target: 'small' } },
    }),
  // Months of retraining on a route since renamed: 25 versions in the registry (never loaded: not in the config).
  async prepare(e) {
    const registry = openSqliteModelRegistry(e.db);
    for (let i = 0; i < 25; i++) await registry.register({ route: 'retired-intent', dataVersion: 'd', metrics: { accuracy: 0.9, coverage: 0.8, precision: 0.95, examples: 300 }, model: new Uint8Array([1]), createdAt: Date.now() });
    await registry.close();
  },
  async seed(e) {
    const client = e.openai();
    await client.chat.completions.create({ model: EMOJI, messages: [{ role: 'user', content: 'hi' }] });
    await client.chat.completions.create({ model: 'dead', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
    const unknown = await client.chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'hi' }] }).catch((error: { headers?: Headers }) => error);
    unknownTrace = (unknown as { headers?: Headers }).headers?.get('x-switchyard-trace-id') ?? '';
    const { csrf } = (await (await fetch(`${e.url}/api/session`)).json()) as { csrf: string };
    const queued = await fetch(`${e.url}/api/traces/${unknownTrace}/review`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-switchyard-csrf': csrf }, body: JSON.stringify({ reason: REASON }) });
    if (queued.status >= 300) throw new Error(`not queued: ${queued.status} ${await queued.text()}`);
    // A trace of the unbreakable model, in the review queue with a user's 10,000-character correction.
    const answer = await client.chat.completions.create({ model: UNBROKEN, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    const traceId = answer.response.headers.get('x-switchyard-trace-id') ?? '';
    const admin = (path: string, body: unknown) => fetch(`${e.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-switchyard-csrf': csrf }, body: JSON.stringify(body) });
    for (const [path, body] of [
      [`/api/traces/${traceId}/review`, {}],
      ['/api/feedback', { trace_id: traceId, thumbs: 'down', comment: 'wrong '.repeat(1_500), corrected_output: 'c'.repeat(10_000) }],
      // Kept to 120 characters in its review item's reason, which cut the 60th emoji in half.
      ['/api/feedback', { trace_id: unknownTrace, thumbs: 'down', comment: `a${'🙈'.repeat(100)}` }],
      ['/api/datasets/long-inputs/items', { items: [{ id: CASE, input: 'x'.repeat(5_000), expected: 'y' }] }],
    ] as const) {
      const res = await admin(path, body);
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    }
    e.write('cases.jsonl', `${JSON.stringify({ id: CASE, input: 'Where is my card?', expected: 'ships' })}\n`);
    const suite = `name: hostile\ndataset: cases.jsonl\nvariants:\n  plain: { model: small, prompt: "{{input}}" }\n  ${'v'.repeat(150)}: { model: ${UNBROKEN}, prompt: "{{input}}" }\n${[0, 1, 2, 3].map((i) => `  bulk${i}: { model: bulk-${i}, prompt: "{{input}}" }\n`).join('')}scorers:\n  - { type: contains, value: "{{expected}}" }\n`;
    for (let i = 0; i < 2; i++) runs.push((await evaluate({ suitePath: e.write('suite.yaml', suite), gatewayUrl: e.url, apiKey: 'any', stores: e.server.stores })).run.id);
  },
  timeoutMs: 90_000,
});

let page: Page;
beforeAll(async () => {
  page = await e2e.browser.newPage();
});
afterAll(() => page.close());

/** How far the page is wider than the window: 0 when nothing pushes it sideways. */
const pageOverflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
/** How far `selector`'s content is wider than its box (overflowing text included). */
const boxOverflow = (selector: string) => page.locator(selector).first().evaluate((el) => el.scrollWidth - el.clientWidth);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('hostile names at 1,280 px', () => {
  beforeAll(() => page.setViewportSize({ width: 1280, height: 900 }));

  it('a trace of an unknown model: its error names 20 of the 306 models and routes, and it and a long review reason wrap in the page', async () => {
    await page.goto(`${e2e.url}/#/traces/${unknownTrace}`);
    const error = page.locator('.error').first();
    await error.waitFor();
    await page.getByTestId('annotations').waitFor();
    await page.screenshot({ path: join(SHOTS, 'hostile-trace-unknown-model.png'), fullPage: true });
    const text = await error.innerText();
    // Before: every configured name whole (with a 10 kB one, 10,900 characters), and the page 66,517 px wide.
    expect(text.length).toBeLessThan(1_000);
    expect(text).toContain('and 286 more: GET /v1/models lists them');
    expect(await boxOverflow('.error')).toBeLessThanOrEqual(0);
    // Before: the 480-letter reason made the side panel 3,000 px wide.
    expect(await boxOverflow('[data-testid="annotations"]')).toBeLessThanOrEqual(0);
    expect(await pageOverflow()).toBeLessThanOrEqual(0);
  });

  it('the providers table cuts a 309-character target to a line, whole on hover', async () => {
    await page.goto(`${e2e.url}/#/providers`);
    const row = page.getByTestId(`target-${PROVIDER}/nothing`);
    await row.waitFor();
    // Before: the table was 3,300 px wide in its 1,034 px box.
    expect(await boxOverflow('.scroll-x:has([data-testid="targets"])')).toBeLessThanOrEqual(0);
    expect(await row.locator('[data-label="target"] .clip').getAttribute('title')).toBe(`${PROVIDER}/nothing`);
  });

  it('the overview cuts an emoji name between emoji, never inside one', async () => {
    await page.goto(`${e2e.url}/#/overview?range=1h`);
    const cell = page.locator(`table.table .clip[title="${EMOJI}"]`).first();
    await cell.waitFor();
    const shown = await cell.innerText();
    // Before: cut at 39 UTF-16 units, half an emoji, shown as "�".
    expect(shown).toBe(`${'🙈'.repeat(19)}…`);
    const legends = await page.locator('.chart').allInnerTexts();
    expect(legends.join('\n')).not.toMatch(LONE_SURROGATE);
  });

  it.each([
    ['a run', () => `#/evals/${runs[1]}`, 'run'],
    ['two runs compared', () => `#/evals/compare?a=${runs[0]}&b=${runs[1]}`, 'comparison'],
  ])('%s: variants, models and case ids are cut, and no table widens the page', async (_, hash, shot) => {
    await page.goto(`${e2e.url}/${hash()}`);
    // The cases' table, last on both pages.
    await page.locator('table.table.small tbody tr').first().waitFor();
    await page.screenshot({ path: join(SHOTS, `hostile-${shot}.png`), fullPage: true });
    // Before: 2,390 px (the run) and 2,374 px (the comparison) wide at 1,280.
    expect(await pageOverflow()).toBeLessThanOrEqual(0);
    expect(await page.locator(`.clip[title="${CASE}"]`).count()).toBeGreaterThan(0);
  });
});

describe('many variants', () => {
  it('a run of 6 variants lists 12 of its 15 paired differences, and all of them on asking', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${e2e.url}/#/evals/${runs[1]}`);
    const pairs = page.locator('h2:has-text("Paired differences") + ul > li');
    // Before: every pair, n(n − 1)/2 (435 lines for 30 variants).
    await expect.poll(() => pairs.count()).toBe(12);
    await page.getByRole('button', { name: /^Show all 15 pairs/ }).click();
    await expect.poll(() => pairs.count()).toBe(15);
  });

  it('variants at one spot of the cost–quality chart share one label, every name on hover', async () => {
    await page.goto(`${e2e.url}/#/evals/${runs[1]}`);
    // No prices and no case passed: all six at $0 and 0%. Before: six labels drawn over each other.
    const labels = page.getByTestId('variant-label');
    await labels.first().waitFor();
    expect(await labels.count()).toBe(1);
    // The fixture's models have no price, so the label says so after the names.
    expect(await labels.evaluate((t) => t.textContent?.replace(t.querySelector('title')?.textContent ?? '', ''))).toBe('plain +5 (unpriced)');
    expect((await labels.locator('title').textContent())?.split('\n')).toHaveLength(6);
  });
});

describe('emoji in texts the server keeps short', () => {
  it("a thumbs-down comment is cut between emoji in its review item's reason, never inside one", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${e2e.url}/#/traces/${unknownTrace}`);
    const notes = page.getByTestId('annotations');
    await notes.locator('li', { hasText: 'thumbs down: "a🙈' }).waitFor();
    // Before: it ended in half an emoji, stored as "�" (U+FFFD) and drawn so.
    const text = await notes.innerText();
    expect(text.match(LONE_SURROGATE)).toBeNull();
    expect(text).not.toContain('\ufffd');
  });
});

describe('many versions', () => {
  it('a route with 25 local model versions lists the newest 8, and all of them on asking', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const rows = page.getByTestId('versions-retired-intent').locator('tbody tr');
    // Before: all 25, 2,700 px of a phone.
    await expect.poll(() => rows.count()).toBe(8);
    expect(await rows.first().getAttribute('data-testid')).toBe('version-25');
    await page.getByRole('button', { name: 'Show all 25 versions' }).click();
    await expect.poll(() => rows.count()).toBe(25);
  });
});

describe('long texts at 1,280 px', () => {
  beforeAll(() => page.setViewportSize({ width: 1280, height: 900 }));

  it('a dataset item of 5,000 characters keeps its row to a box that scrolls, with all of it', async () => {
    await page.goto(`${e2e.url}/#/datasets/long-inputs`);
    const cell = page.getByTestId('dataset-items').locator('tbody td.cell-text').first();
    await cell.waitFor();
    // Before: the row was 2,489 px tall.
    expect((await cell.boundingBox())?.height).toBeLessThan(400);
    const box = cell.locator('.long-text');
    expect(await box.evaluate((el) => ({ scrolls: el.scrollHeight > el.clientHeight, length: el.textContent?.length }))).toEqual({ scrolls: true, length: 5_000 });
  });

  it('review: the queue cuts a 250-letter model to its item; a 9,000-character comment and a 10,000-character correction scroll in boxes', async () => {
    await page.goto(`${e2e.url}/#/review`);
    // Two items name it (sent to review, and the thumbs-down): the first.
    const entry = page.getByTestId('queue').locator('li', { has: page.locator(`.clip[title="${UNBROKEN}"]`) }).first();
    await entry.waitFor();
    // Before: the name ran 2,000 px out of its 300 px item.
    expect(await entry.locator('button').evaluate((b) => b.scrollWidth - b.clientWidth)).toBeLessThanOrEqual(0);
    await entry.locator('button').click();
    const said = page.getByTestId('item-feedback');
    await said.waitFor();
    // Before: 1,736 px of c's, and 9,000 characters of comment above them.
    expect((await said.boundingBox())?.height).toBeLessThan(700);
    const [comment, correction] = await said.locator('.long-text').allTextContents();
    // All of it, in its box.
    expect(comment?.match(/wrong/g)).toHaveLength(1_500);
    expect(correction).toBe(`Their correction: ${'c'.repeat(10_000)}`);
  });
});

describe('hostile names on a 390 px phone', () => {
  beforeAll(() => page.setViewportSize({ width: 390, height: 844 }));

  it('#/routes: a 128-character route with no traffic says so in the page, its name cut', async () => {
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const empty = page.getByTestId(`route-${ROUTE}`).locator('td.muted');
    await empty.waitFor();
    // Before: the empty row's sentence held the whole name, and the page was 1,138 px wide.
    expect(await pageOverflow()).toBeLessThanOrEqual(0);
    // The name twice (the route, and the model clients send to reach it), cut both times, whole on hover.
    expect(await empty.locator('.clip').evaluateAll((clips) => clips.map((clip) => clip.getAttribute('title')))).toEqual([ROUTE, ROUTE]);
    expect(await empty.innerText()).toMatch(/^No requests through route-r+… in the last 1h\. Clients reach it by sending its name as the model \("model": "route-r+…"\); older traffic: a longer range above\.$/);
  });
});

describe('page titles', () => {
  it('the sign-in page names itself, not the page seen before it', async () => {
    await page.goto(`${e2e.url}/#/keys`);
    await expect.poll(() => page.title()).toBe('Keys & budgets · Switchyard');
    await page.goto(`${e2e.url}/#/login`);
    await expect.poll(() => page.title()).toBe('Sign in · Switchyard');
  });

  it('one trace, run or dataset names itself; the comparison keeps its page name', async () => {
    for (const [hash, title] of [
      [`#/traces/${unknownTrace}`, `Trace ${unknownTrace} · Switchyard`],
      [`#/evals/${runs[0]}`, `Eval run ${runs[0]} · Switchyard`],
      ['#/datasets/long-inputs', 'Dataset long-inputs · Switchyard'],
      [`#/evals/compare?a=${runs[0]}&b=${runs[1]}`, 'Eval runs · Switchyard'],
    ]) {
      await page.goto(`${e2e.url}/${hash}`);
      // Before: "Traces · Switchyard", "Eval runs · Switchyard", "Datasets · Switchyard".
      await expect.poll(() => page.title()).toBe(title);
    }
  });
});

describe('a 64-character reviewer name', () => {
  it('is cut in the menu and beside the queue, whole on hover', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const name = `ana-${'n'.repeat(60)}`;
    await page.goto(`${e2e.url}/#/login`);
    await page.getByLabel('Your name').fill(name);
    await page.keyboard.press('Enter');
    // Signed in, the page goes on to the overview; from there to the queue through the menu.
    await page.locator('.who', { hasText: 'ana-' }).waitFor();
    await page.locator('.nav').getByRole('link', { name: 'Review' }).click();
    await page.locator('.toolbar', { hasText: 'reviewing as ana-' }).waitFor();
    // Before: the name ran 286 px out of the 190 px menu, over the page.
    expect(await page.locator('.nav').evaluate((nav) => nav.scrollWidth - nav.clientWidth)).toBeLessThanOrEqual(0);
    expect(await page.locator('.who .clip').getAttribute('title')).toBe(name);
    // Isolated from its neighbours, as a name in Arabic or Hebrew must be ('· 07:50' beside it was reordered).
    expect(await page.locator('.who .clip').evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe('isolate');
    expect(await page.locator('.toolbar .clip').last().getAttribute('title')).toBe(name);
  });
});
