/**
 * The Routes page's "saved" on a route whose local model is shadow-checked: what sending
 * everything to the teacher would have cost more, less what the checks cost (they would not have
 * been needed), with the checks' spend and count beside it; the checks are in no branch.
 */
import { describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';
import type { RouteReport } from '../../src/monitor/route-report.js';
import { trainClassifier } from '../../src/local/train/train-classifier.js';
import { toTrainedModel } from '../../src/local/train/trained-model.js';
import { openSqliteModelRegistry } from '../../src/store/sqlite/sqlite-model-registry.js';
import { e2eFixture } from './fixture.js';

const ROUTE = 'support-intent';
const BAR = { minPrecision: 0.95, minCoverage: 0.3 };
const questions = banking77('test', EIGHT_LABELS, 25);

const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
  teacher: { provider: sim, model: standin-large, price: { input_per_mtok: 2.5, output_per_mtok: 10 } }
routes:
  ${ROUTE}:
    policy: static
    target: teacher
    options:
      task: { type: classify, labels: [${EIGHT_LABELS.join(', ')}], min_examples: 100000, retrain_every: 100000, min_precision: ${BAR.minPrecision}, min_coverage: ${BAR.minCoverage}, shadow_rate: 1 }
traces: { flush_interval_ms: 5 }
`,
  async prepare(e) {
    // A live version, as `local train --promote` leaves it.
    const { model, bytes } = toTrainedModel(trainClassifier(banking77('train', EIGHT_LABELS, 120), { minPrecision: BAR.minPrecision, seed: 7 }));
    const registry = openSqliteModelRegistry(e.db);
    await registry.register({ route: ROUTE, dataVersion: 'fixture', metrics: { ...model.info.metrics }, model: bytes, createdAt: Date.now() });
    await registry.promote(ROUTE, 1, BAR, Date.now());
    await registry.close();
  },
  async seed({ openai, sim, server }) {
    // The teacher gives each question its true intent; shadow checks ask it about every local answer.
    for (const e of questions) sim.addScript({ exact: e.text, reply: e.label });
    for (const e of questions) await openai().chat.completions.create({ model: ROUTE, messages: [{ role: 'user', content: e.text }] });
    await server.locals.get(ROUTE)?.idle();
  },
  timeoutMs: 90_000,
});

describe('routes page: what a local model saved', () => {
  it('is net of its shadow checks, whose spend and count it shows beside it; they are no branch', async () => {
    const { routes } = (await (await fetch(`${e2e.url}/api/routes?range=1h`)).json()) as { routes: RouteReport[] };
    const report = routes.find((r) => r.route === ROUTE) as RouteReport;
    const local = report.branches.find((b) => b.branch === '(local)');
    expect(local?.requests).toBeGreaterThan(0);
    expect(report.shadowChecks.requests).toBe(local?.requests);
    expect(report.savedUsd).toBeLessThan(report.grossSavedUsd);

    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const card = page.getByTestId(`route-${ROUTE}`);
    await card.waitFor();
    expect(await card.innerText()).toMatch(new RegExp(`requests\\s+${questions.length}\\b`));
    // Before: the gross figure alone, what the checks cost of it unsaid.
    const checks = card.getByTestId('shadow-checks');
    await checks.waitFor();
    expect(await checks.innerText()).toMatch(new RegExp(`^net of \\$[\\d.]+ on ${report.shadowChecks.requests} shadow checks$`));
    expect(await card.locator('tbody td[data-label=branch]').allInnerTexts()).toEqual(expect.arrayContaining(['(local)']));
    expect(await card.locator('tbody td[data-label=branch]').allInnerTexts()).not.toContain('(shadow)');
    const legend = await card.getByTestId('chart-Requests per branch').locator('.u-legend .u-series').allInnerTexts();
    expect(legend.some((l) => l.includes('shadow'))).toBe(false);
    await card.getByTestId('chart-Saved by local answers').waitFor();
    expect(await card.innerText()).toContain('Saved by local answers · USD, running total over the range, net of shadow checks');
    await page.close();
  });
});
