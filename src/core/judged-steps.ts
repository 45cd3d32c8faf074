import { jsonValueOf } from './json-text.js';

/** A cascade step a judge scored, by the step's target and model. */
export interface JudgedStep {
  target: string;
  model: string | null;
  /** The judge's score, 0–1. */
  score: number;
}

/**
 * The cascade steps a judge scored, from a trace's decisions (JSON text from a store, or an
 * object): `router train --from-judged` learns from them, and the trace stores flag a trace that
 * has any when it is written, so they find such traces by an index of them alone.
 *
 * @example judgedSteps({ route: { cascade: [{ target: 'mini', model: 'gpt-5.4-mini', judge: { score: 0.25 } }, { target: 'large' }] } }) // [{ target: 'mini', model: 'gpt-5.4-mini', score: 0.25 }]
 */
export function judgedSteps(decisions: unknown): JudgedStep[] {
  // Text is parsed only when a judge's score is in it: the trace writer asks of every trace.
  if (typeof decisions === 'string' && !decisions.includes('"judge"')) return [];
  let value: unknown;
  try {
    value = typeof decisions === 'string' ? JSON.parse(decisions) : jsonValueOf(decisions);
  } catch {
    return [];
  }
  const cascade = (value as { route?: { cascade?: unknown } } | null)?.route?.cascade;
  if (!Array.isArray(cascade)) return [];
  const out: JudgedStep[] = [];
  for (const step of cascade as ({ target?: unknown; model?: unknown; judge?: { score?: unknown } } | null)[]) {
    const score = step?.judge?.score;
    if (typeof step?.target === 'string' && typeof score === 'number' && score >= 0 && score <= 1) out.push({ target: step.target, model: typeof step.model === 'string' ? step.model : null, score });
  }
  return out;
}
