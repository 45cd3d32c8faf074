/**
 * Claude's web search in an answer, in the canonical shapes (see core/web-search.ts): each
 * `server_tool_use` of the `web_search` tool is a search run (its `input.query`), and a text block
 * whose `citations` hold `web_search_result_location`s cites those pages for the whole of its text.
 * The `web_search_tool_result` blocks (the pages found, encrypted) have no OpenAI shape.
 */
import type { UrlCitation, WebSearchCall } from '../../core/web-search.js';
import { WEB_SEARCH_TOOL } from './web-search-tool.js';

/**
 * The search a `server_tool_use` block ran, or undefined for another server tool.
 *
 * @example searchCallOf({ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'node 20 end of life' } })
 * // { id: 'srvtoolu_1', query: 'node 20 end of life' }
 */
export function searchCallOf(block: { id?: unknown; name?: unknown; input?: unknown }): WebSearchCall | undefined {
  if (block.name !== WEB_SEARCH_TOOL.name) return undefined;
  const query = (block.input as { query?: unknown } | null | undefined)?.query;
  return { id: String(block.id ?? ''), query: typeof query === 'string' ? query : '' };
}

/**
 * OpenAI `url_citation` annotations for the web pages a text block cites, spanning its text
 * (`start` to `end` in the answer's content, UTF-16 units as JavaScript counts); one per page.
 *
 * @example urlCitations([{ type: 'web_search_result_location', url: 'https://nodejs.org/', title: 'Node.js', cited_text: '…' }], 0, 12)
 * // [{ type: 'url_citation', url_citation: { url: 'https://nodejs.org/', title: 'Node.js', start_index: 0, end_index: 12 } }]
 */
export function urlCitations(citations: unknown, start: number, end: number): UrlCitation[] {
  if (!Array.isArray(citations) || end <= start) return [];
  const out: UrlCitation[] = [];
  const seen = new Set<string>();
  for (const citation of citations as { type?: unknown; url?: unknown; title?: unknown }[]) {
    if (citation?.type !== 'web_search_result_location' || typeof citation.url !== 'string' || seen.has(citation.url)) continue;
    seen.add(citation.url);
    out.push({ type: 'url_citation', url_citation: { url: citation.url, title: typeof citation.title === 'string' ? citation.title : '', start_index: start, end_index: end } });
  }
  return out;
}
