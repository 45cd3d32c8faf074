import type { AnthropicMessagesRequest } from '../core/anthropic-wire.js';
import type { ChatCompletionRequest, JsonObject } from '../core/openai-wire.js';
import type { ResponsesRequest } from '../core/responses-wire.js';
import { fromAnthropicRequest } from '../providers/anthropic/index.js';
import type { ClientFormat } from '../core/formats.js';
import { tokenCounter } from '../tokens/count-tokens.js';
import { toChatRequest } from './client-formats/responses/to-chat-request.js';
import type { Usage } from '../tokens/usage.js';
import { answerText } from './answer-text.js';

/**
 * Counts tokens locally when a provider reported no usage (some OpenAI-compatible servers omit
 * it, especially on streams). Runs after the answer went out.
 */
export async function estimateUsage(
  format: ClientFormat,
  body: JsonObject,
  response: unknown,
  /** The answer's token count when the caller knows it already (a local model's labels, counted once each). */
  knownOutputTokens?: number,
): Promise<Usage> {
  const count = await tokenCounter();
  let inputTokens = 0;
  if (format === 'responses') inputTokens = count.chat(responsesMessages(body));
  else if (Array.isArray(body.messages)) {
    const request = format === 'openai' ? (body as ChatCompletionRequest) : fromAnthropicRequest(body as AnthropicMessagesRequest);
    inputTokens = count.chat(request.messages);
  } else if (typeof body.input === 'string') inputTokens = count.text(body.input);
  else if (Array.isArray(body.input)) for (const item of body.input) if (typeof item === 'string') inputTokens += count.text(item);
  return { inputTokens, cachedTokens: 0, cacheWriteTokens: 0, outputTokens: knownOutputTokens ?? count.text(answerText(response)), reasoningTokens: 0, estimated: true };
}


/** A Responses request's messages as chat sees them; a request that cannot be translated counts as its text. */
function responsesMessages(body: JsonObject): ChatCompletionRequest['messages'] {
  try {
    return toChatRequest(body as ResponsesRequest).messages;
  } catch {
    return [{ role: 'user', content: JSON.stringify(body.input ?? '') }];
  }
}
