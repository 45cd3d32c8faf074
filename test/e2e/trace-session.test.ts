import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';

// A conversation's calls, grouped by the session id the client sends: the list shows it on each
// of its calls as a link to the session's calls, and so does the trace page.
const SESSION = '3f9c2b1e-7d4a-4c1e-9a3b-2f6d8e0c5a71';

const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
models:
  small: { provider: sim, model: standin-small }
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai }) {
    const client = openai();
    for (const content of ['first turn', 'second turn']) {
      await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content }] }, { headers: { 'x-switchyard-session': SESSION } });
    }
    await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'another conversation' }] });
  },
});

describe('sessions on the traces pages', () => {
  it("shows a call's session and links to the session's calls, from the list and from a trace", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces`);
    const rows = page.getByTestId('trace-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.getByTestId('session-chip').allInnerTexts()).toEqual([`session=${SESSION}`, `session=${SESSION}`]);
    // The chip filters the list; it does not open its row's trace.
    await page.getByTestId('session-chip').first().click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/traces?session=${SESSION}`);
    // The form shows the filter the link set, so Apply with another filter keeps it.
    expect(await page.getByLabel('session').inputValue()).toBe(SESSION);
    // A trace shows its session, with the same link.
    await rows.first().click();
    await page.getByTestId('trace-session').waitFor();
    expect(await page.getByTestId('trace-session').innerText()).toBe(`Session ${SESSION} · all calls of this session`);
    await page.getByRole('link', { name: 'all calls of this session' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    await page.close();
  });
});
