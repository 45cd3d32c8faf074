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
  const tier = completion['service_tier'];
  // An answer with OpenAI's envelope (translated, the gateway's own, OpenAI's) streams with it, as
  // a translated stream does: service_tier and system_fingerprint on every chunk, logprobs on
  // every choice, refusal on the role delta. Each chunk written out in full rather than spread
  // from a shared base: spreading went the engine's slow path, a measurable share of a streamed
  // local answer's CPU. Key order as OpenAI's.
  if (tier !== undefined) {
    const fingerprint = completion.system_fingerprint ?? null;
    const full = (choices: ChatCompletionChunk['choices']): ChatCompletionChunk => ({ id, object: 'chat.completion.chunk', created, model, service_tier: tier, system_fingerprint: fingerprint, choices });
    return streamOf(completion, full, true);
  }
  return streamOf(completion, (choices) => ({ id, object: 'chat.completion.chunk', created, model, choices }), false);
}

function streamOf(completion: ChatCompletion, chunk: (choices: ChatCompletionChunk['choices']) => ChatCompletionChunk, openAIShape: boolean): ChatCompletionChunk[] {
  const chunks: ChatCompletionChunk[] = [];
  for (const choice of completion.choices) {
    const { message } = choice;
    const content = typeof message.content === 'string' ? message.content : '';
    const index = choice.index;
    if (openAIShape) {
      chunks.push(chunk([{ index, delta: { role: 'assistant', content, refusal: typeof message.refusal === 'string' ? message.refusal : null }, logprobs: null, finish_reason: null }]));
    } else chunks.push(chunk([{ index, delta: { role: 'assistant', content }, finish_reason: null }]));
    if (message.tool_calls?.length) {
      const tool_calls = message.tool_calls.map((call, i) => ({ index: i, id: call.id, type: 'function' as const, function: { name: call.function.name, arguments: call.function.arguments } }));
      chunks.push(chunk(openAIShape ? [{ index, delta: { tool_calls }, logprobs: null, finish_reason: null }] : [{ index, delta: { tool_calls }, finish_reason: null }]));
    }
    const finish = choice.finish_reason ?? 'stop';
    chunks.push(chunk(openAIShape ? [{ index, delta: {}, logprobs: null, finish_reason: finish }] : [{ index, delta: {}, finish_reason: finish }]));
  }
  if (completion.usage) {
    const last = chunk([]);
    last.usage = completion.usage;
    chunks.push(last);
  }
  return chunks;
}
