import { isJsonObject, type JsonObject } from '../../../core/openai-wire.js';
import { isResponsesWebSearchType, searchLocation, type WebSearchRequest } from '../../../core/web-search.js';

/**
 * True for the Responses API's built-in web search tool, in any of its names.
 *
 * @example isWebSearchTool({ type: 'web_search_preview' }) // true
 */
export function isWebSearchTool(tool: { type: string }): boolean {
  return isResponsesWebSearchType(tool.type);
}

/**
 * A Responses `web_search` tool as the canonical request's `web_search` (see core/web-search.ts):
 * its context size, allowed domains (`filters.allowed_domains`) and approximate location.
 *
 * @example toWebSearch({ type: 'web_search', filters: { allowed_domains: ['nodejs.org'] } }) // { allowed_domains: ['nodejs.org'] }
 */
export function toWebSearch(tool: JsonObject): WebSearchRequest {
  const search: WebSearchRequest = {};
  const size = tool['search_context_size'];
  if (size === 'low' || size === 'medium' || size === 'high') search.search_context_size = size;
  const filters = tool['filters'];
  const allowed = isJsonObject(filters) ? filters['allowed_domains'] : undefined;
  if (Array.isArray(allowed)) {
    const domains = allowed.filter((domain): domain is string => typeof domain === 'string' && domain !== '');
    if (domains.length > 0) search.allowed_domains = domains;
  }
  const location = tool['user_location'];
  const place = isJsonObject(location) ? searchLocation(location) : undefined;
  if (place) search.user_location = place;
  return search;
}

