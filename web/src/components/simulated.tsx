import type { RunRecord } from '../types.js';

/**
 * Whether any variant of a run was answered by the built-in simulator: its scores then say nothing
 * about a real model (an eval run's variants, a ladder's rungs alike).
 */
export function ranOnSimulator(run: Pick<RunRecord, 'variants'>): boolean {
  return Object.values(run.variants).some((v) => v.targets?.some((t) => t.simulated));
}

/** The pill beside what the simulator answered, worded the same on every page. */
export function SimulatedPill({ testId }: { testId?: string }) {
  return (
    <span className="pill" data-testid={testId} title="answered by the built-in simulator, not a real model">
      simulated
    </span>
  );
}
