import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';
import { trainClassifier } from '../../src/local/train/train-classifier.js';
import { toTrainedModel } from '../../src/local/train/trained-model.js';
import { openSqliteModelRegistry } from '../../src/store/sqlite/sqlite-model-registry.js';
import { startFakeUpstream } from '../../src/test-support/fake-upstream.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// A route with three registered versions: v1 and v2 clear the bar (v2 live, v1 before it), v3 falls short.
const ROUTE = 'support-intent';
const BAR = { minPrecision: 0.95, minCoverage: 0.3 };
const GONE = 'retired-intent';
// Another route the config lacks, with v1 live and v2, v3 waiting: what the Delete buttons remove.
const SPARE = 'spare-intent';
const GOOD = { accuracy: 0.97, coverage: 0.8, precision: 0.99, examples: 300 };
// What v1 and v2 of ROUTE learnt from, by source (v3 is from before sources were kept).
const TRAINED_ON = [{ file: 800, teacher: 212, review: 3 }, { file: 12_000, teacher: 1_500_000, review: 0 }];
// A registry row written by something else (another version, a hand edit): a 100 kB source
// count, a negative one, a thousand sources of its own with 2 kB names.
const HOSTILE_TRAINED_ON = {
  file: '9'.repeat(100_000),
  teacher: 7,
  review: -1,
  ...Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`source-${i}-${'w'.repeat(2_000)}`, i])),
} as unknown as typeof TRAINED_ON[number];
// An upstream that refuses every call with an error code as long as a vendor may send one.
const CODE = `quota_${'exceeded_'.repeat(15)}`.slice(0, 128);

const hostile = await startFakeUpstream((_req, _body, res) => {
  res.writeHead(429, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message: 'slow down', type: 'requests', code: CODE } }));
});
afterAll(() => hostile.close());

const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
  refusing: { type: openai, base_url: "${hostile.v1}", api_key: sk-up }
models:
  teacher: { provider: sim, model: standin-large }
  refused: { provider: refusing, model: standin-refused }
routes:
  ${ROUTE}:
    policy: static
    target: teacher
    options:
      task: { type: classify, labels: [${EIGHT_LABELS.join(', ')}], min_examples: 100000, retrain_every: 100000, min_precision: ${BAR.minPrecision}, min_coverage: ${BAR.minCoverage}, shadow_rate: 0 }
traces: { flush_interval_ms: 5 }
`,
  async prepare(e) {
    const { bytes } = toTrainedModel(trainClassifier(banking77('train', EIGHT_LABELS, 60), { minPrecision: BAR.minPrecision, seed: 7 }));
    const registry = openSqliteModelRegistry(e.db);
    for (const metrics of [{ ...GOOD, trainedOn: TRAINED_ON[0] }, { ...GOOD, trainedOn: TRAINED_ON[1] }, { accuracy: 0.7, coverage: 0.2, precision: 0.9, examples: 300 }]) {
      await registry.register({ route: ROUTE, dataVersion: 'fixture', metrics, model: bytes, createdAt: Date.now() });
    }
    await registry.promote(ROUTE, 1, BAR, Date.now());
    await registry.promote(ROUTE, 2, BAR, Date.now());
    // A route the config no longer has, its version still live in the registry.
    await registry.register({ route: GONE, dataVersion: 'fixture', metrics: { ...GOOD, trainedOn: HOSTILE_TRAINED_ON }, model: bytes, createdAt: Date.now() });
    await registry.promote(GONE, 1, BAR, Date.now());
    for (let i = 0; i < 3; i++) await registry.register({ route: SPARE, dataVersion: 'fixture', metrics: GOOD, model: bytes, createdAt: Date.now() });
    await registry.promote(SPARE, 1, BAR, Date.now());
    await registry.close();
  },
  async seed({ openai }) {
    await openai().chat.completions.create({ model: 'refused', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
  },
  timeoutMs: 90_000,
});

/** The versions table's status cells, version by version ("v1 retired", …). */
const statuses = (page: Page, route = ROUTE) =>
  page.getByTestId(`versions-${route}`).locator('tbody tr').evaluateAll((rows) => rows.map((r) => `${r.querySelector('[data-label="version"]')?.textContent} ${r.querySelector('[data-label="status"] .pill')?.textContent}`));

/** The routes page open at the route's versions card: the version it shows live, and the other of the two. */
async function versionsCard() {
  const page = await e2e.browser.newPage();
  await page.goto(`${e2e.url}/#/routes?range=1h`);
  const card = page.getByTestId(`versions-${ROUTE}`);
  await card.locator('tbody tr').first().waitFor();
  const shown = Number((await statuses(page)).find((s) => s.endsWith('live'))?.match(/^v(\d+)/)?.[1]);
  expect([1, 2]).toContain(shown);
  return { page, card, shown, other: shown === 2 ? 1 : 2 };
}

describe.each([1280, 390])('local model versions on the routes page at %i px', (width) => {
  it('refuses a version below the bar with the reason in the page, and rolls back to the earlier live one', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width, height: 900 });
    // Confirmation and refusal stay in the page: no browser dialog opens.
    const dialogs: string[] = [];
    page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const card = page.getByTestId(`versions-${ROUTE}`);
    await card.locator('tbody tr').first().waitFor();
    // The first pass leaves v2 live; the second (after the rollback) starts from v1 and rolls forward again below.
    const before = await statuses(page);
    const live = before.find((s) => s.endsWith('live'));
    expect(live === 'v2 live' || live === 'v1 live', before.join(', ')).toBe(true);

    // Promote asks first; nothing changes until "Yes".
    const weak = card.getByTestId('version-3');
    await weak.getByRole('button', { name: 'Promote' }).click();
    await weak.getByRole('button', { name: 'Cancel' }).click();
    await weak.getByRole('button', { name: 'Promote' }).click();
    await weak.getByRole('alertdialog').getByRole('button', { name: 'Promote' }).click();
    const refusal = card.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toBe(`route "${ROUTE}" version 3 not promoted: held-out precision 90.0% is below the bar of 95.0%; held-out coverage 20.0% is below the bar of 30.0%`);
    expect(await statuses(page)).toEqual(before);

    await card.getByRole('button', { name: 'Roll back' }).click();
    await card.getByRole('alertdialog').getByRole('button', { name: 'Roll back' }).click();
    const other = live === 'v2 live' ? 'v1' : 'v2';
    await expect.poll(() => statuses(page)).toContain(`${other} live`);
    expect((await statuses(page)).filter((s) => s.endsWith('live'))).toEqual([`${other} live`]);
    expect(await card.getByRole('alert').count()).toBe(0);
    expect(await page.getByTestId('model-change').innerText()).toContain(`${other} live`);
    // The route's headline figure follows the registry.
    await expect.poll(() => page.getByTestId(`route-${ROUTE}`).innerText()).toMatch(new RegExp(`local model\\s+live ${other}`));
    // A change by hand pins the route; Unpin (asked first) hands promotion back to retraining.
    const pin = page.getByTestId(`pin-${ROUTE}`);
    await pin.waitFor();
    expect(await pin.innerText()).toContain('rolled back');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await pin.getByRole('button', { name: 'Unpin' }).click();
    await pin.getByRole('alertdialog').getByRole('button', { name: 'Unpin' }).click();
    await pin.waitFor({ state: 'detached' });
    expect(await page.getByTestId('model-change').innerText()).toContain('Unpinned');
    // The live version's reason says the pin is gone: "rolled back to version N" alone read as still held.
    await expect.poll(() => card.locator('tr.live [data-label="status"]').innerText()).toContain('; unpinned');
    expect(dialogs).toEqual([]);
    // The count beside the held-out figures is the held-out split's, not the training examples the route card counts.
    expect(await card.getByTestId('version-1').locator('[data-label="held-out examples"]').innerText()).toBe(String(GOOD.examples));
    // On a phone each version is a card with every value under its column's name, as the other list tables.
    expect(await card.locator('thead').isVisible()).toBe(width > 700);
    await page.screenshot({ path: join(SHOTS, `model-versions-${width}.png`), fullPage: true });
    await page.close();
  });
});

describe.each([1280, 390])('what each version learnt from at %i px', (width) => {
  it("shows the registry's examples by source, as switchyard models prints them, and no more of a hostile row than its three figures", async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const trainedOn = (route: string, version: number) => page.getByTestId(`versions-${route}`).getByTestId(`version-${version}`).locator('[data-label="trained on"]');
    // A figure and its source are held together by a no-break space: "3 reviewed" never splits.
    const text = async (route: string, version: number) => (await trainedOn(route, version).innerText()).replaceAll('\u00a0', '_');
    await trainedOn(ROUTE, 1).waitFor();
    expect(await text(ROUTE, 1)).toBe('800_file · 212_traced · 3_reviewed');
    expect(await text(ROUTE, 2)).toBe('12.0k_file · 1.5M_traced · 0_reviewed');
    // Registered before sources were kept: a dash, not zeros.
    expect(await text(ROUTE, 3)).toBe('–');
    // The hostile row: its one readable count, nothing of the 100 kB value or the thousand names.
    const hostile = trainedOn(GONE, 1);
    expect(await text(GONE, 1)).toBe('7_traced');
    const box = await hostile.evaluate((cell) => ({ text: cell.textContent?.length ?? 0, width: cell.getBoundingClientRect().width, scroll: cell.scrollWidth }));
    expect(box.text).toBeLessThan(20);
    expect(box.scroll).toBeLessThanOrEqual(Math.ceil(box.width));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: join(SHOTS, `model-versions-trained-on-${width}.png`), fullPage: true });
    await page.close();
  });
});

describe('a rollback from a page that no longer shows what is live', () => {
  it('is refused in the card, naming the version live now, and the next click rolls back from that one', async () => {
    const { page, card, shown, other } = await versionsCard();
    // Another operator (another replica, the CLI) promotes the other version; this page still shows v{shown}.
    const registry = openSqliteModelRegistry(e2e.db);
    await registry.promote(ROUTE, other, BAR, Date.now(), { pin: (v) => `version ${v} promoted by hand` });
    await registry.close();

    await card.getByRole('button', { name: 'Roll back' }).click();
    expect(await card.getByRole('alertdialog').innerText()).toContain(`Roll ${ROUTE} back from v${shown} to the version live before it?`);
    await card.getByRole('alertdialog').getByRole('button', { name: 'Roll back' }).click();
    const refusal = card.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toBe(`route "${ROUTE}" changed since this rollback found version ${shown} live: version ${other} is live now (held-out precision 99.0% ≥ 95.0% and coverage 80.0% ≥ 30.0% on 300 examples); nothing rolled back (roll back again to go back from what is live now)`);
    // The card re-reads the list: it shows what is live now, and nothing was rolled back.
    await expect.poll(() => statuses(page)).toContain(`v${other} live`);
    expect((await statuses(page)).filter((s) => s.endsWith('live'))).toEqual([`v${other} live`]);

    // Rolling back again goes back from the version the page now shows, to the one before it.
    await card.getByRole('button', { name: 'Roll back' }).click();
    expect(await card.getByRole('alertdialog').innerText()).toContain(`back from v${other} to`);
    await card.getByRole('alertdialog').getByRole('button', { name: 'Roll back' }).click();
    await expect.poll(() => statuses(page)).toContain(`v${shown} live`);
    expect(await card.getByRole('alert').count()).toBe(0);
    expect(await page.getByTestId('model-change').innerText()).toContain(`v${shown} live`);
    await page.close();
  });
});

describe('a promotion or demotion from a page that no longer shows what is live', () => {
  it('is refused in the card, naming both versions, and the next click acts from what is live now', async () => {
    const { page, card, shown, other } = await versionsCard();
    // The shadow monitor (here or on another replica) pulls the version this page shows live.
    const registry = openSqliteModelRegistry(e2e.db);
    await registry.demote(ROUTE, 'live precision 60.0% is credibly below the bar', Date.now(), { version: shown });

    await card.getByTestId(`version-${shown}`).getByRole('button', { name: 'Demote' }).click();
    await card.getByRole('alertdialog').getByRole('button', { name: 'Demote' }).click();
    const refusal = card.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toBe(`route "${ROUTE}" changed since this demotion found version ${shown} live: no version is live now; nothing demoted (demote again to pull what is live now)`);
    await expect.poll(() => statuses(page)).toContain(`v${shown} demoted`);
    expect((await statuses(page)).filter((s) => s.endsWith('live'))).toEqual([]);

    // Now the page shows nothing live; another operator promotes v{other} meanwhile.
    await registry.promote(ROUTE, other, BAR, Date.now(), { pin: (v) => `version ${v} promoted by hand` });
    await registry.close();
    await card.getByTestId(`version-${shown}`).getByRole('button', { name: 'Promote' }).click();
    expect(await card.getByRole('alertdialog').innerText()).toContain(`Make v${shown} live on ${ROUTE}?`);
    await card.getByRole('alertdialog').getByRole('button', { name: 'Promote' }).click();
    await expect.poll(() => card.getByRole('alert').innerText()).toContain(`route "${ROUTE}" changed since this promotion found no live version: version ${other} is live now (held-out precision`);
    expect(await card.getByRole('alert').innerText()).toContain('nothing promoted (promote again to replace what is live now)');
    await expect.poll(() => statuses(page)).toContain(`v${other} live`);

    // Asked again, it replaces the version the page now shows live.
    await card.getByTestId(`version-${shown}`).getByRole('button', { name: 'Promote' }).click();
    expect(await card.getByRole('alertdialog').innerText()).toContain(`Make v${shown} live on ${ROUTE} in place of v${other}?`);
    await card.getByRole('alertdialog').getByRole('button', { name: 'Promote' }).click();
    await expect.poll(() => statuses(page)).toContain(`v${shown} live`);
    expect(await card.getByRole('alert').count()).toBe(0);
    expect(await page.getByTestId('model-change').innerText()).toContain(`v${shown} live`);
    await page.close();
  });
});

describe('the versions card before the registry answers', () => {
  it('says it is loading, not that no versions are registered, and names a failed read', async () => {
    const page = await e2e.browser.newPage();
    // The registry's list held back until the routes have been drawn, as a slow store does.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/models', async (call) => {
      await held;
      await call.continue();
    });
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const card = page.getByTestId(`versions-${ROUTE}`);
    await expect.poll(() => card.innerText()).toContain('Loading versions');
    expect(await card.innerText()).not.toContain('No versions registered');
    expect(await card.getByRole('button').count()).toBe(0);
    release();
    await card.getByTestId('version-1').waitFor();
    expect((await statuses(page)).filter((s) => s.endsWith('live'))).toHaveLength(1);

    await page.unroute('**/api/models');
    await page.route('**/api/models', (call) => call.fulfill({ status: 503, json: { error: { message: 'store unavailable: connection refused', type: 'api_error' } } }));
    await page.reload();
    await expect.poll(() => card.innerText()).toContain('The model registry could not be read');
    expect(await card.innerText()).not.toContain('No versions registered');
    await page.close();
  });
});

describe('a registry route the config lacks', () => {
  it('is listed on the routes page, marked not in config, and its live version can be demoted', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const card = page.getByTestId(`route-${GONE}`);
    await card.getByTestId('version-1').waitFor();
    expect(await card.getByTestId(`not-in-config-${GONE}`).innerText()).toBe('not in config');
    expect(await statuses(page, GONE)).toEqual(['v1 live']);
    await card.getByTestId('version-1').getByRole('button', { name: 'Demote' }).click();
    await card.getByRole('alertdialog').getByRole('button', { name: 'Demote' }).click();
    await expect.poll(() => statuses(page, GONE)).toEqual(['v1 demoted']);
    expect(await card.getByTestId(`pin-${GONE}`).innerText()).toContain('demoted by hand');
    await page.close();
  });
});

describe('deleting model versions from the routes page', () => {
  it('deletes a version that is not live and then the whole route, each asked first, the same API as `switchyard models delete`; a refusal shows in the card', async () => {
    const page = await e2e.browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const card = page.getByTestId(`versions-${SPARE}`);
    await card.getByTestId('version-3').waitFor();
    expect(await statuses(page, SPARE)).toEqual(['v3 candidate', 'v2 candidate', 'v1 live']);
    // The live version is demoted, never deleted, from its row.
    expect(await card.getByTestId('version-1').getByRole('button', { name: 'Delete', exact: true }).count()).toBe(0);

    const v3 = card.getByTestId('version-3');
    await v3.getByRole('button', { name: 'Delete', exact: true }).click();
    expect(await v3.getByRole('alertdialog').innerText()).toContain(`Delete v3 of ${SPARE} and its model file? This cannot be undone.`);
    await v3.getByRole('button', { name: 'Cancel' }).click();
    expect(await statuses(page, SPARE)).toEqual(['v3 candidate', 'v2 candidate', 'v1 live']);
    await v3.getByRole('button', { name: 'Delete', exact: true }).click();
    await v3.getByRole('alertdialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => statuses(page, SPARE)).toEqual(['v2 candidate', 'v1 live']);
    expect(await card.getByTestId('model-change').innerText()).toBe('Deleted v3.');
    let registry = openSqliteModelRegistry(e2e.db);
    expect((await registry.list(SPARE)).map((v) => v.version)).toEqual([2, 1]);

    // Another operator deletes v2 first (the CLI, another page): this page's click is refused, named, and the list re-read.
    await registry.delete(SPARE, Date.now(), { version: 2 });
    await registry.close();
    const v2 = card.getByTestId('version-2');
    await v2.getByRole('button', { name: 'Delete', exact: true }).click();
    await v2.getByRole('alertdialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => card.getByRole('alert').count()).toBe(1);
    expect(await card.getByRole('alert').innerText()).toBe(`route "${SPARE}" has no version 2 (versions: 1)`);
    await expect.poll(() => statuses(page, SPARE)).toEqual(['v1 live']);

    // The whole route, its live version named in the question.
    await card.getByRole('button', { name: 'Delete route' }).click();
    expect(await card.getByRole('alertdialog').innerText()).toContain(`Delete all 1 version of ${SPARE}, with the route's pin and history? v1 is live: every request to ${SPARE} escalates to its target. This cannot be undone.`);
    await card.getByRole('alertdialog').getByRole('button', { name: 'Delete all' }).click();
    // A route the config lacks, with no versions left, leaves the page.
    await page.getByTestId(`route-${SPARE}`).waitFor({ state: 'detached' });
    registry = openSqliteModelRegistry(e2e.db);
    expect(await registry.list(SPARE)).toEqual([]);
    await registry.close();
    expect(dialogs).toEqual([]);
    await page.close();
  });
});

describe('an attempt refused by the upstream', () => {
  it.each([1280, 390])("shows the upstream's error code, cut to one line, at %i px", async (width) => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${e2e.url}/#/traces`);
    await page.getByTestId('trace-table').locator('tbody tr').first().click();
    const code = page.getByTestId('attempt-code').first();
    await code.waitFor();
    const label = code.locator(`[title="${CODE}"]`);
    expect(await label.innerText()).toBe(`${CODE.slice(0, 23)}…`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: join(SHOTS, `attempt-code-${width}.png`), fullPage: true });
    await page.close();
  });
});
