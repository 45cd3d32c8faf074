import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { registerLadder } from '../../src/cli/commands/ladder.js';
import { SUPPORT_JSONL } from '../../src/evals/__fixtures__/sim-gateway.js';
import { provideInProcessGateway } from '../../src/evals/client/in-process-gateway.js';
import { evaluate } from '../../src/evals/evaluate.js';
import { openGatewayCore } from '../../src/server.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

const runs: Record<'inProcess' | 'byUrl' | 'ladder', string> = { inProcess: '', byUrl: '', ladder: '' };
// A suite and a variant named at length, as people name them.
const SUITE = 'support_escalations_nightly_regression_euwest1_v2';
const VARIANT = 'small-with-a-very-long-descriptive-variant-name';

// The README's first run: a gateway on the simulator, a suite run against it in-process
// (`eval run --config`) and by URL (`eval run --gateway URL`, which has no config to read); and
// the README's ladder (`switchyard ladder --config`) on a route over the same model.
const e2e = e2eFixture({
  config: (sim) => `
providers:
  simulated-openai: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
models:
  small: { provider: simulated-openai, model: standin-small }
routes:
  support: { policy: static, target: small }
traces: { flush_interval_ms: 5 }
`,
  async seed({ url, server, configPath, write }) {
    write('support-5.jsonl', SUPPORT_JSONL);
    const suite = write('suite.yaml', `name: ${SUITE}\ndataset: support-5.jsonl\nvariants:\n  ${VARIANT}: { model: small, prompt: "{{input}}" }\nscorers:\n  - { type: contains, value: "{{expected}}" }\ncache: false\n`);
    runs.inProcess = (await evaluate({ suitePath: suite, configPath, stores: server.stores })).run.id;
    // By URL the run learns who answered from the gateway's traces in the same store, as it takes their costs.
    runs.byUrl = (await evaluate({ suitePath: suite, gatewayUrl: url, apiKey: 'any', stores: server.stores })).run.id;
    // As the CLI runs it: its own in-process gateway on the same store.
    provideInProcessGateway((config) => openGatewayCore(config));
    const printed = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const program = new Command('switchyard').exitOverride();
      registerLadder(program);
      await program.parseAsync(['node', 'switchyard', 'ladder', '--route', 'support', '--dataset', join(dirname(suite), 'support-5.jsonl'), '--config', configPath, '--requests-per-month', '1000', '--json']);
      runs.ladder = (JSON.parse(String(printed.mock.calls[0]?.[0])) as { runId: string }).runId;
    } finally {
      printed.mockRestore();
    }
  },
});

describe('eval runs on the simulator', () => {
  it.each([
    [1366, 'evals'],
    [390, 'RUN'],
  ])('at %i px, #/%s fits: long suite and variant names cut, whole on hover', async (width, which) => {
    const page = await e2e.browser.newPage();
    await page.setViewportSize({ width, height: 800 });
    await page.goto(`${e2e.url}/#/${which === 'RUN' ? `evals/${runs.byUrl}` : which}`);
    await page.getByTestId(which === 'RUN' ? 'variants' : 'runs').waitFor();
    await page.screenshot({ path: `/tmp/dash3-eval-${which}-${width}.png`, fullPage: true });
    // Before: at 1,366 px the runs list was 1,376 px in its 1,120 px box ("started" out of sight, the variant
    // broken at each hyphen); at 390 the run page's title made the page 582 px wide.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    if (which === 'evals') {
      const table = page.getByTestId('runs');
      expect(await table.evaluate((t) => t.scrollWidth <= (t.parentElement?.clientWidth ?? 0))).toBe(true);
      expect(await table.locator(`[title="${VARIANT}"]`).count()).toBe(4); // two runs: its list and its best quality
      // The three runs say the simulator answered, in the list as on their pages; the ladder's did not.
      expect(await table.getByTestId('run-simulated').count()).toBe(3);
    }
    await page.close();
  });


  it.each([
    ['in-process', 'inProcess'],
    ['by URL', 'byUrl'],
  ] as const)('labels a run made %s "simulated"', async (_how, which) => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/evals/${runs[which]}`);
    const table = page.getByTestId('variants');
    await table.waitFor();
    // Before: a run by URL recorded no targets, so nothing said its answers were the simulator's.
    const model = table.locator('tbody tr').first().locator('td').nth(1);
    expect(await model.innerText()).toMatch(/^small\s*simulated$/);
    expect(await model.locator('.pill').getAttribute('title')).toBe('answered by the built-in simulator, not a real model');
    await page.screenshot({ path: join(SHOTS, `eval-simulated-${which}.png`) });
    await page.close();
  });

  it('records the provider and upstream model that answered a run by URL', async () => {
    const run = await e2e.server.stores.runs.get(runs.byUrl);
    expect(run.gateway).toBe(e2e.url);
    expect(run.variants[VARIANT]?.targets).toEqual([{ provider: 'simulated-openai', model: 'standin-small', simulated: true }]);
  });

  it('labels a ladder run on the simulator "simulated", on its run page and in the Routes page\'s ladder', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/evals/${runs.ladder}`);
    const table = page.getByTestId('variants');
    await table.waitFor();
    // Before: a ladder's rungs recorded no targets, so its run read like a real model's.
    expect(await table.locator('tbody tr').first().locator('td').nth(1).innerText()).toMatch(/^support\s*simulated$/);
    await page.goto(`${e2e.url}/#/routes?range=1h`);
    const ladder = page.getByTestId('ladder-support');
    await ladder.waitFor();
    expect(await ladder.getByTestId('ladder-simulated').getAttribute('title')).toBe('answered by the built-in simulator, not a real model');
    await page.screenshot({ path: join(SHOTS, 'ladder-simulated.png'), fullPage: true });
    await page.close();
  });
});
