import type { AnthropicMessageResponse } from '../core/anthropic-wire.js';
import type { ClientFormat } from '../core/formats.js';
import { jsonValueOf } from '../core/json-text.js';
import type { ChatCompletion, ChatFinishReason, ChatToolCall } from '../core/openai-wire.js';
import type { ResponseObject } from '../core/responses-wire.js';
import { fromAnthropicResponse } from '../providers/anthropic/index.js';
import { fromGeminiResponse, type GenerateContentResponse } from '../providers/gemini/index.js';

/**
 * The canonical completion behind an answer as a client received it (whole, or rebuilt from
 * its stream), so it can be replayed later in any shape the same API allows (whole or streamed).
 * Undefined when the answer is not a complete one this can read.
 *
 * @example decodeAnswer('anthropic', call.response)?.choices[0]?.message.content // 'Hi!'
 */
export function decodeAnswer(format: ClientFormat, kept: unknown): ChatCompletion | undefined {
  const value = jsonValueOf(kept) as Record<string, unknown> | null;
  if (!value || typeof value !== 'object') return undefined;
  if (format === 'openai') return Array.isArray(value.choices) && value.choices.length > 0 ? (value as ChatCompletion) : undefined;
  if (format === 'anthropic') {
    if (value.type !== 'message' || !Array.isArray(value.content)) return undefined;
    const message = value as unknown as AnthropicMessageResponse;
    return fromAnthropicResponse(message, { model: message.model, created: Math.floor(Date.now() / 1000) });
  }
  if (format === 'gemini') {
    if (!Array.isArray(value.candidates) || value.candidates.length === 0) return undefined;
    return fromGeminiResponse(value as GenerateContentResponse, { created: Math.floor(Date.now() / 1000) });
  }
  if (value.object !== 'response' || value.status !== 'completed' && value.status !== 'incomplete' || !Array.isArray(value.output)) return undefined;
  return fromResponse(value as unknown as ResponseObject);
}

/** A Response as a chat completion: its text, refusal, reasoning and function calls. */
function fromResponse(response: ResponseObject): ChatCompletion {
  let text = '';
  let refusal: string | null = null;
  let reasoning: string | undefined;
  const toolCalls: ChatToolCall[] = [];
  for (const item of response.output as unknown as Record<string, unknown>[]) {
    if (item.type === 'message' && Array.isArray(item.content)) {
      for (const part of item.content as Record<string, unknown>[]) {
        if (part.type === 'output_text' && typeof part.text === 'string') text += part.text;
        if (part.type === 'refusal' && typeof part.refusal === 'string') refusal = (refusal ?? '') + part.refusal;
      }
    } else if (item.type === 'function_call') {
      toolCalls.push({ id: String(item.call_id), type: 'function', function: { name: String(item.name), arguments: String(item.arguments ?? '') } });
    } else if (item.type === 'reasoning' && Array.isArray(item.content)) {
      for (const part of item.content as Record<string, unknown>[]) if (typeof part.text === 'string') reasoning = (reasoning ?? '') + part.text;
    }
  }
  const finish: ChatFinishReason =
    response.status === 'incomplete' ? (response.incomplete_details?.reason === 'content_filter' ? 'content_filter' : 'length') : toolCalls.length > 0 ? 'tool_calls' : 'stop';
  const usage = response.usage;
  return {
    id: response.id,
    object: 'chat.completion',
    created: response.created_at,
    model: response.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text !== '' || toolCalls.length === 0 ? text : null,
          refusal,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          ...(reasoning !== undefined ? { reasoning_content: reasoning } : {}),
        },
        finish_reason: finish,
        logprobs: null,
      },
    ],
    ...(usage
      ? {
          usage: {
            prompt_tokens: usage.input_tokens,
            completion_tokens: usage.output_tokens,
            total_tokens: usage.input_tokens + usage.output_tokens,
            prompt_tokens_details: { cached_tokens: usage.input_tokens_details?.cached_tokens ?? 0 },
          },
        }
      : {}),
  };
}
