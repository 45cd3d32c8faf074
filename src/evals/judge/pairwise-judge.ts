import type { CallTags, ModelCaller } from '../client/model-caller.js';
import type { ScoreResult } from '../types.js';
import { buildPairwiseMessages } from './judge-prompt.js';
import { parseWinner } from './parse-judge-reply.js';
import { JUDGE_PARAMS } from './run-judge.js';

/**
 * Compares a candidate answer with a baseline answer twice, swapping their positions, because
 * judges favour whichever answer comes first. Only a verdict that survives the swap counts:
 * win 1, loss 0, anything else (a tie or a flip) 0.5. Passes when not worse than the baseline.
 *
 * @example await pairwiseJudge(caller, 'claude', 'More helpful?', { input, candidate, baseline }, tags)
 */
export async function pairwiseJudge(
  caller: ModelCaller,
  model: string,
  rubric: string,
  judged: { input: string; candidate: string; baseline: string; expected?: string },
  tags: CallTags,
  signal?: AbortSignal,
): Promise<ScoreResult> {
  const ask = (first: string, second: string) =>
    caller.chat({ model, messages: buildPairwiseMessages(rubric, { input: judged.input, first, second, expected: judged.expected }), params: { ...JUDGE_PARAMS }, tags, signal });
  const [forward, swapped] = await Promise.all([ask(judged.candidate, judged.baseline), ask(judged.baseline, judged.candidate)]);
  const first = parseWinner(forward.text, forward.traceId);
  const second = parseWinner(swapped.text, swapped.traceId);
  // Candidate's result in each order: it was A in the first call and B in the second.
  const inFirst = first.winner === 'A' ? 'win' : first.winner === 'B' ? 'loss' : 'tie';
  const inSecond = second.winner === 'B' ? 'win' : second.winner === 'A' ? 'loss' : 'tie';
  const costUsd = (forward.cached ? 0 : forward.costUsd) + (swapped.cached ? 0 : swapped.costUsd);
  if (inFirst === inSecond && inFirst !== 'tie') {
    const win = inFirst === 'win';
    return { pass: win, score: win ? 1 : 0, raw: win ? 1 : 0, reason: `${win ? 'beats' : 'loses to'} the baseline in both orders: ${first.reason}`, costUsd };
  }
  const why = inFirst === inSecond ? 'tie in both orders' : `verdict flipped when the answers were swapped (${inFirst} then ${inSecond}), so it counts as a tie`;
  return { pass: true, score: 0.5, raw: 0.5, reason: `${why}: ${first.reason}`, costUsd };
}
