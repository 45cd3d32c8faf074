import type { ChatMessage } from '../../core/openai-wire.js';
import type { CallOverrides } from '../../gateway/call.js';

/** Tags every gateway call of a run carries (the `x-switchyard-metadata` header). */
export interface CallTags {
  eval_run: string;
  case: string;
  variant: string;
  /** Set on scorer calls: which scorer made it. */
  scorer?: string;
}

export interface ChatCall {
  model: string;
  messages: ChatMessage[];
  /** Extra chat-completion fields (temperature, max_tokens, response_format…). */
  params?: Record<string, unknown>;
  tags: CallTags;
  /** Part of the cache key only: distinguishes repeats (and judge flip-rate trials). */
  trial?: number;
  signal?: AbortSignal;
  /** Route behaviour for this call (a RAG variant's knowledge base); in-process gateways only. */
  overrides?: CallOverrides;
}

export interface ChatResult {
  text: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  traceId: string | null;
  /** The upstream model that answered, when the response says. */
  upstreamModel: string | null;
  /** True when the answer came from the eval response cache (no call was made). */
  cached: boolean;
  /** The upstream model that answered with no price known (its `costUsd` of 0 is unknown, not free). */
  unpriced?: string | null;
  /** What the gateway's stages decided (knowledge, groundedness…), when the caller can see it. */
  decisions?: Record<string, unknown> | null;
}

export interface EmbedResult {
  vectors: number[][];
  costUsd: number;
  cached: boolean;
}

/**
 * How evaluation calls models: always through the gateway, so every call is routed, budgeted,
 * costed and traced. A model failure rejects with a SwitchyardError carrying the gateway's
 * message.
 */
export interface ModelCaller {
  chat(call: ChatCall): Promise<ChatResult>;
  embed(model: string, inputs: string[], tags: CallTags, signal?: AbortSignal): Promise<EmbedResult>;
}
