import type { AnthropicMessagesRequest } from '../core/anthropic-wire.js';
import type { ChatCompletionRequest, JsonObject } from '../core/openai-wire.js';
import type { ResponsesRequest } from '../core/responses-wire.js';
import { fromAnthropicRequest } from '../providers/anthropic/index.js';
import type { ClientFormat } from '../core/formats.js';
import { type TokenCounter, usageTokenCounter } from '../tokens/count-tokens.js';
import { toChatRequest } from './client-formats/responses/to-chat-request.js';
import { fromGeminiRequest } from './client-formats/gemini/to-chat-request.js';
import type { Usage } from '../tokens/usage.js';
import { answerText } from './answer-text.js';
import { type CountedFor, mediaTokens } from './media-tokens.js';

/** What {@link estimateUsage} counts from: the request, the answer and how to count them. */
export interface UsageEstimateInput {
  format: ClientFormat;
  body: JsonObject;
  /** The answer as the client's API wrote it (null when there is none to count). */
  response: unknown;
  /** The answer's token count when the caller knows it already (a local model's labels, counted once each). */
  knownOutputTokens?: number | undefined;
  /** Default: `usageTokenCounter()`. */
  count?: TokenCounter | undefined;
  /** The target that answered: images and PDFs count as its vendor counts them; absent, they count nothing. */
  countedFor?: CountedFor | undefined;
}

/**
 * Counts tokens locally when a provider reported no usage (some OpenAI-compatible servers omit
 * it, especially on streams; a stream the client cut has none). Runs after the answer went out;
 * estimated until the tokenizer has loaded (usageTokenCounter). With `countedFor` (the target
 * that answered), images and PDFs count as that vendor counts them (`mediaTokens`); without it
 * they count nothing. One options object: six positional parameters had callers passing
 * `undefined, undefined` to reach the last.
 *
 * @example await estimateUsage({ format: 'openai', body, response, countedFor: call.servedBy ?? undefined })
 */
export async function estimateUsage({ format, body, response, knownOutputTokens, count = usageTokenCounter(), countedFor }: UsageEstimateInput): Promise<Usage> {
  const [inputTokens, outputTokens] = await Promise.all([countInput(count, format, body, countedFor), knownOutputTokens ?? count.text(answerText(response))]);
  return { inputTokens, cachedTokens: 0, cacheWriteTokens: 0, outputTokens, reasoningTokens: 0, estimated: true };
}

/**
 * The usage a stream cut short reported, with its output at least the tokens of the answer
 * relayed so far (counted locally, so marked estimated when that raises it): Claude reports
 * `output_tokens: 1` when it starts and the real count only at its end, so a client that stops
 * reading would otherwise be billed, budgeted and traced for one output token.
 *
 * @example await withRelayedOutput({ …, outputTokens: 1 }, partialMessage) // { …, outputTokens: 57, estimated: true }
 */
export async function withRelayedOutput(usage: Usage, response: unknown, count: TokenCounter = usageTokenCounter()): Promise<Usage> {
  const relayed = await count.text(answerText(response));
  return relayed > usage.outputTokens ? { ...usage, outputTokens: relayed, estimated: true } : usage;
}

async function countInput(count: TokenCounter, format: ClientFormat, body: JsonObject, countedFor: CountedFor | undefined): Promise<number> {
  const messages = inputMessages(format, body);
  if (messages) return (await count.chat(messages)) + (countedFor ? mediaTokens(messages, countedFor) : 0);
  if (typeof body.input === 'string') return count.text(body.input);
  if (Array.isArray(body.input)) {
    const counts = await Promise.all(body.input.filter((item): item is string => typeof item === 'string').map((item) => count.text(item)));
    return counts.reduce((sum, n) => sum + n, 0);
  }
  return 0;
}

/** A chat-like request's messages as chat sees them; undefined for embeddings' `input`. */
function inputMessages(format: ClientFormat, body: JsonObject): ChatCompletionRequest['messages'] | undefined {
  if (format === 'responses') return responsesMessages(body);
  if (format === 'gemini' && Array.isArray(body.contents)) return translatedMessages(() => fromGeminiRequest(body).messages, body.contents);
  if (!Array.isArray(body.messages)) return undefined;
  return format === 'openai' ? (body as ChatCompletionRequest).messages : fromAnthropicRequest(body as AnthropicMessagesRequest).messages;
}

/** A Responses request's messages as chat sees them; a request that cannot be translated counts as its text. */
function responsesMessages(body: JsonObject): ChatCompletionRequest['messages'] {
  return translatedMessages(() => toChatRequest(body as ResponsesRequest).messages, body.input ?? '');
}

/** Another API's request as chat messages; one that cannot be translated counts as the JSON of `input`. */
function translatedMessages(translate: () => ChatCompletionRequest['messages'], input: unknown): ChatCompletionRequest['messages'] {
  try {
    return translate();
  } catch {
    return [{ role: 'user', content: JSON.stringify(input) }];
  }
}
