/**
 * The Anthropic Messages API wire format (https://docs.anthropic.com/en/api/messages), as far as
 * Switchyard reads it. Objects keep unknown fields so that native Anthropic traffic passes through.
 */
import type { JsonObject } from './openai-wire.js';

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  citations?: unknown[] | null;
  cache_control?: JsonObject;
}
export interface AnthropicImageBlock {
  type: 'image';
  source:
    | { type: 'base64'; media_type: string; data: string }
    | { type: 'url'; url: string };
  cache_control?: JsonObject;
}
export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}
/**
 * Tool search (the `advanced-tool-use` beta): a tool result may name tools the client declared
 * with `defer_loading: true`, which the model sees only from then on (Claude Code's ToolSearch).
 */
export interface AnthropicToolReferenceBlock {
  type: 'tool_reference';
  tool_name: string;
}
export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | (AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock | AnthropicToolReferenceBlock)[];
  is_error?: boolean;
  cache_control?: JsonObject;
}
export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}
/** Thinking the API redacted for safety; opaque, passed back unchanged in later turns. */
export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}
/** A PDF or plain-text document given to the model (`document` content block). */
export interface AnthropicDocumentBlock {
  type: 'document';
  source:
    | { type: 'base64'; media_type: string; data: string }
    | { type: 'text'; media_type: 'text/plain'; data: string }
    | { type: 'url'; url: string };
  title?: string | null;
  context?: string | null;
  cache_control?: JsonObject;
}
export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicRedactedThinkingBlock
  | AnthropicDocumentBlock
  | AnthropicImageBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | ({ type: string } & JsonObject);

export interface AnthropicMessage {
  /** `system`: a mid-conversation system message (Claude Opus 4.8 onwards; Claude Code sends them). */
  role: 'user' | 'assistant' | 'system';
  content: string | AnthropicContentBlock[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: JsonObject;
  [key: string]: unknown;
}

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export interface AnthropicMessagesRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: string | AnthropicTextBlock[];
  stop_sequences?: string[];
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  metadata?: { user_id?: string | null } & JsonObject;
  /** Extended thinking: `{ type: "enabled", budget_tokens }`, `{ type: "adaptive" }` or `{ type: "disabled" }`. */
  thinking?: { type: string; budget_tokens?: number } & JsonObject;
  /** Native structured outputs (`format`) and effort control. */
  output_config?: {
    format?: { type: 'json_schema'; schema: JsonObject } | null;
    effort?: string | null;
  } & JsonObject;
  [key: string]: unknown;
}

export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  /** Breakdown of output tokens; `thinking_tokens` counts internal reasoning. */
  output_tokens_details?: { thinking_tokens?: number } | null;
  [key: string]: unknown;
}

export interface AnthropicMessageResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
  [key: string]: unknown;
}

export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessageResponse }
  | { type: 'content_block_start'; index: number; content_block: AnthropicContentBlock }
  | {
      type: 'content_block_delta';
      index: number;
      delta:
        | { type: 'text_delta'; text: string }
        | { type: 'input_json_delta'; partial_json: string }
        | { type: 'thinking_delta'; thinking: string }
        | { type: 'signature_delta'; signature: string }
        | { type: 'citations_delta'; citation: JsonObject };
    }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null; [key: string]: unknown };
      /** Cumulative counts; newer API versions also repeat the input and cache counts here. */
      usage: { [K in keyof AnthropicUsage]?: AnthropicUsage[K] | null } & { output_tokens: number };
    }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: { type: string; message: string } };

/** Anthropic's error body: `{ type: "error", error: { type, message } }`. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string; [key: string]: unknown };
  request_id?: string;
}
