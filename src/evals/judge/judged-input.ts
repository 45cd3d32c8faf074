import { jsonValueOf } from '../../core/json-text.js';
import { JUDGE_OPENING, PAIRWISE_OPENING } from './judge-prompt.js';

/**
 * The question a judge call was asked to score an answer to, read back from the call's stored
 * request (the messages `buildJudgeMessages` or `buildPairwiseMessages` made); undefined for any
 * other request. A review item made from a judge's trace is named by it: the judge's whole prompt
 * (rubric, instructions, the answer) said nothing in a queue of one-line titles.
 *
 * @example judgedInput({ messages: buildJudgeMessages(spec, { input: 'Where is my card?', output: 'Monday' }) }) // 'Where is my card?'
 */
export function judgedInput(request: unknown): string | undefined {
  const body = jsonValueOf(request) as { messages?: unknown } | null;
  const messages = body !== null && typeof body === 'object' && Array.isArray(body.messages) ? (body.messages as { role?: unknown; content?: unknown }[]) : [];
  const [system, user] = messages;
  if (messages.length !== 2 || system?.role !== 'system' || user?.role !== 'user') return undefined;
  if (typeof system.content !== 'string' || typeof user.content !== 'string') return undefined;
  const pairwise = system.content.startsWith(PAIRWISE_OPENING);
  if (!pairwise && !system.content.startsWith(JUDGE_OPENING)) return undefined;
  const text = user.content;
  if (!text.startsWith('Question:\n')) return undefined;
  // The sections after the question, last first: an input that quotes one cannot cut itself short.
  let end = text.lastIndexOf(pairwise ? '\n\nAnswer A:\n' : '\n\nAnswer to score:\n');
  if (end === -1) return undefined;
  const reference = text.lastIndexOf('\n\nReference answer:\n', end);
  if (reference !== -1) end = reference;
  return text.slice('Question:\n'.length, end);
}
