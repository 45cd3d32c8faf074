import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { launchBrowser, SHOTS } from './harness.js';

// A 240-letter question with no space: the item's title widened the page to 3,449 px.
const HOSTILE = `hostile ${'Q'.repeat(240)}`;
const QUESTIONS = ['What is your refund policy?', 'Give me my order as JSON', 'سؤال عربي: كيف أسترد أموالي؟', 'Who ships for you?', HOSTILE, 'Is there a fee for cash?'];

const e2e = e2eFixture({
  extraConfig: `
guardrails:
  policies:
    support: { output: { banned_words: { words: [ "acme corp" ], action: flag } } }
  apply:
    routes: { small: support }
`,
  async seed({ sim, server, openai }) {
    sim.addScript({ model: 'standin-small', match: 'refund policy', reply: `# Refund policy\n\n${Array.from({ length: 60 }, (_, i) => `${i + 1}. **Step ${i + 1}**: fill in section ${i + 1} of the refund form and attach the receipt.`).join('\n')}` });
    sim.addScript({ model: 'standin-small', match: 'as JSON', reply: { json: { order: 'A-1029', total: 39.9 } } });
    sim.addScript({ model: 'standin-small', match: 'ships', reply: 'Our partner Acme Corp handles shipping.' });
    await server.stores.reviews.saveRule({ id: 'rule_all', name: 'all of small', rate: 1, match: { model: 'small' }, reviewsWanted: 1, enabled: true, createdAt: 1 });
    for (const content of QUESTIONS) await openai().chat.completions.create({ model: 'small', messages: [{ role: 'user', content }] });
  },
});

/** A reviewer in a browser of their own (cookies are per profile), signed in by name on the open gateway. */
async function reviewer(name: string, viewport = { width: 1400, height: 900 }): Promise<Page> {
  const browser: BrowserContext = await launchBrowser();
  await e2e.defer(() => browser.close());
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  await page.goto(`${e2e.url}/#/login`);
  await page.locator('input[name=name]').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('nav', { hasText: `${name} · set name` }).waitFor();
  await page.locator('nav').getByRole('link', { name: 'Review' }).click();
  await page.getByTestId('review-item').waitFor();
  expect(await page.locator('.toolbar .muted').innerText()).toBe(`reviewing as ${name}`);
  return page;
}

const title = (page: Page) => page.locator('.item-title').innerText();

async function api<T>(path: string, init: { method?: string; cookie?: string; csrf?: string; body?: unknown } = {}): Promise<{ status: number; json: T }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.csrf) headers['x-switchyard-csrf'] = init.csrf;
  const response = await fetch(`${e2e.url}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return { status: response.status, json: (await response.json()) as T };
}

/** A third reviewer working through the API: a session signed in as `name`. */
async function session(name: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${e2e.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
  return { cookie, csrf: ((await response.json()) as { csrf: string }).csrf };
}

let ana: Page;

beforeAll(async () => {
  ana = await reviewer('ana');
}, 60_000);

describe('reviewers on one queue', () => {
  it('puts the guard’s flag first, and gives a second reviewer another item than the first has open', async () => {
    expect(await title(ana)).toBe('Who ships for you?');
    expect(await ana.locator('.reason').innerText()).toMatch(/^flag banned-words: matched 1 banned term: "acme corp"/);
    expect(await ana.getByTestId('item-reasons').locator('.pill').allInnerTexts()).toEqual(['flag', 'sample']);
    const bo = await reviewer('bo');
    expect(await title(bo)).toBe('What is your refund policy?');
    expect(await bo.getByTestId('queue').locator('.pill.src-flag').count()).toBe(0); // ana has the flag open
    // Every question was sampled; the flagged one is the flag's item (one item per trace, both reasons on it).
    expect(await bo.getByTestId('queue').locator('.pill.src-sample').count()).toBe(QUESTIONS.length - 1);
    // Closing the tab lets go of the item at once, not when the hold lapses five minutes later.
    await bo.close({ runBeforeUnload: true });
    await expect.poll(async () => (await api<{ items: { preview: string }[] }>('/api/review/queue', await session('eve'))).json.items.map((i) => i.preview)).toContain('What is your refund policy?');
  });

  it('moves on, saying who has it, from an item another reviewer took after the list was loaded', async () => {
    const queue = (await api<{ items: { id: string; preview: string }[] }>('/api/review/queue')).json.items;
    const json = queue.find((i) => i.preview === 'Give me my order as JSON');
    const cy = await session('cy');
    expect((await api(`/api/review/items/${json?.id}/claim`, { method: 'POST', ...cy })).status).toBe(200);
    await ana.getByTestId('queue').locator('li', { hasText: 'Give me my order as JSON' }).click();
    await expect.poll(() => ana.getByTestId('queue-notice').innerText().catch(() => '')).toMatch(/^"cy" has this item open \(held until \d\d:\d\d UTC unless saved or skipped\): take the next one$/);
    // The list is fetched again after the notice: polled, as a reviewer sees it change.
    await expect.poll(() => ana.getByTestId('queue').locator('li .preview').allInnerTexts()).not.toContain('Give me my order as JSON');
    expect(await title(ana)).not.toBe('Give me my order as JSON');
    await api(`/api/review/items/${json?.id}/claim`, { method: 'DELETE', ...cy });
  });

  it('scores with the keyboard, saves, and undoes the save with u: the item comes back as it was', async () => {
    await ana.goto(`${e2e.url}/#/review`);
    await ana.reload();
    await ana.getByTestId('review-item').waitFor();
    const first = await title(ana);
    await ana.keyboard.press('2');
    await ana.keyboard.press('f');
    await ana.keyboard.press('m');
    await ana.keyboard.type('names the partner');
    await ana.keyboard.press('Escape');
    await ana.keyboard.press('Enter');
    await ana.keyboard.press('Enter');
    const undo = ana.getByTestId('undo-bar');
    await undo.waitFor();
    expect(await undo.innerText()).toMatch(new RegExp(`^Saved ${first.replace(/[?.]/g, '\\$&')}\\s+Undo \\(u\\)$`));
    await expect.poll(() => title(ana)).not.toBe(first);
    await ana.keyboard.press('u');
    await expect.poll(() => title(ana)).toBe(first);
    await undo.waitFor({ state: 'detached' });
    expect(await ana.locator('button.score.on').allInnerTexts()).toEqual(['2']);
    expect(await ana.locator('button.fail.on').count()).toBe(1);
    expect(await ana.getByLabel('comment').inputValue()).toBe('names the partner');
    const items = (await api<{ items: { id: string }[] }>('/api/review/queue?status=all')).json.items;
    for (const item of items) expect((await api<{ reviews: unknown[] }>(`/api/review/items/${item.id}`)).json.reviews).toEqual([]);
  });

  it('reads a long answer with ↓ and ↑ (its box scrolls), staying on the item', async () => {
    await ana.getByTestId('queue').locator('li', { hasText: 'refund policy' }).click();
    await expect.poll(() => title(ana)).toBe('What is your refund policy?');
    const box = ana.getByTestId('long-answer');
    await box.waitFor();
    await ana.locator('body').click({ position: { x: 5, y: 5 } }); // focus on the page, not in a box or a button
    for (let i = 0; i < 3; i++) await ana.keyboard.press('ArrowDown');
    await expect.poll(() => box.evaluate((el) => el.scrollTop)).toBe(120);
    expect(await title(ana)).toBe('What is your refund policy?'); // before, ↓ moved to the next item
    for (let i = 0; i < 3; i++) await ana.keyboard.press('ArrowUp');
    await expect.poll(() => box.evaluate((el) => el.scrollTop)).toBe(0);
    expect(await title(ana)).toBe('What is your refund policy?');
  });

  it('keeps what was typed on an item and not saved across a reload (tomorrow’s visit)', async () => {
    await ana.getByTestId('queue').locator('li', { hasText: 'refund policy' }).click();
    await expect.poll(() => title(ana)).toBe('What is your refund policy?');
    await ana.keyboard.press('4');
    await ana.getByLabel('comment').fill('steps 12 and 13 repeat');
    await ana.reload();
    await ana.getByTestId('queue').locator('li', { hasText: 'refund policy' }).click();
    await expect.poll(() => ana.getByLabel('comment').inputValue()).toBe('steps 12 and 13 repeat');
    expect(await ana.locator('button.score.on').allInnerTexts()).toEqual(['4']);
  });

  it('cuts a hostile question to a line in the title, on hover as the queue names it, without widening the page', async () => {
    await ana.getByTestId('queue').locator('li', { hasText: 'hostile' }).click();
    await expect.poll(() => ana.locator('.item-title').getAttribute('title')).toMatch(/^hostile Q{200,}$/);
    expect(await ana.getByText(HOSTILE, { exact: true }).count()).toBe(1); // whole in the conversation
    expect(await ana.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1400);
    await ana.screenshot({ path: join(SHOTS, 'review-hostile-title.png') });
  });

  it('does not show a second reviewer the first one’s verdict before theirs is saved', async () => {
    const sample = (await api<{ items: { traceId: string; preview: string }[] }>('/api/review/queue')).json.items.find((i) => i.preview === 'Is there a fee for cash?');
    const cy = await session('cy');
    const queued = await api<{ items: { id: string }[] }>('/api/review/items', { method: 'POST', ...cy, body: { trace_id: sample?.traceId, reviews_wanted: 2, reason: 'two opinions wanted' } });
    const id = queued.json.items[0]?.id;
    expect((await api(`/api/review/items/${id}/reviews`, { method: 'POST', ...cy, body: { score: 2, pass: false, comment: 'wrong fee' } })).status).toBe(201);
    await ana.goto(`${e2e.url}/#/review?source=manual`);
    await expect.poll(() => ana.locator('.reason').innerText().catch(() => '')).toMatch(/^manual two opinions wanted/);
    expect(await ana.getByTestId('reviews-hidden').innerText()).toBe("1 of 2 wanted reviews given; the others' verdicts are not shown before yours is saved, so each is made alone.");
    expect(await ana.getByTestId('review-item').innerText()).not.toContain('wrong fee');
    // The API is as blind as the page: ana's own session reads no verdict of cy's, nor their agreement.
    const asAna = await session('ana');
    const detail = await api<{ reviews: unknown[]; hiddenReviews: number }>(`/api/review/items/${id}`, asAna);
    expect(detail.json).toMatchObject({ reviews: [], hiddenReviews: 1 });
    expect(JSON.stringify(detail.json)).not.toContain('wrong fee');
    // Nor does the trace the item links to, a click away.
    await ana.getByTestId('review-item').getByRole('link', { name: 'trace', exact: true }).click();
    await ana.getByTestId('annotations-hidden').waitFor();
    expect(await ana.getByTestId('annotations').innerText()).not.toContain('wrong fee');
    expect(await ana.getByTestId('annotations-hidden').innerText()).toBe("1 review of an item still open for review not shown: reviewers' verdicts show once you gave yours (blind review).");
    // Once ana gave hers, both show.
    expect((await api(`/api/review/items/${id}/reviews`, { method: 'POST', ...asAna, body: { score: 3, pass: false } })).status).toBe(201);
    expect((await api<{ reviews: { reviewer: string }[] }>(`/api/review/items/${id}`, asAna)).json.reviews.map((r) => r.reviewer)).toEqual(['cy', 'ana']);
    await ana.reload();
    await expect.poll(() => ana.getByTestId('annotations').innerText()).toContain('wrong fee');
    await ana.goto(`${e2e.url}/#/review`);
  });

  it('asks a reviewer of an open gateway for a name, and returns to the queue once given', async () => {
    const page = await e2e.browser.newPage();
    try {
      await page.goto(`${e2e.url}/#/review`);
      const ask = page.getByTestId('unnamed-reviewer');
      expect(await ask.innerText()).toMatch(/^Everyone who has not given a name reviews as "local": give yours so/);
      await ask.getByRole('link', { name: 'give yours' }).click();
      await page.locator('input[name=name]').fill('flo');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('review-item').waitFor();
      expect(await page.locator('.toolbar .muted').innerText()).toBe('reviewing as flo');
      expect(await page.getByTestId('unnamed-reviewer').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('on a 390 px phone, brings the item chosen from the list into view', async () => {
    const phone = await reviewer('dee', { width: 390, height: 844 });
    await phone.getByTestId('queue').locator('li').nth(3).click();
    // Before, the item stayed under the list (its title at ~790 px of 844): the reviewer scrolled to find it.
    await expect.poll(() => phone.evaluate(() => Math.round(document.querySelector('.item-title')?.getBoundingClientRect().top ?? -1))).toBeGreaterThanOrEqual(0);
    expect(await phone.evaluate(() => document.querySelector('.item-title')?.getBoundingClientRect().top ?? 900)).toBeLessThan(844 / 2);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: join(SHOTS, 'review-phone-chosen.png') });
    // What a local model learnt from the save is shown whole on a phone (it was cut after "Saved “Am I charged more for usi…").
    await phone.route('**/api/review/items/*/reviews', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...((await response.json()) as object), taught: { route: 'support-intent', label: 'cash_withdrawal_charge' } } });
    });
    // Nothing given yet: the page says what a review needs instead of offering to save an empty one (the server refuses it).
    await phone.getByRole('button', { name: 'Save and next (Enter)' }).click();
    await phone.getByText(/^Nothing to save yet: give a score \(1–5\), pass or fail/).waitFor();
    expect(await phone.getByTestId('confirm-review').count()).toBe(0);
    await phone.getByRole('button', { name: '4', exact: true }).click();
    await phone.getByRole('button', { name: 'Save and next (Enter)' }).click();
    await phone.getByRole('button', { name: 'Yes, save (Enter)' }).click();
    const taught = phone.getByTestId('taught');
    expect(await taught.innerText()).toBe("support-intent's local model learns cash_withdrawal_charge at its next training");
    expect(await taught.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= 390)).toBe(true);
    await phone.screenshot({ path: join(SHOTS, 'review-phone-saved.png') });
  });

  it('keeps a draft for the reviewer who typed it: another signed in on the same browser opens the item blank', async () => {
    // ana's unsaved 4 and comment on the refund item (above) were keyed by the item alone: eve,
    // signed in on ana's browser, opened it with ana's verdict filled in (helper hostile11).
    const eve = await ana.context().newPage();
    await eve.setViewportSize({ width: 1400, height: 900 });
    await eve.goto(`${e2e.url}/#/login`);
    await eve.locator('input[name=name]').fill('eve');
    await eve.getByRole('button', { name: 'Sign in' }).click();
    await eve.locator('nav', { hasText: 'eve · set name' }).waitFor();
    await eve.locator('nav').getByRole('link', { name: 'Review' }).click();
    await eve.getByTestId('review-item').waitFor();
    await eve.getByTestId('queue').locator('li', { hasText: 'refund policy' }).click();
    await expect.poll(() => title(eve)).toBe('What is your refund policy?');
    expect(await eve.getByLabel('comment').inputValue()).toBe('');
    expect(await eve.locator('button.score.on').count()).toBe(0);
    expect(await eve.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('switchyard.review.draft.ana.')).length)).toBeGreaterThan(0);
  });

  it('remembers a skip (j) for the reviewer: after a reload the skipped item is last in their queue, not first again', async () => {
    const dee = await reviewer('dee');
    const queueIds = async () => (await e2e.server.stores.reviews.queue({ reviewer: 'dee' })).map((i) => i.id);
    const before = await title(dee);
    const [skipped] = await queueIds();
    await dee.keyboard.press('j');
    await expect.poll(() => title(dee)).not.toBe(before);
    await expect.poll(async () => (await queueIds()).at(-1)).toBe(skipped);
    await dee.reload();
    await dee.getByTestId('review-item').waitFor();
    expect(await title(dee)).not.toBe(before);
  });
});
