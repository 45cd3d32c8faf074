import type { EvalCaseContext, Feedback, NewReviewItem, ReviewSource } from './types.js';
import { sliceWhole } from '../core/clip.js';

/** Queue order by source: flags and thumbs-down first, then eval cases, dataset and manual items, samples last. */
export const QUEUE_PRIORITY: Readonly<Record<ReviewSource, number>> = { flag: 0, feedback: 0, eval: 1, dataset: 1, manual: 1, sample: 2 };

/**
 * The review item a piece of negative feedback (thumbs-down, or a score of 1–2) queues; none for
 * other feedback. Every review adapter queues the same item, reason included.
 *
 * @example feedbackItem({ traceId: 'tr_1', thumbs: 'down', keyName: 'web', comment: 'wrong', … }) // { source: 'feedback', reason: 'thumbs down via key "web": "wrong"' }
 */
export function feedbackItem(feedback: Feedback): NewReviewItem | undefined {
  const negative = feedback.thumbs === 'down' || (feedback.score !== null && feedback.score <= 2);
  if (!negative) return undefined;
  const what = feedback.thumbs === 'down' ? 'thumbs down' : `user score ${feedback.score}/5`;
  const comment = feedback.comment ? `: "${sliceWhole(feedback.comment, 120)}"` : '';
  return { traceId: feedback.traceId, source: 'feedback', origin: feedback.keyName, reason: `${what}${feedback.keyName ? ` via key "${feedback.keyName}"` : ''}${comment}` };
}

/**
 * The key that makes an eval case unique in the queue.
 *
 * @example evalCaseKey({ runId: 'run_1', variant: 'small', caseId: 'card', repeat: 0 }) // "run_1/small/card/0"
 */
export function evalCaseKey(c: Pick<EvalCaseContext, 'runId' | 'variant' | 'caseId' | 'repeat'>): string {
  return `${c.runId}/${c.variant}/${c.caseId}/${c.repeat}`;
}
