import type { ChatFinishReason, ChatUsage } from '../../../core/openai-wire.js';
import type { ResponseObject, ResponsesOutputItem, ResponsesRequest, ResponseStatus, ResponsesUsage } from '../../../core/responses-wire.js';

/** Where a Response's ids and times come from; injected so encoded answers are reproducible in tests. */
export interface ResponseIds {
  /** A new id with the API's prefix: `resp`, `msg`, `fc`, `rs`. */
  newId(prefix: string): string;
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface EnvelopeState {
  id: string;
  createdAt: number;
  model: string;
  status: ResponseStatus;
  output: ResponsesOutputItem[];
  usage: ResponsesUsage | null;
  incomplete: ResponseObject['incomplete_details'];
  error: ResponseObject['error'];
  completedAt?: number;
  /** The tier that served the answer, where the upstream said (OpenAI's chat completions do). */
  serviceTier?: string | undefined;
}

/**
 * A Response object: the answer's state plus the request settings the API echoes back
 * (instructions, tools, sampling, `previous_response_id`), as the client sent them.
 *
 * @example responseEnvelope({ model: 'small', input: 'Hi' }, { id: 'resp_1', createdAt: 1, model: 'up', status: 'completed', output: [], usage: null, incomplete: null, error: null }).object // 'response'
 */
export function responseEnvelope(request: ResponsesRequest, state: EnvelopeState): ResponseObject {
  const text = request.text && typeof request.text === 'object' ? request.text : {};
  return {
    id: state.id,
    object: 'response',
    // No access program (openai 7.24's Cyber programs) reaches another vendor's model: null, as
    // OpenAI writes a request left to the Standard fallback.
    access_programs: null,
    created_at: state.createdAt,
    status: state.status,
    background: false,
    completed_at: state.completedAt ?? null,
    error: state.error,
    incomplete_details: state.incomplete,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: request.max_tool_calls ?? null,
    metadata: request.metadata ?? {},
    model: state.model,
    output: state.output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    prompt_cache_key: request.prompt_cache_key ?? null,
    prompt_cache_retention: request.prompt_cache_retention ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: requestedSummary(request) },
    safety_identifier: request.safety_identifier ?? null,
    // The tier used, as OpenAI answers it ("auto" asked is "default" served), not the one asked.
    service_tier: state.serviceTier ?? 'default',
    store: request.store ?? true,
    temperature: request.temperature ?? null,
    text: { ...text, format: text.format ?? { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_logprobs: request.top_logprobs ?? 0,
    top_p: request.top_p ?? null,
    truncation: request.truncation ?? 'disabled',
    usage: state.usage,
    user: request.user ?? null,
  };
}

/** The reasoning summaries the API offers; `generate_summary` is the field's older, deprecated name. */
export const SUMMARY_LEVELS: ReadonlySet<string> = new Set(['auto', 'concise', 'detailed']);

/**
 * The reasoning summary the client asked for, or null. A translated provider's thinking is
 * returned as that summary (OpenAI returns no raw reasoning to clients that ask for one), and
 * as `reasoning_text` content otherwise.
 *
 * @example requestedSummary({ model: 'm', input: 'x', reasoning: { summary: 'auto' } }) // 'auto'
 */
export function requestedSummary(request: ResponsesRequest): string | null {
  const summary = request.reasoning?.summary ?? request.reasoning?.['generate_summary'];
  return typeof summary === 'string' && SUMMARY_LEVELS.has(summary) ? summary : null;
}

/**
 * How a finished answer ended: completed, or incomplete with the reason.
 *
 * @example statusOf('length') // { status: 'incomplete', incomplete: { reason: 'max_output_tokens' } }
 */
export function statusOf(finish: ChatFinishReason | null): { status: ResponseStatus; incomplete: ResponseObject['incomplete_details'] } {
  if (finish === 'length') return { status: 'incomplete', incomplete: { reason: 'max_output_tokens' } };
  if (finish === 'content_filter') return { status: 'incomplete', incomplete: { reason: 'content_filter' } };
  return { status: 'completed', incomplete: null };
}

/**
 * Chat usage in the Responses API's names: chat's `prompt_tokens_details.cache_write_tokens`
 * (OpenAI's own, and Claude's cache writes translated) is the Responses API's of the same name.
 *
 * @example toResponsesUsage({ prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 }).input_tokens // 9
 */
export function toResponsesUsage(usage: ChatUsage | undefined | null): ResponsesUsage | null {
  if (!usage) return null;
  const details = usage.prompt_tokens_details as { cached_tokens?: number; cache_write_tokens?: number } | undefined;
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: details?.cached_tokens ?? 0, cache_write_tokens: details?.cache_write_tokens ?? 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: usage.total_tokens ?? usage.prompt_tokens + usage.completion_tokens,
  };
}
