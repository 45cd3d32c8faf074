/**
 * Ending a streamed upstream call at a stop sequence the gateway applies itself (held-stops.ts).
 * Left to run, the upstream would generate (and bill) the whole answer the client never sees
 * past the sequence; ended there, generation stops with it. The usage is then what the upstream
 * reported before it was ended, its output at least the tokens of the text it had generated
 * (the sequence and what followed it in the same read included), counted locally and so marked
 * estimated when that raises it. An upstream that reports usage only at its end (OpenAI) reported
 * none: both sides are counted locally, marked estimated.
 */
import type { ChatCompletionChunk, ChatCompletionRequest, ChatUsage } from '../core/openai-wire.js';
import { type TokenCounter, usageTokenCounter } from '../tokens/count-tokens.js';
import type { Usage } from '../tokens/usage.js';
import type { StreamStops } from './held-stops.js';
import type { DecisionSink } from './spec.js';

/**
 * The usage and closing chunks of a stream stopped at `stopped` before the upstream's finish; the
 * caller has ended the upstream call. The trace says so (`decisions.stop_sequences`).
 *
 * @example await endAtHeldStop(stops, undefined, request) // { usage: { …, estimated: true }, chunks: [finish 'stop', usage] }
 */
export async function endAtHeldStop(
  stops: StreamStops,
  stopped: string,
  reported: Usage | undefined,
  request: ChatCompletionRequest,
  decisions: DecisionSink | undefined,
  count: TokenCounter = usageTokenCounter(),
): Promise<{ usage: Usage; chunks: ChatCompletionChunk[] }> {
  const generated = await count.text(stops.generated);
  let usage: Usage;
  if (reported) usage = generated > reported.outputTokens ? { ...reported, outputTokens: generated, estimated: true } : reported;
  else usage = { inputTokens: await count.chat(request.messages), cachedTokens: 0, cacheWriteTokens: 0, outputTokens: generated, reasoningTokens: 0, estimated: true };
  const earlier = decisions?.decisions?.['stop_sequences'] as Record<string, unknown> | undefined;
  decisions?.decide('stop_sequences', { ...earlier, applied_by: 'gateway', stopped_on: stopped, upstream: 'ended at the sequence, so generation and billing stopped there', usage: usage.estimated ? 'estimated' : 'reported' });
  return { usage, chunks: stops.close(chatUsage(usage)) };
}

function chatUsage(usage: Usage): ChatUsage {
  const out: ChatUsage = { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens };
  if (usage.cachedTokens > 0) out.prompt_tokens_details = { cached_tokens: usage.cachedTokens };
  if (usage.reasoningTokens > 0) out.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  return out;
}
