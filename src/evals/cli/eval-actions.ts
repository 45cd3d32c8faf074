import { systemClock } from '../../core/clock.js';
import { evaluate, type EvaluateOptions } from '../evaluate.js';
import { generateFromFolder } from '../generate.js';
import { type GateMode, ciGate } from '../runner/ci-gate.js';
import { compareRuns } from '../runner/compare-runs.js';
import type { RunOutcome } from '../runner/run-suite.js';
import type { RunSummary } from '../runner/summarize-run.js';
import { formatComparison } from '../report/format-comparison.js';
import { formatRun } from '../report/format-run.js';
import { openEvalDatabase } from '../store/open-eval-database.js';
import type { DatasetVersion } from '../store/dataset-store.js';
import { RunStore } from '../store/run-store.js';
import { dbPathOf, type GatewayFlags, interruptOnSigint, numberFlag } from './common-flags.js';
import { progressBar } from './progress.js';
import { writeRunJson } from './write-run-json.js';
import { SwitchyardError } from '../../core/errors.js';

export interface RunFlags extends GatewayFlags {
  cache?: boolean;
  skipBadLines?: boolean;
  json?: string;
  baseline?: string;
  tolerance?: string;
  gate?: string;
}

type Mode = { suitePath: string } | { resumeRunId: string } | { rerunOf: string };

/**
 * `eval run|resume|rerun`: runs with a progress bar and Ctrl-C handling, prints the report,
 * writes JSON, and applies the CI gate when a baseline is given (exit code 1 on regression).
 */
export async function runAction(mode: Mode, flags: RunFlags): Promise<void> {
  const dbPath = dbPathOf(flags);
  const tolerance = numberFlag('--tolerance', flags.tolerance, 0.02, 0, 1);
  const gateMode = (flags.gate ?? 'regression') as GateMode;
  if (gateMode !== 'regression' && gateMode !== 'non-inferiority') throw new SwitchyardError('invalid_request', `--gate must be "regression" or "non-inferiority", got "${flags.gate}"`);
  const bar = progressBar('eval');
  const interrupt = interruptOnSigint(() => process.stderr.write('\nCtrl-C: finishing in-flight cases and keeping every finished result (Ctrl-C again to quit now)…\n'));
  let outcome: RunOutcome;
  try {
    const options: EvaluateOptions = {
      ...mode,
      dbPath,
      configPath: flags.config,
      gatewayUrl: flags.gateway,
      apiKey: flags.apiKey,
      noCache: flags.cache === false,
      skipBadLines: flags.skipBadLines,
      signal: interrupt.signal,
      onProgress: (done, total) => bar.update(done, total),
    };
    outcome = await evaluate(options);
  } finally {
    bar.stop();
    interrupt.dispose();
  }
  console.log(formatRun(outcome.run, outcome.summary));
  const db = openEvalDatabase(dbPath);
  try {
    const runs = new RunStore(db);
    if (flags.json) {
      writeRunJson(flags.json, outcome.run, outcome.summary, runs);
      console.log(`full result written to ${flags.json}`);
    }
    if (outcome.run.status === 'interrupted') {
      console.log(`interrupted after ${outcome.done} of ${outcome.total}; resume with: switchyard eval resume ${outcome.run.id}`);
      process.exitCode = 130;
      return;
    }
    console.log(`compare: switchyard eval compare ${outcome.run.id} OTHER_RUN · repeat exactly: switchyard eval rerun ${outcome.run.id}`);
    if (flags.baseline) {
      const comparison = compareRuns(runs, flags.baseline, outcome.run.id, { seed: 1 });
      console.log(formatComparison(comparison));
      const verdict = ciGate(comparison, tolerance, gateMode);
      for (const line of verdict.lines) console.log(line);
      console.log(verdict.passed ? 'gate: passed' : `gate: FAILED (baseline ${comparison.runA}, tolerance ${tolerance})`);
      if (!verdict.passed) process.exitCode = 1;
    }
  } finally {
    db.close();
  }
}

/** `eval compare A B`: paired differences and McNemar; `--json` for scripts. */
export function compareAction(a: string, b: string, flags: { db?: string; variants?: string; json?: boolean }): void {
  const db = openEvalDatabase(dbPathOf(flags));
  try {
    const pairs = flags.variants?.split(',').map((pair): [string, string] => {
      const [x, y] = pair.split(':');
      if (!x || !y) throw new SwitchyardError('invalid_request', `--variants takes A:B pairs separated by commas, got "${pair}"`);
      return [x, y];
    });
    const comparison = compareRuns(new RunStore(db), a, b, { pairs, seed: 1 });
    console.log(flags.json ? JSON.stringify(comparison, null, 2) : formatComparison(comparison));
  } finally {
    db.close();
  }
}

/** `eval list`: recent runs. */
export function listAction(flags: { db?: string; limit?: string; json?: boolean }): void {
  const db = openEvalDatabase(dbPathOf(flags));
  try {
    const runs = new RunStore(db).list(numberFlag('--limit', flags.limit, 20, 1, 1000));
    if (flags.json) return void console.log(JSON.stringify(runs.map(({ suite: _suite, ...rest }) => rest), null, 2));
    for (const r of runs) {
      const summary = r.summary as RunSummary | null;
      const best = summary?.variants.map((v) => `${v.variant} ${(v.quality.estimate * 100).toFixed(1)}%`).join(', ') ?? '';
      console.log(`${r.id}  ${new Date(r.createdAt).toISOString().slice(0, 19)}  ${r.status.padEnd(11)} ${r.name}  ${r.dataset}@${r.datasetVersion}  ${best}`);
    }
    if (runs.length === 0) console.log('no runs yet: switchyard eval run SUITE --config FILE');
  } finally {
    db.close();
  }
}

/** `eval show ID`: the stored report of a run, optionally with every case. */
export function showAction(id: string, flags: { db?: string; cases?: boolean; json?: string }): void {
  const db = openEvalDatabase(dbPathOf(flags));
  try {
    const runs = new RunStore(db);
    const run = runs.get(id);
    if (!run.summary) throw new SwitchyardError('not_found', `run ${run.id} has no summary yet (status ${run.status})`);
    console.log(formatRun(run, run.summary as RunSummary));
    if (flags.cases) {
      for (const r of runs.results(run.id)) {
        const scores = r.scores.map((s) => `${s.scorer}=${s.error ? `error(${s.error.slice(0, 40)})` : s.score.toFixed(2)}`).join(' ');
        console.log(`${r.caseId}  ${r.variant}#${r.repeat}  ${r.error ? `ERROR ${r.error.slice(0, 80)}` : `q=${r.quality?.toFixed(2) ?? '-'} ${scores}`}`);
      }
    }
    if (flags.json) writeRunJson(flags.json, run, run.summary as RunSummary, runs);
  } finally {
    db.close();
  }
}

/** `eval generate --from DIR --count N`. */
export async function generateAction(flags: GatewayFlags & { from: string; count: string; model: string; dataset?: string; seed?: string }): Promise<void> {
  const started = systemClock.now();
  const result = await generateFromFolder({
    from: flags.from,
    count: numberFlag('--count', flags.count, 20, 1, 10_000),
    model: flags.model,
    dataset: flags.dataset,
    seed: numberFlag('--seed', flags.seed, 1, 0, 2 ** 31),
    dbPath: dbPathOf(flags),
    configPath: flags.config,
    gatewayUrl: flags.gateway,
    apiKey: flags.apiKey,
  });
  const queued = await queueGenerated(dbPathOf(flags), result.version);
  console.log(
    `added ${result.added} unreviewed item(s) to ${result.version.dataset}@${result.version.version} in ${((systemClock.now() - started) / 1000).toFixed(1)} s; ${queued} are waiting in the review queue (dashboard → Review) to be accepted before you rely on them`,
  );
  for (const f of result.failures) console.log(`  skipped a passage of ${f.source}: ${f.error}`);
}

/** Hands the new unreviewed items to the review queue, in the same SQLite file. */
async function queueGenerated(dbPath: string, version: DatasetVersion): Promise<number> {
  const { openDatabase } = await import('../../store/sqlite/open-database.js');
  const { REVIEW_MIGRATIONS } = await import('../../review/sqlite/review-migrations.js');
  const { SqliteReviewStore } = await import('../../review/sqlite/sqlite-review-store.js');
  const { queueUnreviewedItems } = await import('../../review/queue-unreviewed-items.js');
  const { DatasetStore } = await import('../store/dataset-store.js');
  const db = openDatabase(dbPath, [REVIEW_MIGRATIONS]);
  try {
    const items = new DatasetStore(db).items(version.id);
    return (await queueUnreviewedItems(new SqliteReviewStore(db), version.dataset, items)).length;
  } finally {
    db.close();
  }
}
