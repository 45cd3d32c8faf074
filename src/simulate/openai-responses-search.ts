/**
 * OpenAI's built-in web search as the simulated Responses API runs it: one search before a text
 * answer when the request offers the tool (any of its names) and `tool_choice` is not `none`, as a
 * finished `web_search_call` item, and counted in the Response's `tool_usage.web_search.num_requests`
 * (openai 7.46), which is what OpenAI bills per call. The gateway prices the count; the simulator
 * makes it appear so that the price is exercised end to end.
 */
import type { JsonObject } from '../core/openai-wire.js';
import { isResponsesWebSearchType } from '../core/web-search.js';
import { searchQuery } from './web-search.js';

/**
 * How many searches the answer runs (0 or 1), or undefined when the request offers no web search
 * (the Response then has no `tool_usage`).
 *
 * @example webSearchesOf({ tools: [{ type: 'web_search' }] }, true) // 1
 */
export function webSearchesOf(body: JsonObject, answersInText: boolean): number | undefined {
  const offered = Array.isArray(body.tools) && body.tools.some((tool) => isResponsesWebSearchType((tool as JsonObject | null)?.type));
  if (!offered) return undefined;
  return answersInText && body.tool_choice !== 'none' ? 1 : 0;
}

/**
 * The search's output item, finished, the query the user's words.
 *
 * @example webSearchCallItem('ws_1', 'Latest Node LTS?') // { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'Latest Node LTS' } }
 */
export function webSearchCallItem(id: string, userText: string): JsonObject {
  return { id, type: 'web_search_call', status: 'completed', action: { type: 'search', query: searchQuery(userText) } };
}

/** The Response's `tool_usage` for `searches` web searches. */
export function toolUsageOf(searches: number): JsonObject {
  return { web_search: { num_requests: searches } };
}
