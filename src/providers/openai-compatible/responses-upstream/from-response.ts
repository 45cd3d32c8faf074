/**
 * A Response from OpenAI's `/responses`, read back as the canonical chat completion the rest of
 * the gateway speaks: the message's text, its refusal, the function calls as tool calls (the call
 * id as the tool call id, which the next turn's `function_call_output` needs), reasoning summaries
 * as `reasoning_content`, and usage in chat's names. `incomplete` is chat's `length` (the cap was
 * reached) or `content_filter`; `failed` is the upstream's error.
 */
import type { ChatCompletion, ChatFinishReason, ChatToolCall, ChatUsage } from '../../../core/openai-wire.js';
import type { ResponseObject, ResponsesUsage } from '../../../core/responses-wire.js';
import { streamErrorEvent } from '../../stream-errors.js';

/** What a Response's output says, gathered item by item (the stream decoder shares the finish rule). */
export interface ResponseOutput {
  text: string;
  refusal: string;
  reasoning: string;
  toolCalls: ChatToolCall[];
}

/**
 * @example fromResponse('openai', { id: 'resp_1', status: 'completed', output: [{ type: 'message', content: [{ type: 'output_text', text: 'Hi' }] }], … }).choices[0].message.content // 'Hi'
 */
export function fromResponse(provider: string, response: ResponseObject): ChatCompletion {
  if (response.status === 'failed' || response.status === 'cancelled') throw responseFailure(provider, response);
  const output = outputOf(response);
  const message: ChatCompletion['choices'][number]['message'] = { role: 'assistant', content: output.text === '' && (output.toolCalls.length > 0 || output.refusal !== '') ? null : output.text, refusal: output.refusal === '' ? null : output.refusal };
  if (output.toolCalls.length > 0) message.tool_calls = output.toolCalls;
  if (output.reasoning !== '') message.reasoning_content = output.reasoning;
  const completion: ChatCompletion = {
    id: response.id,
    object: 'chat.completion',
    created: response.created_at,
    model: response.model,
    choices: [{ index: 0, message, finish_reason: finishOf(response, output.toolCalls.length > 0), logprobs: null }],
  };
  if (response.usage) completion.usage = chatUsage(response.usage);
  if (typeof response.service_tier === 'string') completion.service_tier = response.service_tier;
  return completion;
}

function outputOf(response: ResponseObject): ResponseOutput {
  const out: ResponseOutput = { text: '', refusal: '', reasoning: '', toolCalls: [] };
  for (const item of response.output ?? []) {
    const record = item as { type?: string; content?: unknown; summary?: unknown; call_id?: unknown; name?: unknown; arguments?: unknown };
    if (record.type === 'message' && Array.isArray(record.content)) {
      for (const part of record.content as { type?: string; text?: unknown; refusal?: unknown }[]) {
        if (part.type === 'output_text' && typeof part.text === 'string') out.text += part.text;
        else if (part.type === 'refusal' && typeof part.refusal === 'string') out.refusal += part.refusal;
      }
    } else if (record.type === 'function_call') {
      out.toolCalls.push({ id: String(record.call_id ?? ''), type: 'function', function: { name: String(record.name ?? ''), arguments: typeof record.arguments === 'string' ? record.arguments : '' } });
    } else if (record.type === 'reasoning' && Array.isArray(record.summary)) {
      for (const summary of record.summary as { text?: unknown }[]) if (typeof summary.text === 'string') out.reasoning += (out.reasoning === '' ? '' : '\n\n') + summary.text;
    }
  }
  return out;
}

/**
 * Chat's finish reason for a Response that ended: a cap reached is `length`, a filter
 * `content_filter`, calls to make `tool_calls`, anything else `stop`.
 */
export function finishOf(response: Pick<ResponseObject, 'status' | 'incomplete_details'>, calledTools: boolean): ChatFinishReason {
  if (response.status === 'incomplete') return response.incomplete_details?.reason === 'content_filter' ? 'content_filter' : 'length';
  return calledTools ? 'tool_calls' : 'stop';
}

/** The Responses API's usage in chat's names (input tokens include cached ones, output tokens reasoning ones, in both). */
export function chatUsage(usage: ResponsesUsage): ChatUsage {
  return {
    prompt_tokens: usage.input_tokens,
    completion_tokens: usage.output_tokens,
    total_tokens: usage.total_tokens ?? usage.input_tokens + usage.output_tokens,
    prompt_tokens_details: { cached_tokens: usage.input_tokens_details?.cached_tokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.output_tokens_details?.reasoning_tokens ?? 0 },
  };
}

/** A failed Response as the upstream's error, read as any OpenAI in-band error is (status from its code). */
export function responseFailure(provider: string, response: Pick<ResponseObject, 'status' | 'error'>): ReturnType<typeof streamErrorEvent> {
  const error = response.error ?? { code: 'server_error', message: `the response ended ${response.status}` };
  return streamErrorEvent(provider, JSON.stringify({ error: { message: error.message, code: error.code, type: error.code === 'rate_limit_exceeded' ? 'rate_limit_error' : 'server_error' } }));
}
