import { quoteClipped } from '../../core/clip.js';
import { existsSync } from 'node:fs';
import { knowledgeFileFor } from '../../config/default-store.js';
import { loadConfigFile } from '../../config/load-config.js';
import type { StoreConfig } from '../../config/schema.js';
import { systemClock } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';
import { datasetOfArgument } from '../../evals/datasets/dataset-argument.js';
import { openInProcessGateway } from '../../evals/client/in-process-gateway.js';
import { interruptOnSigint } from '../../evals/cli/common-flags.js';
import { progressBar } from '../../evals/cli/progress.js';
import { formatLadder } from '../../evals/ladder/format-ladder.js';
import { runLadder } from '../../evals/ladder/run-ladder.js';
import type { LadderScorer } from '../../evals/ladder/score-answer.js';
import type { TraceQuery } from '../../core/trace.js';
import type { TraceStore } from '../../core/trace-store.js';
import { branchAliases, withBranchAliases } from '../../monitor/branch-aliases.js';
import { routeReports } from '../../monitor/route-report.js';
import { openKnowledgeStore } from '../../store/open-knowledge-store.js';
import { withStores } from '../open-cli-stores.js';
import { CLI } from '../../core/cli-command.js';
import { numberFlag } from '../../core/number-flag.js';

export interface LadderFlags {
  route: string;
  dataset: string;
  config?: string;
  db?: string;
  kb?: string[];
  tolerance?: string;
  scorer?: string;
  limit?: string;
  concurrency?: string;
  requestsPerMonth?: string;
  /** A --dataset file's input and expected columns (`local train` has --text-column / --label-column). */
  inputColumn?: string;
  expectedColumn?: string;
  json?: boolean;
}

const MONTH_MS = 30 * 24 * 3600 * 1000;

/** Traces matching a query, counted page by page (bounded: evaluation traffic is what it counts). */
async function countTraces(traces: TraceStore, query: TraceQuery): Promise<number> {
  let count = 0;
  let before: string | undefined;
  for (let page = 0; page < 1_000; page++) {
    const result = await traces.listTraces({ ...query, limit: 1_000, ...(before ? { before } : {}) });
    count += result.traces.length;
    if (!result.next) break;
    before = result.next;
  }
  return count;
}

/**
 * `switchyard ladder`: runs a route's rungs in an in-process gateway on a dataset and prints (or
 * `--json`) the report. The route's traffic over the last 30 days, from the store's rollups,
 * gives the monthly cost unless `--requests-per-month` says otherwise.
 */
export async function ladderAction(flags: LadderFlags): Promise<void> {
  if (!flags.config) throw new SwitchyardError('invalid_request', 'ladder needs --config FILE (the gateway config): it runs the route in this process with and without its knowledge base and local model');
  const config = loadConfigFile(flags.config);
  const tolerance = numberFlag('--tolerance', flags.tolerance, { min: 0, max: 1, fallback: 0.02 });
  const concurrency = numberFlag('--concurrency', flags.concurrency, { min: 1, max: 64, integer: true, fallback: 4 });
  const limit = flags.limit === undefined ? undefined : numberFlag('--limit', flags.limit, { min: 1, max: 10_000_000, integer: true });
  const scorer = (flags.scorer ?? 'contains') as LadderScorer;
  if (scorer !== 'contains' && scorer !== 'exact') throw new SwitchyardError('invalid_request', `--scorer must be "contains" or "exact", got ${quoteClipped(flags.scorer)}`);
  const route = config.routes[flags.route];
  if (!route) throw new SwitchyardError('not_found', `route ${quoteClipped(flags.route)} is not in ${flags.config} (routes: ${Object.keys(config.routes).join(', ') || 'none'})`);
  const columns = { input: flags.inputColumn, expected: flags.expectedColumn };
  await withStores(flags, async (stores, store) => {
    await assertBasesExist(flags.kb ?? [], store);
    const dataset = await datasetOfArgument(stores.datasets, flags.dataset, { columns });
    let requestsPerMonth: number | null = null;
    let trafficSource = '';
    if (flags.requestsPerMonth !== undefined) {
      requestsPerMonth = numberFlag('--requests-per-month', flags.requestsPerMonth, { min: 0, max: 1e12 });
      trafficSource = '--requests-per-month';
    } else {
      // Measured before this ladder's calls add to it; earlier ladders' and evals' calls are not traffic.
      const now = Date.now();
      // Read under today's branch names, so older rows' shadow checks (`shadow`, now `(shadow)`) stay out of the requests.
      const rollups = withBranchAliases(stores.rollups, () => branchAliases(config.models, config.routes));
      const [report] = await routeReports(rollups, { [flags.route]: route.policy }, { since: now - MONTH_MS, until: now }, {});
      let own = 0;
      for (const feature of ['ladder', 'eval']) own += await countTraces(stores.traces, { model: flags.route, keyName: `switchyard:${feature}`, since: now - MONTH_MS });
      const requests = (report?.requests ?? 0) - own;
      requestsPerMonth = requests > 0 ? requests : null;
      trafficSource = 'the route\'s requests over the last 30 days, Switchyard\'s own evaluation calls left out';
    }
    const gateway = await openInProcessGateway({ ...config, store });
    const bar = flags.json ? undefined : progressBar('ladder');
    const interrupt = interruptOnSigint(() => process.stderr.write('\nCtrl-C: the calls in flight are cancelled; reporting what finished…\n'));
    let runId: string | undefined;
    try {
      const report = await runLadder({
        route: flags.route,
        routeConfig: route,
        models: gateway.models,
        runs: stores.runs,
        datasets: stores.datasets,
        dataset,
        extraBases: flags.kb ?? [],
        tolerance,
        scorer,
        concurrency,
        ...(limit !== undefined ? { limit } : {}),
        requestsPerMonth,
        trafficSource,
        clock: systemClock,
        signal: interrupt.signal,
        onProgress: (done, total) => bar?.update(done, total),
      });
      runId = report.runId;
      bar?.stop();
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatLadder(report));
      // A ladder on which nothing answered is no measurement: a script must not take it for one.
      if (report.rungs.length > 0 && report.rungs.every((r) => r.cases > 0 && r.errors === r.cases)) process.exitCode = 1;
    } finally {
      bar?.stop();
      interrupt.dispose();
      await gateway.close();
    }
    // The gateway has written the run's traces: they say who answered each rung, the simulator or
    // not, as an eval run records it (the Evals list and run page, the Routes page's ladder).
    if (runId !== undefined) await stores.runs.reconcileTargets(runId);
  });
}

/**
 * A `--kb` that names no knowledge base is refused before any call: run, it was a rung of answers
 * without context scored as if retrieval had failed (0% "worse than the best").
 */
async function assertBasesExist(names: readonly string[], store: StoreConfig): Promise<void> {
  if (names.length === 0) return;
  const known = 'sqlite' in store && !existsSync(knowledgeFileFor(store.sqlite)) ? [] : await listBases(store);
  const missing = names.filter((name) => !known.includes(name));
  if (missing.length === 0) return;
  const which = missing.map((name) => `"${name}"`).join(', ');
  throw new SwitchyardError('not_found', `--kb: no knowledge base ${which} (known: ${known.join(', ') || 'none'}); create one with ${CLI} kb add NAME PATH…`);
}

async function listBases(store: StoreConfig): Promise<string[]> {
  const knowledge = await openKnowledgeStore(store);
  try {
    return (await knowledge.listKnowledgeBases()).map((kb) => kb.name);
  } finally {
    await knowledge.close();
  }
}
