import type { ClientFormat } from '../../core/formats.js';
import type { ChatCompletionRequest, JsonObject } from '../../core/openai-wire.js';
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
  /** Of the input, read from the provider's prompt cache (a cascade step adds them up; absent before 2026-12-06). */
  cachedTokens?: number | null;
  costUsd: number | null;
}

/**
 * What the answers a re-ask sent back were booked at (each `reask` entry, into the call's
 * totals), summed; undefined when none was. An answer whose re-ask failed is checked as the last
 * and booked as the call's own answer (its entry is followed by an `error` one): left out here,
 * so it is counted once.
 *
 * @example reaskedBooked([{ attempt: 1, action: 'reask', inputTokens: 100, outputTokens: 10, cachedTokens: 0, costUsd: 0.00012 }, { attempt: 2, action: 'pass', … }]) // { inputTokens: 100, outputTokens: 10, cachedTokens: 0, costUsd: 0.00012 }
 */
export function reaskedBooked(attempts: readonly ReaskAttempt[]): { inputTokens: number; outputTokens: number; cachedTokens: number; costUsd: number } | undefined {
  let sum: { inputTokens: number; outputTokens: number; cachedTokens: number; costUsd: number } | undefined;
  attempts.forEach((a, i) => {
    if (a.action !== 'reask' || attempts[i + 1]?.action === 'error') return;
    sum ??= { inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 };
    sum.inputTokens += a.inputTokens ?? 0;
    sum.outputTokens += a.outputTokens ?? 0;
    sum.cachedTokens += a.cachedTokens ?? 0;
    sum.costUsd += a.costUsd ?? 0;
  });
  return sum;
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
 * counted on the trace and against budgets) and points the call at the re-ask request: the two
 * turns are added to the body in the client's own format, so a provider that speaks it still
 * gets the request natively (extended thinking, prompt caching, server and built-in tools kept),
 * and any other provider gets it translated. When an earlier stage already made the canonical
 * request the one to send (retrieved context added, PII re-redacted), the turns go there.
 * Returns the rejected answer's numbers for the trace.
 */
export async function prepareReask(call: Call, attempt: number, answer: string, reason: string, schema: Record<string, unknown>): Promise<ReaskAttempt> {
  const { usage, costUsd } = await bookUndelivered(call);
  if (call.canonicalOnly || call.forceCanonical) {
    call.canonical = reaskRequest(canonicalOf(call), answer, reason, schema);
  } else {
    call.body = withReaskTurns(call.body, call.input.format, answer, reaskPrompt(reason, schema));
    call.canonical = undefined;
  }
  return { attempt, action: 'reask', inputTokens: usage?.inputTokens ?? null, outputTokens: usage?.outputTokens ?? null, cachedTokens: usage?.cachedTokens ?? null, costUsd };
}

/**
 * The body with the rejected answer as the assistant's turn and the errors as a user turn, in the
 * body's own wire format. The input is not modified.
 *
 * @example withReaskTurns({ model: 'm', input: 'classify' }, 'responses', 'Sure!', 'Reply again…').input
 * // [{ role: 'user', content: 'classify' }, { role: 'assistant', content: 'Sure!' }, { role: 'user', content: 'Reply again…' }]
 */
export function withReaskTurns(body: JsonObject, format: ClientFormat, answer: string, prompt: string): JsonObject {
  const user = { role: 'user', content: prompt };
  switch (format) {
    case 'responses': {
      const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : Array.isArray(body.input) ? body.input : [];
      return { ...body, input: [...input, { role: 'assistant', content: answer }, user] };
    }
    case 'anthropic':
      // Anthropic refuses an empty text block.
      return { ...body, messages: [...asArray(body.messages), { role: 'assistant', content: [{ type: 'text', text: answer.trim() === '' ? '(no answer)' : answer }] }, user] };
    case 'openai':
      return { ...body, messages: [...asArray(body.messages), { role: 'assistant', content: answer }, user] };
    case 'gemini':
      return { ...body, contents: [...asArray(body.contents), { role: 'model', parts: [{ text: answer }] }, { role: 'user', parts: [{ text: prompt }] }] };
  }
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
