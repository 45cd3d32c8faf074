import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { systemClock } from '../../src/core/clock.js';
import { runLadder } from '../../src/evals/ladder/run-ladder.js';
import { ModelClient } from '../../src/gateway/model-client.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { knowledgeFileFor } from '../../src/config/default-store.js';
import { openSqliteKnowledgeStore } from '../../src/store/sqlite/knowledge/sqlite-knowledge-store.js';
import { ensureDashboardBuilt, launchBrowser, SHOTS } from './harness.js';

let dir: string;
let sim: Simulator;
let server: RunningServer;
let browser: BrowserContext;
let traceId: string;

beforeAll(async () => {
  ensureDashboardBuilt();
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'sy-grounding-e2e-'));
  const db = join(dir, 'sy.db');
  const kbStore = openSqliteKnowledgeStore(knowledgeFileFor(db));
  await indexDocuments(await openKnowledgeBase({ store: kbStore, name: 'handbook', create: true }), walkPaths(['src/knowledge/__fixtures__/docs']));
  await kbStore.close();
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  const config = parseConfig(`
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } }
routes:
  support: { policy: static, target: small, options: { knowledge: { base: handbook, k: 2 } } }
store: { sqlite: "${db}" }
traces: { flush_interval_ms: 5 }
`, 'test');
  server = await startServer(config, { port: 0, host: '127.0.0.1' });
  const client = new OpenAI({ apiKey: 'any', baseURL: `${server.url}/v1`, maxRetries: 0 });
  const answer = await client.chat.completions.create({ model: 'support', messages: [{ role: 'user', content: 'How many business days do refunds take to go back to the original payment method?' }] }).withResponse();
  traceId = answer.response.headers.get('x-switchyard-trace-id') as string;
  const dataset = await server.stores.datasets.commit('handbook-qa', [
    { id: 'q1', input: 'How many business days do refunds take to go back to the original payment method?', expected: '5 business days' },
    { id: 'q2', input: 'What should you never put a waxed jacket in?', expected: 'washing machine' },
  ], 'test');
  await runLadder({
    route: 'support', routeConfig: config.routes.support, models: new ModelClient(server.gateway), runs: server.stores.runs, datasets: server.stores.datasets, dataset,
    tolerance: 0.02, scorer: 'contains', concurrency: 2, requestsPerMonth: 50_000, trafficSource: 'test', clock: systemClock,
  });
  await server.traces.flush();
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('grounding on the dashboard', () => {
  it('the trace view shows the retrieved chunks and the groundedness verdict', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/#/traces/${traceId}`);
    const panel = page.getByTestId('grounding');
    await panel.waitFor();
    const text = await panel.innerText();
    expect(text).toMatch(/handbook v1 · bm25 · k 2/);
    expect(text).toContain('[1]');
    expect(text).toContain('returns-policy.md');
    expect(text).toContain('Refunds go back to the original payment method');
    expect(await page.getByTestId('groundedness').innerText()).toMatch(/groundedness passed/);
    await page.screenshot({ path: join(SHOTS, 'trace-grounding.png'), fullPage: true });
  });

  it('the routes page shows the route\'s last ladder and the rung that pays', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/#/routes?range=1h`);
    const ladder = page.getByTestId('ladder-support');
    await ladder.waitFor();
    const text = await ladder.innerText();
    expect(text).toMatch(/on handbook-qa@1, 2 cases/);
    expect(text).toMatch(/rag:handbook\s*pays/);
    expect(text).toMatch(/rag:handbook pays: the best quality/);
    await page.screenshot({ path: join(SHOTS, 'routes-ladder.png'), fullPage: true });
  });
});
