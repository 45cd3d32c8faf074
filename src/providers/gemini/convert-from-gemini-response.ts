/**
 * Gemini `GenerateContentResponse` → OpenAI ChatCompletion (client speaks OpenAI, upstream is
 * Gemini). Shared pieces (ids, part reading) are used by the stream converter too.
 */
import { SwitchyardError } from '../../core/errors.js';
import type { ChatChoice, ChatCompletion, ChatToolCall } from '../../core/openai-wire.js';
import { toOpenAILogprobs } from './convert-logprobs.js';
import { usageFromGemini } from './convert-usage.js';
import type { GeminiCandidate, GeminiPart, GenerateContentResponse } from './gemini-wire.js';
import { blockedPromptMessage, toOpenAIFinishReason } from './map-finish-reason.js';
import { thoughtSignatures } from './signature-vault.js';
import { encodeToolCallId } from './tool-call-id.js';
import { groundingCitations, groundingSearches } from './grounding-metadata.js';

export interface FromGeminiOptions {
  /** Model name to show the client (e.g. the route name); defaults to Gemini's `modelVersion`. */
  model?: string | undefined;
  /**
   * The completion id. Tool call ids are derived from it, so it must be unique per answer
   * (the gateway's request id is); defaults to `chatcmpl-` + Gemini's `responseId`.
   */
  id?: string | undefined;
  /** Unix seconds for `created`; defaults to now. Injected so tests are deterministic. */
  created?: number | undefined;
  /** From `forcesNamedTool(request)`: the client forced one named function, so the turn reports `stop` as OpenAI does. */
  namedTool?: boolean | undefined;
  /** From `oneToolCall(request)`: the client takes at most one tool call a turn. */
  oneToolCall?: boolean | undefined;
  /** The tier that served the call, from the `x-gemini-service-tier` header (`geminiServedTier`); default `default`. */
  serviceTier?: 'flex' | 'priority' | 'default' | undefined;
}

/**
 * Whether the client asked for at most one tool call a turn (`parallel_tool_calls: false`, an
 * Anthropic client's `disable_parallel_tool_use`). Gemini has no such setting and may call
 * several functions at once; an agent that said it takes one (LangChain's strict structured
 * output, the OpenAI Agents SDK's model settings) would answer only the first, and Gemini refuses
 * a next turn whose function responses do not match its calls. So the first call is kept.
 */
export function oneToolCall(request: { parallel_tool_calls?: unknown }): boolean {
  return request.parallel_tool_calls === false;
}

/**
 * Converts a non-streamed answer; each candidate becomes a choice.
 *
 * Text parts are joined into `content`; thought-summary parts become `reasoning_content` (the
 * convention of DeepSeek, vLLM and LiteLLM); function calls become `tool_calls` with ids that
 * carry Gemini's call id and thought signature back on the next turn (see `tool-call-id.ts`).
 * A prompt Gemini blocked becomes one `content_filter` choice whose `refusal` says why.
 *
 * @example
 * fromGeminiResponse({ candidates: [{ index: 0, finishReason: 'STOP', content: { role: 'model', parts: [{ text: 'Hi!' }] } }],
 *   usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 }, modelVersion: 'gemini-2.5-flash' },
 *   { id: 'chatcmpl-1', created: 1700000000 })
 * // { id: 'chatcmpl-1', object: 'chat.completion', created: 1700000000, model: 'gemini-2.5-flash',
 * //   choices: [{ index: 0, message: { role: 'assistant', content: 'Hi!', refusal: null, annotations: [] }, finish_reason: 'stop', logprobs: null }],
 * //   usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
 * //            completion_tokens_details: { reasoning_tokens: 0, … } }, service_tier: 'default', system_fingerprint: null }
 */
export function fromGeminiResponse(response: GenerateContentResponse, options: FromGeminiOptions = {}): ChatCompletion {
  const id = options.id ?? completionId(response);
  const candidates = Array.isArray(response.candidates) ? response.candidates.filter(isObject) : [];
  const blockReason = response.promptFeedback?.blockReason;
  let choices: ChatChoice[];
  if (candidates.length > 0) choices = candidates.map((candidate, position) => toChoice(candidate, position, id, options.namedTool === true, options.oneToolCall === true));
  else if (blockReason !== undefined) {
    const refusal = blockedPromptMessage(blockReason, response.promptFeedback?.blockReasonMessage);
    choices = [{ index: 0, message: { role: 'assistant', content: null, refusal, annotations: [] }, finish_reason: 'content_filter', logprobs: null }];
  } else {
    throw new SwitchyardError('upstream_error', 'Gemini answered without candidates and without a block reason', {
      retryable: true,
      detail: response,
    });
  }
  return {
    id,
    object: 'chat.completion',
    created: options.created ?? Math.floor(Date.now() / 1000),
    model: options.model ?? response.modelVersion ?? '',
    choices,
    usage: usageFromGemini(response.usageMetadata),
    // The body names no tier (the header does); OpenAI's fingerprint names a backend configuration there is none of.
    service_tier: options.serviceTier ?? 'default',
    system_fingerprint: null,
  };
}

function toChoice(candidate: GeminiCandidate, position: number, id: string, namedTool: boolean, oneCall: boolean): ChatChoice {
  const index = typeof candidate.index === 'number' ? candidate.index : position;
  let text = '';
  let reasoning: string | undefined;
  const toolCalls: ChatToolCall[] = [];
  for (const part of partsOf(candidate)) {
    const read = readPart(part);
    if (read.kind === 'text') text += read.text;
    else if (read.kind === 'thought') reasoning = (reasoning ?? '') + read.text;
    else if (read.kind === 'call' && !(oneCall && toolCalls.length > 0)) toolCalls.push(toolCall(part, id, index, toolCalls.length));
  }
  // Google Search grounding: the pages cited and the searches run (see grounding-metadata.ts).
  const grounding = candidate.groundingMetadata;
  const message: ChatChoice['message'] = { role: 'assistant', content: text.length > 0 || toolCalls.length === 0 ? text : null, refusal: null, annotations: grounding ? groundingCitations(grounding, text) : [] };
  const searches = grounding ? groundingSearches(grounding, id) : [];
  if (searches.length > 0) message['web_search_calls'] = searches;
  if (reasoning !== undefined) message['reasoning_content'] = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    index,
    message,
    finish_reason: toOpenAIFinishReason(candidate.finishReason, toolCalls.length > 0 && !namedTool) ?? 'stop',
    logprobs: toOpenAILogprobs(candidate.logprobsResult),
  };
}

export type ReadPart = { kind: 'text' | 'thought'; text: string } | { kind: 'call' } | { kind: 'other' };

/**
 * What a response part is to an OpenAI client. Code execution, inline media and other parts
 * with no OpenAI shape are `other` and dropped.
 *
 * @example readPart({ text: 'Let me think', thought: true }) // { kind: 'thought', text: 'Let me think' }
 */
export function readPart(part: GeminiPart): ReadPart {
  if (!isObject(part)) return { kind: 'other' };
  if (typeof part.text === 'string') return { kind: part.thought === true ? 'thought' : 'text', text: part.text };
  if (isObject(part.functionCall) && typeof part.functionCall.name === 'string') return { kind: 'call' };
  return { kind: 'other' };
}

/**
 * A function call part as an OpenAI tool call, with an id derived from the completion id.
 *
 * @example toolCall({ functionCall: { name: 'f', args: { a: 1 } } }, 'chatcmpl-x1', 0, 0).function // { name: 'f', arguments: '{"a":1}' }
 */
export function toolCall(part: GeminiPart, completionId: string, choice: number, k: number): ChatToolCall {
  const call = part.functionCall!;
  const id = encodeToolCallId({
    base: toolCallBase(completionId, choice, k),
    geminiId: typeof call.id === 'string' ? call.id : undefined,
    signature: typeof part.thoughtSignature === 'string' ? part.thoughtSignature : undefined,
  }, thoughtSignatures);
  return { id, type: 'function', function: { name: call.name, arguments: JSON.stringify(isObject(call.args) ? call.args : {}) } };
}

/** Alphanumeric, unique per completion id, choice and call; short enough to read in a trace. */
function toolCallBase(completionId: string, choice: number, k: number): string {
  let alnum = '';
  for (let i = completionId.length - 1; i >= 0 && alnum.length < 24; i--) {
    const c = completionId.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) alnum = completionId[i] + alnum;
  }
  return `${alnum}${choice === 0 ? '' : `c${choice}`}t${k}`;
}

/**
 * The parts of a candidate, or none when Google sent no usable content.
 *
 * @example partsOf({ finishReason: 'SAFETY' }) // []
 */
export function partsOf(candidate: GeminiCandidate): GeminiPart[] {
  const parts = isObject(candidate.content) ? candidate.content.parts : undefined;
  return Array.isArray(parts) ? parts : [];
}

function isObject(value: unknown): value is Record<string, unknown> & GeminiCandidate & GeminiPart {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The completion id when the caller gives none.
 *
 * @example completionId({ responseId: 'aBc' }) // 'chatcmpl-aBc'
 */
export function completionId(response: GenerateContentResponse): string {
  return typeof response.responseId === 'string' && response.responseId.length > 0 ? `chatcmpl-${response.responseId}` : 'chatcmpl-gemini';
}
