import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// A session that ends while its page is open: signed out everywhere from another browser (or the
// API), unused past server.session_idle_minutes, past session_max_hours, or the admin key changed.
// Before, every page then showed its calls' 401 ("sign in to the dashboard, or send the admin key
// as …") under a footer still naming the person, with no form to sign in again.
const ADMIN_KEY = 'sk-sy-admin-session-ended';

const e2e = e2eFixture({
  extraConfig: `
server: { admin_key: ${ADMIN_KEY} }
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai }) {
    await openai().chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] });
  },
});

describe('a session that ends under an open page', () => {
  it('shows the sign-in form, says why, keeps the name, and returns to the page asked for', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${e2e.url}/#/overview`);
    await page.getByLabel('Your name').fill('ana');
    await page.getByLabel('Admin key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('overview-stats').waitFor();
    // Sign out everywhere, from elsewhere.
    const ended = await fetch(`${e2e.url}/api/sessions`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(ended.status).toBe(200);
    await page.getByRole('link', { name: 'Traces' }).click();
    const note = page.getByTestId('session-ended');
    await note.waitFor();
    await page.screenshot({ path: join(SHOTS, 'session-ended.png') });
    expect(await note.innerText()).toContain('Your session ended');
    expect(await page.getByLabel('Your name').inputValue()).toBe('ana');
    await page.getByLabel('Admin key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('trace-table').locator('tbody tr').first().waitFor();
    expect(new URL(page.url()).hash).toMatch(/^#\/traces/);
    expect(await page.getByTestId('session-ended').count()).toBe(0);
    await page.close();
  });

  it('a wrong key at sign-in stays an error on the form, not a loop', async () => {
    // Signed out: the first test signed in again in this browser.
    await e2e.browser.clearCookies();
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/overview`);
    await page.getByLabel('Your name').fill('bo');
    await page.getByLabel('Admin key').fill('not-the-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('wrong admin key');
    expect(await page.getByTestId('session-ended').count()).toBe(0);
    await page.close();
  });
});
