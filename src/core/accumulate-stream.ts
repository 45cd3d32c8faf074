import type { AnthropicContentBlock, AnthropicMessageResponse, AnthropicStreamEvent } from './anthropic-wire.js';
import type { ChatChoice, ChatCompletion, ChatCompletionChunk, ChatToolCall } from './openai-wire.js';

/**
 * Rebuilds the whole answer from a stream's chunks, for the trace. Runs once, after the last
 * byte went to the client, never per chunk.
 */
export function accumulateOpenAIChunks(chunks: readonly ChatCompletionChunk[]): ChatCompletion | null {
  const fold = new OpenAIChunkFold();
  for (const chunk of chunks) fold.add(chunk);
  return fold.result();
}

/**
 * A reasoning model's text before its answer, streamed as deltas of these fields (`reasoning_content`:
 * Claude's thinking and Gemini's thought summaries as translated, DeepSeek, vLLM; `reasoning`:
 * OpenRouter, newer vLLM). The whole answer carries each as the message's field of the same name,
 * as a non-streamed answer does, so a streamed call's trace shows the reasoning too.
 */
const REASONING_FIELDS = ['reasoning_content', 'reasoning'] as const;

/**
 * Folds a stream's chunks into the whole answer one at a time, so a reader of SSE text can hand
 * over a parsed chunk or, for a chunk that only adds text, just the text (`appendContent`).
 */
export class OpenAIChunkFold {
  private first: ChatCompletionChunk | undefined;
  private readonly choices = new Map<number, ChatChoice & { toolCalls: ChatToolCall[] }>();
  private usage: ChatCompletion['usage'];

  add(chunk: ChatCompletionChunk): void {
    this.first ??= chunk;
    if (chunk.usage) this.usage = chunk.usage;
    for (const piece of chunk.choices ?? []) {
      const choice = this.choice(piece.index);
      const delta = piece.delta ?? {};
      if (typeof delta.content === 'string') choice.message.content = (choice.message.content ?? '') + delta.content;
      if (typeof delta.refusal === 'string') choice.message.refusal = (choice.message.refusal ?? '') + delta.refusal;
      for (const field of REASONING_FIELDS) {
        const text = delta[field];
        if (typeof text === 'string') choice.message[field] = String(choice.message[field] ?? '') + text;
      }
      for (const call of delta.tool_calls ?? []) {
        const existing = choice.toolCalls[call.index];
        if (!existing) {
          choice.toolCalls[call.index] = {
            id: call.id ?? '',
            type: 'function',
            function: { name: call.function?.name ?? '', arguments: call.function?.arguments ?? '' },
          };
        } else {
          if (call.id) existing.id = call.id;
          if (call.function?.name) existing.function.name += call.function.name;
          if (call.function?.arguments) existing.function.arguments += call.function.arguments;
        }
      }
      if (piece.finish_reason) choice.finish_reason = piece.finish_reason;
    }
  }

  /** The same as adding a chunk (after the first) whose only effect is `delta.content` on one choice. */
  appendContent(index: number, text: string): void {
    const choice = this.choice(index);
    choice.message.content = (choice.message.content ?? '') + text;
  }

  result(): ChatCompletion | null {
    const first = this.first;
    if (!first) return null;
    const usage = this.usage;
    return {
      id: first.id,
      object: 'chat.completion',
      created: first.created,
      model: first.model,
      choices: [...this.choices.values()]
        .sort((a, b) => a.index - b.index)
        .map(({ toolCalls, ...choice }) =>
          toolCalls.length > 0 ? { ...choice, message: { ...choice.message, tool_calls: toolCalls.filter(Boolean) } } : choice,
        ),
      ...(usage ? { usage } : {}),
    };
  }

  private choice(index: number): ChatChoice & { toolCalls: ChatToolCall[] } {
    let choice = this.choices.get(index);
    if (!choice) {
      choice = { index, message: { role: 'assistant', content: null }, finish_reason: null, toolCalls: [] };
      this.choices.set(index, choice);
    }
    return choice;
  }
}

/** Rebuilds an Anthropic message from its stream events, for the trace. */
export function accumulateAnthropicEvents(events: readonly AnthropicStreamEvent[]): AnthropicMessageResponse | null {
  const fold = new AnthropicEventFold();
  for (const event of events) fold.add(event);
  return fold.result();
}

/**
 * Folds Anthropic stream events into the message one at a time, so a reader of SSE text can hand
 * over a parsed event or, for a text delta, just its text (`appendText`). `result` ends the fold.
 */
export class AnthropicEventFold {
  private message: AnthropicMessageResponse | null = null;
  private readonly blocks: AnthropicContentBlock[] = [];
  private readonly partialJson = new Map<number, string>();

  add(event: AnthropicStreamEvent): void {
    if (event.type === 'message_start') this.message = { ...event.message, content: [], usage: { ...event.message.usage } };
    else if (event.type === 'content_block_start') this.blocks[event.index] = { ...event.content_block };
    else if (event.type === 'content_block_delta') {
      const block = this.blocks[event.index] as Record<string, unknown> | undefined;
      if (!block) return;
      const delta = event.delta;
      if (delta.type === 'text_delta') block.text = String(block.text ?? '') + delta.text;
      else if (delta.type === 'thinking_delta') block.thinking = String(block.thinking ?? '') + delta.thinking;
      else if (delta.type === 'signature_delta') block.signature = delta.signature;
      else if (delta.type === 'input_json_delta') this.partialJson.set(event.index, (this.partialJson.get(event.index) ?? '') + delta.partial_json);
    } else if (event.type === 'message_delta' && this.message) {
      const message = this.message;
      message.stop_reason = event.delta.stop_reason;
      message.stop_sequence = event.delta.stop_sequence;
      for (const [field, value] of Object.entries(event.usage)) if (value !== null && value !== undefined) message.usage[field] = value;
    }
  }

  /** The same as adding a `text_delta` of `text` to block `index`. */
  appendText(index: number, text: string): void {
    const block = this.blocks[index] as Record<string, unknown> | undefined;
    if (block) block.text = String(block.text ?? '') + text;
  }

  result(): AnthropicMessageResponse | null {
    const message = this.message;
    if (!message) return null;
    for (const [index, json] of this.partialJson) {
      const block = this.blocks[index] as Record<string, unknown> | undefined;
      if (!block) continue;
      try {
        block.input = JSON.parse(json || '{}');
      } catch {
        block.input = json;
      }
    }
    message.content = this.blocks.filter(Boolean);
    return message;
  }
}
