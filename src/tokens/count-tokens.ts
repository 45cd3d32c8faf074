import type { ChatMessage } from '../core/openai-wire.js';
import { estimateTokens } from './estimate-tokens.js';
import { tokenCountThread } from './token-count-thread.js';

export interface TokenCounter {
  text(text: string): Promise<number>;
  chat(messages: readonly ChatMessage[]): Promise<number>;
}

/**
 * A token counter for when a provider reports none. Uses OpenAI's o200k encoding (o200k-counter.ts
 * counts as gpt-tokenizer does, which matches tiktoken exactly); for other vendors it is an estimate, and traces mark it as one.
 * Chat framing follows OpenAI's accounting: 3 tokens per message plus 3 to prime the reply.
 *
 * Counting runs on a thread of its own (token-count-thread.ts), which loads the tokenizer on the
 * first count: on the event loop that load held every request for ~0.5 s (the first client that
 * disconnected mid-answer, the first local answer) and kept gpt-tokenizer's ~65 MB rank table in
 * the heap that every major GC of the gateway walks (now ~15 MB, on that thread).
 *
 * @example await tokenCounter().chat([{ role: 'user', content: 'hi' }]) // 7
 */
export function tokenCounter(thread = tokenCountThread()): TokenCounter {
  return counterOver((texts) => thread.count(texts));
}

/**
 * For usage the provider did not report (a stream the client cut, a server that omits usage),
 * which the trace marks as estimated anyway: counted exactly once the tokenizer has loaded;
 * before that, estimated in place (estimateTokens, within ~7.5% of o200k on average) while the
 * thread loads the tokenizer at the next idle moment. A busy gateway's first cut stream no longer
 * pays the tokenizer's load on the requests in flight, and one that never needs it never loads it.
 *
 * @example await usageTokenCounter().text('How many eggs are left?') // 6 (estimated) or 6 (counted)
 */
export function usageTokenCounter(thread = tokenCountThread()): TokenCounter {
  return counterOver((texts) => {
    if (thread.loaded) return thread.count(texts);
    thread.loadWhenIdle();
    return Promise.resolve(texts.map(estimateTokens));
  });
}

function counterOver(counts: (texts: string[]) => Promise<number[]>): TokenCounter {
  return {
    async text(text) {
      if (text.length === 0) return 0;
      return (await counts([text]))[0] as number;
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
      for (const count of await counts(texts)) total += count;
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
