/**
 * Canonical answers → the Gemini API's `GenerateContentResponse`, for a Gemini client of a model on
 * another provider; the reverse of `fromGeminiResponse` and `usageFromGemini`.
 */
import type { ChatChoice, ChatCompletion, ChatFinishReason, ChatToolCall, ChatUsage } from '../../../core/openai-wire.js';
import { decodeToolCallId, type GeminiCandidate, type GeminiPart, type GeminiUsageMetadata, type GenerateContentResponse } from '../../../providers/gemini/index.js';

const FINISH: Record<ChatFinishReason, string> = { stop: 'STOP', tool_calls: 'STOP', function_call: 'STOP', length: 'MAX_TOKENS', content_filter: 'SAFETY' };

/**
 * @example toGeminiResponse(completion).candidates?.[0]?.content?.parts // [{ text: 'Hi!' }]
 */
export function toGeminiResponse(completion: ChatCompletion): GenerateContentResponse {
  const response: GenerateContentResponse = { candidates: completion.choices.map(candidateOf) };
  if (completion.usage) response.usageMetadata = usageMetadataOf(completion.usage);
  response.modelVersion = completion.model;
  response.responseId = completion.id;
  return response;
}

function candidateOf(choice: ChatChoice): GeminiCandidate {
  const message = choice.message;
  const parts: GeminiPart[] = [];
  const reasoning = message['reasoning_content'];
  if (typeof reasoning === 'string' && reasoning !== '') parts.push({ text: reasoning, thought: true });
  const text = typeof message.content === 'string' ? message.content : (message.content ?? []).map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
  const refusal = typeof message.refusal === 'string' ? message.refusal : '';
  if (text !== '' || refusal !== '') parts.push({ text: text + refusal });
  for (const call of message.tool_calls ?? []) parts.push(functionCallPart(call));
  if (parts.length === 0) parts.push({ text: '' });
  const candidate: GeminiCandidate = { content: { role: 'model', parts }, index: choice.index };
  const finish = finishReasonOf(choice.finish_reason);
  if (finish) candidate.finishReason = finish;
  return candidate;
}

/**
 * A tool call as Gemini's `functionCall` part. The id goes with it (Gemini 3 sends ids too), so
 * the client's `functionResponse` names the call it answers; an id the gateway made from a
 * Gemini call gives back that call's own id.
 */
export function functionCallPart(call: ChatToolCall): GeminiPart {
  let args: unknown;
  try {
    args = call.function.arguments === '' ? {} : JSON.parse(call.function.arguments);
  } catch {
    args = { arguments: call.function.arguments };
  }
  const own = decodeToolCallId(call.id).geminiId;
  return { functionCall: { name: call.function.name, args: (typeof args === 'object' && args !== null && !Array.isArray(args) ? args : { value: args }) as Record<string, unknown>, id: own ?? call.id } };
}

/** `STOP`, `MAX_TOKENS` or `SAFETY`; undefined while the answer is unfinished. */
export function finishReasonOf(reason: ChatFinishReason | null | undefined): string | undefined {
  return reason ? FINISH[reason] : undefined;
}

/**
 * Canonical usage as Gemini counts it: the prompt including its cached part, the visible output
 * apart from the thinking (`thoughtsTokenCount`).
 *
 * @example usageMetadataOf({ prompt_tokens: 120, completion_tokens: 38, total_tokens: 158, prompt_tokens_details: { cached_tokens: 100 }, completion_tokens_details: { reasoning_tokens: 30 } })
 * // { promptTokenCount: 120, candidatesTokenCount: 8, totalTokenCount: 158, cachedContentTokenCount: 100, thoughtsTokenCount: 30 }
 */
export function usageMetadataOf(usage: ChatUsage): GeminiUsageMetadata {
  const thoughts = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const metadata: GeminiUsageMetadata = {
    promptTokenCount: usage.prompt_tokens,
    candidatesTokenCount: Math.max(usage.completion_tokens - thoughts, 0),
    totalTokenCount: usage.total_tokens,
  };
  if (cached > 0) metadata.cachedContentTokenCount = cached;
  if (thoughts > 0) metadata.thoughtsTokenCount = thoughts;
  return metadata;
}
