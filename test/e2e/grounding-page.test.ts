import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knowledgeFileFor } from '../../src/config/default-store.js';
import { systemClock } from '../../src/core/clock.js';
import { runLadder } from '../../src/evals/ladder/run-ladder.js';
import { ModelClient } from '../../src/gateway/model-client.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { openSqliteKnowledgeStore } from '../../src/store/sqlite/knowledge/sqlite-knowledge-store.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

let traceId: string;

const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } }
routes:
  support: { policy: static, target: small, options: { knowledge: { base: handbook, k: 2 } } }
traces: { flush_interval_ms: 5 }
`,
  async prepare({ db }) {
    const kbStore = openSqliteKnowledgeStore(knowledgeFileFor(db));
    await indexDocuments(await openKnowledgeBase({ store: kbStore, name: 'handbook', create: true }), walkPaths(['src/knowledge/__fixtures__/docs']));
    await kbStore.close();
  },
  async seed({ server, config, openai }) {
    const answer = await openai().chat.completions.create({ model: 'support', messages: [{ role: 'user', content: 'How many business days do refunds take to go back to the original payment method?' }] }).withResponse();
    traceId = answer.response.headers.get('x-switchyard-trace-id') as string;
    const dataset = await server.stores.datasets.commit('handbook-qa', [
      { id: 'q1', input: 'How many business days do refunds take to go back to the original payment method?', expected: '5 business days' },
      { id: 'q2', input: 'What should you never put a waxed jacket in?', expected: 'washing machine' },
    ], 'test');
    await runLadder({
      route: 'support', routeConfig: config.routes.support, models: new ModelClient(server.gateway), runs: server.stores.runs, datasets: server.stores.datasets, dataset,
      tolerance: 0.02, scorer: 'contains', concurrency: 2, requestsPerMonth: 50_000, trafficSource: 'test', clock: systemClock,
    });
  },
});

describe('grounding on the dashboard', () => {
  it('the trace view shows the retrieved chunks and the groundedness verdict', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${traceId}`);
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

  it('the chunks table stays inside the side panel at 1280 px: a long document path wraps, not the page', async () => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${e2e.url}/#/traces/${traceId}`);
    await page.getByTestId('grounding').locator('table').waitFor();
    const { table, panel, page: pageWidth } = await page.evaluate(() => {
      const grounding = document.querySelector('[data-testid="grounding"]') as HTMLElement;
      return { table: grounding.querySelector('table')?.getBoundingClientRect().right ?? 0, panel: grounding.getBoundingClientRect().right, page: document.documentElement.scrollWidth };
    });
    // Before, "src/knowledge/__fixtures__/docs/returns-policy.md" in one piece pushed the table 30–40 px past the page.
    expect(table).toBeLessThanOrEqual(panel + 0.5);
    expect(pageWidth).toBeLessThanOrEqual(1280);
  });

  it('the routes page shows the route\'s last ladder and the rung that pays', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const ladder = page.getByTestId('ladder-support');
    await ladder.waitFor();
    const text = await ladder.innerText();
    expect(text).toMatch(/on handbook-qa@1, 2 cases/);
    expect(text).toMatch(/rag:handbook\s*pays/);
    expect(text).toMatch(/rag:handbook pays: the best quality/);
    // Two cases that all score the same: the rule of three's interval, marked as such, with why on hover.
    expect(text).toContain('(rule of three)');
    expect(await ladder.getByTestId('rule-of-three').first().getAttribute('title')).toMatch(/^every case scored \d+\.\d%, so the interval is the rule of three's ±3\/n over 2 cases, not a bootstrap$/);
    await page.screenshot({ path: join(SHOTS, 'routes-ladder.png'), fullPage: true });
  });

  // Last: it blanks the trace the tests above read.
  it('a trace whose document was purged says its answer was blanked, and when, and keeps the chunk ids without their text', async () => {
    const session = await fetch(`${e2e.url}/api/session`);
    const csrf = ((await session.json()) as { csrf: string }).csrf;
    const purged = await fetch(`${e2e.url}/api/knowledge/handbook/remove`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-switchyard-csrf': csrf }, body: JSON.stringify({ documents: ['src/knowledge/__fixtures__/docs/returns-policy.md'], purge: true }) });
    expect(purged.status).toBe(200);
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${traceId}`);
    await page.getByTestId('answer-purged').waitFor();
    expect(await page.getByTestId('answer-purged').innerText()).toMatch(/^The answer was blanked on .+ by a purge of the knowledge documents it was grounded in\.$/);
    const grounding = await page.getByTestId('grounding').innerText();
    expect(grounding).toContain('returns-policy.md');
    expect(grounding).not.toContain('Refunds go back to the original payment method');
  });
});
