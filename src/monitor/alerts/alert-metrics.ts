import type { AlertRule } from '../../config/monitor-schema.js';
import type { DriftReport } from '../drift/drift-types.js';
import type { TraceSignal } from '../signals/trace-signal.js';
import { summarize } from '../stats/kolmogorov-smirnov.js';
import { countOf } from '../../core/plural.js';

/** A metric's value over a rule's window, or why there is none. */
export type MetricValue = { value: number; requests: number } | { value: null; requests: number; reason: string };

/** A dollar budget as the config states it. */
export interface AlertBudget {
  usd: number;
  period: 'total' | 'monthly' | 'daily';
}

/** What some metrics need beyond the window's own signals. */
export interface MetricInputs {
  /** The signals of the window just before this one, same length and scope (`quality_drop`). */
  previous?: readonly TraceSignal[];
  /** The budget of the rule's key or team (`budget_burn_rate`). */
  budget?: AlertBudget;
  /** Traces accepted but not yet stored, read now (`trace_backlog`). */
  traceBacklog?: number;
}

/** A budget period's length; a month is counted as 30 days, as burn-rate alerts usually do. */
const PERIOD_MS = { daily: 86_400_000, monthly: 30 * 86_400_000 } as const;

/** The mean of each scored trace's mean score: every online scorer counts. */
function traceScores(signals: readonly TraceSignal[]): number[] {
  return signals.flatMap((x) => {
    const values = Object.values(x.scores ?? {});
    return values.length === 0 ? [] : [values.reduce((a, b) => a + b, 0) / values.length];
  });
}

/** Whether a signal belongs to a rule's scope (route, key, team). */
export function inScope(rule: Pick<AlertRule, 'route' | 'key' | 'team'>, signal: TraceSignal): boolean {
  return (rule.route === undefined || signal.route === rule.route) && (rule.key === undefined || signal.keyName === rule.key) && (rule.team === undefined || signal.team === rule.team);
}

/**
 * The value a rule compares with its threshold, from the signals of its window (already scoped)
 * or, for `drift_score`, the newest drift report of the window. Rates and percentiles of fewer
 * than `min_requests` requests have no value: they would alarm on noise.
 *
 * @example metricValue({ metric: 'error_rate', min_requests: 10, … }, signals, []) // { value: 0.12, requests: 50 }
 */
export function metricValue(rule: AlertRule, signals: readonly TraceSignal[], driftReports: readonly DriftReport[], inputs: MetricInputs = {}): MetricValue {
  const requests = signals.length;
  const few = { value: null, requests, reason: `${countOf(requests, 'request')} in the window, fewer than min_requests ${rule.min_requests}` } as const;
  const ok = signals.filter((s) => s.status < 400);
  switch (rule.metric) {
    case 'requests':
      return { value: requests, requests };
    case 'spend_usd':
      return { value: signals.reduce((sum, s) => sum + s.costUsd, 0), requests };
    case 'error_rate':
      return requests < rule.min_requests ? few : { value: (requests - ok.length) / requests, requests };
    case 'latency_p95_ms':
    case 'latency_p50_ms': {
      if (ok.length < rule.min_requests) return few;
      const s = summarize(ok.map((x) => x.latencyMs));
      return { value: rule.metric === 'latency_p95_ms' ? s.p95 : s.p50, requests };
    }
    case 'ttft_p95_ms': {
      const ttft = signals.flatMap((x) => (x.ttftMs === null ? [] : [x.ttftMs]));
      return ttft.length < rule.min_requests ? few : { value: summarize(ttft).p95, requests };
    }
    case 'refusal_rate': {
      const answered = signals.filter((x) => x.refused !== null);
      return answered.length < rule.min_requests ? few : { value: answered.filter((x) => x.refused).length / answered.length, requests };
    }
    case 'quality_mean': {
      const scored = traceScores(signals);
      return scored.length < rule.min_requests ? { value: null, requests, reason: `${countOf(scored.length, 'scored trace')} in the window, fewer than min_requests ${rule.min_requests}` } : { value: summarize(scored).mean, requests: scored.length };
    }
    case 'quality_drop': {
      // How far the mean score fell from the window before: a drop of 0.1 is ten points.
      const now = traceScores(signals);
      const before = traceScores(inputs.previous ?? []);
      if (now.length < rule.min_requests || before.length < rule.min_requests) {
        return { value: null, requests: now.length, reason: `${countOf(now.length, 'scored trace')} in the window and ${before.length} in the one before, fewer than min_requests ${rule.min_requests}` };
      }
      return { value: summarize(before).mean - summarize(now).mean, requests: now.length };
    }
    case 'budget_burn_rate': {
      // Spend per hour over the window against the even pace that would use the budget up exactly
      // at the end of its period: 1 is on pace, 4 would spend a daily budget in six hours.
      const budget = inputs.budget;
      if (!budget || budget.period === 'total') return { value: null, requests, reason: 'the rule has no key or team with a daily or monthly budget' };
      const spend = signals.reduce((sum, s) => sum + s.costUsd, 0);
      const windowMs = rule.window_minutes * 60_000;
      return { value: spend / windowMs / (budget.usd / PERIOD_MS[budget.period]), requests };
    }
    case 'trace_backlog':
      return inputs.traceBacklog === undefined ? { value: null, requests, reason: 'the trace writer backlog is not known here' } : { value: inputs.traceBacklog, requests };
    case 'drift_score': {
      const latest = driftReports.find((r) => rule.route === undefined || r.route === rule.route);
      return latest ? { value: latest.drifted ? latest.score : 0, requests: latest.current.count } : { value: null, requests: 0, reason: 'no drift report in the window' };
    }
  }
}
