/** The Response object as the simulated API writes it, in any state of its life. */
import type { JsonObject } from '../core/openai-wire.js';
import type { Reply } from './reply.js';
import { toolUsageOf } from './openai-responses-search.js';

/** Everything both renderings share. */
export interface ResponsesResult {
  id: string;
  createdAt: number;
  model: string;
  reply: Reply;
  /** Output items in their final state. */
  output: JsonObject[];
  status: 'completed' | 'incomplete';
  usage: JsonObject;
  /** The request, for the settings a Response echoes. */
  body: JsonObject;
  /** The tier the response says served it (see served-tier.ts). */
  serviceTier: string;
  /** The web searches it ran (openai-responses-search.ts); absent when the request offered none. */
  webSearches?: number;
}

/**
 * A Response object in a given state, with the request settings the API echoes.
 *
 * @example responseObject(result, 'in_progress', [], null).status // 'in_progress'
 */
export function responseObject(result: Pick<ResponsesResult, 'id' | 'createdAt' | 'model' | 'body' | 'serviceTier' | 'webSearches'>, status: string, output: JsonObject[], usage: JsonObject | null): JsonObject {
  const body = result.body;
  const text = typeof body.text === 'object' && body.text !== null ? (body.text as JsonObject) : {};
  const done = status === 'completed';
  return {
    id: result.id,
    object: 'response',
    // The access program asked for; null when the API chose it (the Standard fallback), as OpenAI writes it.
    access_programs: body.access_programs ?? null,
    created_at: result.createdAt,
    status,
    background: false,
    completed_at: done ? result.createdAt : null,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: body.max_tool_calls ?? null,
    model: result.model,
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    prompt_cache_key: body.prompt_cache_key ?? null,
    prompt_cache_retention: body.prompt_cache_retention ?? null,
    reasoning: { effort: (body.reasoning as JsonObject | undefined)?.effort ?? null, summary: (body.reasoning as JsonObject | undefined)?.summary ?? null },
    safety_identifier: body.safety_identifier ?? null,
    // The tier asked for while in progress, the one that served it once done (OpenAI's bill follows the latter).
    service_tier: done || status === 'incomplete' ? result.serviceTier : (body.service_tier ?? 'auto'),
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: { format: { type: 'text' }, verbosity: 'medium', ...text },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_logprobs: body.top_logprobs ?? 0,
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage,
    // What the built-in tools ran, billed per call, once the answer is done (openai 7.46).
    ...(result.webSearches !== undefined && (done || status === 'incomplete') ? { tool_usage: toolUsageOf(result.webSearches) } : {}),
    user: body.user ?? null,
    metadata: body.metadata ?? {},
  };
}
