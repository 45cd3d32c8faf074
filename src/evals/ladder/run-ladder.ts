import type { RouteConfig } from '../../config/route-schema.js';
import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import { seededRandom } from '../../core/seeded-random.js';
import type { ModelClient } from '../../gateway/model-client.js';
import { forEachConcurrent } from '../runner/limit-concurrency.js';
import { gitCommit } from '../runner/run-suite.js';
import { summarizeRun } from '../runner/summarize-run.js';
import { qualityMeanInterval } from '../stats/paired-mean.js';
import { percentiles } from '../stats/percentile.js';
import type { DatasetStore } from '../store/dataset-store.js';
import type { RunStore } from '../store/run-store.js';
import type { DatasetItem, DatasetVersion, ResultRecord } from '../types.js';
import type { LadderChoice, LadderReport, RungReport } from './ladder-report.js';
import { callErrorCauses } from '../report/error-causes.js';
import { pickRung, type RungFigures } from './pick-rung.js';
import { type Rung, rungsFor } from './rungs.js';
import { type LadderScorer, scoreAnswer } from './score-answer.js';

export type { LadderReport, RungReport } from './ladder-report.js';

export interface LadderOptions {
  route: string;
  routeConfig: RouteConfig | undefined;
  models: ModelClient;
  runs: RunStore;
  datasets: DatasetStore;
  dataset: DatasetVersion;
  /** Knowledge bases to try besides the route's own. */
  extraBases?: readonly string[];
  /** Quality a cheaper rung may lose and still pay, in [0, 1] (0.02 = 2 points). */
  tolerance: number;
  scorer: LadderScorer;
  concurrency: number;
  /** First N items only. */
  limit?: number;
  /** The route's traffic, for the monthly cost; null when unknown. */
  requestsPerMonth: number | null;
  /** Where that figure came from, in words. */
  trafficSource: string;
  clock: Clock;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  seed?: number;
}

interface CaseResult {
  quality: number;
  costUsd: number;
  latencyMs: number;
  error: boolean;
  retrievalMs?: number;
  grounded?: boolean;
  local?: boolean;
}

/**
 * Evaluates the rungs of a route's ladder on one dataset through the gateway (each call routed,
 * costed and traced like any), stores them as an eval run whose variants are the rungs, and names
 * the rung that pays.
 *
 * @example const report = await runLadder({ route: 'support', routeConfig, models, runs, datasets, dataset, tolerance: 0.02, scorer: 'contains', concurrency: 4, requestsPerMonth: 90000, trafficSource: 'last 30 days', clock: systemClock });
 */
export async function runLadder(options: LadderOptions): Promise<LadderReport> {
  const { rungs, missing } = rungsFor(options.route, options.routeConfig, options.extraBases);
  const items: { item: DatasetItem; position: number }[] = [];
  for await (const item of options.datasets.items(options.dataset.id)) {
    if (options.limit !== undefined && items.length >= options.limit) break;
    items.push({ item, position: items.length });
  }
  const runId = newId('run', options.clock.now());
  await options.runs.create({
    id: runId,
    createdAt: options.clock.now(),
    finishedAt: null,
    status: 'running',
    name: `ladder ${options.route}`,
    suite: { ladder: { route: options.route, rungs: rungs.map((r) => ({ name: r.name, overrides: r.overrides })), tolerance: options.tolerance, scorer: options.scorer, limit: options.limit ?? null } },
    suitePath: null,
    dataset: options.dataset.dataset,
    datasetVersion: options.dataset.version,
    datasetHash: options.dataset.hash,
    gitCommit: gitCommit(process.cwd()),
    configPath: null,
    configHash: null,
    gateway: 'in-process',
    variants: Object.fromEntries(rungs.map((r) => [r.name, { model: options.route, messages: [{ role: 'user', content: '{{input}}' }], params: { overrides: r.overrides }, targets: [] }])),
    summary: null,
    rerunOf: null,
  });
  const results = new Map<string, Map<string, CaseResult>>(rungs.map((r) => [r.name, new Map()]));
  const total = items.length * rungs.length;
  let done = 0;
  const work = rungs.flatMap((rung) => items.map((entry) => ({ rung, ...entry })));
  const run = async ({ rung, item, position }: (typeof work)[number]) => {
    const result = await runCase(options, runId, rung, item, position);
    results.get(rung.name)?.set(item.id, result);
    options.onProgress?.(++done, total);
  };
  const stop = () => options.signal?.aborted === true;
  // Each rung's first case runs alone: what a rung does once (the gateway opening its knowledge
  // base, ~0.1-0.3 s) is then paid by one case, as on a running gateway, not by every case of the
  // first concurrent batch, which put the README example's retrieval p50 at 118 ms, not ~1 ms.
  const [firsts, rest] = [work.filter((w) => w.position === 0), work.filter((w) => w.position !== 0)];
  await forEachConcurrent(firsts, 1, run, stop);
  await forEachConcurrent(rest, options.concurrency, run, stop);
  const reports = rungs.map((rung) => rungReport(rung, results.get(rung.name) as Map<string, CaseResult>, options));
  const figures: RungFigures[] = reports.map((r) => ({
    name: r.name,
    quality: new Map([...(results.get(r.name) as Map<string, CaseResult>)].map(([id, c]) => [id, c.quality])),
    costPerRequestUsd: r.costPer1kUsd / 1000,
    latencyP50Ms: r.latencyP50Ms,
  }));
  // With no answer on any rung every quality is a 0 from a failed call: no rung can pay, and the
  // verdict says why instead ("prompt pays" at $0.0000 when the provider was down).
  const answered = reports.some((r) => r.cases > r.errors);
  const choice = answered || reports.length === 0 ? pickRung(figures, options.tolerance, seededRandom(options.seed ?? 1)) : noAnswer(await callErrorCauses(options.runs.results(runId)));
  const report: LadderReport = {
    route: options.route,
    dataset: options.dataset.dataset,
    datasetVersion: options.dataset.version,
    runId,
    tolerance: options.tolerance,
    scorer: options.scorer,
    requestsPerMonth: options.requestsPerMonth,
    trafficSource: options.trafficSource,
    rungs: reports,
    missing,
    ...choice,
  };
  const summary = await summarizeRun(options.runs, runId, Object.fromEntries(rungs.map((r) => [r.name, options.route])), options.seed ?? 1);
  await options.runs.setStatus(runId, options.signal?.aborted ? 'interrupted' : 'completed', options.clock.now(), { ...summary, ladder: report });
  return report;
}

/** The verdict of a ladder whose every call failed, naming the commonest cause. */
function noAnswer(causes: readonly [string, number][]): LadderChoice {
  const [message, count] = causes[0] ?? ['unknown error', 0];
  const others = causes.length > 1 ? ` (and ${causes.length - 1} other causes: switchyard eval show on the run lists each case)` : '';
  return { pays: null, best: null, verdicts: [], reason: `no rung answered a case, so none can pay: every call failed; ${count} × ${message}${others}` };
}

async function runCase(options: LadderOptions, runId: string, rung: Rung, item: DatasetItem, position: number): Promise<CaseResult> {
  const started = performance.now();
  const record: ResultRecord = {
    runId, variant: rung.name, caseId: item.id, repeat: 0, position, output: null, error: null, latencyMs: null, inputTokens: 0, outputTokens: 0,
    costUsd: 0, scorerCostUsd: 0, traceId: null, cached: false, scores: [], quality: 0, pass: false, createdAt: options.clock.now(),
  };
  let result: CaseResult;
  try {
    const answer = await options.models.chat(
      { model: options.route, messages: [{ role: 'user', content: inputText(item) }] },
      { feature: 'ladder', overrides: rung.overrides, metadata: { ladder_run: runId, rung: rung.name }, ...(options.signal ? { signal: options.signal } : {}) },
    );
    const text = String(answer.value.choices[0]?.message.content ?? '');
    const quality = scoreAnswer(text, item.expected, options.scorer);
    const decisions = answer.decisions ?? {};
    const knowledge = decisions.knowledge as { retrievalMs?: number } | undefined;
    const grounded = decisions.groundedness as { pass?: boolean } | undefined;
    const local = decisions.local as { answered?: boolean } | undefined;
    Object.assign(record, {
      output: text, latencyMs: answer.latencyMs, inputTokens: answer.usage?.inputTokens ?? 0, outputTokens: answer.usage?.outputTokens ?? 0, costUsd: answer.costUsd, traceId: answer.traceId,
      scores: [{ scorer: options.scorer, pass: quality === 1, score: quality, reason: quality === 1 ? 'matches the expected answer' : 'does not match the expected answer' }], quality, pass: quality === 1,
    });
    result = {
      quality, costUsd: answer.costUsd, latencyMs: answer.latencyMs, error: false,
      ...(typeof knowledge?.retrievalMs === 'number' ? { retrievalMs: knowledge.retrievalMs } : {}),
      ...(typeof grounded?.pass === 'boolean' ? { grounded: grounded.pass } : {}),
      ...(rung.kind === 'local' ? { local: local?.answered === true } : {}),
    };
  } catch (error) {
    // A failed call scores 0, as in eval runs: an answer the route could not give is a bad answer.
    record.error = (error as Error).message.slice(0, 1_000);
    record.latencyMs = performance.now() - started;
    result = { quality: 0, costUsd: 0, latencyMs: record.latencyMs, error: true };
  }
  await options.runs.putResult(record);
  return result;
}

/** The text sent: the item's input, or its `question` / `input` / `text` field. */
function inputText(item: DatasetItem): string {
  if (typeof item.input === 'string') return item.input;
  for (const field of ['question', 'input', 'text', 'query']) if (typeof item.input[field] === 'string') return item.input[field] as string;
  return JSON.stringify(item.input);
}

function rungReport(rung: Rung, cases: ReadonlyMap<string, CaseResult>, options: LadderOptions): RungReport {
  const all = [...cases.values()];
  const quality = qualityMeanInterval(all.map((c) => c.quality), { random: seededRandom((options.seed ?? 1) + rung.name.length) });
  const costPer1kUsd = all.length ? (all.reduce((s, c) => s + c.costUsd, 0) / all.length) * 1000 : 0;
  const [p50, p95] = percentiles(all.filter((c) => !c.error).map((c) => c.latencyMs), [0.5, 0.95]);
  const report: RungReport = {
    name: rung.name,
    kind: rung.kind,
    description: rung.description,
    cases: all.length,
    errors: all.filter((c) => c.error).length,
    quality,
    costPer1kUsd,
    monthlyCostUsd: options.requestsPerMonth === null ? null : (costPer1kUsd / 1000) * options.requestsPerMonth,
    latencyP50Ms: p50 ?? Number.NaN,
    latencyP95Ms: p95 ?? Number.NaN,
  };
  const retrieval = all.flatMap((c) => (c.retrievalMs === undefined ? [] : [c.retrievalMs]));
  if (retrieval.length > 0) {
    const [r50, r95] = percentiles(retrieval, [0.5, 0.95]);
    report.retrievalMs = { p50: r50 as number, p95: r95 as number };
  }
  const grounded = all.flatMap((c) => (c.grounded === undefined ? [] : [c.grounded]));
  if (grounded.length > 0) report.groundedShare = grounded.filter(Boolean).length / grounded.length;
  if (rung.kind === 'local') report.localShare = all.length ? all.filter((c) => c.local).length / all.length : 0;
  return report;
}
