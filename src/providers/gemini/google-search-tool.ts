import type { WebSearchRequest } from '../../core/web-search.js';
import { noteDropped } from '../dropped-params.js';
import type { DecisionSink } from '../spec.js';
import type { GeminiTool } from './gemini-wire.js';

/**
 * The canonical `web_search` (see core/web-search.ts) as Gemini's Grounding with Google Search
 * tool, `{ google_search: {} }`, or nothing when the request also declares functions: the
 * generateContent API refuses a search tool beside function declarations on Gemini 2.x, and on
 * Gemini 3 takes the pair only as a preview that needs the search's own call and response parts
 * sent back on every turn, which the chat format cannot carry. A coding agent sends its search
 * tool on every turn beside its functions, so there the search is dropped and named on the trace
 * (`dropped_params`), and the agent keeps working. Google Search takes no domain list or location
 * (the Developer API has none), so those wishes go unheard. Nor can Gemini be made to call a
 * tool it runs itself (`functionCallingConfig` covers declared functions only): a client's
 * `tool_choice` forcing the search is dropped and named too.
 *
 * @example googleSearchTool({}, 0) // { google_search: {} }
 * @example googleSearchTool({ forced: true }, 2, call) // undefined; dropped_params: { gemini: ['web_search', 'tool_choice'] }
 */
export function googleSearchTool(search: WebSearchRequest, functionCount: number, decisions?: DecisionSink): GeminiTool | undefined {
  const dropped = functionCount > 0 ? ['web_search'] : [];
  if (search.forced) dropped.push('tool_choice');
  noteDropped(decisions, 'gemini', dropped);
  return functionCount > 0 ? undefined : { google_search: {} };
}
