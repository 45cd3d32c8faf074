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
}

/**
 * A cascade's saving against sending everything to its last target, from its steps (`cascadeSteps`)
 * and its judge's calls. The judge is counted against the saving: sending everything to the last
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
  return { against: last.target, calls, lastTargetCostUsd, stepsCostUsd, grossSavedUsd, judge, savedUsd: grossSavedUsd - judge.costUsd, atMostBecause };
}
