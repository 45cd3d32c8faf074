import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReviewerManager } from '../../src/review/manage-reviewers.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// The dashboard with no server.admin_key (open, on loopback): anyone here signs in by name, and a
// reviewer with an account signs in as themselves with their personal key. The form had no key
// field there, so their reviews could only be signed with a typed name.
let key = '';
const e2e = e2eFixture({
  extraConfig: 'traces: { flush_interval_ms: 5 }\n',
  async seed({ server, openai }) {
    await server.stores.reviews.saveRule({ id: 'rule_all', name: 'all of small', rate: 1, match: { model: 'small' }, reviewsWanted: 1, enabled: true, createdAt: 1 });
    key = (await new ReviewerManager(server.stores.reviewers).add('Ana Lima', 'cli')).secret;
    await openai().chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Where is my card?' }] });
  },
});

const KEY_FIELD = 'Personal reviewer key (optional: signs you in as your reviewer account)';

describe('signing in without an admin key', () => {
  it('takes a personal reviewer key and signs in as its account; a wrong or replaced key is refused, saying which', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${e2e.url}/#/login`);
    // A key that is no account's: refused, not an admin session under the typed name.
    await page.getByLabel('Your name').fill('ana');
    await page.getByLabel(KEY_FIELD, { exact: true }).fill(`sk-rv-${'x'.repeat(43)}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('this is not a personal reviewer key of this gateway');

    await page.getByLabel('Your name').fill('');
    await page.getByLabel(KEY_FIELD, { exact: true }).fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('review-item').waitFor();
    await page.screenshot({ path: join(SHOTS, 'open-mode-personal-key.png') });
    expect(await page.locator('.toolbar .muted').innerText()).toBe('reviewing as Ana Lima');
    expect(await page.locator('.who').innerText()).toContain('Ana Lima');

    // Rotated: the old key is told it was replaced, when and by whom, in the form.
    const rotated = await new ReviewerManager(e2e.server.stores.reviewers).rotate('Ana Lima', 'cli');
    await page.goto(`${e2e.url}/#/login`);
    await page.getByLabel(KEY_FIELD, { exact: true }).fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain(`this personal key was replaced: reviewer "Ana Lima"'s personal key was replaced at ${new Date(rotated.reviewer.rotatedAt ?? 0).toISOString()} by "cli"`);
    await page.getByLabel(KEY_FIELD, { exact: true }).fill(rotated.secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('review-item').waitFor();
    expect(await page.locator('.toolbar .muted').innerText()).toBe('reviewing as Ana Lima');
    await page.close();
  });

  it('still signs in by name alone', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/login`);
    await page.getByLabel('Your name').fill('bo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Traces' }).waitFor();
    expect(await page.locator('.who').innerText()).toContain('bo');
    await page.close();
  });
});
