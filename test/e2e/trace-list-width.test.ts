import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { ensureDashboardBuilt, launchBrowser, SHOTS } from './harness.js';

// The trace list as a newcomer sees it after the README's walkthrough: simulated providers with
// long names, an embeddings model, an unknown model's error, eval calls with four metadata chips.
let dir: string;
let sim: Simulator;
let server: RunningServer;
let browser: BrowserContext;

beforeAll(async () => {
  ensureDashboardBuilt();
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'sy-trace-width-e2e-'));
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 5 });
  const config = parseConfig(
    `
providers:
  simulated-openai: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
  simulated-anthropic: { type: anthropic, base_url: "${sim.url}", api_key: sk-ant-sim, simulated: true }
models:
  claude-sonnet-4-6: { provider: simulated-anthropic, model: claude-sonnet-4-6 }
  text-embedding-3-small: { provider: simulated-openai, model: text-embedding-3-small }
store: { sqlite: "${join(dir, 'sy.db')}" }
traces: { flush_interval_ms: 5 }
`,
    'test',
  );
  server = await startServer(config, { port: 0, host: '127.0.0.1' });
  const client = new OpenAI({ apiKey: 'any', baseURL: `${server.url}/v1`, maxRetries: 0 });
  const metadata = { eval_run: 'run_0mx4zqz6bca0c3d19c0a3a48b', case: 'card-arrival', variant: 'claude', scorer: 'judge' };
  const stream = await client.chat.completions.create({ model: 'claude-sonnet-4-6', stream: true, messages: [{ role: 'user', content: 'Where is my card?' }] }, { headers: { 'x-switchyard-metadata': JSON.stringify(metadata) } });
  for await (const _ of stream) void _;
  await client.chat.completions.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Close my account' }] }, { headers: { 'x-switchyard-metadata': JSON.stringify(metadata) } });
  await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
  await client.chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
  await server.traces.flush();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the trace list at 1,400 px', () => {
  it('fits its box with every column in view, the error under its status and TTFT under a stream’s latency', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${server.url}/#/traces`);
    const table = page.getByTestId('trace-table');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(4);
    // Before: 1,403 px of table in a 1,154 px box; latency and metadata were scrolled out of sight.
    const fit = await table.evaluate((t) => ({ table: t.scrollWidth, box: t.parentElement?.clientWidth ?? 0 }));
    expect(fit.table).toBeLessThanOrEqual(fit.box);
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['time', 'model', 'provider', 'key', 'status', 'tokens in/out', 'cost', 'latency', 'metadata']);
    const rows = table.locator('tbody tr');
    expect(await rows.nth(0).locator('td').nth(4).innerText()).toMatch(/^404\s+model_not_found: model "gpt-9" is not configured/);
    // The name the client asked for, not the "(unknown model)" bucket it is counted in.
    expect(await rows.nth(0).locator('td').nth(1).innerText()).toMatch(/^gpt-9\s+not configured$/);
    expect(await rows.nth(2).locator('td').nth(7).innerText()).toMatch(/^\d+ ms$/);
    expect(await rows.nth(3).locator('td').nth(7).innerText()).toMatch(/^\d+ ms\s+TTFT \d+ ms$/);
    expect(await rows.nth(3).getByTestId('meta-chip').count()).toBe(4);
    await page.screenshot({ path: join(SHOTS, 'trace-list-1400.png'), fullPage: true });
  });
});
