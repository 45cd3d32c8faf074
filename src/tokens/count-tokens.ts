import type { ChatMessage } from '../core/openai-wire.js';
import { tokenCountThread } from './token-count-thread.js';

export interface TokenCounter {
  text(text: string): Promise<number>;
  chat(messages: readonly ChatMessage[]): Promise<number>;
}

/**
 * A token counter for when a provider reports none. Uses OpenAI's o200k encoding (gpt-tokenizer
 * matches tiktoken exactly); for other vendors it is an estimate, and traces mark it as one.
 * Chat framing follows OpenAI's accounting: 3 tokens per message plus 3 to prime the reply.
 *
 * Counting runs on a thread of its own (token-count-thread.ts), which loads the tokenizer on the
 * first count: on the event loop that load held every request for ~0.5 s (the first client that
 * disconnected mid-answer, the first local answer) and kept its ~65 MB rank table in the heap
 * that every major GC of the gateway walks.
 *
 * @example await tokenCounter().chat([{ role: 'user', content: 'hi' }]) // 7
 */
export function tokenCounter(): TokenCounter {
  const thread = tokenCountThread();
  return {
    async text(text) {
      if (text.length === 0) return 0;
      return (await thread.count([text]))[0] as number;
    },
    async chat(messages) {
      // One hand-off for the whole conversation; framing is added here.
      const texts: string[] = [];
      let total = 3;
      for (const message of messages) {
        total += 3;
        texts.push(textOf(message.content));
        if (message.name) {
          total += 1;
          texts.push(message.name);
        }
        for (const call of message.tool_calls ?? []) texts.push(call.function.name, call.function.arguments);
      }
      for (const count of await thread.count(texts)) total += count;
      return total;
    },
  };
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) if (part.type === 'text' && typeof part.text === 'string') text += part.text;
  return text;
}
