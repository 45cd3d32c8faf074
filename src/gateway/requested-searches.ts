/**
 * How many web searches a request lets the model run, for a budget's reservation: its search
 * tool's own cap where it gives one, else `DEFAULT_SEARCHES_PER_CALL`. Search fees are billed per
 * search (or per grounded prompt) on top of tokens, so a key near its budget could otherwise
 * overspend by them.
 */
import type { JsonObject } from '../core/openai-wire.js';
import { positiveInt } from './worst-case-cost.js';

/**
 * Searches reserved for a search tool that sets no cap. Claude, Gemini and OpenAI's Responses
 * search as often as the model likes without one; ten covers the answers measured here (one to
 * four searches each) with room, and the reservation is settled to what was run.
 */
export const DEFAULT_SEARCHES_PER_CALL = 10;

/**
 * The searches `body` allows, 0 when it offers no search tool: a body with neither `tools` nor
 * `web_search_options` (most) is passed over after two field reads, and only a tools list is
 * walked. Any client's form counts: Claude's `web_search_*` server tool (`max_uses`), the Responses
 * `web_search` / `web_search_preview` tools (`max_tool_calls`, the most built-in tool calls of one
 * Response), chat's `web_search_options`, Gemini's `google_search` / `googleSearch` grounding (in a
 * list, or as the one Tool object `@ai-sdk/google` 2 sends, which Google reads as a list of it).
 *
 * @example requestedSearches({ tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }] }) // 3
 * @example requestedSearches({ tools: [{ google_search: {} }] }) // 10
 */
export function requestedSearches(body: JsonObject): number {
  let most = 0;
  if (body.web_search_options !== null && typeof body.web_search_options === 'object') most = DEFAULT_SEARCHES_PER_CALL;
  const tools = Array.isArray(body.tools) ? body.tools : body.tools !== null && typeof body.tools === 'object' ? [body.tools] : undefined;
  if (tools === undefined) return most;
  for (const tool of tools) {
    if (tool === null || typeof tool !== 'object') continue;
    const entry = tool as JsonObject;
    if (typeof entry.type === 'string' && entry.type.startsWith('web_search')) {
      most = Math.max(most, positiveInt(entry.max_uses) ?? positiveInt(body.max_tool_calls) ?? DEFAULT_SEARCHES_PER_CALL);
    } else if ('google_search' in entry || 'googleSearch' in entry || 'google_search_retrieval' in entry || 'googleSearchRetrieval' in entry) {
      most = Math.max(most, DEFAULT_SEARCHES_PER_CALL);
    }
  }
  return most;
}
