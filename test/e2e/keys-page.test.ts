import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { startServer } from '../../src/server.js';
import { closedPort } from '../../src/test-support/gateway-harness.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

const e2e = e2eFixture({
  config: (sim) => `
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim } }
models: { small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } } }
keys: [ { key: sk-sy-from-the-file, name: from-file, budget: { usd: 10, period: monthly } } ]
teams: [ { name: file-team, rate_limit: { requests_per_minute: 100 } } ]
`,
});

const chat = (secret: string) =>
  fetch(`${e2e.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
  }).then((r) => r.status);

describe('keys page', () => {
  it('creates a key (secret shown once), rotates it and revokes it', async () => {
    const page = await e2e.browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${e2e.url}/#/keys`);
    await page.getByTestId('key-from-file').waitFor();
    expect(await page.getByTestId('key-from-file').innerText()).toContain('config file');

    // The team form is named, like the key form: a bare row of inputs under the table read as a filter.
    await page.getByRole('heading', { name: "Create a team, or change one's limits" }).waitFor();
    await page.getByLabel('team name').fill('e2e-team');
    await page.getByLabel('team budget', { exact: true }).fill('5');
    // A budget is for all time unless a period is picked, as in the config file and the CLI.
    expect(await page.getByLabel('team budget period').inputValue()).toBe('total');
    expect(await page.getByLabel('budget period', { exact: true }).inputValue()).toBe('total');
    await page.getByLabel('team budget period').selectOption('monthly');
    await page.getByLabel('team rpm').fill('600');
    await page.getByLabel('team tpm').fill('50000');
    await page.getByRole('button', { name: 'Save team' }).click();
    await page.getByTestId('team-e2e-team').waitFor();
    // Team rate limits are shown beside the budget, from the config file as from the API.
    expect(await page.getByTestId('team-file-team').innerText()).toMatch(/0 of 100\b[\s\S]*config file/);

    await page.getByLabel('key name').fill('e2e-bot');
    await page.getByLabel('key team').fill('e2e-team');
    await page.getByLabel('key budget').fill('2');
    await page.getByLabel('key rpm').fill('60');
    await page.getByRole('button', { name: 'Create key' }).click();
    const first = (await page.getByTestId('secret-value').innerText()).trim();
    expect(first).toMatch(/^sk-sy-[A-Za-z0-9_-]{43}$/);
    await page.getByTestId('key-e2e-bot').waitFor();
    const row = await page.getByTestId('key-e2e-bot').innerText();
    expect(row).toContain('runtime');
    expect(row).toContain(first.slice(0, 10));
    expect(row).not.toContain(first);
    expect(await chat(first)).toBe(200);
    // The team's budget now counts that call: reload the page and read it.
    await page.reload();
    await page.getByTestId('team-e2e-team').getByText(/of \$5\.00 monthly/).waitFor();
    expect(await page.getByTestId('team-e2e-team').innerText()).toMatch(/\b1\b/);
    // …and its rate window: one request of 600 a minute, some tokens of 50,000.
    const teamRow = await page.getByTestId('team-e2e-team').innerText();
    expect(teamRow).toContain('1 of 600');
    expect(teamRow).toMatch(/[1-9][\d,]* of 50\.0k/);
    // Editing starts from the team's settings, so changing its budget keeps its rate limit.
    await page.getByTestId('team-e2e-team').getByRole('button', { name: 'Edit' }).click();
    expect(await page.getByLabel('team rpm').inputValue()).toBe('600');
    await page.getByLabel('team budget', { exact: true }).fill('6');
    await page.getByRole('button', { name: 'Save team' }).click();
    await page.getByTestId('team-e2e-team').getByText(/of \$6\.00 monthly/).waitFor();
    expect(await page.getByTestId('team-e2e-team').innerText()).toContain('1 of 600');
    await page.getByTestId('new-secret').count().then((n) => expect(n).toBe(0));
    // Rotate and Revoke side by side: stacked, they doubled every key's row.
    const botRow = page.getByTestId('key-e2e-bot');
    const [rotateBox, revokeBox] = [await botRow.getByRole('button', { name: 'Rotate' }).boundingBox(), await botRow.getByRole('button', { name: 'Revoke' }).boundingBox()];
    expect(rotateBox?.y).toBe(revokeBox?.y);
    expect(await botRow.getByRole('button', { name: 'Rotate' }).evaluate((button) => getComputedStyle(button.parentElement as Element).whiteSpace)).toBe('nowrap');
    await page.getByTestId('key-e2e-bot').getByRole('button', { name: 'Rotate' }).click();
    await page.getByTestId('secret-value').waitFor();
    const second = (await page.getByTestId('secret-value').innerText()).trim();
    expect(second).not.toBe(first);
    expect(await chat(second)).toBe(200);
    expect(await chat(first)).toBe(200); // within the hour of grace
    expect(await page.getByTestId('key-e2e-bot').getByTestId('previous-secret').innerText()).toMatch(/^previous secret until /);

    await page.getByTestId('key-e2e-bot').getByRole('button', { name: 'Revoke' }).click();
    await page.getByTestId('key-e2e-bot').getByText('revoked').waitFor();
    // A revoked key keeps its budget line with what it spent, not "the limit store is unreachable".
    const revokedRow = await page.getByTestId('key-e2e-bot').innerText();
    expect(revokedRow).not.toContain('unreachable');
    expect(revokedRow).toMatch(/\$[\d.]+ of \$2\.00 in total/);
    expect(await page.getByTestId('new-secret').count()).toBe(0);
    expect(await chat(second)).toBe(401);
    expect(await chat(first)).toBe(401);
    expect(await chat('sk-sy-from-the-file')).toBe(200);
    await page.screenshot({ path: join(SHOTS, 'keys.png'), fullPage: true });
  });

  it('shows, beside the new secret, a model the key may use that this gateway has no model or route for', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/keys`);
    await page.getByTestId('key-from-file').waitFor();
    await page.getByLabel('key name').fill('typo-bot');
    await page.getByLabel('key models').fill('small, smal');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('secret-value').waitFor();
    expect(await page.getByTestId('new-secret-warning').allInnerTexts()).toEqual([
      `Note: key "typo-bot" may use "smal", which is not a model or route of this gateway's config (known: small); calls for it are answered 404 there`,
    ]);
    await page.close();
  });

  it('lists a team that keys name but that has no limits yet, and sets its budget from there', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/keys`);
    await page.getByTestId('key-from-file').waitFor();
    await page.getByLabel('key name').fill('ops-bot');
    await page.getByLabel('key team').fill('ops-unlimited');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('key-ops-bot').waitFor();
    await page.reload();
    const row = page.getByTestId('team-ops-unlimited');
    await row.waitFor();
    expect(await row.innerText()).toMatch(/ops-unlimited\s+1\s+no budget[\s\S]*named by keys/);
    // A team without a rate limit has no window counting its requests: "no limit", not a false "0".
    expect(await row.innerText()).toContain('no limit');
    expect(await row.innerText()).not.toMatch(/\b0 · no limit/);
    await row.getByRole('button', { name: 'Set limits' }).click();
    expect(await page.getByLabel('team name').inputValue()).toBe('ops-unlimited');
    await page.getByLabel('team budget', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Save team' }).click();
    await row.getByText(/of \$3\.00 total/).waitFor();
    expect(await row.innerText()).toContain('runtime');
  });

  it('names the field and what was typed when a number or a team name is not one, before asking the API', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/keys`);
    await page.getByTestId('key-from-file').waitFor();
    const alert = page.getByRole('alert');
    // Number("10$") is NaN, sent as null: the API's answer read "budget.usd: expected number, got null".
    await page.getByLabel('key name').fill('dollar-bot');
    await page.getByLabel('key budget').fill('10$');
    await page.getByRole('button', { name: 'Create key' }).click();
    await alert.waitFor();
    expect(await alert.innerText()).toBe('key budget $ must be a number of dollars, such as 20 or 0.5; got "10$"');
    await page.getByLabel('key budget').fill('');
    await page.getByLabel('key rpm').fill('1,000');
    await page.getByRole('button', { name: 'Create key' }).click();
    await alert.getByText('key requests / min must be a whole number, such as 600; got "1,000"').waitFor();
    expect(await page.getByTestId('key-dollar-bot').count()).toBe(0);
    // A team's name is its URL: 10,000 characters were "the request path is 10011 characters long".
    await page.getByLabel('team name').fill('x'.repeat(10_000));
    await page.getByRole('button', { name: 'Save team' }).click();
    await alert.getByText(/^team name must be 1–100 letters .*\(10000 characters\)$/).waitFor();
    await page.close();
  });
});

describe('keys page while the limit store is unreachable', () => {
  it('shows budgets and rate limits with their use unknown, not as $0 spent', async () => {
    const down = await startServer(
      parseConfig(`
providers: { sim: { type: openai, base_url: "${e2e.sim.url}/v1", api_key: sk-sim } }
models: { small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } } }
keys: [ { key: sk-sy-when-down, name: capped, team: ops, budget: { usd: 0.005, period: total }, rate_limit: { requests_per_minute: 600 } } ]
teams: [ { name: ops, budget: { usd: 0.01 }, rate_limit: { tokens_per_minute: 5000 } } ]
limits: { store: redis, redis_url: "redis://127.0.0.1:${await closedPort()}", redis_prefix: "switchyard-test:keys-page-down", on_error: open }
store: { sqlite: "${join(e2e.dir, 'down.db')}" }
`),
      { port: 0, host: '127.0.0.1', log: () => undefined },
    );
    try {
      const page = await e2e.browser.newPage();
      await page.goto(`${down.url}/#/keys`);
      await page.getByTestId('limits-down').waitFor();
      const key = await page.getByTestId('key-capped').innerText();
      expect(key).toContain('budget $0.00500 total · unknown: the limit store is unreachable');
      expect(key).toContain('600 a minute · unknown');
      expect(key).not.toMatch(/\$0 of/);
      const team = page.getByTestId('team-ops');
      await team.waitFor();
      expect(await team.innerText()).toContain('budget $0.01 total · unknown');
      expect(await team.innerText()).toContain('5,000 a minute · unknown');
      await page.screenshot({ path: join(SHOTS, 'keys-limit-store-down.png'), fullPage: true });
    } finally {
      await down.close();
    }
  });
});
