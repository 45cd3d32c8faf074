/**
 * Translation between the OpenAI Chat Completions format (the gateway's canonical format) and the
 * Anthropic Messages format, both directions, streaming included. Pure functions and small
 * stateful stream converters; no I/O.
 */
export {
  DEFAULT_MAX_TOKENS,
  JSON_RESPONSE_TOOL,
  jsonResponseToolName,
  toAnthropicRequest,
} from './convert-to-anthropic-request.js';
export { toAnthropicMessages, type ConvertedMessages } from './convert-to-anthropic-messages.js';
export { fromAnthropicResponse, type FromAnthropicOptions } from './convert-from-anthropic-response.js';
export { AnthropicToOpenAIStream, type AnthropicToOpenAIStreamOptions } from './anthropic-stream-to-openai.js';
export { fromAnthropicRequest, isWebSearchServerTool, untranslatedAnthropicFields } from './convert-from-anthropic-request.js';
export { anthropicMessageId, toAnthropicResponse, type ToAnthropicOptions } from './convert-to-anthropic-response.js';
export { OpenAIToAnthropicStream, type OpenAIToAnthropicStreamOptions } from './openai-stream-to-anthropic.js';
export { toAnthropicStopReason, toOpenAIFinishReason } from './map-stop-reason.js';
export { toAnthropicUsage, toOpenAIUsage, type AnthropicUsageCounts } from './convert-usage.js';
export {
  anthropicErrorType,
  parseAnthropicError,
  statusForAnthropicErrorType,
  streamErrorToSwitchyard,
  toAnthropicErrorBody,
  type AnthropicErrorType,
  type ParseAnthropicErrorOptions,
} from './anthropic-error.js';
