/**
 * The OpenAI Chat Completions wire format, as far as Switchyard reads it. It is the gateway's
 * canonical format: Anthropic requests are translated to it and back. Every object keeps unknown
 * fields (index signatures), because the gateway passes through what it does not understand.
 */
export type JsonObject = { [key: string]: unknown };

/** A JSON object: not null, not an array. @example isJsonObject({ type: 'text' }) // true; isJsonObject([]) // false */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ChatTextPart {
  type: 'text';
  text: string;
}
export interface ChatImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}
export type ChatContentPart = ChatTextPart | ChatImagePart | ({ type: string } & JsonObject);

/**
 * Claude's reasoning as Claude must get it back: the thinking text with its signature, or a
 * redacted block's data. Not OpenAI's format: the canonical message and chunk delta carry it as
 * `thinking_blocks` (LiteLLM's name and shape) beside `reasoning_content`, so a Claude answer's
 * signature reaches the client (a chat client as `thinking_blocks`, a Responses client in a
 * reasoning item's `encrypted_content`) and comes back on the next turn.
 */
export type ThinkingBlock = { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string };

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  content?: string | ChatContentPart[] | null;
  name?: string;
  tool_calls?: ChatToolCall[];
  tool_call_id?: string;
  refusal?: string | null;
  [key: string]: unknown;
}

export interface ChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: JsonObject; strict?: boolean };
}

export type ChatToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } };

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } & JsonObject;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string | string[];
  n?: number;
  seed?: number;
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: { type: 'text' | 'json_object' | 'json_schema'; json_schema?: JsonObject };
  user?: string;
  metadata?: JsonObject;
  [key: string]: unknown;
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; audio_tokens?: number } & JsonObject;
  completion_tokens_details?: { reasoning_tokens?: number } & JsonObject;
  [key: string]: unknown;
}

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface ChatChoice {
  index: number;
  message: ChatMessage & { role: 'assistant' };
  finish_reason: ChatFinishReason | null;
  logprobs?: unknown;
  [key: string]: unknown;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatChoice[];
  usage?: ChatUsage;
  system_fingerprint?: string | null;
  [key: string]: unknown;
}

export interface ChatChunkToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatChunkChoice {
  index: number;
  delta: {
    role?: 'assistant';
    content?: string | null;
    refusal?: string | null;
    tool_calls?: ChatChunkToolCallDelta[];
    [key: string]: unknown;
  };
  finish_reason: ChatFinishReason | null;
  logprobs?: unknown;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatChunkChoice[];
  usage?: ChatUsage | null;
  system_fingerprint?: string | null;
  [key: string]: unknown;
}

/**
 * OpenAI's limit on the inputs of one embeddings request (its reference: "must not exceed 2048
 * dimensions", said of the array), which clients size their batches by (LangChain sends 512).
 */
export const MAX_EMBEDDING_INPUTS = 2048;

export interface EmbeddingsRequest {
  model: string;
  input: string | string[] | number[] | number[][];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  [key: string]: unknown;
}

export interface EmbeddingsResponse {
  object: 'list';
  data: { object: 'embedding'; index: number; embedding: number[] | string }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}
