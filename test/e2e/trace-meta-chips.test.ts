import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// One call tagged with a single mid-length tag, one with an eval run's four (one of them long), one
// with a tag longer than the column's box.
const LONG = `feature=${'x'.repeat(80)}`;

const e2e = e2eFixture({
  async seed({ openai }) {
    const client = openai();
    const send = (metadata: Record<string, string>) => client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-switchyard-metadata': JSON.stringify(metadata) } });
    await send({ eval_run: 'run_0mx4zqz6bca0c3d19c0a3a48b', case: 'card-arrival', variant: 'claude', scorer: 'judge' });
    await send({ feature: LONG.slice('feature='.length) });
    await send({ feature: 'billing-disputes' });
  },
});

/** Each metadata chip of the list: its text, whether it is cut, and whether it stays in its cell. */
async function chips(page: import('playwright-core').Page) {
  return page.getByTestId('meta-chip').evaluateAll((nodes) =>
    nodes.map((node) => {
      const cell = (node.closest('td') as HTMLElement).getBoundingClientRect();
      const box = node.getBoundingClientRect();
      // Cut sideways (nowrap) or below its one line (the line clamp).
      return { text: node.textContent, cut: node.scrollWidth > node.clientWidth || node.scrollHeight > node.clientHeight + 1, inside: box.left >= cell.left - 0.5 && box.right <= cell.right + 0.5 };
    }),
  );
}

describe('metadata tags in the trace list', () => {
  for (const width of [1280, 1366, 1400, 390]) {
    it(`use the room their line has at ${width} px: a tag alone on its line is whole, a longer one cut at the cell, the page its width`, async () => {
      const page = await e2e.browser.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${e2e.url}/#/traces`);
      await expect.poll(() => page.getByTestId('meta-chip').count()).toBe(6);
      const all = await chips(page);
      // Before: "feature=bill…", cut at 16 characters with the rest of its line empty.
      expect(all.find((c) => c.text === 'feature=billing-disputes')?.cut).toBe(false);
      expect(all.find((c) => c.text === LONG)?.cut).toBe(true);
      for (const chip of all) expect(chip.inside, chip.text ?? '').toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // The list fits its box on a desktop (a phone shows cards).
      if (width >= 1280) {
        const fits = await page.getByTestId('trace-table').evaluate((table) => table.scrollWidth <= (table.parentElement as HTMLElement).clientWidth + 1);
        expect(fits).toBe(true);
      }
      await page.screenshot({ path: join(SHOTS, `trace-meta-chips-${width}.png`), fullPage: true });
      await page.close();
    });
  }
});
