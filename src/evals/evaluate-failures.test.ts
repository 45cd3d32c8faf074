import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimWorld, simWorld } from './__fixtures__/sim-gateway.js';
import { evaluate } from './evaluate.js';
import { ciGate } from './runner/ci-gate.js';
import { compareRuns } from './runner/compare-runs.js';
import { openSqliteStores, type SqliteStores } from '../store/sqlite/open-sqlite-stores.js';

let world: SimWorld;
let stores: SqliteStores;
const CASES = 40;

beforeAll(async () => {
  world = await simWorld();
  const lines = Array.from({ length: CASES }, (_, i) => JSON.stringify({ id: `q${i}`, input: `question number ${i}`, expected: 'yes' }));
  world.write('yesno.jsonl', `${lines.join('\n')}\n`);
  world.sim.addScript({ model: 'standin-small', match: '^Be careless', reply: 'no' });
  world.sim.addScript({ model: 'standin-small', reply: 'yes' });
  stores = openSqliteStores(world.dbPath);
});
afterAll(async () => {
  await stores.close();
  await world.sim.close();
});

const suite = (variants: string, extra = '') => `dataset: yesno.jsonl
variants:
${variants}
scorers:
  - { type: exact, value: "{{expected}}" }
${extra}concurrency: 4
`;

describe('bad suites fail before any model call, naming the line', () => {
  const expectNoCalls = async (text: string, message: RegExp) => {
    const before = world.sim.stats().requests;
    await expect(evaluate({ suitePath: world.write('bad.yaml', text), config: world.config, stores: stores, store: world.store })).rejects.toThrow(message);
    expect(world.sim.stats().requests).toBe(before);
  };

  it('unknown model', () =>
    expectNoCalls(suite('  a: { model: small, prompt: "{{input}}" }\n  b: { model: gpt-9, prompt: "{{input}}" }'), /bad\.yaml:4: variant "b": unknown model "gpt-9" \(the gateway serves: small, claude, judge, embed\)/));

  it('unknown variable', () =>
    expectNoCalls(suite('  a: { model: small, prompt: "{{question}} in {{metadata.lang}}" }'), /bad\.yaml:3: variant "a" uses \{\{question\}\}, but item 1 \("q0"\) of yesno@1 has no such variable \(it has: id, input, expected\)/));

  it('unknown scorer type', () =>
    expectNoCalls(suite('  a: { model: small, prompt: "{{input}}" }', '  - { type: vibes }\n'), /bad\.yaml:6: .*unknown scorer type "vibes" \(known: exact, contains/));

  it('unknown dataset', () =>
    expectNoCalls(suite('  a: { model: small, prompt: "{{input}}" }').replace('yesno.jsonl', 'missing@2'), /bad\.yaml:1: dataset "missing@2" not found/));

  it('unknown saved judge and pairwise baseline', () =>
    expectNoCalls(
      suite('  a: { model: small, prompt: "{{input}}" }', '  - { type: pairwise, model: judge, baseline: nobody }\n'),
      /bad\.yaml:6: pairwise baseline "nobody" is not a variant \(variants: a\)/,
    ));
});

describe('provider failures, interruption and resume', () => {
  it('records a failed call on its case and finishes the run', async () => {
    world.sim.addFault({ kind: 'status', status: 500, times: 1, model: 'standin-small' });
    const outcome = await evaluate({ suitePath: world.write('one.yaml', suite('  a: { model: small, prompt: "Q: {{input}}" }')), config: world.config, stores: stores, store: world.store, noCache: true });
    expect(outcome.run.status).toBe('completed');
    const a = outcome.summary.variants[0];
    expect(a).toMatchObject({ results: CASES, errors: 1 });
    expect(a?.quality.estimate).toBeCloseTo((CASES - 1) / CASES, 10);
    const failed = [];
    for await (const r of stores.runs.results(outcome.run.id)) if (r.error !== null) failed.push(r);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.error).toMatch(/^every target for model "small" failed .*answered 500/);
  });

  it('leaves a variant that answered no case off the cost–quality frontier (the dashboard showed it "Pareto" at $0)', async () => {
    world.sim.addFault({ kind: 'status', status: 500, times: 10_000, model: 'claude-standin' });
    try {
      const outcome = await evaluate({ suitePath: world.write('down.yaml', suite('  a: { model: small, prompt: "Q: {{input}}" }\n  down: { model: claude, prompt: "Q: {{input}}" }')), config: world.config, stores: stores, store: world.store, noCache: true });
      const byName = Object.fromEntries(outcome.summary.variants.map((v) => [v.variant, v]));
      expect(byName.down).toMatchObject({ results: CASES, errors: CASES, costPerCaseUsd: 0, pareto: false });
      expect(byName.a?.pareto).toBe(true);
    } finally {
      world.sim.clearFaults();
    }
  });

  it('keeps what finished when interrupted, and resumes only the rest', async () => {
    const controller = new AbortController();
    const path = world.write('resume.yaml', suite('  a: { model: small, prompt: "R: {{input}}" }'));
    const interrupted = await evaluate({
      suitePath: path,
      config: world.config,
      stores: stores, store: world.store,
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 10) controller.abort(new Error('SIGINT'));
      },
    });
    expect(interrupted.run.status).toBe('interrupted');
    const kept = interrupted.summary.variants[0]?.results ?? 0;
    expect(kept).toBeGreaterThanOrEqual(10);
    expect(kept).toBeLessThan(CASES);
    const before = world.sim.stats().requests;
    const resumed = await evaluate({ resumeRunId: interrupted.run.id, config: world.config, stores: stores, store: world.store, noCache: true });
    expect(resumed.run).toMatchObject({ id: interrupted.run.id, status: 'completed' });
    expect(resumed.summary.variants[0]).toMatchObject({ results: CASES, errors: 0 });
    expect(world.sim.stats().requests - before).toBe(CASES - kept);
    await expect(evaluate({ resumeRunId: interrupted.run.id, config: world.config, stores: stores, store: world.store })).rejects.toThrow(/already completed/);
  });

  it('reruns a run exactly, and the gate fails a clear regression', async () => {
    const base = await evaluate({ suitePath: world.write('base.yaml', suite('  bot: { model: small, prompt: "Be careful: {{input}}" }')), config: world.config, stores: stores, store: world.store });
    const rerun = await evaluate({ rerunOf: base.run.id, config: world.config, stores: stores, store: world.store });
    expect(rerun.run).toMatchObject({ rerunOf: base.run.id, datasetHash: base.run.datasetHash, suite: base.run.suite });
    // A candidate prompt that makes the model answer wrongly on every case.
    const worse = await evaluate({ suitePath: world.write('cand.yaml', suite('  bot: { model: small, prompt: "Be careless: {{input}}" }')), config: world.config, stores: stores, store: world.store });
    const { runs } = stores;
    // An exact rerun agrees on every case; five agreeing cases cannot rule out a drop (rule of
    // three), so the default gate is inconclusive and only --gate regression passes it.
    const same = await compareRuns(runs, base.run.id, rerun.run.id);
    expect(ciGate(same, 0.02).lines[0]).toMatch(/inconclusive: a drop beyond −2\.0 pts cannot be ruled out; about \d+ more paired cases? \(150 in all\)/);
    expect(ciGate(same, 0.02, 'regression').passed).toBe(true);
    const verdict = ciGate(await compareRuns(runs, base.run.id, worse.run.id), 0.02);
    expect(verdict.passed).toBe(false);
    expect(verdict.lines[0]).toMatch(/^FAIL bot: candidate − baseline = -100\.0 pts .*worse than the baseline by more than 2\.0 pts with 95% confidence/);
    // Three whole runs: ~1.2 s on a quiet machine, over 20 s once at load 16 in CI.
  }, 60_000);

  it('runs a pairwise judge against the baseline variant in both orders', async () => {
    world.sim.addScript({ model: 'standin-large', match: 'Answer A:\\s+no\\b', reply: { json: { reason: 'B answers', winner: 'B' } } });
    world.sim.addScript({ model: 'standin-large', match: 'Answer B:\\s+no\\b', reply: { json: { reason: 'A answers', winner: 'A' } } });
    const text = suite('  careful: { model: small, prompt: "Be careful: {{input}}" }\n  careless: { model: small, prompt: "Be careless: {{input}}" }', '  - { type: pairwise, model: judge, baseline: careful }\n');
    const outcome = await evaluate({ suitePath: world.write('pairwise.yaml', text), config: world.config, stores: stores, store: world.store });
    const byName = Object.fromEntries(outcome.summary.variants.map((v) => [v.variant, v]));
    expect(byName.careful?.scorers.map((s) => s.scorer)).toEqual(['exact']);
    expect(byName.careless?.scorers.find((s) => s.scorer === 'pairwise')).toMatchObject({ mean: 0, passRate: 0, n: CASES });
    expect(byName.careless?.quality.estimate).toBe(0);
    expect(byName.careful?.quality.estimate).toBe(1);
    // The cheaper-or-equal, confidently better baseline dominates the careless prompt.
    expect(byName.careless?.pareto).toBe(false);
  });
});
