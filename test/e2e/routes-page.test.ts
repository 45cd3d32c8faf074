import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { type SimWorld, simWorld } from '../../src/evals/__fixtures__/sim-gateway.js';
import { ensureDashboardBuilt, launchBrowser, SHOTS } from './harness.js';

let world: SimWorld;
let server: RunningServer;
let browser: BrowserContext;

beforeAll(async () => {
  ensureDashboardBuilt();
  mkdirSync(SHOTS, { recursive: true });
  world = await simWorld();
  const config = parseConfig(`
providers:
  sim: { type: openai, base_url: "${world.sim.url}/v1", api_key: sk-sim }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  judge: { provider: sim, model: standin-large, price: { input_per_mtok: 5, output_per_mtok: 10 } }
routes:
  support:
    policy: split
    sticky: user
    arms: [ { target: small, weight: 1 }, { target: judge, weight: 1 } ]
store: { sqlite: "${join(world.dir, 'routes.db')}" }
traces: { flush_interval_ms: 5 }
`);
  server = await startServer(config, { port: 0, host: '127.0.0.1' });
  const client = new OpenAI({ apiKey: 'any', baseURL: `${server.url}/v1`, maxRetries: 0 });
  for (let i = 0; i < 20; i++) await client.chat.completions.create({ model: 'support', user: `u${i}`, messages: [{ role: 'user', content: `question ${i}` }] });
  await new Promise((r) => setTimeout(r, 200));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await world?.sim.close();
});

describe('routes page', () => {
  it('shows each route with the share of each branch', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/#/routes?range=1h`);
    const card = page.getByTestId('route-support');
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('split');
    expect(text).toContain('standin-small');
    expect(text).toContain('standin-large');
    expect(text).toMatch(/20\s/);
    await page.screenshot({ path: join(SHOTS, 'routes.png'), fullPage: true });
  });
});
