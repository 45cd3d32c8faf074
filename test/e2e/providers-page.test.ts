import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { ensureDashboardBuilt, launchBrowser, SHOTS } from './harness.js';

let h: Harness;
let browser: BrowserContext;

const config = (sim: string) => `
providers:
  sim:    { type: openai, base_url: ${sim}/v1, api_key: sk-upstream }
  backup: { type: openai, base_url: ${sim}/v1, api_key: sk-upstream }
models:
  guarded:
    fallbacks: [ { provider: sim, model: flaky }, { provider: backup, model: standin-small } ]
retry: { max_attempts: 1 }
breaker: { consecutive_failures: 2, open_ms: 60000 }
cache: { routes: { guarded: {} } }
`;

beforeAll(async () => {
  ensureDashboardBuilt();
  mkdirSync(SHOTS, { recursive: true });
  h = await startHarness('', config);
  h.sim.addFault({ kind: 'status', status: 500, model: 'flaky' });
  const client = new OpenAI({ apiKey: 'any', baseURL: h.baseURL, maxRetries: 0 });
  for (let i = 0; i < 3; i++) await client.chat.completions.create({ model: 'guarded', temperature: 0, messages: [{ role: 'user', content: `question ${i}` }] });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('providers page', () => {
  it('shows each target\'s circuit and the cache, and empties the cache', async () => {
    const page = await browser.newPage();
    await page.goto(`${h.gateway.url}/#/providers`);
    const flaky = page.getByTestId('target-sim/flaky');
    await flaky.waitFor();
    expect(await flaky.innerText()).toMatch(/open\s+probe in \d+ s/);
    expect(await page.getByTestId('target-backup/standin-small').innerText()).toContain('closed');
    const cache = page.getByTestId('cache');
    expect(await cache.innerText()).toMatch(/entries\s*3/);
    await page.screenshot({ path: join(SHOTS, 'providers.png'), fullPage: true });
    await page.getByRole('button', { name: 'Empty cache' }).click();
    await expect.poll(async () => cache.innerText()).toMatch(/entries\s*0/);
  });
});
