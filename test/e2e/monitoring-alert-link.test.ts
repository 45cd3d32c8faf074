import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';

// An alert rule watches the route support, which served one request; the model big served five.
// Opened with no name chosen, the page shows the traffic (big): it opened on the watched route,
// whatever the traffic, and the rule's route was nowhere a link. The rule's row links to its route.
const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
  small: { provider: sim, model: standin-small }
  big: { provider: sim, model: standin-big }
routes:
  support: { policy: static, target: small }
traces: { flush_interval_ms: 5 }
monitoring:
  interval_seconds: 3600
  drift: { every_minutes: 0 }
  alerts:
    - { name: slow-support, metric: latency_p95_ms, threshold: 60000, window_minutes: 60, route: support }
    - { name: all-errors, metric: error_rate, threshold: 0.5, window_minutes: 60 }
`,
  async seed({ openai }) {
    const client = openai();
    for (let i = 0; i < 5; i++) await client.chat.completions.create({ model: 'big', messages: [{ role: 'user', content: `hi ${i}` }] });
    await client.chat.completions.create({ model: 'support', messages: [{ role: 'user', content: 'hello' }] });
  },
});

describe('monitoring page with an alert rule on a quiet route', () => {
  it('opens on the busiest name, loads its cards once, and a rule with a route links to it', async () => {
    const page = await e2e.browser.newPage();
    const cards: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/topics') cards.push(url.searchParams.get('route') ?? '');
    });
    // The counts arrive last (as on a loaded machine): nothing below the alerts is drawn for a name
    // before them. Held until the alerts are on the page (a fixed delay raced them on a loaded machine).
    let releaseCounts!: () => void;
    const countsHeld = new Promise<void>((resolve) => (releaseCounts = resolve));
    await page.route('**/api/overview*', async (call) => {
      await countsHeld;
      await call.continue();
    });
    await page.goto(`${e2e.url}/#/monitoring?range=1h`);
    const picker = page.getByRole('combobox', { name: 'model or route' });
    await page.getByTestId('alerts').getByText('slow-support').waitFor();
    expect(await page.getByTestId('drift').count()).toBe(0);
    releaseCounts();
    await expect.poll(() => picker.inputValue()).toBe('big');
    await page.getByTestId('topics').waitFor();
    expect(cards).toEqual(['big']);

    // The rule's name is a link to its route in the same range; a rule on all traffic is plain text.
    const alerts = page.getByTestId('alerts');
    expect(await alerts.getByRole('link', { name: 'all-errors' }).count()).toBe(0);
    await alerts.getByRole('link', { name: 'slow-support' }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/monitoring?route=support&range=1h');
    await expect.poll(() => picker.inputValue()).toBe('support');
    await expect.poll(() => cards).toEqual(['big', 'support']);
    expect(await page.getByTestId('drift').innerText()).toContain('support');
    await page.close();
  });
});
