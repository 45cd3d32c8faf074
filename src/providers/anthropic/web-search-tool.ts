import type { JsonObject } from '../../core/openai-wire.js';
import type { WebSearchRequest } from '../../core/web-search.js';

/** Anthropic's web search server tool: its type (the version) and the name Claude calls it by. */
export const WEB_SEARCH_TOOL = { type: 'web_search_20250305', name: 'web_search' } as const;

/**
 * How many searches Claude may run for each of OpenAI's `search_context_size` values. OpenAI's
 * size says how much found text the model reads; Claude reads what each search returns, so more
 * context means more searches. Medium is OpenAI's default and applies when no size is given:
 * without a cap Claude may search as often as it likes, and each search costs (see
 * tokens/web-search-price.ts), so a client that did not ask for much does not pay for many.
 */
const MAX_USES = { low: 1, medium: 3, high: 5 } as const;

/**
 * The canonical `web_search` as Anthropic's `web_search_20250305` server tool: `max_uses` from the
 * context size unless the client (an Anthropic one) set it, its domains and approximate location.
 *
 * @example toAnthropicWebSearch({ search_context_size: 'low', allowed_domains: ['nodejs.org'] })
 * // { type: 'web_search_20250305', name: 'web_search', max_uses: 1, allowed_domains: ['nodejs.org'] }
 */
export function toAnthropicWebSearch(search: WebSearchRequest): JsonObject {
  const tool: JsonObject = { ...WEB_SEARCH_TOOL, max_uses: search.max_uses ?? MAX_USES[search.search_context_size ?? 'medium'] };
  // Anthropic refuses both lists together; allowed is the narrower wish.
  if (search.allowed_domains?.length) tool.allowed_domains = search.allowed_domains;
  else if (search.blocked_domains?.length) tool.blocked_domains = search.blocked_domains;
  if (search.user_location) tool.user_location = { type: 'approximate', ...search.user_location };
  return tool;
}
