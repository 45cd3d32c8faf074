import type { ChatCompletion, ChatCompletionChunk } from './openai-wire.js';

/**
 * A whole answer as the stream that would have carried it: per choice a role-and-content chunk,
 * its tool calls, and its finish reason; then a usage chunk. For answers that did not come from a
 * provider stream (a local model, a cached answer, a cascade's accepted step) but must be sent to
 * a client that asked for a stream.
 *
 * @example completionToChunks(completion).length // 3 for one text choice with usage
 */
export function completionToChunks(completion: ChatCompletion): ChatCompletionChunk[] {
  const base = { id: completion.id, object: 'chat.completion.chunk' as const, created: completion.created, model: completion.model };
  const chunks: ChatCompletionChunk[] = [];
  for (const choice of completion.choices) {
    const { message } = choice;
    const content = typeof message.content === 'string' ? message.content : '';
    chunks.push({ ...base, choices: [{ index: choice.index, delta: { role: 'assistant', content }, finish_reason: null }] });
    if (message.tool_calls?.length) {
      const tool_calls = message.tool_calls.map((call, index) => ({ index, id: call.id, type: 'function' as const, function: { name: call.function.name, arguments: call.function.arguments } }));
      chunks.push({ ...base, choices: [{ index: choice.index, delta: { tool_calls }, finish_reason: null }] });
    }
    chunks.push({ ...base, choices: [{ index: choice.index, delta: {}, finish_reason: choice.finish_reason ?? 'stop' }] });
  }
  if (completion.usage) chunks.push({ ...base, choices: [], usage: completion.usage });
  return chunks;
}
