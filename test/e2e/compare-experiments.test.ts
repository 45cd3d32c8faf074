import { describe, expect, it } from 'vitest';
import { SUPPORT_JSONL } from '../../src/evals/__fixtures__/sim-gateway.js';
import { evaluate } from '../../src/evals/evaluate.js';
import { e2eFixture } from './fixture.js';

let small = '';
let claude = '';

// Two experiments, one model each (the variant named after its model), compared on the compare
// page: the per-case table paired nothing (it matched variants by name), and the page said what
// neither side cost nor how long it took.
const e2e = e2eFixture({
  config: (sim) => `
providers:
  simulated-openai: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
models:
  small: { provider: simulated-openai, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } }
  large: { provider: simulated-openai, model: standin-large, price: { input_per_mtok: 10, output_per_mtok: 20 } }
traces: { flush_interval_ms: 5 }
`,
  async seed({ configPath, server, write }) {
    write('support-5.jsonl', SUPPORT_JSONL);
    const suite = (model: string) => write(`${model}.yaml`, `name: support-${model}\ndataset: support-5.jsonl\nvariants:\n  ${model}: { model: ${model}, prompt: "{{input}}" }\nscorers:\n  - { type: contains, value: "{{expected}}" }\ncache: false\n`);
    small = (await evaluate({ suitePath: suite('small'), configPath, stores: server.stores })).run.id;
    claude = (await evaluate({ suitePath: suite('large'), configPath, stores: server.stores })).run.id;
  },
});

describe('comparing two experiments on different models', () => {
  it('pairs their cases across the variant names and shows each side\'s cost per case and latency', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/evals/compare?a=${small}&b=${claude}`);
    await page.getByTestId('comparison').waitFor();
    const row = page.getByTestId('comparison').locator('tbody tr').first();
    expect(await row.locator('td').first().innerText()).toBe('small → large');
    expect(await page.getByTestId('spend-cost').innerText()).toMatch(/^\$0\.\d+ → \$0\.\d+$/);
    expect(await row.locator('td').last().innerText()).toMatch(/^\d+ ms → \d+ ms$/);
    await page.getByTestId('case-diffs').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('case-diffs').locator('tbody tr').count()).toBe(5);
    expect(await page.getByTestId('case-counts').innerText()).toMatch(/^\d of 5 cases improved, \d regressed, \d unchanged\.$/);
    await page.close();
  });
});
