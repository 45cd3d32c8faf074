/**
 * Translation between the OpenAI Chat Completions / Embeddings formats (the gateway's canonical
 * formats) and Google's Gemini API, streaming included. Pure functions and small stateful stream
 * converters; no I/O.
 */
export { toGeminiRequest, SKIP_SIGNATURE, type ToGeminiOptions } from './convert-to-gemini-request.js';
export { toGeminiContents, type ContentsOptions, type ConvertedContents } from './convert-to-gemini-contents.js';
export { toGeminiSchema, type SchemaConversion } from './convert-json-schema.js';
export { fromGeminiResponse, type FromGeminiOptions } from './convert-from-gemini-response.js';
export { GeminiToOpenAIStream, type GeminiToOpenAIStreamOptions } from './gemini-stream-to-openai.js';
export { GeminiSseDecoder, type GeminiStreamItem } from './gemini-sse-decoder.js';
export {
  fromGeminiEmbedResponse,
  toGeminiEmbedRequest,
  toGeminiEmbedRequests,
  MAX_EMBED_INPUTS,
  MAX_BATCH_INPUTS,
  type FromGeminiEmbedOptions,
  type GeminiEmbedRequest,
} from './convert-embeddings.js';
export { usageFromGemini } from './convert-usage.js';
export { toOpenAILogprobs } from './convert-logprobs.js';
export { blockedPromptMessage, toOpenAIFinishReason } from './map-finish-reason.js';
export { geminiStatusName, parseGeminiError, retryDelaySeconds, streamErrorToSwitchyard, toGeminiErrorBody } from './gemini-error.js';
export {
  GEMINI_API_KEY_HEADER,
  geminiChatPath,
  geminiEmbedPath,
  geminiHeaders,
  geminiModelResource,
  isGemini3OrLater,
  type GeminiEmbedMethod,
} from './gemini-paths.js';
export { decodeToolCallId, encodeToolCallId, type ToolCallIdParts } from './tool-call-id.js';
export type * from './gemini-wire.js';
