import { describe, expect, it } from 'vitest';
import { e2eFixture } from './fixture.js';

// Nothing but the traffic decides where the page opens (an alert rule's route neither: monitoring-alert-link).
// claude is first by name with one request; judge and small tie at three.
const e2e = e2eFixture({
  async seed({ openai }) {
    const client = openai();
    const ask = (model: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content: `hello ${model}` }] });
    await ask('claude');
    for (let i = 0; i < 3; i++) await ask('small');
    for (let i = 0; i < 3; i++) await ask('judge');
  },
});

describe('monitoring page without a chosen name', () => {
  it('opens on the name with the most requests in the range, ties by name, and keeps one chosen in the address', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/monitoring?range=1h`);
    const picker = page.getByRole('combobox', { name: 'model or route' });
    // It opened on claude, first by name, with one request of the seven.
    await expect.poll(() => picker.inputValue()).toBe('judge');
    await page.close();
    // A name in the address is kept, and the counts are not asked for.
    const chosen = await e2e.browser.newPage();
    const asked: string[] = [];
    chosen.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/overview') asked.push(r.url());
    });
    await chosen.goto(`${e2e.url}/#/monitoring?route=claude&range=1h`);
    const chosenPicker = chosen.getByRole('combobox', { name: 'model or route' });
    await chosenPicker.waitFor();
    expect(await chosenPicker.inputValue()).toBe('claude');
    await chosen.getByTestId('drift').waitFor();
    expect(asked).toEqual([]);
    await chosen.close();
  });
});
