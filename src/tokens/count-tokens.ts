import { countTokens } from 'gpt-tokenizer';
import type { ChatMessage } from '../core/openai-wire.js';

/**
 * Token counts for when a provider reports none. Uses OpenAI's o200k encoding (gpt-tokenizer
 * matches tiktoken exactly); for other vendors it is an estimate, and traces mark it as one.
 * Chat framing follows OpenAI's accounting: 3 tokens per message plus 3 to prime the reply.
 */
export function countChatTokens(messages: readonly ChatMessage[]): number {
  let total = 3;
  for (const message of messages) {
    total += 3;
    total += countText(textOf(message.content));
    if (message.name) total += 1 + countText(message.name);
    for (const call of message.tool_calls ?? []) total += countText(call.function.name) + countText(call.function.arguments);
  }
  return total;
}

/** Tokens in a plain string. */
export function countText(text: string): number {
  return text.length === 0 ? 0 : countTokens(text);
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) if (part.type === 'text' && typeof part.text === 'string') text += part.text;
  return text;
}
