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

  it('says the saving is at most its figure when no call stopped at the cheap step, whose cost is in the strong one’s', async () => {
    const report = (await (await fetch(`${e2e.url}/api/routes?range=1h`)).json()) as { routes: RouteReport[] };
    const saving = report.routes.find((r) => r.route === 'extract')?.cascadeSaving;
    expect(saving?.atMostBecause).toBe('cheap');
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const saved = page.getByTestId('route-extract').getByTestId('cascade-saved');
    await saved.waitFor();
    // Before: "saved vs strong alone $0", though both calls paid cheap on top of strong.
    expect(await saved.innerText()).toContain(`saved vs strong alone\n≤ ${usd(saving?.savedUsd ?? Number.NaN)}`);
    expect(await saved.getByTestId('cascade-saved-bound').innerText()).toBe("at most: no call stopped at cheap, whose cost is in strong's");
    await page.close();
  });
});
