import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// The longest session and metadata values the gateway takes (128 and 512 characters), written to
// break a layout: no break opportunity, a right-to-left override that flips what follows, zero-width
// joiners between emoji, a metadata key of 64 characters. Each must stay in its cell at 1,280 px,
// cut, with the whole value on hover.
const SESSION = `\u202E${'s'.repeat(127)}`;
const KEY = `k${'e'.repeat(63)}`;
const VALUE = `${'\u200D🙈'.repeat(100)}${'v'.repeat(212)}`;
const RTL = `\u202E${'ع'.repeat(511)}`;
/** As the dashboard shows a name: its override as the escape, not obeyed (see hostile-app-spans.test.ts). */
const shown = (text: string) => text.replace('\u202E', '\\u202e');

const e2e = e2eFixture({
  config: (sim) => `
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim } }
models: { small: { provider: sim, model: standin-small } }
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai }) {
    // As curl and most HTTP libraries send them: UTF-8 bytes, which Node reads as Latin-1 (client-metadata.ts).
    const bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
    const metadata = bytes(JSON.stringify({ [KEY]: VALUE, rtl: RTL }));
    const res = await openai()
      .chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-switchyard-session': bytes(SESSION), 'x-switchyard-metadata': metadata } })
      .withResponse();
    if (!res.response.ok) throw new Error(`not answered: ${res.response.status}`);
  },
});

describe('a hostile session and metadata values at 1,280 px', () => {
  it('the trace list and the trace keep them in their cells, cut, whole on hover', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${e2e.url}/#/traces`);
    const rows = page.getByTestId('trace-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    const chip = page.getByTestId('session-chip');
    expect(await chip.getAttribute('title')).toContain(shown(SESSION));
    expect((await chip.boundingBox())?.width ?? 0).toBeLessThan(600);
    // Each chip cut to its width, the whole pair on hover, its name first on screen.
    for (const meta of await page.getByTestId('meta-chip').all()) {
      expect(await meta.getAttribute('title')).toMatch(new RegExp(`^(${KEY}=${VALUE}|rtl=${shown(RTL).replace('\\', '\\\\')})$`, 'u'));
      expect((await meta.boundingBox())?.width ?? 0).toBeLessThan(300);
    }
    await page.screenshot({ path: join(SHOTS, 'hostile-session-metadata-list.png') });
    await rows.first().click();
    const line = page.getByTestId('trace-session');
    await line.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    // The session's right-to-left override stays in it: the link after it reads and sits after it.
    // Before, the override reversed the rest of the line: "noisses siht fo sllac lla" left of the id.
    const id = line.locator('bdi');
    expect(await id.getAttribute('title')).toBe(shown(SESSION));
    const link = line.getByRole('link', { name: 'all calls of this session' });
    const [idBox, linkBox] = [await id.boundingBox(), await link.boundingBox()];
    expect(linkBox?.x ?? 0).toBeGreaterThan((idBox?.x ?? 0) + (idBox?.width ?? 0) - 1);
    expect(idBox?.width ?? 0).toBeLessThan(800);
    await page.screenshot({ path: join(SHOTS, 'hostile-session-metadata-trace.png'), fullPage: true });
    await page.close();
  });
});
