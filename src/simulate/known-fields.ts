/**
 * The top-level request fields each API knows, and its 400 for any other, in its own words: the
 * real APIs refuse a field they do not know rather than ignore it, so a gateway that forwards a
 * field into the wrong API meets the refusal here first. The lists are generous: every field of
 * the current API references and of the request types in the official SDKs (openai 6.49 to 7.60,
 * @anthropic-ai/sdk 1.14 to 1.16, beta fields included, since a beta header is what enables them),
 * and `safeguards`, which the AI SDK 7's Anthropic provider sends.
 * Only top-level names are checked. Gemini's "Unknown name" check is in `gemini-request-config.ts`.
 */
import type { JsonObject } from '../core/openai-wire.js';
import { openaiError, type WireError } from './wire-errors.js';

/** `POST /v1/chat/completions` (`ChatCompletionCreateParams`). */
const CHAT: ReadonlySet<string> = new Set([
  'model', 'messages', 'audio', 'frequency_penalty', 'function_call', 'functions', 'logit_bias', 'logprobs', 'max_completion_tokens',
  'max_tokens', 'metadata', 'modalities', 'moderation', 'n', 'parallel_tool_calls', 'prediction', 'presence_penalty', 'prompt_cache_key',
  'prompt_cache_options', 'prompt_cache_retention', 'reasoning_effort', 'response_format', 'safety_identifier', 'seed', 'service_tier',
  'stop', 'store', 'stream', 'stream_options', 'temperature', 'tool_choice', 'tools', 'top_logprobs', 'top_p', 'user', 'verbosity',
  'web_search_options',
]);

/** `POST /v1/embeddings` (`EmbeddingCreateParams`). */
const EMBEDDINGS: ReadonlySet<string> = new Set(['model', 'input', 'dimensions', 'encoding_format', 'user']);

/**
 * `POST /v1/responses` (`ResponseCreateParams`), and `client_metadata`, which no SDK types but the
 * Codex CLI (0.171) sends on every request, to api.openai.com as to a custom provider: OpenAI's
 * API takes it, or Codex with an API key would not work.
 */
const RESPONSES: ReadonlySet<string> = new Set([
  'model', 'input', 'access_programs', 'background', 'background_options', 'client_metadata', 'context_management', 'image', 'conversation', 'include', 'instructions', 'max_output_tokens', 'max_tool_calls',
  'metadata', 'moderation', 'parallel_tool_calls', 'previous_response_id', 'prompt', 'prompt_cache_key', 'prompt_cache_options',
  'prompt_cache_retention', 'reasoning', 'safety_identifier', 'service_tier', 'store', 'stream', 'stream_options', 'temperature', 'text',
  'tool_choice', 'tools', 'top_logprobs', 'top_p', 'truncation', 'user',
]);

// Fields both Messages endpoints take (`MessageCountTokensParams`, beta included).
const MESSAGES_COMMON = [
  'model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'output_config', 'output_format', 'cache_control', 'context_management',
  'mcp_servers', 'compaction', 'speed', 'billing_policy', 'user_profile_id', 'workspace_id',
];

/**
 * `POST /v1/messages` (`MessageCreateParams`, beta included). The 1.14 SDK's types leave out the
 * sampling settings, which the API still takes on the models that allow them.
 */
const MESSAGES: ReadonlySet<string> = new Set([
  ...MESSAGES_COMMON, 'max_tokens', 'stream', 'stop_sequences', 'temperature', 'top_p', 'top_k', 'metadata', 'service_tier', 'container',
  'inference_geo', 'diagnostics', 'fallbacks', 'fallback_credit_token', 'thread',
  // No SDK types it yet; @ai-sdk/anthropic 4 sends it with the dangerous-tool-use-2026-09-03 beta
  // (the classifier Claude Code's auto mode relies on).
  'safeguards',
]);

/** `POST /v1/messages/count_tokens`, which counts a prompt and so refuses `max_tokens`, `stream`, `metadata`… */
const COUNT_TOKENS: ReadonlySet<string> = new Set(MESSAGES_COMMON);

function firstUnknown(body: JsonObject, known: ReadonlySet<string>): string | undefined {
  for (const name of Object.keys(body)) if (!known.has(name)) return name;
  return undefined;
}

/**
 * Chat Completions' refusal of a field it does not know, naming the first one:
 * `Unrecognized request argument supplied: foo` (`param` and `code` null).
 *
 * @example unknownChatField({ model: 'm', messages: [], top_k: 5 })?.status // 400
 */
export function unknownChatField(body: JsonObject): WireError | undefined {
  const name = firstUnknown(body, CHAT);
  return name === undefined ? undefined : openaiError(400, { message: `Unrecognized request argument supplied: ${name}`, param: null, code: null });
}

/**
 * The embeddings endpoint's refusal of a field it does not know. It is served by the same stack as
 * Chat Completions and refuses in the same words (`Unrecognized request argument supplied: foo`,
 * `param` and `code` null); no public capture of its exact text was found to check that against.
 *
 * @example unknownEmbeddingsField({ model: 'm', input: 'Hi', truncate: 'END' })?.status // 400
 */
export function unknownEmbeddingsField(body: JsonObject): WireError | undefined {
  const name = firstUnknown(body, EMBEDDINGS);
  return name === undefined ? undefined : openaiError(400, { message: `Unrecognized request argument supplied: ${name}`, param: null, code: null });
}

/**
 * The Responses API's: `Unknown parameter: 'foo'.`, `param` the field, `code` `unknown_parameter`.
 *
 * @example unknownResponsesField({ model: 'm', input: 'Hi', messages: [] })?.status // 400
 */
export function unknownResponsesField(body: JsonObject): WireError | undefined {
  const name = firstUnknown(body, RESPONSES);
  return name === undefined ? undefined : openaiError(400, { message: `Unknown parameter: '${name}'.`, param: name, code: 'unknown_parameter' });
}

/**
 * The Messages API's (pydantic's) message: `foo: Extra inputs are not permitted`; `countTokens`
 * for `/v1/messages/count_tokens`.
 *
 * @example unknownMessagesField({ model: 'm', max_tokens: 9, messages: [], seed: 1 }, false) // 'seed: Extra inputs are not permitted'
 */
export function unknownMessagesField(body: JsonObject, countTokens: boolean): string | undefined {
  const name = firstUnknown(body, countTokens ? COUNT_TOKENS : MESSAGES);
  return name === undefined ? undefined : `${name}: Extra inputs are not permitted`;
}
