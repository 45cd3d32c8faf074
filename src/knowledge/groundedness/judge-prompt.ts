import type { Sentence } from '../text/sentences.js';

/** Context beyond this is left out of the judge prompt (and the prompt says so). */
export const MAX_JUDGE_CONTEXT_CHARS = 24_000;

/**
 * The prompt asking a judge model, sentence by sentence, whether the answer is supported by the
 * retrieved passages, with a strict JSON reply format that `parseJudgeReply` reads.
 *
 * @example buildGroundednessPrompt(splitSentences(answer), contexts)
 */
export function buildGroundednessPrompt(sentences: readonly Sentence[], contexts: readonly string[], maxContextChars = MAX_JUDGE_CONTEXT_CHARS): string {
  let budget = maxContextChars;
  const passages: string[] = [];
  for (const [i, context] of contexts.entries()) {
    if (budget <= 0) {
      passages.push(`(${contexts.length - i} more passages left out for length)`);
      break;
    }
    const text = context.length > budget ? `${context.slice(0, budget)} …(cut)` : context;
    budget -= text.length;
    passages.push(`[C${i + 1}]\n${text}`);
  }
  const numbered = sentences.map((s, i) => `S${i + 1}: ${s.text}`).join('\n');
  return [
    'You check whether an answer is grounded in retrieved passages.',
    'For each numbered sentence of the answer, decide whether the passages support it: every fact it states must be stated in, or follow directly from, the passages. General knowledge does not count. A sentence that states no fact (a greeting, "I am not sure") is supported.',
    '',
    'PASSAGES',
    passages.join('\n\n') || '(none)',
    '',
    'ANSWER SENTENCES',
    numbered,
    '',
    'Reply with JSON only, one entry per sentence, in this shape:',
    '{"sentences": [{"id": 1, "supported": true, "evidence": ["C1"], "reason": "short reason"}]}',
  ].join('\n');
}
