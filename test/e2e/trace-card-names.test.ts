import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// A trace's Model card on a 390 px phone: names wrap at their spaces and hyphens, as people read
// them, and inside a word only when one alone is wider than the card (a hostile name with no break
// in it), which still stays inside the card. word-break: break-all cut "anthropic-bedrock-frankfurt"
// mid-word to fill each line.
const PROVIDER = 'anthropic-bedrock-frankfurt';
const UPSTREAM = 'claude-sonnet-4-6-20260101';
const MODEL = 'support-assistant';
// No space, no hyphen: nowhere to wrap but inside it.
const HOSTILE_MODEL = 'W'.repeat(200);
const HOSTILE_PROVIDER = `Q${'q'.repeat(119)}`;
const HOSTILE_UPSTREAM = 'M'.repeat(150);

const e2e = e2eFixture({
  config: (sim) => `
providers:
  ${PROVIDER}: { type: anthropic, base_url: "${sim.url}", api_key: sk-ant-sim, simulated: true }
  ${HOSTILE_PROVIDER}: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
models:
  ${MODEL}: { provider: ${PROVIDER}, model: ${UPSTREAM} }
  ${HOSTILE_MODEL}: { provider: ${HOSTILE_PROVIDER}, model: ${HOSTILE_UPSTREAM} }
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai }) {
    const client = openai();
    await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Where is my card?' }] });
    await client.chat.completions.create({ model: HOSTILE_MODEL, messages: [{ role: 'user', content: 'hi' }] });
  },
});

/** The trace of a call to `model`, opened on a 390 px phone. */
async function openTraceOf(model: string): Promise<Page> {
  const page = await e2e.browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const { traces } = (await (await fetch(`${e2e.url}/api/traces?model=${encodeURIComponent(model)}`)).json()) as { traces: { id: string }[] };
  await page.goto(`${e2e.url}/#/traces/${traces[0]?.id}`);
  await page.getByTestId('stat-Model').waitFor();
  return page;
}

/** Where the element's text goes onto a new line: the characters either side of each break. */
const lineBreaks = (element: Locator) =>
  element.evaluate((root) => {
    const breaks: [string, string][] = [];
    let previous: { char: string; top: number } | undefined;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let i = 0; i < text.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        const char = text[i] as string;
        // A space the line ends at takes no room: it is still where the line broke.
        if (!rect) {
          if (previous && /\s/.test(char)) previous = { char, top: previous.top };
          continue;
        }
        if (previous && rect.top > previous.top + 1) breaks.push([previous.char, char]);
        previous = { char, top: rect.top };
      }
    }
    return breaks;
  });

const midWord = (breaks: [string, string][]) => breaks.filter(([before, after]) => /[\p{L}\p{N}]/u.test(before) && /[\p{L}\p{N}]/u.test(after));

describe("a trace's Model card on a 390 px phone", () => {
  it('wraps an ordinary model, provider and upstream model at their hyphens and spaces, never inside a word', async () => {
    const page = await openTraceOf(MODEL);
    const card = page.getByTestId('stat-Model').locator('..');
    const value = page.getByTestId('stat-Model');
    const hint = card.locator('.stat-hint');
    expect(await value.innerText()).toBe(MODEL);
    expect(await hint.innerText()).toContain(`${PROVIDER} · ${UPSTREAM}`);
    const breaks = [...(await lineBreaks(value)), ...(await lineBreaks(hint))];
    // The names do wrap here (the hint is wider than the card), so the check has something to check.
    expect(breaks.length).toBeGreaterThan(0);
    expect(midWord(breaks)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, 'trace-card-names-390.png'), fullPage: true });
    await page.close();
  });

  it('keeps a hostile name with no break in it inside the card, broken where it must be', async () => {
    const page = await openTraceOf(HOSTILE_MODEL);
    const value = page.getByTestId('stat-Model');
    const card = value.locator('..');
    const fit = await card.evaluate((c) => {
      const box = c.getBoundingClientRect();
      const parts = [...c.querySelectorAll<HTMLElement>('.stat-value, .stat-hint')];
      return {
        inside: parts.every((p) => p.scrollWidth <= p.clientWidth && p.getBoundingClientRect().right <= box.right + 0.5),
        card: c.scrollWidth <= c.clientWidth && box.right <= window.innerWidth,
      };
    });
    expect(fit).toEqual({ inside: true, card: true });
    expect(await value.innerText()).toBe(HOSTILE_MODEL);
    expect(midWord(await lineBreaks(value)).length).toBeGreaterThan(0);
    const past = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((el) => el.getBoundingClientRect().right > 391 || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible'))
        .slice(-3)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}[${el.dataset.testid ?? ''}] ${Math.round(el.getBoundingClientRect().right)} ${el.scrollWidth}/${el.clientWidth} ${(el.textContent ?? '').slice(0, 40)}`),
    );
    // Before, the Cost card's hint ("no price for MMM…") ran 1,200 px past the window.
    expect(past).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, 'trace-card-hostile-390.png'), fullPage: true });
    await page.close();
  });
});
