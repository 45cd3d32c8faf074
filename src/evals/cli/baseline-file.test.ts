import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerEval } from '../../cli/commands/eval.js';
import { cliPerFile } from '../__fixtures__/cli-per-file.js';
import { SUPPORT_JSONL, type SimWorld } from '../__fixtures__/sim-gateway.js';

// A CI job starts from an empty store: its baseline is the result file a run on the main branch
// wrote with --out (an artifact, or a file kept beside the suite), not a run in its own store.

let world: SimWorld;
const run = cliPerFile(registerEval, (started) => {
  world = started;
  world.write('support.jsonl', SUPPORT_JSONL);
  world.write('suite.yaml', 'name: gate\ndataset: support.jsonl\nvariants:\n  bot: { model: small, prompt: "Gate me: {{input}}" }\nscorers:\n  - { type: contains, value: ships }\ncache: false\n');
});

/** Runs `switchyard eval …` in-process against the SQLite file `db`; returns stdout. */
const cli = (db: string, ...argv: string[]): Promise<string> => run(...argv, '--db', db);

const reply = (text: string) => world.sim.addScript({ model: 'standin-small', match: '^Gate me', reply: text }, true);

describe('a suite naming a stored dataset, run against a store that holds none', () => {
  // Run from another folder, eval run opened that folder's new .switchyard/ store and said only
  // "known datasets: none": the datasets imported in the project folder read as lost.
  it('names the store it opened and why it is empty; a store with datasets says only the usual', async () => {
    const suite = world.write('stored.yaml', 'name: stored\ndataset: support-traffic\nvariants:\n  bot: { model: small, prompt: "{{input}}" }\nscorers:\n  - { type: contains, value: ships }\n');
    const empty = join(world.dir, 'elsewhere.db');
    await expect(cli(empty, 'eval', 'run', suite, '--config', world.configPath)).rejects.toThrow(
      `stored.yaml:2: dataset "support-traffic" not found; known datasets: none (import one with \`switchyard datasets import FILE\`)\n  the store this run opened, ${empty}, holds no datasets: a SQLite store is the folder's own`,
    );
    const filled = join(world.dir, 'filled.db');
    reply('It ships Monday.');
    await cli(filled, 'eval', 'run', join(world.dir, 'suite.yaml'), '--config', world.configPath);
    await expect(cli(filled, 'eval', 'run', suite, '--config', world.configPath)).rejects.toThrow(/stored\.yaml:2: dataset "support-traffic" not found; known datasets: support@1$/);
  });
});

describe('a baseline from a result file (--out)', () => {
  it('gates a run in a fresh store against the file an earlier run wrote, and fails on a shown drop', async () => {
    const suite = join(world.dir, 'suite.yaml');
    const baseline = join(world.dir, 'baseline.json');
    reply('It ships Monday.');
    await cli(join(world.dir, 'main.db'), 'eval', 'run', suite, '--config', world.configPath, '--out', baseline);
    expect(process.exitCode).toBeUndefined();

    // The same answers, in a CI job's empty store: compared case by case with the file's run.
    const same = await cli(join(world.dir, 'ci-1.db'), 'eval', 'run', suite, '--config', world.configPath, '--baseline', baseline, '--gate', 'regression');
    expect(same).toMatch(/│ bot +│ 5 │ 100\.0% +│ 100\.0% /);
    expect(same).toContain('gate: passed (regression, tolerance 0.02)');
    expect(process.exitCode).toBeUndefined();

    reply('No idea, sorry.');
    const worse = await cli(join(world.dir, 'ci-2.db'), 'eval', 'run', suite, '--config', world.configPath, '--baseline', baseline, '--gate', 'regression');
    expect(worse).toMatch(/│ bot +│ 5 │ 100\.0% +│ 0\.0% /);
    expect(worse).toMatch(/gate: FAILED \(regression, baseline run_\w+, tolerance 0\.02\)/);
    expect(process.exitCode).toBe(1);

    // eval compare takes a file on either side, and leaves the store as it was.
    process.exitCode = undefined;
    const compared = await cli(join(world.dir, 'ci-2.db'), 'eval', 'compare', baseline, 'last');
    expect(compared).toMatch(/│ bot +│ 5 │ 100\.0% +│ 0\.0% +│ -100\.0 pts/);
    expect(compared).toMatch(/cost and latency, A → B:\n {2}bot: \$[\d.]+ → \$[\d.]+ a case \([\d.]+×\), p50 [\d.]+ ms → [\d.]+ ms, p95 /);
    const listed = await cli(join(world.dir, 'ci-2.db'), 'eval', 'list');
    expect(listed.match(/run_\w+/g)).toHaveLength(1);
  });

  it('names what is wrong with a file that is not a result, and what a fresh store should gate against', async () => {
    const suite = join(world.dir, 'suite.yaml');
    const run = { id: 'run_x', createdAt: 1, status: 'completed', name: 'gate', dataset: 'd', datasetVersion: 1, datasetHash: 'h', variants: {} };
    const bad = world.write('bad.json', JSON.stringify({ run, results: [{ runId: 'run_x', variant: 'bot', caseId: 5, repeat: 0, error: null, scores: [], quality: 1, pass: true }] }));
    await expect(cli(join(world.dir, 'ci-2.db'), 'eval', 'compare', bad, 'last')).rejects.toThrow(/result file .*bad\.json is not a run's result as eval run --out writes it: results\[0\]\.caseId: expected string, got 5/);
    // Numbers no run writes: they read as "Infinity%" quality and "$∞ a case (NaN×)".
    const result = { runId: 'run_x', variant: 'bot', caseId: 'a', repeat: 0, error: null, latencyMs: -1e308, costUsd: 1e308, scores: [{ scorer: 'exact', score: 1e308, pass: true }], quality: 1e308, pass: true };
    const huge = world.write('huge.json', JSON.stringify({ run, results: [result] }));
    await expect(cli(join(world.dir, 'ci-2.db'), 'eval', 'compare', huge, 'last')).rejects.toThrow(
      /huge\.json is not a run's result as eval run --out writes it: results\[0\]\.latencyMs: .*; results\[0\]\.scores\[0\]\.score: .*; results\[0\]\.quality: /,
    );
    const twice = world.write('twice.json', JSON.stringify({ run, results: [{ ...result, latencyMs: 5, costUsd: 0.1, scores: [], quality: 1 }, { ...result, caseId: 'b', latencyMs: 5, costUsd: 0.1, scores: [], quality: 1 }, { ...result, latencyMs: 5, costUsd: 0.1, scores: [], quality: 1 }] }));
    await expect(cli(join(world.dir, 'ci-2.db'), 'eval', 'compare', twice, 'last')).rejects.toThrow(/twice\.json: results\[2\] is variant "bot", case "a", repeat 0 again \(as results\[0\]\); a run writes each once/);
    await expect(cli(join(world.dir, 'ci-3.db'), 'eval', 'run', suite, '--config', world.configPath, '--baseline', join(world.dir, 'missing.json'))).rejects.toThrow(/result file .*missing\.json not found: no such file.* \(a run's result is written by eval run --out FILE/);
    // A typo in a CI step's path names the file meant; without a ".json" ending it was looked up
    // as a run id: `run "…/kept.jsn" not found (recent runs: none)`.
    world.write('kept.json', '{}');
    // The dataset or the suite beside the result file, given in its place.
    await expect(cli(join(world.dir, 'ci-3.db'), 'eval', 'compare', join(world.dir, 'support.jsonl'), 'last')).rejects.toThrow(/support\.jsonl is not JSON \([\s\S]*\) \(a \.jsonl file holds JSON lines, such as a dataset, not a run's result\): expected what eval run --out writes/);
    await expect(cli(join(world.dir, 'ci-3.db'), 'eval', 'compare', join(world.dir, 'suite.yaml'), 'last')).rejects.toThrow(/suite\.yaml is not JSON \([\s\S]*\) \(a YAML file, such as an eval suite, which runs with eval run SUITE, not a run's result\)/);
    await expect(cli(join(world.dir, 'ci-3.db'), 'eval', 'run', suite, '--config', world.configPath, '--baseline', join(world.dir, 'kept.jsn'))).rejects.toThrow(/result file .*kept\.jsn not found: no such file \(did you mean .*kept\.json\?\)/);
    await expect(cli(join(world.dir, 'ci-3.db'), 'eval', 'compare', join(world.dir, 'kept.jsn'), 'last')).rejects.toThrow(/did you mean .*kept\.json\?/);
    await expect(cli(join(world.dir, 'ci-3.db'), 'eval', 'run', suite, '--config', world.configPath, '--baseline', 'last')).rejects.toThrow(
      /the store has no runs yet .*; where the store starts empty \(a CI job\), gate against an earlier run's result file instead: --baseline baseline\.json/,
    );
  });
});
