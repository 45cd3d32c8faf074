import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { ensureDashboardBuilt, launchBrowser, SHOTS } from './harness.js';

let sim: Simulator;
let server: RunningServer;
let browser: BrowserContext;
let dir: string;

beforeAll(async () => {
  ensureDashboardBuilt();
  mkdirSync(SHOTS, { recursive: true });
  sim = await startSimulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'switchyard-keys-page-'));
  const config = parseConfig(`
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim } }
models: { small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } } }
keys: [ { key: sk-sy-from-the-file, name: from-file, budget: { usd: 10, period: monthly } } ]
teams: [ { name: file-team, rate_limit: { requests_per_minute: 100 } } ]
store: { sqlite: "${join(dir, 'keys.db')}" }
`);
  server = await startServer(config, { port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const chat = (secret: string) =>
  fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'small', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
  }).then((r) => r.status);

describe('keys page', () => {
  it('creates a key (secret shown once), rotates it and revokes it', async () => {
    const page = await browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${server.url}/#/keys`);
    await page.getByTestId('key-from-file').waitFor();
    expect(await page.getByTestId('key-from-file').innerText()).toContain('config file');

    await page.getByLabel('team name').fill('e2e-team');
    await page.getByLabel('team budget', { exact: true }).fill('5');
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
    await page.getByTestId('key-e2e-bot').getByRole('button', { name: 'Rotate' }).click();
    await page.getByTestId('secret-value').waitFor();
    const second = (await page.getByTestId('secret-value').innerText()).trim();
    expect(second).not.toBe(first);
    expect(await chat(second)).toBe(200);
    expect(await chat(first)).toBe(200); // within the hour of grace
    expect(await page.getByTestId('key-e2e-bot').getByTestId('previous-secret').innerText()).toMatch(/^previous secret until /);

    await page.getByTestId('key-e2e-bot').getByRole('button', { name: 'Revoke' }).click();
    await page.getByTestId('key-e2e-bot').getByText('revoked').waitFor();
    expect(await page.getByTestId('new-secret').count()).toBe(0);
    expect(await chat(second)).toBe(401);
    expect(await chat(first)).toBe(401);
    expect(await chat('sk-sy-from-the-file')).toBe(200);
    await page.screenshot({ path: join(SHOTS, 'keys.png'), fullPage: true });
  });

  it('lists a team that keys name but that has no limits yet, and sets its budget from there', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/#/keys`);
    await page.getByTestId('key-from-file').waitFor();
    await page.getByLabel('key name').fill('ops-bot');
    await page.getByLabel('key team').fill('ops-unlimited');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('key-ops-bot').waitFor();
    await page.reload();
    const row = page.getByTestId('team-ops-unlimited');
    await row.waitFor();
    expect(await row.innerText()).toMatch(/ops-unlimited\s+1\s+no budget[\s\S]*named by keys/);
    await row.getByRole('button', { name: 'Set limits' }).click();
    expect(await page.getByLabel('team name').inputValue()).toBe('ops-unlimited');
    await page.getByLabel('team budget', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Save team' }).click();
    await row.getByText(/of \$3\.00 monthly/).waitFor();
    expect(await row.innerText()).toContain('runtime');
  });
});

/** A local port nothing listens on: a Redis that is away. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('keys page while the limit store is unreachable', () => {
  it('shows budgets and rate limits with their use unknown, not as $0 spent', async () => {
    const down = await startServer(
      parseConfig(`
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim } }
models: { small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } } }
keys: [ { key: sk-sy-when-down, name: capped, team: ops, budget: { usd: 0.005, period: total }, rate_limit: { requests_per_minute: 600 } } ]
teams: [ { name: ops, budget: { usd: 0.01 }, rate_limit: { tokens_per_minute: 5000 } } ]
limits: { store: redis, redis_url: "redis://127.0.0.1:${await closedPort()}", redis_prefix: "switchyard-test:keys-page-down", on_error: open }
store: { sqlite: "${join(dir, 'down.db')}" }
`),
      { port: 0, host: '127.0.0.1', log: () => undefined },
    );
    try {
      const page = await browser.newPage();
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
