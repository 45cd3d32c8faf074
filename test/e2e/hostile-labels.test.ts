import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// Names as long as the API and the config allow, from people who did not think of the layout:
// a 100-character key and team, a 200-character sampling rule, and one matching a 256-character
// model and a 512-character metadata value (the longest the API takes), none with a break.
const KEY = `key-${'W'.repeat(96)}`;
const TEAM = `team-${'Y'.repeat(95)}`;
const RULE = `rule-${'r'.repeat(195)}`;

const e2e = e2eFixture({
  config: (sim) => `
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim } }
models: { small: { provider: sim, model: standin-small } }
keys: [ { key: sk-sy-long-names, name: ${KEY}, team: ${TEAM} } ]
traces: { flush_interval_ms: 5 }
`,
  async seed({ url, openai }) {
    await openai('sk-sy-long-names').chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] });
    const { csrf } = (await (await fetch(`${url}/api/session`)).json()) as { csrf: string };
    const res = await fetch(`${url}/api/review/rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-switchyard-csrf': csrf },
      body: JSON.stringify({ name: RULE, rate: 1 }),
    });
    if (res.status !== 201) throw new Error(`rule not created: ${res.status} ${await res.text()}`);
    const matching = await fetch(`${url}/api/review/rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-switchyard-csrf': csrf },
      body: JSON.stringify({ name: 'rule-long-match', rate: 1, match: { model: 'M'.repeat(256), metadata: { ['k'.repeat(64)]: 'v'.repeat(512) } } }),
    });
    if (matching.status !== 201) throw new Error(`rule not created: ${matching.status} ${await matching.text()}`);
  },
});

describe('long names at 1,280 px', () => {
  it.each([
    ['keys', 'key-', 'keys page'],
    ['traces', 'key', 'trace filters'],
    ['review?tab=rules', 'rule-', 'sampling rules'],
  ])('#/%s shows them cut, with no sideways scroll', async (hash, waitFor, shot) => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${e2e.url}/#/${hash}`);
    await page.getByText(waitFor, { exact: false }).first().waitFor();
    // Let the dimension list fill the trace filters' selects.
    if (hash === 'traces') await expect.poll(() => page.getByLabel('key', { exact: true }).locator('option').count()).toBe(2);
    // Before: the keys page was 2,770 px wide, the trace filters 1,433 and the rules 1,612.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: join(SHOTS, `long-names-${shot.replace(/ /g, '-')}.png`) });
  });
});

describe('long names at 1,024 px', () => {
  it('#/keys: the keys table scrolls in its box, as the other pages\' tables do, not the page', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1024, height: 900 });
    await page.goto(`${e2e.url}/#/keys`);
    const keys = page.getByTestId('keys');
    await keys.waitFor();
    // Before: the table was 1,121 px wide at 1,024 and the whole page scrolled sideways.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    for (const table of [keys, page.getByTestId('teams')]) {
      const box = await table.evaluate((t) => ({ right: (t.parentElement as HTMLElement).getBoundingClientRect().right, overflow: getComputedStyle(t.parentElement as HTMLElement).overflowX }));
      expect(box.right).toBeLessThanOrEqual(1024);
      expect(box.overflow).toBe('auto');
    }
    await page.screenshot({ path: join(SHOTS, 'long-names-keys-1024.png'), fullPage: true });
    await page.close();
  });
});

describe('long names on a 390 px phone', () => {
  it('#/traces keeps its filters inside the page', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${e2e.url}/#/traces`);
    await expect.poll(() => page.getByLabel('key', { exact: true }).locator('option').count()).toBe(2);
    // Before: the key filter, as wide as its 40-character option, made the page 515 px wide.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, 'long-names-trace-filters-390.png'), fullPage: true });
    await page.close();
  });
});
