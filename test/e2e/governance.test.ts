import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';

// What a platform admin (and a reviewer) meet on the dashboard: the spend CSV for finance, moving
// a key to another team, and a reviewer who sees the review queue and nothing else.
const ADMIN_KEY = 'admin-key-governance-e2e';
const REVIEWER_KEY = 'reviewer-key-governance-e2e';
const e2e = e2eFixture({
  config: (sim) => `
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim } }
models: { small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } } }
server: { admin_key: ${ADMIN_KEY}, reviewer_key: ${REVIEWER_KEY} }
keys: [ { key: sk-sy-governance-care, name: care-bot, team: care } ]
`,
  seed: async (e) => {
    const admin = (method: string, path: string, body: unknown) => fetch(`${e.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await admin('PUT', '/api/teams/billing', { budget: { usd: 5, period: 'monthly' } });
    const created = await admin('POST', '/api/keys', { name: 'moving-bot', team: 'care' });
    if (created.status !== 201) throw new Error(`seed: POST /api/keys: ${created.status} ${await created.text()}`);
    await e.openai('sk-sy-governance-care').chat.completions.create({ model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
  },
});

/**
 * Signs in and, with `back`, lands on that page as the app sends it there: a `page.goto` of
 * another hash right after signing in raced the app's own move to its home page.
 */
async function signIn(page: Page, name: string, password: string, back?: string): Promise<void> {
  await page.goto(`${e2e.url}/#/login${back ? `?back=${back}` : ''}`);
  await page.locator('input[name=name]').fill(name);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('nav', { hasText: name }).waitFor();
}

describe('governance on the dashboard', () => {
  it('downloads spend per day, team, key and model as CSV from the keys page, and shows the server’s word on bad dates', async () => {
    const page = await e2e.browser.newPage();
    await signIn(page, 'finance-admin', ADMIN_KEY, '/keys');
    await page.getByRole('heading', { name: 'Keys and budgets' }).waitFor();
    const today = new Date().toISOString().slice(0, 10);
    const form = page.getByTestId('spend-export');
    expect(await form.getByLabel('last day').inputValue()).toBe(today);
    expect(await form.getByLabel('first day').inputValue()).toBe(`${today.slice(0, 8)}01`);
    const [file] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(file.suggestedFilename()).toBe(`switchyard-spend-${today.slice(0, 8)}01-to-${today}.csv`);
    const csv = readFileSync((await file.path()) as string, 'utf8').split('\r\n');
    expect(csv[0]).toBe('date,team,key,model,requests,input_tokens,output_tokens,cost_usd');
    expect(csv[1]).toMatch(new RegExp(`^${today},care,care-bot,small,1,\\d+,\\d+,0\\.\\d{8}$`));

    await form.getByLabel('first day').fill('2099-01-01');
    await form.getByRole('button', { name: 'Download CSV' }).click();
    expect(await form.getByRole('alert').innerText()).toBe(`from 2099-01-01 is after to ${today}: give a first day no later than the last (both are included)`);
  });

  it('moves a runtime key to another team from its row, saying where its spend stays', async () => {
    const page = await e2e.browser.newPage();
    await signIn(page, 'team-admin', ADMIN_KEY, '/keys');
    await page.getByRole('heading', { name: 'Keys and budgets' }).waitFor();
    const row = page.getByTestId('key-moving-bot');
    await row.waitFor();
    const answers = ['biling', 'billing'];
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept(answers.shift());
    });
    await row.getByRole('button', { name: 'Move' }).click();
    expect(await page.locator('.error').innerText()).toContain('no team named "biling"; did you mean "billing"?');
    expect(asked[0]).toBe('Move key "moving-bot" to which team? Its spend so far stays booked to "care"; its calls from now on count against the new team\'s budget. Leave empty for no team.');
    await row.getByRole('button', { name: 'Move' }).click();
    expect(await page.getByTestId('key-moved').innerText()).toContain('key "moving-bot" moved from team "care" to team "billing": its spend so far stays booked to team "care"');
    await expect.poll(() => row.locator('td[data-label=team]').innerText()).toBe('billing');
    // A key from the config file is changed there: no button offers to move it.
    expect(await page.getByTestId('key-care-bot').getByRole('button', { name: 'Move' }).count()).toBe(0);
  });

  it('shows a reviewer the review queue and nothing else: no admin pages in the menu, no rules tab, a note on an admin page opened by its address', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/login`);
    // The field shows once the page knows the gateway is protected: count only after it is there.
    await page.locator('input[name=password]').waitFor();
    expect(await page.getByText('Admin key or reviewer key').count()).toBe(1);
    await signIn(page, 'rita', REVIEWER_KEY);
    // Signing in lands on the queue, the one page there is.
    await page.getByRole('heading', { name: 'Review' }).waitFor();
    const nav = page.locator('nav');
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Review', 'switch']);
    expect(await nav.getByTestId('role').innerText()).toContain('reviewer');
    expect(await nav.getByRole('button', { name: 'sign out everywhere' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Rules, agreement, export' }).count()).toBe(0);
    expect(await page.locator('.toolbar .muted').innerText()).toBe('reviewing as rita');

    await page.goto(`${e2e.url}/#/keys`);
    expect(await page.getByTestId('reviewer-only').innerText()).toContain('This page needs the admin role');
    expect(await page.getByTestId('keys').count()).toBe(0);
    expect(await page.getByTestId('spend-export').count()).toBe(0);

    // The admin, in the same browser after signing in again, has every page back.
    await signIn(page, 'finance-admin', ADMIN_KEY);
    expect(await page.locator('nav').getByRole('link', { name: 'Keys & budgets' }).count()).toBe(1);
  });
});
