import { toSwitchyardError } from '../../core/errors.js';
import type { Scorer, ScoreInput } from '../scorers/scorer.js';
import type { NamedScore } from '../types.js';

export interface CaseScores {
  scores: NamedScore[];
  /** Weighted mean over scorers that produced a score; null when none did. */
  quality: number | null;
  /** All scorers that produced a score passed; null when none did. */
  pass: boolean | null;
  scorerCostUsd: number;
}

/**
 * Runs every scorer on one output. A scorer that fails (a judge replying off-scale, a network
 * error) is recorded on the case with its error and left out of quality and pass, so one
 * broken judge reply neither crashes the run nor counts as a bad answer.
 *
 * @example const { quality, pass } = await scoreCase(scorers, input);
 */
export async function scoreCase(scorers: readonly Scorer[], input: ScoreInput): Promise<CaseScores> {
  const settled = await Promise.all(
    scorers.map(async (scorer): Promise<NamedScore | undefined> => {
      try {
        const result = await scorer.score(input);
        return result === undefined ? undefined : { scorer: scorer.name, ...result };
      } catch (error) {
        if (input.signal?.aborted) throw error;
        return { scorer: scorer.name, pass: false, score: 0, reason: '', error: toSwitchyardError(error).message };
      }
    }),
  );
  const scores = settled.filter((s): s is NamedScore => s !== undefined);
  let weighted = 0;
  let weights = 0;
  let pass: boolean | null = null;
  let scorerCostUsd = 0;
  scores.forEach((score) => {
    scorerCostUsd += score.costUsd ?? 0;
    if (score.error !== undefined) return;
    const weight = scorers.find((s) => s.name === score.scorer)?.weight ?? 1;
    weighted += weight * score.score;
    weights += weight;
    pass = (pass ?? true) && score.pass;
  });
  return { scores, quality: weights === 0 ? null : weighted / weights, pass, scorerCostUsd };
}
