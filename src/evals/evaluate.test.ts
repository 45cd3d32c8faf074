import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORT_JSONL, type SimWorld, simWorld, simWorldYaml } from './__fixtures__/sim-gateway.js';
import { parseConfig } from '../config/load-config.js';
import { evaluate } from './evaluate.js';
import { compareRuns } from './runner/compare-runs.js';
import { ciGate } from './runner/ci-gate.js';
import { openSqliteStores, type SqliteStores } from '../store/sqlite/open-sqlite-stores.js';

let world: SimWorld;
let stores: SqliteStores;

const SUITE = `name: support
dataset: support-5.jsonl
variants:
  small:  { model: small,  prompt: "Answer the customer briefly: {{input}}" }
  claude: { model: claude, prompt: "Answer the customer briefly: {{input}}" }
scorers:
  - { type: contains, value: "{{expected}}" }
  - { type: judge, model: judge, rubric: "Is the answer correct, complete and polite?", scale: [1, 5] }
repeats: 1
concurrency: 4
`;

function scriptSupport(sim: SimWorld['sim']): void {
  // small answers every question with its expected keyword; claude misses the refund one.
  const answers: [string, string][] = [
    ['new card', 'Your card ships tomorrow.'],
    ['refund', 'Fill in the refund form.'],
    ['PIN', 'You can reset it in the app.'],
    ['fee', 'That fee is for foreign payments.'],
    ['Close my account', 'I will close it today.'],
  ];
  for (const [match, reply] of answers) sim.addScript({ model: 'standin-small', match, reply });
  for (const [match, reply] of answers) sim.addScript({ model: 'claude-standin', match, reply: match === 'refund' ? 'Sorry, I cannot help.' : reply });
  sim.addScript({ model: 'standin-large', match: 'Answer to score:\\s+Sorry', reply: { json: { reason: 'Unhelpful refusal', score: 1 } } });
  sim.addScript({ model: 'standin-large', reply: { json: { reason: 'Correct and polite', score: 5 } } });
}

beforeAll(async () => {
  world = await simWorld();
  scriptSupport(world.sim);
  world.write('support-5.jsonl', SUPPORT_JSONL);
  stores = openSqliteStores(world.dbPath);
});
afterAll(async () => {
  await stores.close();
  await world.sim.close();
});

describe('eval run end to end through the gateway', () => {
  let runId = '';

  it('runs every case × variant, scores them and summarises with intervals', async () => {
    const suite = world.write('suite.yaml', SUITE);
    const progress: number[] = [];
    const outcome = await evaluate({ suitePath: suite, config: world.config, stores, store: world.store, onProgress: (done) => progress.push(done) });
    runId = outcome.run.id;
    expect(outcome.run).toMatchObject({ status: 'completed', dataset: 'support-5', datasetVersion: 1, name: 'support' });
    expect(outcome.run.variants.claude).toMatchObject({ model: 'claude', targets: [{ provider: 'anth', model: 'claude-standin' }], messages: [{ role: 'user', content: 'Answer the customer briefly: {{input}}' }] });
    expect(progress.at(-1)).toBe(10);
    const small = outcome.summary.variants.find((v) => v.variant === 'small');
    const claude = outcome.summary.variants.find((v) => v.variant === 'claude');
    // Five perfect cases: the rule of three's 1 − 3/5, not a bootstrap's zero-width [1, 1].
    expect(small).toMatchObject({ cases: 5, results: 5, errors: 0, quality: { estimate: 1, low: 0.4, high: 1, ruleOfThree: true } });
    // claude: four perfect cases and one at quality 0 (contains fails, judge 1 → 0).
    expect(claude?.quality.estimate).toBeCloseTo(0.8, 10);
    expect(claude?.passRate.estimate).toBeCloseTo(0.8, 10);
    expect(claude?.passRate.low).toBeCloseTo(0.376, 3); // Wilson 4 of 5
    expect(claude?.scorers.find((s) => s.scorer === 'judge')).toMatchObject({ passRate: 0.8, n: 5 });
    // small is cheaper and not confidently worse: on the frontier. claude is not confidently better.
    expect(small?.pareto).toBe(true);
    expect(small?.costUsd).toBeGreaterThan(0);
    expect(claude?.costPerCaseUsd).toBeGreaterThan(small?.costPerCaseUsd ?? Number.POSITIVE_INFINITY);
  });

  it('tags every gateway call with run, case and variant, and takes cost from the traces', () => {
    const { db } = stores;
    const rows = db.prepare("SELECT json_extract(metadata, '$.variant') AS variant, json_extract(metadata, '$.scorer') AS scorer, COUNT(*) AS n, SUM(cost_usd) AS cost FROM traces WHERE json_extract(metadata, '$.eval_run') = ? GROUP BY 1, 2 ORDER BY 1, 2").all(runId);
    expect(rows).toEqual([
      { variant: 'claude', scorer: null, n: 5, cost: expect.any(Number) },
      { variant: 'claude', scorer: 'judge', n: 5, cost: expect.any(Number) },
      { variant: 'small', scorer: null, n: 5, cost: expect.any(Number) },
      { variant: 'small', scorer: 'judge', n: 5, cost: expect.any(Number) },
    ]);
    const stored = db.prepare('SELECT SUM(cost_usd) AS cost FROM eval_results WHERE run_id = ? AND variant = ?').get(runId, 'small') as { cost: number };
    const traced = (rows[2] as { cost: number }).cost;
    expect(stored.cost).toBeCloseTo(traced, 12);
  });

  it('answers a re-run from the cache without calling models, unless --no-cache', async () => {
    const before = world.sim.stats().requests;
    const cached = await evaluate({ suitePath: world.write('suite.yaml', SUITE), config: world.config, stores, store: world.store });
    expect(world.sim.stats().requests).toBe(before);
    expect(cached.summary.variants.every((v) => v.cached === 5)).toBe(true);
    expect(cached.summary.variants.find((v) => v.variant === 'claude')?.quality.estimate).toBeCloseTo(0.8, 10);
    await evaluate({ suitePath: world.write('suite.yaml', SUITE), config: world.config, stores, store: world.store, noCache: true });
    expect(world.sim.stats().requests).toBe(before + 20);
  });

  it('compares two runs and gates CI: same answers pass, a real regression fails', async () => {
    const { runs } = stores;
    const [latest, previous] = await runs.list(2);
    const same = await compareRuns(runs, previous?.id ?? '', latest?.id ?? '');
    expect(same.variants.map((v) => [v.variantA, v.difference.estimate, v.mcnemar.pValue])).toEqual([
      ['claude', 0, 1],
      ['small', 0, 1],
    ]);
    // Same answers on five cases: nothing shown either way (rule of three), so only the lenient gate passes.
    expect(ciGate(same, 0.02).passed).toBe(false);
    expect(ciGate(same, 0.02, 'regression').passed).toBe(true);
    // small vs claude inside one run as "baseline → candidate": claude is worse on one case of five.
    const cross = await compareRuns(runs, runId, runId, { pairs: [['small', 'claude']] });
    expect(cross.variants[0]?.difference.estimate).toBeCloseTo(-0.2, 10);
    expect(cross.variants[0]?.mcnemar).toMatchObject({ onlyA: 1, onlyB: 0 });
    // With 5 cases the interval reaches 0: a drop can be neither shown nor ruled out. The default
    // (non-inferiority) gate fails it and says how many cases would settle it…
    const noisy = ciGate(cross, 0.02);
    expect(noisy.passed).toBe(false);
    expect(noisy.lines[0]).toMatch(/^FAIL small → claude: .*inconclusive: a drop beyond −2\.0 pts cannot be ruled out; about \d+ more paired cases?/);
    // …and only the lenient regression gate lets it through, saying why.
    const lenient = ciGate(cross, 0.02, 'regression');
    expect(lenient.passed).toBe(true);
    expect(lenient.lines[0]).toMatch(/^PASS small → claude: .*passes only because --gate regression was asked for/);
  });
});

describe('an eval variant on a model with no price', () => {
  it('counts its results as unpriced rather than free', async () => {
    // The same simulated model as `small`, configured without a price.
    const config = parseConfig(`${simWorldYaml(world.sim.url)}  local: { provider: sim, model: standin-small }\n`, 'sim-config');
    const suite = world.write('unpriced-suite.yaml', `name: unpriced
dataset: support-5.jsonl
variants:
  small: { model: small, prompt: "Answer the customer briefly: {{input}}" }
  local: { model: local, prompt: "Answer the customer briefly: {{input}}" }
scorers:
  - { type: contains, value: "{{expected}}" }
concurrency: 4
`);
    const outcome = await evaluate({ suitePath: suite, config, stores, store: world.store });
    const local = outcome.summary.variants.find((v) => v.variant === 'local');
    const small = outcome.summary.variants.find((v) => v.variant === 'small');
    expect(local).toMatchObject({ results: 5, costUsd: 0, unpricedResults: 5, unpricedModels: ['standin-small'] });
    expect(small).toMatchObject({ unpricedResults: 0, unpricedModels: [] });
    const results = [];
    for await (const r of stores.runs.results(outcome.run.id, 'local')) results.push(r);
    expect(results.map((r) => r.unpriced)).toEqual(Array(5).fill('standin-small'));
  });
});

