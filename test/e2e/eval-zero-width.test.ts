import { describe, expect, it } from 'vitest';
import { SUPPORT_JSONL } from '../../src/evals/__fixtures__/sim-gateway.js';
import { evaluate } from '../../src/evals/evaluate.js';
import type { RunSummary } from '../../src/evals/runner/summarize-run.js';
import { e2eFixture } from './fixture.js';

let runId = '';
let oneSidedId = '';

// A run summarised before the rule of three stored [100.0–100.0] for cases that all scored alike,
// and a paired difference of no width: the run page showed both as intervals, the difference as
// one the run had shown. Here the README's run, its summary put back as such a run stored it.
const e2e = e2eFixture({
  config: (sim) => `
providers:
  simulated-openai: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
models:
  small: { provider: simulated-openai, model: standin-small }
traces: { flush_interval_ms: 5 }
`,
  async seed({ configPath, server, write }) {
    write('support-5.jsonl', SUPPORT_JSONL);
    const suite = write('suite.yaml', 'name: old\ndataset: support-5.jsonl\nvariants:\n  a: { model: small, prompt: "{{input}}" }\n  b: { model: small, prompt: "Briefly: {{input}}" }\nscorers:\n  - { type: contains, value: "{{expected}}" }\ncache: false\n');
    const { run, summary } = await evaluate({ suitePath: suite, configPath, stores: server.stores });
    const flat = (i: { estimate: number }) => ({ estimate: i.estimate, low: i.estimate, high: i.estimate, level: 0.95 });
    const old: RunSummary = {
      variants: summary.variants.map((v) => ({ ...v, quality: flat(v.quality) })),
      pairs: summary.pairs.map((p) => ({ ...p, difference: flat({ estimate: 0.2 }) })),
    };
    await server.stores.runs.setStatus(run.id, 'completed', Date.now(), old);
    runId = run.id;
    // And one whose pair no case went down in: the low end is the rule of three's.
    const second = await evaluate({ suitePath: suite, configPath, stores: server.stores });
    const oneSided: RunSummary = { ...second.summary, pairs: second.summary.pairs.map((p) => ({ ...p, difference: { estimate: 0.175, low: -0.425, high: 0.525, level: 0.95, ruleOfThree: true, ruleOfThreeSide: 'low' } })) };
    await server.stores.runs.setStatus(second.run.id, 'completed', Date.now(), oneSided);
    oneSidedId = second.run.id;
  },
});

describe('an eval run stored with intervals of no width', () => {
  it('shows each quality with "n too small" and why on hover, not [x–x], and no difference as shown', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/evals/${runId}`);
    const table = page.getByTestId('variants');
    await table.waitFor();
    const text = await table.innerText();
    expect(text).not.toMatch(/\[(\d+\.\d)–\1\]/);
    const marks = table.getByTestId('no-interval');
    expect(await marks.count()).toBe(2);
    expect((await marks.first().innerText()).trim()).toBe('(n too small)');
    expect(await marks.first().getAttribute('title')).toBe('the interval stored with this run has no width (summarised before the rule of three, or over one case): a certainty 5 cases cannot give, so none is shown; a run made now has one');
    expect(await page.getByTestId('pairs').innerText()).toBe('b − a: +20.0 pts (n too small) over 5 cases');
    expect(await page.getByTestId('pair-rule-of-three').count()).toBe(0);
    await page.close();
  });

  it('says beside a paired difference which end is the rule of three\'s, and why on hover', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/evals/${oneSidedId}`);
    await page.getByTestId('pairs').waitFor();
    expect(await page.getByTestId('pairs').innerText()).toBe('b − a: +17.5 pts [-42.5, +52.5] over 5 cases (rule of three, low end)');
    expect(await page.getByTestId('pair-rule-of-three').getAttribute('title')).toBe("no case scored lower, so the low end is the rule of three's: the estimate − 3/n");
    await page.close();
  });
});
