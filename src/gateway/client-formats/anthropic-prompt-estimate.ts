import type { JsonObject } from '../../core/openai-wire.js';
import { estimateTokens } from '../../tokens/estimate-tokens.js';

/**
 * Fields whose strings are not prompt text: base64 payloads, signatures, ids and enum tags; and
 * a chat request's (a local answer reads one): its image URLs (often base64) and file data.
 */
const NOT_TEXT = new Set(['data', 'signature', 'type', 'id', 'tool_use_id', 'media_type', 'role', 'cache_control', 'image_url', 'file_data', 'tool_call_id']);

/**
 * A tokenizer-free estimate of an Anthropic request's prompt tokens (system, messages, tools),
 * for the `message_start` of a stream whose upstream reports usage only at its end (OpenAI,
 * Gemini). Anthropic sends the exact input count in `message_start`, and clients that read it only
 * there (LangChain's ChatAnthropic) would otherwise see 0 input tokens for the whole answer; the
 * exact count still follows in `message_delta`. One pass over the strings, so it costs the
 * request path next to nothing; images are left out (their size in tokens is not in the bytes).
 * OpenAI's chat format adds tokens of its own around the text (3 per message, the system prompt
 * being one, and 3 that start the answer): without them "hi" read 1 where OpenAI counts 7.
 * Gemini adds none, so there the estimate reads a few tokens high. A chat completions request reads
 * the same way (its system prompt is one of its messages), which a local model's answer uses.
 *
 * @example estimateAnthropicPromptTokens({ messages: [{ role: 'user', content: 'How many eggs are left?' }] }) // 12
 */
export function estimateAnthropicPromptTokens(request: JsonObject): number {
  const messages = Array.isArray(request.messages) ? request.messages.length : 0;
  const wrapping = TOKENS_PER_MESSAGE * (messages + (request.system === undefined ? 0 : 1)) + TOKENS_STARTING_ANSWER;
  return wrapping + textTokens(request.system) + textTokens(request.messages) + textTokens(request.tools);
}

/** The chat format's tokens around each message's text and before the answer (OpenAI's counting). */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_STARTING_ANSWER = 3;

function textTokens(value: unknown): number {
  if (typeof value === 'string') return estimateTokens(value);
  if (Array.isArray(value)) {
    let sum = 0;
    for (const item of value) sum += textTokens(item);
    return sum;
  }
  if (typeof value !== 'object' || value === null) return 0;
  let sum = 0;
  for (const [key, field] of Object.entries(value)) {
    if (NOT_TEXT.has(key)) continue;
    // A tool's schema: its property names are prompt text too.
    if (key === 'properties' && typeof field === 'object' && field !== null) sum += textTokens(Object.keys(field));
    sum += textTokens(field);
  }
  return sum;
}
