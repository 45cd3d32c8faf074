import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// A reviewer with an account of their own: an admin adds them with the CLI (which prints their
// personal key once), they sign in with the key alone, and their review is signed with the
// account's name. Revoked from the CLI (another process on the store, as a replica would be), their
// open page ends in the sign-in form, saying why.
const ADMIN_KEY = 'sk-sy-admin-reviewer-accounts';
const BIN = resolve(import.meta.dirname, '../../bin/switchyard.js');

const e2e = e2eFixture({
  extraConfig: `
server: { admin_key: ${ADMIN_KEY} }
traces: { flush_interval_ms: 5 }
`,
  async seed({ server, openai }) {
    await server.stores.reviews.saveRule({ id: 'rule_all', name: 'all of small', rate: 1, match: { model: 'small' }, reviewsWanted: 1, enabled: true, createdAt: 1 });
    for (const content of ['Where is my card?', 'Can I change my PIN?']) await openai().chat.completions.create({ model: 'small', messages: [{ role: 'user', content }] });
  },
});

const cli = async (...args: string[]) => (await promisify(execFile)(process.execPath, [BIN, ...args, '--config', e2e.configPath])).stdout;

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${e2e.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe('a reviewer with a personal key', () => {
  it('signs in with the key alone, reviews as their account, and is signed out, told why, when revoked', async () => {
    const { key } = JSON.parse(await cli('reviewers', 'add', 'Ana Lima', '--json')) as { key: string };
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${e2e.url}/#/review`);
    await page.getByLabel('Admin key or personal reviewer key', { exact: true }).fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('review-item').waitFor();
    expect(await page.locator('.toolbar .muted').innerText()).toBe('reviewing as Ana Lima');
    expect(await page.locator('nav').getByRole('link').allInnerTexts()).toContain('Review');

    const first = await page.locator('.item-title').innerText();
    await page.keyboard.press('4');
    await page.getByRole('button', { name: 'Save and next (Enter)' }).click();
    await page.getByRole('button', { name: 'Yes, save (Enter)' }).click();
    await expect.poll(() => page.locator('.item-title').innerText()).not.toBe(first);
    const items = (await api<{ items: { id: string; preview: string }[] }>('/api/review/queue?status=all')).items;
    const reviewed = items.find((i) => i.preview === first);
    expect((await api<{ reviews: { reviewer: string; score: number }[] }>(`/api/review/items/${reviewed?.id}`)).reviews).toEqual([expect.objectContaining({ reviewer: 'Ana Lima', score: 4 })]);

    expect(await cli('reviewers', 'revoke', 'Ana Lima')).toMatch(/^Revoked reviewer "Ana Lima"/);
    const { reviewers } = await api<{ reviewers: { name: string; revokedAt: number }[] }>('/api/reviewers');
    const at = new Date(reviewers[0]?.revokedAt ?? 0).toISOString();
    // The page's next call (saving a review of the next item) finds the session ended, and saves nothing.
    const second = items.find((i) => i.preview !== first);
    await page.keyboard.press('3');
    await page.getByRole('button', { name: 'Save and next (Enter)' }).click();
    await page.getByRole('button', { name: 'Yes, save (Enter)' }).click();
    const note = page.getByTestId('session-ended');
    await note.waitFor();
    await page.screenshot({ path: join(SHOTS, 'reviewer-revoked.png') });
    expect(await note.innerText()).toBe(`Your session ended: reviewer "Ana Lima" was revoked at ${at} by "cli"; ask an admin for a new reviewer account.`);
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
    expect((await api<{ reviews: unknown[] }>(`/api/review/items/${second?.id}`)).reviews).toEqual([]);
    // The key no longer signs in, and the form says so.
    await page.getByLabel('Admin key or personal reviewer key', { exact: true }).fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('this personal key is revoked: reviewer "Ana Lima" was revoked at');
    await page.close();
  });
});

describe('the Reviewers tab (admin)', () => {
  it('adds a reviewer, showing the key once, says why a name is refused, gives them a new key and revokes one after asking', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${e2e.url}/#/review?tab=reviewers`);
    await page.getByLabel('Your name').fill('root');
    await page.getByLabel('Admin key or personal reviewer key', { exact: true }).fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const tab = page.getByTestId('reviewer-accounts');
    await tab.waitFor();
    await tab.getByLabel("Reviewer's name").fill('bo');
    await tab.getByRole('button', { name: 'Add reviewer' }).click();
    const key = await page.getByTestId('secret-value').innerText();
    expect(key).toMatch(/^sk-rv-[A-Za-z0-9_-]{43}$/);
    // The row by its name cell alone: a row whose key preview holds "bo" (sk-rv-BOn1…) matched too.
    const boRow = () => tab.locator('tbody tr').filter({ has: page.getByRole('cell', { name: 'bo', exact: true }) });
    await expect.poll(() => boRow().innerText()).toMatch(/^bo\s+sk-rv-.{4}…\s+.+ by root\s+active\s+New key\s+Revoke$/);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByTestId('secret-value').count()).toBe(0);
    // A hostile name is refused with the server's reason; nothing is added.
    await tab.getByLabel("Reviewer's name").fill('bo\u200b');
    await tab.getByRole('button', { name: 'Add reviewer' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('name must hold no invisible characters');
    // A new key, after asking: shown once, the old one refused at once.
    await boRow().getByRole('button', { name: 'New key' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'New key' }).click();
    await expect.poll(async () => (await page.getByTestId('secret-value').count()) > 0 && (await page.getByTestId('secret-value').innerText()) !== key).toBe(true);
    const rotated = await page.getByTestId('secret-value').innerText();
    expect(rotated).toMatch(/^sk-rv-[A-Za-z0-9_-]{43}$/);
    expect(await tab.innerText()).toContain('The old key is refused and the sessions it opened are over.');
    await page.getByRole('button', { name: 'Done' }).click();
    const signIn = (password: string) => fetch(`${e2e.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }) });
    expect((await signIn(key)).status).toBe(401);
    expect((await signIn(rotated)).status).toBe(200);
    await boRow().getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => boRow().innerText()).toMatch(/revoked .+ by root/);
    await page.screenshot({ path: join(SHOTS, 'reviewer-accounts-tab.png') });
    expect((await signIn(rotated)).status).toBe(401);
    await page.close();
  });
});
