/**
 * The OpenAI Responses API wire format (`POST /v1/responses`), as far as Switchyard reads or
 * writes it. Objects keep unknown fields (index signatures): the API grows often, and what the
 * gateway does not interpret passes through to providers that speak it natively.
 */
import type { JsonObject } from './openai-wire.js';

/** A content part of an input message. */
export interface ResponsesInputText {
  type: 'input_text';
  text: string;
}
export interface ResponsesInputImage {
  type: 'input_image';
  image_url?: string | null;
  file_id?: string | null;
  detail?: 'low' | 'high' | 'auto' | 'original' | null;
}
export interface ResponsesInputFile {
  type: 'input_file';
  file_data?: string;
  file_id?: string | null;
  file_url?: string;
  filename?: string;
}
export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs?: unknown[];
}
export interface ResponsesRefusal {
  type: 'refusal';
  refusal: string;
}
export type ResponsesContentPart = ResponsesInputText | ResponsesInputImage | ResponsesInputFile | ResponsesOutputText | ResponsesRefusal | ({ type: string } & JsonObject);

/** A message item: `type` may be left out in input (the "easy" message). */
export interface ResponsesMessageItem {
  type?: 'message';
  id?: string;
  role: 'user' | 'assistant' | 'system' | 'developer';
  content: string | ResponsesContentPart[];
  status?: 'in_progress' | 'completed' | 'incomplete';
  [key: string]: unknown;
}

export interface ResponsesFunctionCallItem {
  type: 'function_call';
  id?: string;
  call_id: string;
  name: string;
  arguments: string;
  status?: 'in_progress' | 'completed' | 'incomplete';
  [key: string]: unknown;
}

export interface ResponsesFunctionCallOutputItem {
  type: 'function_call_output';
  id?: string | null;
  call_id: string;
  output: string | ResponsesContentPart[];
  [key: string]: unknown;
}

export interface ResponsesReasoningItem {
  type: 'reasoning';
  id: string;
  summary: { type: 'summary_text'; text: string }[];
  content?: { type: 'reasoning_text'; text: string }[];
  encrypted_content?: string | null;
  status?: 'in_progress' | 'completed' | 'incomplete';
  [key: string]: unknown;
}

/** Any input item; built-in tool calls and item references are kept as they are. */
export type ResponsesInputItem = ResponsesMessageItem | ResponsesFunctionCallItem | ResponsesFunctionCallOutputItem | ResponsesReasoningItem | ({ type: string } & JsonObject);

/** A function tool in the Responses API's flattened shape (no nested `function`). */
export interface ResponsesFunctionTool {
  type: 'function';
  name: string;
  description?: string | null;
  parameters?: JsonObject | null;
  strict?: boolean | null;
  [key: string]: unknown;
}

export type ResponsesToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; name: string }
  | { type: 'allowed_tools'; mode: 'auto' | 'required'; tools: JsonObject[] }
  | ({ type: string } & JsonObject);

export type ResponsesTextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: JsonObject; strict?: boolean | null; description?: string };

export interface ResponsesRequest {
  model: string;
  input?: string | ResponsesInputItem[];
  instructions?: string | null;
  previous_response_id?: string | null;
  tools?: (ResponsesFunctionTool | ({ type: string } & JsonObject))[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean | null;
  text?: { format?: ResponsesTextFormat; verbosity?: 'low' | 'medium' | 'high' | null } & JsonObject;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  reasoning?: { effort?: string | null; summary?: string | null } & JsonObject;
  metadata?: Record<string, string> | null;
  store?: boolean | null;
  stream?: boolean | null;
  user?: string;
  [key: string]: unknown;
}

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens?: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponseStatus = 'completed' | 'failed' | 'in_progress' | 'cancelled' | 'queued' | 'incomplete';

/** An item of a response's `output`. */
export type ResponsesOutputItem =
  | (ResponsesMessageItem & { type: 'message'; id: string; role: 'assistant'; content: (ResponsesOutputText | ResponsesRefusal)[] })
  | (ResponsesFunctionCallItem & { id: string })
  | ResponsesReasoningItem
  | ({ type: string } & JsonObject);

/** The Response object. */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  model: string;
  output: ResponsesOutputItem[];
  usage: ResponsesUsage | null;
  [key: string]: unknown;
}
