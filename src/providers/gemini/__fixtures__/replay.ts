/**
 * Test support: reads recorded fixtures, decodes Gemini SSE bodies, and re-assembles OpenAI
 * chunks into whole completions the way the OpenAI SDK's stream helper does, so the stream
 * converter can be checked against the non-stream converter.
 */
import { readFileSync } from 'node:fs';
import type { ChatChoice, ChatCompletion, ChatCompletionChunk, ChatToolCall, ChatUsage } from '../../../core/openai-wire.js';
import { GeminiSseDecoder, type GeminiStreamItem } from '../gemini-sse-decoder.js';

const dir = new URL('./', import.meta.url);

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
}

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, dir), 'utf8');
}

/** Every item of a recorded Gemini SSE body, fed in pieces of `step` characters to exercise reassembly. */
export function sseItems(name: string, step = 37): GeminiStreamItem[] {
  const text = fixtureText(name);
  const decoder = new GeminiSseDecoder();
  const items: GeminiStreamItem[] = [];
  for (let i = 0; i < text.length; i += step) items.push(...decoder.feed(text.slice(i, i + step)));
  items.push(...decoder.end());
  return items;
}

/** Accumulates OpenAI chunks into a ChatCompletion (every choice), as the OpenAI SDK's stream helper does. */
export function assembleChunks(chunks: ChatCompletionChunk[]): ChatCompletion {
  const choices = new Map<number, ChatChoice>();
  let usage: ChatUsage | undefined;
  for (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    for (const { index, delta, finish_reason } of chunk.choices) {
      let choice = choices.get(index);
      if (!choice) {
        choice = { index, message: { role: 'assistant', content: null, refusal: null, annotations: [] }, finish_reason: null, logprobs: null };
        choices.set(index, choice);
      }
      const message = choice.message;
      if (typeof delta.content === 'string') message.content = (message.content ?? '') + delta.content;
      if (typeof delta.refusal === 'string') message.refusal = (message.refusal ?? '') + delta.refusal;
      if (typeof delta['reasoning_content'] === 'string') message['reasoning_content'] = String(message['reasoning_content'] ?? '') + delta['reasoning_content'];
      for (const call of delta.tool_calls ?? []) {
        const calls: ChatToolCall[] = (message.tool_calls ??= []);
        const existing = calls[call.index];
        if (!existing) calls[call.index] = { id: call.id ?? '', type: 'function', function: { name: call.function?.name ?? '', arguments: call.function?.arguments ?? '' } };
        else existing.function.arguments += call.function?.arguments ?? '';
      }
      if (finish_reason) choice.finish_reason = finish_reason;
    }
  }
  for (const choice of choices.values()) {
    // The SDK leaves content null when a tool-call turn sent only the empty opening delta.
    if (choice.message.content === '' && choice.message.tool_calls) choice.message.content = null;
  }
  const first = chunks[0]!;
  const completion: ChatCompletion = {
    id: first.id,
    object: 'chat.completion',
    created: first.created,
    model: first.model,
    choices: [...choices.values()].sort((a, b) => a.index - b.index),
    // As the SDK keeps them from the chunks.
    service_tier: first['service_tier'],
    system_fingerprint: first.system_fingerprint,
  };
  if (usage) completion.usage = usage;
  return completion;
}
