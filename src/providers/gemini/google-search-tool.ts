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
 * (`dropped_params`), and the agent keeps working. The Developer API's `GoogleSearch` takes only
 * a `timeRangeFilter` (its `excludeDomains` is Vertex AI's alone, and `retrievalConfig.latLng`
 * wants coordinates, not a city), so a client's domain lists, approximate location and search cap
 * cannot be honoured: the search runs without them, and they are named as dropped. Nor can Gemini
 * be made to call a tool it runs itself (`functionCallingConfig` covers declared functions only):
 * a client's `tool_choice` forcing the search is dropped and named too.
 *
 * @example googleSearchTool({}, 0) // { google_search: {} }
 * @example googleSearchTool({ allowed_domains: ['nodejs.org'] }, 0, call) // { google_search: {} }; dropped_params: { gemini: ['allowed_domains'] }
 * @example googleSearchTool({ forced: true }, 2, call) // undefined; dropped_params: { gemini: ['web_search', 'tool_choice'] }
 */
export function googleSearchTool(search: WebSearchRequest, functionCount: number, decisions?: DecisionSink): GeminiTool | undefined {
  // Without the search, its settings go with it: `web_search` names them all.
  const dropped = functionCount > 0 ? ['web_search'] : UNHEARD.filter((field) => search[field] !== undefined);
  if (search.forced) dropped.push('tool_choice');
  noteDropped(decisions, 'gemini', dropped);
  return functionCount > 0 ? undefined : { google_search: {} };
}

/** The canonical search's settings Google Search has no equivalent for (see above); `search_context_size` is a hint, not a limit. */
const UNHEARD = ['allowed_domains', 'blocked_domains', 'user_location', 'max_uses'] as const;
