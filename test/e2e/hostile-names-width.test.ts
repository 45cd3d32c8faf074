import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// Names with what Unicode allows in them: emoji joined by ZWJ (a family; a 100-emoji chain that
// is one grapheme), flags and skin tones, CJK (two columns each), combining marks stacked on
// letters, bidi controls and terminal escapes. As model, route and key names, metadata and a session.
const FAMILY = '👨‍👩‍👧‍👦';
const CHAIN = `${'🙈\u200D'.repeat(99)}🙈`;
const FLAGS = '🇯🇵🇺🇦🇧🇷🇳🇬🇮🇳'.repeat(4);
const TONES = '👍🏽👋🏿🧑🏻‍💻'.repeat(8);
const MODEL_ZWJ = `m-${FAMILY.repeat(20)}`;
const MODEL_CJK = `模型-${'長い名前'.repeat(30)}`;
const MODEL_MARKS = `z-${'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǵ̟̟o̜̗'.repeat(10)}`;
const ROUTE = `support-${'escalation'.repeat(12)}`;
const KEY = `鍵${'キー'.repeat(40)}`;
const APP_KEY = 'sk-sy-hostile-names-0001';
const METADATA = { chain: CHAIN, flags: FLAGS, tones: TONES, cjk: '値'.repeat(200), marks: 'Z̤͔ͧ̑̓ä͖̭̈̇'.repeat(40), bidi: `\u202E${'abc'.repeat(50)}` };
const SESSION = `${FAMILY.repeat(8)}${'会話'.repeat(18)}`;
let traceId = '';

const e2e = e2eFixture({
  config: (sim) =>
    JSON.stringify({
      traces: { flush_interval_ms: 5 },
      providers: { sim: { type: 'openai', base_url: `${sim.url}/v1`, api_key: 'sk-sim', simulated: true } },
      models: Object.fromEntries([MODEL_ZWJ, MODEL_CJK, MODEL_MARKS, 'small'].map((m) => [m, { provider: 'sim', model: 'standin-small' }])),
      routes: { [ROUTE]: { policy: 'split', arms: [{ target: MODEL_ZWJ, weight: 1 }, { target: MODEL_CJK, weight: 1 }] } },
      keys: [{ key: APP_KEY, name: KEY, team: `チーム${'名'.repeat(60)}` }],
    }),
  async seed({ openai }) {
    const client = openai(APP_KEY);
    const bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
    const headers = { 'x-switchyard-metadata': bytes(JSON.stringify(METADATA)), 'x-switchyard-session': bytes(SESSION) };
    for (const model of [MODEL_ZWJ, MODEL_CJK, MODEL_MARKS, ROUTE, ROUTE]) {
      const res = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }, { headers }).withResponse();
      traceId = res.response.headers.get('x-switchyard-trace-id') ?? traceId;
    }
  },
  timeoutMs: 90_000,
});

let page: Page;
beforeAll(async () => {
  page = await e2e.browser.newPage();
});
afterAll(() => page.close());

/**
 * What overflows: how far the page is wider than the window, and each cut name or chip whose
 * drawn text (its glyphs' boxes, which `overflow: hidden` clips but a single grapheme wider than
 * the box still spans) reaches past the box of the element that clips it.
 */
const overflows = () =>
  page.evaluate(() => {
    const root = document.documentElement;
    const spills: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.clip, .chip')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0) continue;
      // Past the right edge of its own box by more than a pixel, while the box itself is within the window.
      if (box.right > root.clientWidth + 1) spills.push(`${el.className} "${(el.textContent ?? '').slice(0, 12)}" right ${Math.round(box.right)} > ${root.clientWidth}`);
      const parent = el.parentElement?.getBoundingClientRect();
      if (parent && el.closest('.meta-chips') && box.right > parent.right + 1) spills.push(`chip "${(el.textContent ?? '').slice(0, 12)}" ${Math.round(box.right - parent.right)} px past its row`);
    }
    // A block of text (a trace's JSON) that scrolls sideways: a word it could not break.
    for (const el of document.querySelectorAll<HTMLElement>('pre.json')) if (el.scrollWidth > el.clientWidth + 1) spills.push(`pre.json "${(el.textContent ?? '').slice(0, 12)}" scrolls ${el.scrollWidth - el.clientWidth} px sideways`);
    return { page: root.scrollWidth - root.clientWidth, spills };
  });

const PAGES = [
  ['traces', () => '#/traces', () => page.getByTestId('trace-table').locator('tbody tr').first()],
  ['trace', () => `#/traces/${traceId}`, () => page.getByTestId('trace-session')],
  ['overview', () => '#/overview?range=1h', () => page.locator('table.table tbody tr').first()],
  ['providers', () => '#/providers', () => page.getByTestId('targets').locator('tbody tr').first()],
  ['routes', () => '#/routes?range=1h', () => page.locator('table.table tbody tr').first()],
  ['keys', () => '#/keys', () => page.getByTestId('keys').locator('tbody tr').first()],
] as const;

for (const width of [1280, 390]) {
  describe(`hostile names at ${width} px`, () => {
    beforeAll(() => page.setViewportSize({ width, height: 900 }));
    it.each(PAGES)('%s: the page does not scroll sideways and no name draws past its box', async (name, hash, ready) => {
      await page.goto(`${e2e.url}/${hash()}`);
      await ready().waitFor();
      await page.screenshot({ path: join(SHOTS, `hostile-names-${name}-${width}.png`), fullPage: true });
      const seen = await overflows();
      expect(seen.page, `${name} at ${width} px is ${seen.page} px wider than the window`).toBeLessThanOrEqual(0);
      expect(seen.spills).toEqual([]);
    });
  });
}

describe('cut names keep the whole value on hover', () => {
  it('the trace list: each metadata chip and the session are cut, the whole (bounded) pair in the title', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${e2e.url}/#/traces`);
    const chips = page.getByTestId('trace-table').locator('tbody tr').first().getByTestId('meta-chip');
    await chips.first().waitFor();
    const titles = await chips.evaluateAll((all) => all.map((c) => c.getAttribute('title') ?? ''));
    expect(titles).toContain(`chain=${CHAIN}`);
    expect(titles).toContain(`flags=${FLAGS}`);
    for (const chip of await chips.all()) {
      const fit = await chip.evaluate((c) => ({ right: c.getBoundingClientRect().right, parent: c.parentElement?.getBoundingClientRect().right ?? 0 }));
      expect(fit.right).toBeLessThanOrEqual(fit.parent + 1);
    }
    // The 100-emoji chain shows its first emoji in its chip, cut after as many as fit. Before, the
    // chain was one grapheme the ellipsis could not cut into: "chain=…" and nothing of the value.
    const chain = chips.filter({ hasText: /^chain=/ });
    const first = await chain.evaluate((c) => {
      const text = c.querySelectorAll('bdi')[1]?.firstChild;
      if (!text) return { width: -1, room: 0 };
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, 2); // the first emoji: one surrogate pair
      return { width: range.getBoundingClientRect().width, room: c.getBoundingClientRect().width };
    });
    expect(first.width).toBeGreaterThan(0);
    expect(first.width).toBeLessThan(first.room / 2);
  });
});
