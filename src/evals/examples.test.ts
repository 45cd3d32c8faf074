import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { closedPort } from '../test-support/gateway-harness.js';
import { startSimulator } from '../simulate/simulator.js';
import type { ScriptRule, Simulator } from '../simulate/types.js';
import { evaluate } from './evaluate.js';
import { formatRun } from './report/format-run.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite-stores.js';
import { loadSuiteFile } from './suite/load-suite.js';
import { prepareSuite } from './suite/prepare-suite.js';

const examples = join(import.meta.dirname, '../../examples');
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1' });
  for (const rule of JSON.parse(readFileSync(join(examples, 'support-sim-scripts.json'), 'utf8')) as ScriptRule[]) sim.addScript(rule);
});
afterAll(() => sim.close());

describe('the shipped examples', () => {
  it("with the simulator not running, the walkthrough says to start it with the suite's scripts", async () => {
    const port = await closedPort();
    const text = readFileSync(join(examples, 'switchyard.sim.yaml'), 'utf8');
    const dbPath = join(mkdtempSync(join(tmpdir(), 'sy-examples-')), 'eval.db');
    const stores = openSqliteStores(dbPath);
    try {
      const outcome = await evaluate({ suitePath: join(examples, 'support-suite.yaml'), config: parseConfig(text, 'switchyard.sim.yaml', { SWITCHYARD_SIM_PORT: String(port) }), stores, store: { sqlite: dbPath }, noCache: true });
      const errors: string[] = [];
      for await (const result of stores.runs.results(outcome.run.id)) if (result.error) errors.push(result.error);
      expect(errors).toHaveLength(10);
      // Without the scripts the simulator answers, but not the suite's expected answers.
      for (const error of errors) expect(error).toContain(`start it with switchyard simulate --port ${port} --scripts examples/support-sim-scripts.json)`);
    } finally {
      await stores.close();
    }
  });

  it('support-suite.yaml runs against the simulator config as the README says', async () => {
    const text = readFileSync(join(examples, 'switchyard.sim.yaml'), 'utf8');
    const dbPath = join(mkdtempSync(join(tmpdir(), 'sy-examples-')), 'eval.db');
    const stores = openSqliteStores(dbPath);
    const outcome = await evaluate({ suitePath: join(examples, 'support-suite.yaml'), config: parseConfig(text, 'switchyard.sim.yaml', { SWITCHYARD_SIM_PORT: String(sim.port) }), stores, store: { sqlite: dbPath } }).finally(() => stores.close());
    const quality = Object.fromEntries(outcome.summary.variants.map((v) => [v.variant, v.quality.estimate]));
    // small: the PIN answer lacks "reset" and the judge gives it 2 of 5; claude answers all five well.
    expect(quality.small).toBeCloseTo((4 + (0 + 0.25) / 2) / 5, 10);
    expect(quality.claude).toBe(1);
    expect(outcome.summary.variants.every((v) => v.errors === 0 && v.scorerErrors === 0)).toBe(true);
    // Its providers are the simulator: the report says so beside each model.
    const report = formatRun(outcome.run, outcome.summary).replace(/\u001b\[[0-9;]*m/g, '');
    expect(outcome.run.variants.small?.targets).toEqual([{ provider: 'sim-openai', model: 'gpt-5.4-mini', simulated: true }]);
    expect(report).toMatch(/\(simulated\)[\s\S]*\(simulated\): answered by the built-in simulator, not a real model/);
  });

  it('a pairwise judge on the example scripts names a winner, the same in both orders: claude beats small on every question', async () => {
    // Before: the pairwise prompt matched the scripts' support answers ("card", "refund" …), so
    // the judge answered "I'm sorry it's late! …" and every pairwise score was a scorer error.
    const dir = mkdtempSync(join(tmpdir(), 'sy-examples-pairwise-'));
    copyFileSync(join(examples, 'support-5.jsonl'), join(dir, 'support-5.jsonl'));
    const suite = readFileSync(join(examples, 'support-suite.yaml'), 'utf8').replace(/scorers:[\s\S]*?repeats:/, 'scorers:\n  - { type: pairwise, model: claude, baseline: small }\nrepeats:');
    expect(suite).toContain('type: pairwise');
    writeFileSync(join(dir, 'pairwise-suite.yaml'), suite);
    const text = readFileSync(join(examples, 'switchyard.sim.yaml'), 'utf8');
    const stores = openSqliteStores(join(dir, 'eval.db'));
    try {
      const outcome = await evaluate({ suitePath: join(dir, 'pairwise-suite.yaml'), config: parseConfig(text, 'switchyard.sim.yaml', { SWITCHYARD_SIM_PORT: String(sim.port) }), stores, store: { sqlite: join(dir, 'eval.db') } });
      expect(outcome.summary.variants.every((v) => v.errors === 0 && v.scorerErrors === 0)).toBe(true);
      const reasons: string[] = [];
      for await (const result of stores.runs.results(outcome.run.id)) {
        if (result.variant !== 'claude') continue;
        for (const score of Object.values(result.scores)) {
          expect(score.score).toBe(1);
          reasons.push(score.reason ?? '');
        }
      }
      expect(reasons).toHaveLength(5);
      for (const reason of reasons) expect(reason).toMatch(/^beats the baseline in both orders: /);
    } finally {
      await stores.close();
    }
  });

  it('banking77-suite.yaml and its 200-item sample pass every check before any call', async () => {
    const stores = openSqliteStores(':memory:');
    const prepared = await prepareSuite(loadSuiteFile(join(examples, 'banking77-suite.yaml')), { datasets: stores.datasets, judges: stores.judges, knownModels: ['small'] });
    expect(prepared.dataset).toMatchObject({ dataset: 'intents-200', itemCount: 200 });
    expect(prepared.variants[0]?.messages[0]?.content).toMatch(/^Classify the customer message into exactly one of these intents: card_arrival, /);
    await stores.close();
  });
});
