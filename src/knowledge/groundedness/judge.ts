import { SwitchyardError } from '../../core/errors.js';
import { unreadReply } from '../../core/unread-reply.js';
import { splitSentences } from '../text/sentences.js';
import { buildGroundednessPrompt } from './judge-prompt.js';
import { summarise } from './lexical.js';
import { parseJudgeReply } from './parse-judge-reply.js';
import type { GroundednessResult, SentenceVerdict } from './types.js';

/** Calls a judge model with a prompt and returns its text (the gateway's model client, adapted). */
export type JudgeCall = (prompt: string) => Promise<string>;

export interface JudgeOptions {
  judge: JudgeCall;
  maxContextChars?: number;
}

/** More sentences than this would make one judge prompt unreliable; the rest are not judged. */
const MAX_SENTENCES = 60;

/**
 * Asks a judge model whether each sentence of an answer is supported by the retrieved context.
 * A sentence the reply gives no verdict for is reported as not checked, never guessed.
 *
 * @example await judgeGroundedness('Refunds take 5 days.', contexts, { judge: (p) => client.complete(p) })
 */
export async function judgeGroundedness(answer: string, contexts: readonly string[], options: JudgeOptions): Promise<GroundednessResult> {
  const all = splitSentences(answer);
  const sentences = all.slice(0, MAX_SENTENCES);
  if (sentences.length === 0) return summarise([], 'judge');
  let reply: string;
  try {
    reply = await options.judge(buildGroundednessPrompt(sentences, contexts, options.maxContextChars));
  } catch (error) {
    throw new SwitchyardError('upstream_error', `groundedness judge failed: ${(error as Error).message}`, { cause: error });
  }
  if (typeof reply !== 'string') throw new SwitchyardError('upstream_error', `groundedness judge returned ${typeof reply}, expected text`);
  const verdicts = parseJudgeReply(reply);
  const judged: SentenceVerdict[] = all.map((sentence, i) => {
    const verdict = i < MAX_SENTENCES ? verdicts.get(i + 1) : undefined;
    if (!verdict) return { ...sentence, supported: null, score: null, reason: i < MAX_SENTENCES ? 'the judge gave no verdict' : `past the first ${MAX_SENTENCES} sentences` };
    return { ...sentence, supported: verdict.supported, score: verdict.supported ? 1 : 0, reason: verdict.reason || (verdict.supported ? 'supported' : 'not supported') };
  });
  const result = summarise(judged, 'judge');
  // A reply we could not read at all is not a pass.
  // Said without quoting the reply, which restates the answer: the reason is kept on the trace's
  // decisions, which a metadata-only store keeps with no bodies.
  if (verdicts.size === 0) return { ...result, pass: false, score: 0, reason: `could not read a verdict from the judge's reply: expected {"sentences": [{"id": 1, "supported": true, …}]} ${unreadReply(reply, 'no sentence verdict in it')}` };
  // Neither is an answer with sentences the judge skipped.
  const skipped = judged.filter((s, i) => s.supported === null && i < MAX_SENTENCES).length;
  return skipped > 0 ? { ...result, pass: false } : result;
}
