import { describe, expect, it } from 'vitest';
import type { RouteReport } from '../../src/monitor/route-report.js';
import { usd } from '../../web/src/format.js';
import { judgedCascadeYaml } from '../../src/test-support/judged-cascade.js';
import { e2eFixture } from './fixture.js';

// A judged cascade's card on the Routes page: what it saved against its last target alone, net of
// its judge's calls (before 2026-12-07 the page showed the steps' costs only, and no report counted
// the judge), and the judge's calls in no branch: not the route's traffic.
const judged = judgedCascadeYaml();
const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
${judged.models}
routes:
${judged.routes}
  extract:
    policy: cascade
    targets: [ cheap, strong ]
    escalate_on: { validation: { json_schema: { type: object, required: [ name ] } } }
retry: { max_attempts: 1 }
traces: { flush_interval_ms: 5 }
`,
  async seed({ sim, openai }) {
    sim.addScript({ match: 'invoice', model: 'standin-grader', reply: '5' });
    sim.addScript({ match: 'story', model: 'standin-grader', reply: '1' });
    const client = openai();
    for (const content of ['an invoice', 'another invoice', 'a story', 'one more invoice']) await client.chat.completions.create({ model: 'triage', messages: [{ role: 'user', content }] });
    // The simulator's prose never passes extract's schema: every call goes on to strong.
    for (const content of ['Ann paid 30', 'Bo paid 12']) await client.chat.completions.create({ model: 'extract', messages: [{ role: 'user', content }] });
  },
});

describe('a judged cascade on the routes page', () => {
  it('shows its saving against the strong target alone, net of the judge’s calls, which are no branch', async () => {
    const report = (await (await fetch(`${e2e.url}/api/routes?range=1h`)).json()) as { routes: RouteReport[] };
    const triage = report.routes.find((r) => r.route === 'triage');
    expect(triage?.judgeCalls.requests).toBe(4);
    const saving = triage?.cascadeSaving;
    if (!saving) throw new Error('expected a cascade saving');
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const card = page.getByTestId('route-triage');
    const saved = card.getByTestId('cascade-saved');
    await saved.waitFor();
    expect(await saved.innerText()).toContain(`saved vs strong alone\n${usd(saving.savedUsd)}`);
    expect(await saved.getByTestId('judge-calls').innerText()).toBe(`net of ${usd(saving.judge.costUsd)} on 4 judge calls`);
    // The branches are the targets only: the judge's calls are not the route's traffic.
    expect(await card.locator('tbody td[data-label="branch"]').allInnerTexts()).toEqual(['cheap', 'strong']);
    // Nor in the charts of requests and shares per branch (their legends).
    await card.getByTestId('branch-charts').waitFor();
    expect(await card.innerText()).not.toContain('(judge)');
    await page.close();
  });

  it('shows the exact saving as what the cascade cost more when no call stopped at the cheap step, with its chart over time', async () => {
    const report = (await (await fetch(`${e2e.url}/api/routes?range=1h`)).json()) as { routes: RouteReport[] };
    const saving = report.routes.find((r) => r.route === 'extract')?.cascadeSaving;
    // Both calls paid cheap on top of strong: the saving is minus cheap's steps, read off the traces.
    const traces = await e2e.server.store.selectTraces({ model: 'extract', limit: 10 });
    const cheapSteps = traces.reduce((sum, t) => sum + ((t.decisions as { route: { cascade: { costUsd: number }[] } }).route.cascade[0]?.costUsd ?? Number.NaN), 0);
    expect(cheapSteps).toBeGreaterThan(0);
    expect(saving).toMatchObject({ exact: true, calls: 2, atMostBecause: null });
    expect(saving?.savedUsd).toBeCloseTo(-cheapSteps, 12);
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const card = page.getByTestId('route-extract');
    const saved = card.getByTestId('cascade-saved');
    await saved.waitFor();
    // Before 2026-12-07: "saved vs strong alone ≤ $0" and "at most: no call stopped at cheap, whose cost is in strong's".
    expect(await saved.innerText()).toContain(`cost more than strong alone\n${usd(cheapSteps)}`);
    expect(await saved.getByTestId('cascade-saved-basis').innerText()).toBe('2 calls, every step paid');
    expect(await saved.getByTestId('cascade-saved-bound').count()).toBe(0);
    // The running total over the range, below zero.
    const chart = card.getByTestId('chart-Saved vs strong alone');
    await chart.waitFor();
    // Its summary for screen readers ends where the figure is: below zero.
    expect(await chart.getAttribute('aria-label')).toContain(`last ${usd(-cheapSteps)}`);
    await page.close();
  });
});
