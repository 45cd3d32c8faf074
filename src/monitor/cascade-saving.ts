import { CASCADE_ROW } from './cascade-rollup.js';
import type { CascadeStepFigures } from './cascade-steps.js';

/** What a cascade saved against sending every call to its last (strongest) target, net of its judge's calls. */
export interface CascadeSaving {
  /** The last target, which every call would have gone to. */
  against: string;
  /** Calls that came to the cascade's first step (cache hits and local answers reached none). */
  calls: number;
  /**
   * The last target's own cost of a call, estimated: what a call it answered cost, less what a call
   * answered one step earlier cost (a call the last target answered paid for the earlier steps
   * too, and those are taken at what a call that stopped there paid).
   */
  lastTargetCostUsd: number;
  /** What the calls cost through the cascade's steps, the judge's calls left out. */
  stepsCostUsd: number;
  /** `calls × lastTargetCostUsd − stepsCostUsd`: the saving before the judge. */
  grossSavedUsd: number;
  /** The judge's calls (`escalate_on.judge`) over the range: billed to the clients' keys, each a call of its own. */
  judge: { requests: number; costUsd: number };
  /** `grossSavedUsd − judge.costUsd`: negative when the cascade cost more than the last target alone. */
  savedUsd: number;
  /**
   * The target of the step before the last, when that step answered no call: what it cost a call is
   * then in the last target's figure and cannot be taken off it, so the saving is at most `savedUsd`
   * (every call of a cascade whose first step answered none cost more than the last target alone,
   * which read as "$0 vs large alone"). Null when the estimate stands.
   */
  atMostBecause: string | null;
  /**
   * True when the figures are the rollups' own (`cascade` dimension: each call's cost across all its
   * steps against what it cost, or would have cost, at the last target alone); false when they are
   * estimated from the branches' mean costs (calls stored before 2026-12-07, which have no such rows).
   */
  exact: boolean;
  /** Of `calls`, those that stopped before the last step: their last-target cost is its price at their tokens (exact figures only; 0 otherwise). */
  pricedCalls: number;
  /** Calls left out of the exact figure: the last target had no price to estimate them with. */
  unpricedCalls: number;
  /**
   * When the exact figure starts inside the range (the first time bucket with its rows, epoch ms),
   * because calls before it were stored without them: the figure covers the calls since. Null
   * when it covers the whole range (or is not exact).
   */
  since: number | null;
  /**
   * Mean latency saved per call: the last target's mean latency where its step ran, less the
   * cascade's mean latency over all its calls (negative: slower than the last target alone). Null
   * when not measurable (no call reached the last step, or not exact).
   */
  savedLatencyMsPerCall: number | null;
  /** The saving as a running total per time step over the range (exact figures only), for the chart. */
  series: { ts: number[]; savedUsd: number[] } | null;
}

/** Totals of the `cascade` dimension's rows the exact saving reads. */
interface CascadeRow {
  value: string;
  requests: number;
  costUsd: number;
  latencyMsSum: number;
  /** Calls whose latency the row sums. */
  timed: number;
}

/**
 * A cascade's exact saving against its last target alone, from the rollups' `cascade` dimension
 * (`cascadeRowsOf`): Σ what each call cost (or would have cost) at the last target alone, less
 * Σ what it cost across all its steps, less the judge's calls; undefined when the route has no
 * such rows in the range (calls stored before 2026-12-07). `reached`: the calls that came to the
 * cascade's first step, from its branches, which says whether older calls are missing from it.
 *
 * @example exactCascadeSaving('extract', 'large', rows, slotRows, { since, stepMs, points }, 4)
 * // { against: 'large', calls: 4, grossSavedUsd: -0.00088, savedUsd: -0.00088, exact: true, … }
 */
export function exactCascadeSaving(
  route: string,
  against: string,
  rows: readonly CascadeRow[],
  slots: readonly { slot: number; value: string; costUsd: number }[],
  grid: { since: number; stepMs: number; points: number; rangeSince: number },
  reached: number,
): CascadeSaving | undefined {
  const prefix = `${route} > `;
  const of = (kind: string) => rows.find((r) => r.value === prefix + kind) ?? { value: '', requests: 0, costUsd: 0, latencyMsSum: 0, timed: 0 };
  const steps = of(CASCADE_ROW.steps);
  const last = of(CASCADE_ROW.last);
  const priced = of(CASCADE_ROW.priced);
  const unpriced = of(CASCADE_ROW.unpriced);
  const judgeRow = of(CASCADE_ROW.judge);
  if (steps.requests === 0 && unpriced.requests === 0) return undefined;
  const alone = last.costUsd + priced.costUsd;
  const grossSavedUsd = alone - steps.costUsd;
  const judge = { requests: judgeRow.requests, costUsd: judgeRow.costUsd };
  // Each time step's saving, as a running total: the chart ends at the figure.
  const perSlot = new Array<number>(grid.points).fill(0);
  let first = Number.POSITIVE_INFINITY;
  for (const r of slots) {
    if (!r.value.startsWith(prefix) || r.slot < 0 || r.slot >= grid.points) continue;
    first = Math.min(first, r.slot);
    const kind = r.value.slice(prefix.length);
    const sign = kind === CASCADE_ROW.last || kind === CASCADE_ROW.priced ? 1 : kind === CASCADE_ROW.steps || kind === CASCADE_ROW.judge ? -1 : 0;
    perSlot[r.slot] = (perSlot[r.slot] as number) + sign * r.costUsd;
  }
  let total = 0;
  const savedUsd = perSlot.map((v) => (total += v));
  const firstTs = grid.since + first * grid.stepMs;
  const from = Number.isFinite(first) ? Math.max(0, first - 1) : 0;
  // Calls came to the cascade that have no rows here: stored before them, so the figure starts later.
  const since = steps.requests + unpriced.requests < reached && Number.isFinite(first) && firstTs > grid.rangeSince ? firstTs : null;
  const meanLast = last.timed > 0 ? last.latencyMsSum / last.timed : null;
  const meanSteps = steps.timed > 0 ? steps.latencyMsSum / steps.timed : null;
  return {
    against,
    calls: steps.requests,
    lastTargetCostUsd: steps.requests === 0 ? 0 : alone / steps.requests,
    stepsCostUsd: steps.costUsd,
    grossSavedUsd,
    judge,
    savedUsd: grossSavedUsd - judge.costUsd,
    atMostBecause: null,
    exact: true,
    pricedCalls: priced.requests,
    unpricedCalls: unpriced.requests,
    since,
    savedLatencyMsPerCall: meanLast === null || meanSteps === null ? null : meanLast - meanSteps,
    // From where the figure starts (one empty step before it, so the line rises or falls from $0), as the overview's charts start where the traffic does.
    series: { ts: savedUsd.map((_, i) => grid.since + i * grid.stepMs).slice(from), savedUsd: savedUsd.slice(from) },
  };
}

/**
 * A cascade's saving against sending everything to its last target, estimated from its steps
 * (`cascadeSteps`) and its judge's calls: for calls stored before 2026-12-07, which the rollups'
 * `cascade` dimension lacks (`exactCascadeSaving` reads that). The judge is counted against the saving: sending everything to the last
 * target needs no judge, and in the routewalk measurement it cost 60% on top of the two steps.
 * Undefined when no call was answered by the last target (its cost is not known) or none came.
 * When the step before the last answered none, the figure is an upper bound (`atMostBecause`).
 *
 * @example cascadeSaving([{ target: 'mini', reached: 100, answered: 62, meanCostUsd: 0.0001, … }, { target: 'large', reached: 38, answered: 38, meanCostUsd: 0.0041, … }], { requests: 100, costUsd: 0.006 })
 * // { against: 'large', calls: 100, lastTargetCostUsd: 0.004, stepsCostUsd: 0.1620, grossSavedUsd: 0.238, judge: { requests: 100, costUsd: 0.006 }, savedUsd: 0.232, atMostBecause: null }
 */
export function cascadeSaving(steps: readonly CascadeStepFigures[], judge: { requests: number; costUsd: number }): CascadeSaving | undefined {
  const last = steps[steps.length - 1];
  const calls = steps[0]?.reached ?? 0;
  if (last === undefined || calls === 0 || last.meanCostUsd === null) return undefined;
  // The nearest earlier step that answered calls says what the steps before the last cost a call.
  const before = steps.slice(0, -1).reverse().find((s) => s.meanCostUsd !== null)?.meanCostUsd ?? 0;
  const lastTargetCostUsd = Math.max(0, last.meanCostUsd - before);
  const stepsCostUsd = steps.reduce((sum, s) => sum + (s.meanCostUsd ?? 0) * s.answered, 0);
  const grossSavedUsd = calls * lastTargetCostUsd - stepsCostUsd;
  const previous = steps.length > 1 ? steps[steps.length - 2] : undefined;
  const atMostBecause = previous && previous.meanCostUsd === null ? previous.target : null;
  return { against: last.target, calls, lastTargetCostUsd, stepsCostUsd, grossSavedUsd, judge, savedUsd: grossSavedUsd - judge.costUsd, atMostBecause, exact: false, pricedCalls: 0, unpricedCalls: 0, since: null, savedLatencyMsPerCall: null, series: null };
}
