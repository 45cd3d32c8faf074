/**
 * Web search in the canonical (chat) format. OpenAI's chat API asks for it with
 * `web_search_options`; the Responses API with a `web_search` tool; Anthropic with its
 * `web_search_20250305` server tool. The client codecs that translate put one shape on the
 * canonical request, `web_search` (the gateway's own field, like `thinking_blocks`), which the
 * Claude and Gemini converters turn into their search tools and an OpenAI-compatible provider
 * drops (its chat models have no search tool). The answer comes back as OpenAI's search models
 * give it, `message.annotations` of type `url_citation`, plus the searches run, which OpenAI's
 * chat API does not show, as `web_search_calls` (for a Responses client's `web_search_call` items).
 */
import type { JsonObject } from './openai-wire.js';
import { isJsonObject } from './openai-wire.js';

/** The Responses API's `web_search`, `web_search_preview` and their dated versions (`web_search_2025_08_26`). */
const RESPONSES_WEB_SEARCH_TYPE = /^web_search(?:_preview)?(?:_\d{4}_\d{2}_\d{2})?$/;
/** Anthropic's `web_search_20250305` and later versions. */
const ANTHROPIC_WEB_SEARCH_TYPE = /^web_search_\d{8}$/;

/**
 * True for a Responses API tool type that names its built-in web search.
 *
 * @example isResponsesWebSearchType('web_search_preview') // true
 */
export function isResponsesWebSearchType(type: unknown): boolean {
  return typeof type === 'string' && RESPONSES_WEB_SEARCH_TYPE.test(type);
}

/**
 * True for an Anthropic tool type that names its web search server tool.
 *
 * @example isAnthropicWebSearchType('web_search_20250305') // true
 */
export function isAnthropicWebSearchType(type: unknown): boolean {
  return typeof type === 'string' && ANTHROPIC_WEB_SEARCH_TYPE.test(type);
}

/** The canonical request's field for a web search a client asked for (see the module comment). */
export const WEB_SEARCH = 'web_search';

/** An approximate place to search from (OpenAI's and Anthropic's `user_location`, both approximate). */
export interface SearchLocation {
  city?: string;
  region?: string;
  country?: string;
  timezone?: string;
}

/** What the client said about the search; every field optional. */
export interface WebSearchRequest {
  /** OpenAI's: how much of what was found goes into the context. */
  search_context_size?: 'low' | 'medium' | 'high';
  user_location?: SearchLocation;
  allowed_domains?: string[];
  blocked_domains?: string[];
  /** Anthropic's: the most searches in one answer. */
  max_uses?: number;
  /**
   * The client's `tool_choice` names the search tool (a Responses `{"type": "web_search_preview"}`,
   * an Anthropic `{"type": "tool", "name": "web_search"}`): the model must search. Claude takes it
   * as its own forced tool; Gemini cannot force a tool, so there it is dropped and named.
   */
  forced?: true;
}

/** One search the model ran, as the canonical message and chunk delta carry it (`web_search_calls`). */
export interface WebSearchCall {
  id: string;
  query: string;
  /**
   * Where in the whole answer's text (UTF-16 units) the model ran it: the text before was said
   * before searching, as Claude's blocks around a `server_tool_use` are. Absent: before any text
   * (Gemini's grounding searches come first). A stream needs none: the search comes in its place.
   */
  at?: number;
}

/** OpenAI's citation of a web page in the answer's text (`message.annotations`). */
export interface UrlCitation {
  type: 'url_citation';
  url_citation: { url: string; title: string; start_index: number; end_index: number };
}

/**
 * The web search a canonical request asks for: the gateway's `web_search` field, else a chat
 * client's own `web_search_options`; undefined when there is none (the common case, one lookup).
 *
 * @example webSearchOf({ model: 'm', messages: [], web_search_options: { search_context_size: 'low' } }) // { search_context_size: 'low' }
 */
export function webSearchOf(request: JsonObject): WebSearchRequest | undefined {
  const own = request[WEB_SEARCH];
  if (isJsonObject(own)) return own as WebSearchRequest;
  const options = request['web_search_options'];
  if (!isJsonObject(options)) return undefined;
  const search: WebSearchRequest = {};
  const size = options['search_context_size'];
  if (size === 'low' || size === 'medium' || size === 'high') search.search_context_size = size;
  // Chat nests the place under `approximate`; the Responses API and Anthropic do not.
  const location = isJsonObject(options['user_location']) ? options['user_location']['approximate'] : undefined;
  const place = isJsonObject(location) ? searchLocation(location) : undefined;
  if (place) search.user_location = place;
  return search;
}

/**
 * The city, region, country and timezone of a `user_location`, or undefined when it names none.
 *
 * @example searchLocation({ type: 'approximate', city: 'Paris', country: 'FR', extra: 1 }) // { city: 'Paris', country: 'FR' }
 */
export function searchLocation(value: JsonObject): SearchLocation | undefined {
  const place: SearchLocation = {};
  for (const field of ['city', 'region', 'country', 'timezone'] as const) {
    const text = value[field];
    if (typeof text === 'string' && text !== '') place[field] = text;
  }
  return Object.keys(place).length > 0 ? place : undefined;
}


/**
 * The searches a canonical message or chunk delta carries (`web_search_calls`).
 *
 * @example searchCalls({ web_search_calls: [{ id: 'chatcmpl-1_gs0', query: 'node lts' }] }) // [{ id: 'chatcmpl-1_gs0', query: 'node lts' }]
 */
export function searchCalls(holder: JsonObject | undefined): WebSearchCall[] {
  const calls = holder?.['web_search_calls'];
  return Array.isArray(calls) ? calls.filter((call): call is WebSearchCall => typeof call?.query === 'string' && typeof call?.id === 'string') : [];
}

/**
 * The `url_citation` annotations a canonical message or chunk delta carries.
 *
 * @example urlCitationsOf({ annotations: [{ type: 'url_citation', url_citation: { url: 'https://a/', title: 'a', start_index: 0, end_index: 4 } }] }).length // 1
 */
export function urlCitationsOf(holder: JsonObject | undefined): UrlCitation[] {
  const annotations = holder?.['annotations'];
  if (!Array.isArray(annotations)) return [];
  return annotations.filter((a): a is UrlCitation => a?.type === 'url_citation' && typeof a.url_citation?.url === 'string' && Number.isInteger(a.url_citation.start_index) && Number.isInteger(a.url_citation.end_index));
}
