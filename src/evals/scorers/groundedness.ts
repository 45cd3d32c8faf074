import type { ScoreResult } from '../types.js';
import type { ScoreInput } from './scorer.js';

/**
 * The `groundedness` scorer: the gateway's own verdict on the answer of a knowledge route (the
 * lexical pass, or the route's judge), read from the call's decisions, so an eval scores exactly
 * what production checks. An answer with no verdict (not from a knowledge route, from the eval
 * cache, or through a running gateway whose decisions the runner cannot see) is not scored.
 *
 * @example groundednessScore({ decisions: { groundedness: { pass: true, score: 1, reason: '…' } }, … }) // { pass: true, score: 1, … }
 */
export async function groundednessScore(input: Pick<ScoreInput, 'decisions'>): Promise<ScoreResult | undefined> {
  const verdict = input.decisions?.groundedness as { pass?: unknown; score?: unknown; reason?: unknown } | undefined;
  if (!verdict || typeof verdict.pass !== 'boolean') return undefined;
  const score = typeof verdict.score === 'number' ? verdict.score : verdict.pass ? 1 : 0;
  return { pass: verdict.pass, score, reason: typeof verdict.reason === 'string' ? verdict.reason : verdict.pass ? 'grounded' : 'not grounded' };
}
