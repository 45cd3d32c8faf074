/**
 * The canonical answer's web search (see core/web-search.ts) in the Responses API's shapes: each
 * search run a `web_search_call` output item, each cited page a `url_citation` annotation on the
 * output text, as OpenAI's own web search tool gives them.
 */
import type { JsonObject } from '../../../core/openai-wire.js';
import type { UrlCitation, WebSearchCall } from '../../../core/web-search.js';

/**
 * A search as a finished `web_search_call` output item.
 *
 * @example webSearchItem('ws_1', { id: 'srvtoolu_1', query: 'node 20 eol' }) // { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'node 20 eol' } }
 */
export function webSearchItem(id: string, call: WebSearchCall): JsonObject & { id: string; type: string } {
  return { id, type: 'web_search_call', status: 'completed', action: { type: 'search', query: call.query } };
}

/**
 * Chat's `url_citation` annotation (nested under `url_citation`) as the Responses API's (flat).
 *
 * @example responsesAnnotation({ type: 'url_citation', url_citation: { url: 'https://a.b/', title: 'A', start_index: 0, end_index: 3 } })
 * // { type: 'url_citation', url: 'https://a.b/', title: 'A', start_index: 0, end_index: 3 }
 */
export function responsesAnnotation(annotation: UrlCitation): JsonObject {
  const { url, title, start_index, end_index } = annotation.url_citation;
  return { type: 'url_citation', url, title, start_index, end_index };
}
