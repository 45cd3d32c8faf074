/** What the gateway records on a cascade call for its last target alone (`decisions.route.alone`, less its names). */
export interface AloneFigures {
  costUsd: number | null;
  latencyMs: number | null;
  from: 'step' | 'price';
}

/**
 * The `decisions` of a call to the cascade `extract` (mini, then large) as the gateway traces it:
 * one step per cost in `steps` (one: mini accepted; two: escalated to large, final), and what large
 * cost it or would have (`alone`).
 *
 * @example extractCascadeDecisions([0.00022, 0.0005], { costUsd: 0.0005, latencyMs: 800, from: 'step' })
 */
export function extractCascadeDecisions(steps: readonly number[], alone: AloneFigures): Record<string, unknown> {
  return {
    route: {
      steps: steps.map((_, i) => ({ route: 'extract', policy: 'cascade', target: i === 0 ? 'mini' : 'large', reason: 'r' })),
      cascade: steps.map((costUsd, i) => ({ target: i === 0 ? 'mini' : 'large', action: i < steps.length - 1 ? 'escalate' : i === 1 ? 'final' : 'accept', costUsd })),
      model: steps.length === 2 ? 'large' : 'mini',
      alone: { target: 'large', model: 'gpt-5.4', ...alone },
    },
  };
}
