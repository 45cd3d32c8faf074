import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import type { Call } from '../call.js';
import { canonicalOf } from '../call-features.js';
import { bookUndelivered } from '../book-undelivered.js';

/** One model answer of a re-asked call, as `decisions.reask` lists it (numbers only, never text). */
export interface ReaskAttempt {
  attempt: number;
  /** `reask` for an answer sent back, else the final verdict's action. */
  action: string;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

/**
 * What the model is told when its answer failed the schema: the validation errors and the
 * schema itself, so it can correct the answer rather than guess.
 *
 * @example reaskPrompt('schema violations: intent: expected string', { type: 'object' })
 */
export function reaskPrompt(reason: string, schema: Record<string, unknown>): string {
  return [
    `Your previous answer was rejected because it does not match the required JSON schema (${reason}).`,
    'Reply again with only the corrected JSON value that matches this schema, with no other text:',
    JSON.stringify(schema),
  ].join('\n');
}

/**
 * The conversation sent again: the request as the provider last got it (placeholders and all),
 * the rejected answer as the assistant's turn, and a user turn naming the errors.
 *
 * @example reaskRequest(request, 'Sure!', 'not JSON: …', schema).messages.at(-1)?.role // 'user'
 */
export function reaskRequest(request: ChatCompletionRequest, answer: string, reason: string, schema: Record<string, unknown>): ChatCompletionRequest {
  return {
    ...request,
    messages: [...request.messages, { role: 'assistant', content: answer }, { role: 'user', content: reaskPrompt(reason, schema) }],
  };
}

/**
 * Books the rejected answer (its tokens into `usageBefore`, its cost into `spentBeforeUsd`, both
 * counted on the trace and against budgets) and points the call at the re-ask request. The re-ask
 * goes through the canonical exchange, whatever provider serves it, because the conversation it
 * carries is built in the canonical format. Returns the rejected answer's numbers for the trace.
 */
export async function prepareReask(call: Call, attempt: number, answer: string, reason: string, schema: Record<string, unknown>): Promise<ReaskAttempt> {
  const { usage, costUsd } = await bookUndelivered(call);
  call.canonical = reaskRequest(canonicalOf(call), answer, reason, schema);
  call.forceCanonical = true;
  return { attempt, action: 'reask', inputTokens: usage?.inputTokens ?? null, outputTokens: usage?.outputTokens ?? null, costUsd };
}
