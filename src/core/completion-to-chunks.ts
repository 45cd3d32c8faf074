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
  const { id, created, model } = completion;
  // Each chunk written out in full rather than spread from a shared base: spreading went the
  // engine's slow path, a measurable share of a streamed local answer's CPU. Key order as before.
  const chunk = (choices: ChatCompletionChunk['choices']): ChatCompletionChunk => ({ id, object: 'chat.completion.chunk', created, model, choices });
  const chunks: ChatCompletionChunk[] = [];
  for (const choice of completion.choices) {
    const { message } = choice;
    const content = typeof message.content === 'string' ? message.content : '';
    chunks.push(chunk([{ index: choice.index, delta: { role: 'assistant', content }, finish_reason: null }]));
    if (message.tool_calls?.length) {
      const tool_calls = message.tool_calls.map((call, index) => ({ index, id: call.id, type: 'function' as const, function: { name: call.function.name, arguments: call.function.arguments } }));
      chunks.push(chunk([{ index: choice.index, delta: { tool_calls }, finish_reason: null }]));
    }
    chunks.push(chunk([{ index: choice.index, delta: {}, finish_reason: choice.finish_reason ?? 'stop' }]));
  }
  if (completion.usage) chunks.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: completion.usage });
  return chunks;
}
