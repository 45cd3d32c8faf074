import { describe, expect, it } from 'vitest';
import { registerEval } from '../../cli/commands/eval.js';
import { openStores } from '../../store/open-stores.js';
import { cliPerFile } from '../__fixtures__/cli-per-file.js';
import { SUPPORT_JSONL, type SimWorld } from '../__fixtures__/sim-gateway.js';

let world: SimWorld;
const run = cliPerFile(registerEval, (started) => {
  world = started;
  world.write('support.jsonl', SUPPORT_JSONL);
  world.write('suite.yaml', 'dataset: support.jsonl\nvariants:\n  bot: { model: small, prompt: "Cache me: {{input}}" }\nscorers:\n  - { type: contains, value: ships }\n');
});

/** Runs `switchyard eval …` in-process and returns what it printed on stdout. */
const cli = (...argv: string[]): Promise<string> => run(...argv, '--db', world.dbPath);

const runId = (out: string) => /run (run_\w+) · completed/.exec(out)?.[1] as string;
const suite = () => `${world.dir}/suite.yaml`;

describe('the eval response cache', () => {
  it('--no-cache calls again and replaces the cached answer; the next cached run serves the newest, traced as cache hits', async () => {
    world.sim.addScript({ model: 'standin-small', match: '^Cache me', reply: 'It ships Monday.' }, true);
    const first = runId(await cli('eval', 'run', suite(), '--config', world.configPath));
    world.sim.addScript({ model: 'standin-small', match: '^Cache me', reply: 'It ships Friday.' }, true);
    const calls = world.sim.stats().requests;
    const fresh = runId(await cli('eval', 'run', suite(), '--config', world.configPath, '--no-cache'));
    expect(world.sim.stats().requests).toBe(calls + 5);
    const cached = await cli('eval', 'run', suite(), '--config', world.configPath);
    expect(world.sim.stats().requests).toBe(calls + 5);
    expect(cached).toMatch(/5 answers came from the response cache/);
    const shown = await cli('eval', 'show', 'last', '--cases');
    expect(shown).toMatch(/card · bot · pass · quality 100\.0% · from the response cache/);
    expect(shown).toContain('output:   It ships Friday.');
    expect(shown).not.toContain('It ships Monday.');
    const stores = await openStores({ sqlite: world.dbPath });
    try {
      const last = (await stores.runs.list(1))[0];
      const hits = await stores.traces.selectTraces({ metadata: { eval_run: last?.id ?? '', cache: 'hit' } });
      expect(hits).toHaveLength(5);
      const hit = hits.find((t) => t.metadata?.case === 'card');
      expect(hit).toMatchObject({ provider: 'eval-cache', costUsd: 0, status: 200, decisions: { cache: { hit: true } } });
      // The hit points at the trace of the call that made the answer (the --no-cache run's).
      const original = await stores.traces.getTrace(String(hit?.metadata?.original_trace));
      expect(original?.metadata).toMatchObject({ eval_run: fresh, case: 'card' });
      expect(first).not.toBe(fresh);
    } finally {
      await stores.close();
    }
  });

  it('a run made with --no-cache keeps that setting when repeated', async () => {
    await cli('eval', 'run', suite(), '--config', world.configPath, '--no-cache');
    const calls = world.sim.stats().requests;
    const again = await cli('eval', 'rerun', 'last', '--config', world.configPath);
    expect(again).not.toMatch(/came from the response cache/);
    expect(world.sim.stats().requests).toBe(calls + 5);
  });
});

describe('run references and --json', () => {
  it('accepts last and last~N wherever a run is expected', async () => {
    const compared = await cli('eval', 'compare', 'last~1', 'last');
    expect(compared).toMatch(/bot/);
    const gated = await cli('eval', 'run', suite(), '--config', world.configPath, '--baseline', 'last', '--gate', 'regression');
    expect(gated).toMatch(/PASS bot: .*rule of three.*passes only because --gate regression was asked for[\s\S]*gate: passed \(regression, /);
    await expect(cli('eval', 'show', 'last~999')).rejects.toThrow(/"last~999" names the run 999 before the most recent, but the store has only \d+ runs?/);
  });

  it('--baseline last is the same suite\'s previous run, not a run of another suite made in between', async () => {
    world.write('other.yaml', 'name: other\ndataset: support.jsonl\nvariants:\n  bot: { model: small, prompt: "Other: {{input}}" }\nscorers:\n  - { type: contains, value: ships }\n');
    const previous = runId(await cli('eval', 'run', suite(), '--config', world.configPath));
    const other = runId(await cli('eval', 'run', `${world.dir}/other.yaml`, '--config', world.configPath));
    const gated = await cli('eval', 'run', suite(), '--config', world.configPath, '--baseline', 'last', '--gate', 'regression');
    expect(gated).toContain(`A = ${previous}`);
    expect(gated).not.toContain(other);
    world.write('fresh.yaml', 'name: fresh\ndataset: support.jsonl\nvariants:\n  bot: { model: small, prompt: "Fresh: {{input}}" }\nscorers:\n  - { type: contains, value: ships }\n');
    await expect(cli('eval', 'run', `${world.dir}/fresh.yaml`, '--config', world.configPath, '--baseline', 'last')).rejects.toThrow('"last" names the most recent earlier run of suite "fresh", but the store has none of it: run the suite once without --baseline');
  });

  it('--json prints one JSON document on stdout, --out writes the same to a file', async () => {
    const json = JSON.parse(await cli('eval', 'show', 'last', '--json')) as { run: { id: string }; results: { caseId: string }[] };
    expect(json.results).toHaveLength(5);
    const out = `${world.dir}/show.json`;
    await cli('eval', 'show', 'last', '--out', out);
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(json);
    const ran = JSON.parse(await cli('eval', 'run', suite(), '--config', world.configPath, '--json')) as { run: { status: string }; summary: unknown };
    expect(ran.run.status).toBe('completed');
  });
});
