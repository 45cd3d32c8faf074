import { sha256 } from '../../core/sha256.js';
import type { OnlineEvalConfig } from '../../config/monitor-schema.js';
import { SwitchyardError } from '../../core/errors.js';
import type { TraceStore } from '../../core/trace-store.js';
import type { ModelCaller } from '../../evals/client/model-caller.js';
import { responseText } from '../../evals/datasets/trace-items.js';
import { buildScorers } from '../../evals/scorers/build-scorers.js';
import type { Scorer } from '../../evals/scorers/scorer.js';
import { scoreCase } from '../../evals/runner/score-case.js';
import type { JudgeStore } from '../../evals/store/judge-store.js';
import { scorerSchema } from '../../evals/suite/suite-schema.js';
import type { MonitorStore } from '../signals/monitor-store.js';
import type { Log } from '../../core/log.js';

/**
 * Whether a trace is in a sample of `rate`: a hash of its id, so every replica and every rerun
 * picks the same traces (langfuse's deterministic sampling).
 *
 * @example inSample('tr_abc', 0.1) // true for about one id in ten
 */
export function inSample(traceId: string, rate: number): boolean {
  // 8 hex digits: the digest's first 32 bits.
  return Number.parseInt(sha256(traceId, 'hex').slice(0, 8), 16) / 4_294_967_296 < rate;
}

/** An online evaluation of a route with its scorers built. */
export interface OnlineEvaluator {
  config: OnlineEvalConfig;
  scorers: Scorer[];
}

/**
 * Checks and builds the scorers of each `monitoring.online_eval` entry, with errors naming the
 * entry and scorer.
 *
 * @example const evaluators = await buildOnlineEvaluators(config.monitoring.online_eval, { judges: stores.judges });
 */
export async function buildOnlineEvaluators(entries: readonly OnlineEvalConfig[], context: { judges?: JudgeStore; baseDir?: string }): Promise<OnlineEvaluator[]> {
  return Promise.all(
    entries.map(async (entry, i) => {
      const specs = entry.scorers.map((raw, j) => {
        const parsed = scorerSchema.safeParse(raw);
        if (!parsed.success) throw new SwitchyardError('config_invalid', `monitoring.online_eval[${i}].scorers[${j}]: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'scorer'}: ${issue.message}`).join('; ')}`);
        return parsed.data;
      });
      const scorers = await buildScorers(specs, { baseDir: context.baseDir ?? process.cwd(), judges: context.judges, where: (j) => `monitoring.online_eval[${i}].scorers[${j}]` });
      return { config: entry, scorers };
    }),
  );
}

/**
 * One pass of online evaluation: for each route, the successful traces since `since` not yet
 * offered, sampled at the configured rate, scored with the route's scorers (judges through the
 * gateway), and the scores stored on their signals. Traces Switchyard made itself (judges, evals)
 * are never scored, so a judge's own calls cannot feed back into it. Returns how many were scored.
 *
 * @example await runOnlineEval({ evaluators, monitor: stores.monitor, traces: stores.traces, caller, since, until })
 */
export async function runOnlineEval(options: { evaluators: readonly OnlineEvaluator[]; monitor: MonitorStore; traces: Pick<TraceStore, 'getTrace'>; caller: ModelCaller; since: number; until: number; log?: Log }): Promise<number> {
  let scored = 0;
  for (const { config, scorers } of options.evaluators) {
    const candidates = await options.monitor.listSignals({ route: config.route, since: options.since, until: options.until, unscored: true, limit: 10_000 });
    const sampled = candidates.filter((s) => !(s.keyName ?? '').startsWith('switchyard:') && inSample(s.traceId, config.sample)).slice(0, config.max_per_run);
    for (const signal of sampled) {
      const trace = await options.traces.getTrace(signal.traceId);
      const output = trace ? responseText(trace.response) : undefined;
      if (!trace || output === undefined || signal.prompt === null) {
        await options.monitor.addScores(signal.traceId, {});
        continue;
      }
      const vars = new Map([['input', signal.prompt], ['output', output]]);
      const result = await scoreCase(scorers, {
        item: { id: signal.traceId, input: signal.prompt },
        output,
        variant: config.route,
        outputs: new Map([[config.route, output]]),
        vars,
        caller: options.caller,
        tags: { eval_run: 'online', case: signal.traceId, variant: config.route },
        repeat: 0,
      });
      const scores: Record<string, number> = {};
      for (const s of result.scores) {
        if (s.error === undefined) scores[s.scorer] = s.score;
        else options.log?.(`online eval ${config.route}: scorer ${s.scorer} failed on ${signal.traceId}: ${s.error}`, { level: 'warn' });
      }
      await options.monitor.addScores(signal.traceId, scores);
      scored++;
    }
  }
  return scored;
}
