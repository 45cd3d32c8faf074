/**
 * Test support: reads recorded fixtures and re-assembles streams into whole messages the way the
 * official SDKs do, so a stream converter can be checked against the non-stream converter.
 */
import { readFileSync } from 'node:fs';
import { createParser } from 'eventsource-parser';
import type { AnthropicContentBlock, AnthropicMessageResponse, AnthropicStreamEvent } from '../../../core/anthropic-wire.js';
import type { ChatCompletion, ChatCompletionChunk, ChatToolCall, ChatUsage } from '../../../core/openai-wire.js';

const dir = new URL('./', import.meta.url);

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
}

/** The `data:` payloads of an SSE fixture, parsed; OpenAI's `[DONE]` sentinel is left out. */
export function sse<T>(name: string): T[] {
  const out: T[] = [];
  const parser = createParser({
    onEvent: (event) => {
      if (event.data !== '[DONE]') out.push(JSON.parse(event.data) as T);
    },
  });
  parser.feed(readFileSync(new URL(name, dir), 'utf8'));
  return out;
}

/** Accumulates OpenAI chunks into a ChatCompletion, as the OpenAI SDK's stream helper does. */
export function assembleChunks(chunks: ChatCompletionChunk[]): ChatCompletion {
  let content: string | null = null;
  let reasoning: string | undefined;
  let finish: ChatCompletion['choices'][number]['finish_reason'] = null;
  let usage: ChatUsage | undefined;
  const calls: ChatToolCall[] = [];
  for (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices) {
      const delta = choice.delta;
      if (typeof delta.content === 'string') content = (content ?? '') + delta.content;
      if (typeof delta['reasoning_content'] === 'string') reasoning = (reasoning ?? '') + delta['reasoning_content'];
      for (const call of delta.tool_calls ?? []) {
        const existing = calls[call.index];
        if (!existing) {
          calls[call.index] = { id: call.id ?? '', type: 'function', function: { name: call.function?.name ?? '', arguments: call.function?.arguments ?? '' } };
        } else existing.function.arguments += call.function?.arguments ?? '';
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
  }
  const first = chunks[0]!;
  const message: ChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: content === '' && calls.length > 0 ? null : content,
    refusal: null,
    annotations: [],
  };
  if (reasoning !== undefined) message['reasoning_content'] = reasoning;
  if (calls.length > 0) message.tool_calls = calls;
  const completion: ChatCompletion = {
    id: first.id,
    object: 'chat.completion',
    created: first.created,
    model: first.model,
    choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
    // As the SDK keeps them from the chunks.
    service_tier: first['service_tier'],
    system_fingerprint: first.system_fingerprint,
  };
  if (usage) completion.usage = usage;
  return completion;
}

/** Accumulates Anthropic events into a Message, as the Anthropic SDK's MessageStream does. */
export function assembleEvents(events: AnthropicStreamEvent[]): AnthropicMessageResponse {
  let message: AnthropicMessageResponse | undefined;
  const json: string[] = [];
  for (const event of events) {
    if (event.type === 'message_start') message = structuredClone(event.message);
    if (!message) throw new Error(`${event.type} before message_start`);
    const blocks = message.content as (AnthropicContentBlock & Record<string, unknown>)[];
    switch (event.type) {
      case 'content_block_start':
        blocks[event.index] = structuredClone(event.content_block) as AnthropicContentBlock & Record<string, unknown>;
        json[event.index] = '';
        break;
      case 'content_block_delta': {
        const block = blocks[event.index]!;
        const delta = event.delta;
        if (delta.type === 'text_delta') block['text'] = String(block['text']) + delta.text;
        if (delta.type === 'thinking_delta') block['thinking'] = String(block['thinking']) + delta.thinking;
        if (delta.type === 'signature_delta') block['signature'] = delta.signature;
        if (delta.type === 'input_json_delta') json[event.index] += delta.partial_json;
        break;
      }
      case 'content_block_stop': {
        const block = blocks[event.index]!;
        if (block.type === 'tool_use') block['input'] = json[event.index] ? JSON.parse(json[event.index]!) : {};
        break;
      }
      case 'message_delta':
        message.stop_reason = event.delta.stop_reason;
        message.stop_sequence = event.delta.stop_sequence;
        for (const [key, value] of Object.entries(event.usage)) if (value !== null) message.usage[key] = value;
        break;
      default:
        break;
    }
  }
  if (!message) throw new Error('no message_start');
  return message;
}

/**
 * Checks the event grammar of the Messages API: message_start first; each block started once,
 * deltas only inside an open block, one open block at a time; message_delta then message_stop last.
 */
export function expectAnthropicEventOrder(events: AnthropicStreamEvent[]): void {
  const fail = (i: number, why: string) => {
    throw new Error(`event ${i} (${events[i]?.type}): ${why}`);
  };
  if (events[0]?.type !== 'message_start') fail(0, 'stream must begin with message_start');
  let open: number | undefined;
  let next = 0;
  let sawDelta = false;
  events.forEach((event, i) => {
    if (i > 0 && event.type === 'message_start') fail(i, 'second message_start');
    if (event.type === 'content_block_start') {
      if (open !== undefined) fail(i, `block ${open} still open`);
      if (event.index !== next) fail(i, `expected index ${next}`);
      open = event.index;
      next++;
    }
    if (event.type === 'content_block_delta' && event.index !== open) fail(i, `delta for block ${event.index} which is not open`);
    if (event.type === 'content_block_stop') {
      if (event.index !== open) fail(i, `stop for block ${event.index} which is not open`);
      open = undefined;
    }
    if (event.type === 'message_delta') {
      if (open !== undefined) fail(i, `message_delta while block ${open} is open`);
      sawDelta = true;
    }
    if (event.type === 'message_stop' && i !== events.length - 1) fail(i, 'message_stop must be last');
  });
  if (!sawDelta) fail(events.length - 1, 'no message_delta');
  if (events[events.length - 1]?.type !== 'message_stop') fail(events.length - 1, 'stream must end with message_stop');
}

/**
 * Tool arguments with their JSON re-serialised: a stream carries the model's own spacing, the
 * non-stream converter `JSON.stringify`s the parsed input, and both mean the same call.
 */
export function canonicalArguments(completion: ChatCompletion): ChatCompletion {
  const copy = structuredClone(completion);
  for (const choice of copy.choices) {
    for (const call of choice.message.tool_calls ?? []) call.function.arguments = JSON.stringify(JSON.parse(call.function.arguments));
  }
  return copy;
}
