import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUPPORT_JSONL } from '../../src/evals/__fixtures__/sim-gateway.js';
import { evaluate } from '../../src/evals/evaluate.js';
import { makeTrace } from '../../src/monitor/test-traces.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

let page: Page;
let runId = '';

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${e2e.url}${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

const e2e = e2eFixture({
  async seed({ sim, url, server, write }) {
    // Two of the five support answers miss what the dataset expects: those are the weak cases.
    sim.addScript({ model: 'standin-small', match: 'new card', reply: 'It is on its way to you.' });
    sim.addScript({ model: 'standin-small', match: 'refund', reply: 'Fill in the refund form.' });
    sim.addScript({ model: 'standin-small', match: 'PIN', reply: 'You can reset it in the app.' });
    sim.addScript({ model: 'standin-small', match: 'fee', reply: 'That fee is for cash withdrawals.' });
    sim.addScript({ model: 'standin-small', match: 'Close my account', reply: 'Sorry, I cannot help with that.' });
    write('support-5.jsonl', SUPPORT_JSONL);
    const suite = 'name: support\ndataset: support-5.jsonl\nvariants:\n  small: { model: small, prompt: "Answer briefly: {{input}}" }\nscorers:\n  - { type: contains, value: "{{expected}}" }\n';
    const run = await evaluate({ suitePath: write('suite.yaml', suite), gatewayUrl: url, apiKey: 'any', stores: server.stores });
    runId = run.run.id;
  },
});

beforeAll(async () => {
  page = await e2e.browser.newPage();
});

describe('review queue', () => {
  it('queues an eval run’s weak cases once, however often it is asked', async () => {
    await page.goto(`${e2e.url}/#/evals/${runId}`);
    const button = page.getByRole('button', { name: 'Review 2 low-scoring cases' });
    await button.click();
    await page.getByText('Queued 2 low-scoring cases for review.').waitFor();
    await button.click();
    await page.getByText('Queued 0 low-scoring cases for review (2 already in the queue).').waitFor();
    const queue = await api<{ items: { source: string; traceId: string | null }[] }>('/api/review/queue?source=eval');
    expect(queue.items).toHaveLength(2);
    expect(queue.items.every((i) => i.traceId?.startsWith('tr_'))).toBe(true);
  });

  it('names eval cases by their question and shows the expected answer and every score', async () => {
    await page.goto(`${e2e.url}/#/review?source=eval`);
    const queue = page.getByTestId('queue');
    await expect.poll(() => queue.locator('li').count()).toBe(2);
    const entries = await queue.locator('li .preview').allInnerTexts();
    expect(entries.sort()).toEqual(['Close my account', 'Where is my new card?']); // the case, not the prompt built around it
    const item = page.getByTestId('review-item');
    await item.waitFor();
    const title = await item.locator('.item-title').innerText();
    const expected = title === 'Where is my new card?' ? 'ships' : 'close';
    expect(await page.getByTestId('expected').innerText()).toBe(expected);
    expect(await page.getByTestId('eval-scores').innerText()).toMatch(new RegExp(`^contains\\s+0%\\s+fail\\s+does not contain "${expected}"$`));
    await page.screenshot({ path: join(SHOTS, 'review-eval-case.png'), fullPage: true });
  });

  it('fits a 390 px phone: the queue above the item, and a trace of the queue fits as well', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${e2e.url}/#/review?source=eval`);
      const item = page.getByTestId('review-item');
      await item.waitFor();
      const layout = await page.evaluate(() => {
        const queue = document.querySelector('.queue')?.getBoundingClientRect();
        const panel = document.querySelector('[data-testid="review-item"]')?.getBoundingClientRect();
        return { pageWidth: document.documentElement.scrollWidth, queueBottom: queue?.bottom ?? 0, itemTop: panel?.top ?? 0, itemWidth: panel?.width ?? 0 };
      });
      expect(layout.pageWidth).toBeLessThanOrEqual(390);
      expect(layout.itemTop).toBeGreaterThanOrEqual(layout.queueBottom);
      expect(layout.itemWidth).toBeGreaterThan(300);
      await page.screenshot({ path: join(SHOTS, 'review-390.png'), fullPage: true });
      const traceId = (await api<{ items: { traceId: string | null }[] }>('/api/review/queue?source=eval')).items[0]?.traceId;
      await page.goto(`${e2e.url}/#/traces/${traceId}`);
      await page.getByText('Attempts').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('asks before saving a review, and saves nothing until confirmed', async () => {
    await page.goto(`${e2e.url}/#/review?source=eval`);
    const queue = page.getByTestId('queue');
    await expect.poll(() => queue.locator('li').count()).toBe(2);
    await page.getByTestId('review-item').waitFor();
    const [first] = (await api<{ items: { id: string }[] }>('/api/review/queue?source=eval')).items;
    await page.keyboard.press('1');
    await page.keyboard.press('f');
    await page.keyboard.press('Enter');
    const confirm = page.getByTestId('confirm-review');
    expect(await confirm.innerText()).toMatch(/^Save score 1\/5 · fail\?/);
    expect((await api<{ reviews: unknown[] }>(`/api/review/items/${first?.id}`)).reviews).toEqual([]);
    await page.keyboard.press('Escape'); // back to the form, still unsaved
    await confirm.waitFor({ state: 'detached' });
    expect((await api<{ reviews: unknown[] }>(`/api/review/items/${first?.id}`)).reviews).toEqual([]);
    await page.getByRole('button', { name: 'Save and next (Enter)' }).click();
    await page.getByRole('button', { name: 'Yes, save (Enter)' }).click();
    await expect.poll(() => queue.locator('li').count()).toBe(1);
    expect((await api<{ reviews: { score: number; pass: boolean }[] }>(`/api/review/items/${first?.id}`)).reviews).toEqual([expect.objectContaining({ score: 1, pass: false })]);
  });

  it('says, when the queue is empty, where items come from and links to each place', async () => {
    const empty = await e2e.browser.newPage();
    try {
      // An empty store's queue: the fixture's own is filled by the first test.
      await empty.route('**/api/review/queue*', (route) => route.fulfill({ json: { items: [] } }));
      await empty.goto(`${e2e.url}/#/review`);
      const hint = empty.getByTestId('queue-empty');
      await hint.waitFor();
      const links = await hint.locator('a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
      expect(links).toEqual([
        ['sampling rule', '#/review?tab=rules'],
        ['trace', '#/traces'],
        ['eval run', '#/evals'],
      ]);
      await hint.getByRole('link', { name: 'sampling rule' }).click();
      await empty.getByRole('button', { name: 'Add rule' }).waitFor();
    } finally {
      await empty.close();
    }
    // A source with nothing in it says so, with the way back to every source.
    await page.goto(`${e2e.url}/#/review?source=manual`);
    const none = page.getByTestId('queue-empty');
    expect(await none.innerText()).toBe('No manual items waiting. Show every source.');
    await none.getByRole('link', { name: 'Show every source' }).click();
    await expect.poll(() => page.getByTestId('queue').locator('li').count()).toBeGreaterThan(0);
  });

  it('asks before deleting a sampling rule', async () => {
    await page.goto(`${e2e.url}/#/review?tab=rules`);
    // No rule yet: the table says what reaches the queue without one instead of showing bare headers.
    await page.getByText(/^No sampling rules: only flags, user feedback/).waitFor();
    await page.getByLabel('rule name').fill('all small');
    await page.getByLabel('percent').fill('50');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog', { name: 'Delete rule "all small"? Items it queued stay in the queue.' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect((await api<{ rules: unknown[] }>('/api/review/rules')).rules).toHaveLength(1);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete rule' }).click();
    await expect.poll(async () => (await api<{ rules: unknown[] }>('/api/review/rules')).rules.length).toBe(0);
    await page.getByText(/^No sampling rules:/).waitFor();
  });

  it("shows a synthetic item's source passage with its lines and headings, as the document has them", async () => {
    const passage = '# Fees\n\n## Transfers abroad\nA transfer abroad costs 0.5%, at least 1 EUR.\n\n## Cash\nWithdrawals are free.';
    await e2e.server.stores.reviews.enqueue([
      { source: 'dataset', reason: 'synthetic item from fees.md', datasetId: 'fees', datasetItemId: 'g1', input: { question: 'What does a transfer abroad cost?', source_document: 'fees.md', source_passage: passage }, output: '0.5%' },
    ]);
    await page.goto(`${e2e.url}/#/review?source=dataset`);
    const shown = page.getByTestId('grounded-item').locator('.passage');
    await shown.waitFor();
    // Before: one run-on line ("# Fees ## Transfers abroad A transfer…").
    expect(await shown.innerText()).toBe(passage);
  });

  it('shows an item whose passage is not text as its JSON, not "This page failed to render"', async () => {
    await e2e.server.stores.reviews.enqueue([
      { source: 'dataset', reason: 'an item of another shape', datasetId: 'odd', datasetItemId: 'o1', input: { question: 'q', source_document: { toString: [] }, source_passage: { toString: [] } }, output: 'a' },
    ]);
    // The same address as the test before: reloaded, so the queue is read again.
    await page.goto(`${e2e.url}/#/review?source=dataset`);
    await page.reload();
    await page.getByTestId('queue').locator('li button').filter({ has: page.locator('.preview', { hasText: /^q$/ }) }).click();
    // Shown as the item's JSON, the rest of the page with it.
    await expect.poll(async () => page.locator('section.item').innerText()).toContain('"source_passage"');
    expect(await page.getByText(/This page failed to render/).count()).toBe(0);
  });

  it('shows a trace queued for several reasons as one item that lists them, a hostile one kept to the page', async () => {
    await e2e.server.stores.traces.insertTraces([makeTrace({ id: 'tr_many', requestedModel: 'support', request: { messages: [{ role: 'user', content: 'Why was I charged twice?' }] } })]);
    const long = `sampled by rule "${'Ω'.repeat(2_000)}" (2%)`;
    await e2e.server.stores.reviews.enqueue([{ traceId: 'tr_many', source: 'sample', reason: long, origin: 'Ω'.repeat(2_000) }]);
    await e2e.server.stores.reviews.enqueue([{ traceId: 'tr_many', source: 'flag', reason: 'pii: card number in output' }]);
    await e2e.server.stores.reviews.addFeedback({ traceId: 'tr_many', keyName: 'web', score: null, thumbs: 'down', comment: 'charged twice', corrected: null });
    await page.goto(`${e2e.url}/#/review?source=flag`);
    await page.reload();
    const entry = page.getByTestId('queue').locator('li button').filter({ has: page.locator('.preview', { hasText: 'Why was I charged twice?' }) });
    await entry.waitFor();
    expect(await entry.count()).toBe(1);
    expect(await entry.locator('.reason-count').innerText()).toBe('3 reasons');
    await entry.click();
    const reasons = page.getByTestId('item-reasons');
    await reasons.waitFor();
    expect(await reasons.locator('li .pill').allInnerTexts()).toEqual(['sample', 'flag', 'feedback']);
    expect(await reasons.locator('li').nth(2).innerText()).toBe('feedback thumbs down via key "web": "charged twice"');
    // The stored detail is bounded, and it wraps inside the item rather than widening the page.
    expect((await reasons.locator('li').first().innerText()).length).toBeLessThanOrEqual('sample '.length + 500);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  });
});
