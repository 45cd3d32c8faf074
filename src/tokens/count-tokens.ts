import type { ChatMessage } from '../core/openai-wire.js';

type Tokenizer = typeof import('gpt-tokenizer');
let tokenizer: Promise<Tokenizer> | undefined;

/**
 * The o200k tokenizer, loaded on first use: its rank table costs ~65 MB of memory, which a
 * gateway whose providers report usage never needs to pay.
 */
function loadTokenizer(): Promise<Tokenizer> {
  tokenizer ??= import('gpt-tokenizer');
  return tokenizer;
}

/**
 * A token counter for when a provider reports none. Uses OpenAI's o200k encoding (gpt-tokenizer
 * matches tiktoken exactly); for other vendors it is an estimate, and traces mark it as one.
 * Chat framing follows OpenAI's accounting: 3 tokens per message plus 3 to prime the reply.
 *
 * @example const count = await tokenCounter(); count.chat([{ role: 'user', content: 'hi' }]) // 7
 */
export async function tokenCounter(): Promise<{ text(text: string): number; chat(messages: readonly ChatMessage[]): number }> {
  const { countTokens } = await loadTokenizer();
  const text = (value: string) => (value.length === 0 ? 0 : countTokens(value));
  return {
    text,
    chat(messages) {
      let total = 3;
      for (const message of messages) {
        total += 3;
        total += text(textOf(message.content));
        if (message.name) total += 1 + text(message.name);
        for (const call of message.tool_calls ?? []) total += text(call.function.name) + text(call.function.arguments);
      }
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
