import type { BranchFigures } from './route-report.js';

/** One step of a cascade route over a range, from its branches (calls are booked to the step that answered them). */
export interface CascadeStepFigures {
  /** 1 for the first (cheapest) target. */
  step: number;
  target: string;
  /** Calls that came to this step: the ones answered here and the ones any later step answered. */
  reached: number;
  /** Calls this step's answer went back for (the branch's requests; failed ones booked to it too). */
  answered: number;
  /** Calls that went on past it: escalated, failed or passed over (too long a prompt, no price). */
  passedOn: number;
  /** `answered / reached`; null when no call came to the step. */
  answeredShare: number | null;
  /** Mean cost of a call answered here, every step it went through included; null with none. */
  meanCostUsd: number | null;
}

/**
 * A cascade's calls step by step: how many came to each target, how many it answered and how
 * many went on. Read off the route's branches, so from the same rollups as the rest of the
 * report (bounded work, whatever the traffic): a call is booked to the step that answered it,
 * so it came to every step before that one. Cache hits and local answers reached no step.
 * Undefined when a target is listed twice: its branch cannot say at which step it answered.
 *
 * @example cascadeSteps(['mini', 'large'], [{ branch: 'mini', requests: 62, … }, { branch: 'large', requests: 38, … }])
 * // [{ step: 1, target: 'mini', reached: 100, answered: 62, passedOn: 38, answeredShare: 0.62, … }, { step: 2, target: 'large', reached: 38, answered: 38, passedOn: 0, … }]
 */
export function cascadeSteps(targets: readonly string[], branches: readonly BranchFigures[]): CascadeStepFigures[] | undefined {
  if (new Set(targets).size !== targets.length) return undefined;
  const byName = new Map(branches.map((b) => [b.branch, b]));
  let after = 0;
  const steps: CascadeStepFigures[] = [];
  for (let i = targets.length - 1; i >= 0; i--) {
    const target = targets[i] as string;
    const branch = byName.get(target);
    const answered = branch?.requests ?? 0;
    const reached = answered + after;
    steps.push({
      step: i + 1,
      target,
      reached,
      answered,
      passedOn: after,
      answeredShare: reached === 0 ? null : answered / reached,
      meanCostUsd: branch && answered > 0 ? branch.costUsd / answered : null,
    });
    after = reached;
  }
  return steps.reverse();
}
