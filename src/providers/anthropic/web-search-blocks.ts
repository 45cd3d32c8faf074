/**
 * A canonical answer's web search (see core/web-search.ts) as Claude gives it to an Anthropic
 * client, for an upstream that searched its own way (Gemini's Google Search grounding): each
 * search a `server_tool_use` of `web_search` and its `web_search_tool_result`, then the text split
 * into blocks, those with cited pages carrying `citations` of type `web_search_result_location`.
 *
 * What Claude encrypts (a result's `encrypted_content`, a citation's `encrypted_index`) only Claude
 * can make: they are empty strings, as a translated thinking block's signature is. The upstream
 * does not say which search found which page, so the pages cited go with the first search. Blocks
 * sent back on the next turn are dropped on the way to a translated model (the searches ran; the
 * text carries the answer).
 */
import type { AnthropicContentBlock } from '../../core/anthropic-wire.js';
import type { JsonObject } from '../../core/openai-wire.js';
import type { UrlCitation, WebSearchCall } from '../../core/web-search.js';
import { WEB_SEARCH_TOOL } from './web-search-tool.js';

/**
 * Claude's id for a search: the canonical id, made a `srvtoolu_` one.
 *
 * @example serverToolId('chatcmpl-9x_gs0') // 'srvtoolu_9x_gs0'
 */
export function serverToolId(id: string): string {
  return id.startsWith('srvtoolu_') ? id : `srvtoolu_${id.replace(/^chatcmpl-/, '').replace(/[^A-Za-z0-9_]/g, '')}`;
}

/** A search's `server_tool_use` block. */
export function serverToolUse(call: WebSearchCall): AnthropicContentBlock {
  return { type: 'server_tool_use', id: serverToolId(call.id), name: WEB_SEARCH_TOOL.name, input: { query: call.query } };
}

/**
 * A search's `web_search_tool_result`: the pages cited, once each, for the first search (`first`).
 *
 * @example searchResult({ id: 'x_gs0', query: 'q' }, citations, true).content // [{ type: 'web_search_result', url, title, encrypted_content: '', page_age: null }]
 */
export function searchResult(call: WebSearchCall, citations: readonly UrlCitation[], first: boolean): AnthropicContentBlock {
  const pages = new Map<string, string>();
  if (first) for (const { url_citation: cited } of citations) if (!pages.has(cited.url)) pages.set(cited.url, cited.title);
  const content = [...pages].map(([url, title]) => ({ type: 'web_search_result', url, title, encrypted_content: '', page_age: null }));
  return { type: 'web_search_tool_result', tool_use_id: serverToolId(call.id), content };
}

/** The search blocks, in Claude's order: each search's use, then its result. */
export function searchBlocks(calls: readonly WebSearchCall[], citations: readonly UrlCitation[]): AnthropicContentBlock[] {
  return calls.flatMap((call, k) => [serverToolUse(call), searchResult(call, citations, k === 0)]);
}

/** A text block; `citations` when pages support it. */
export interface CitedText {
  type: 'text';
  text: string;
  citations?: JsonObject[];
}

/**
 * `text` as Claude's text blocks: cut where a cited range starts or ends, each piece carrying the
 * pages that support all of it (`cited_text` the whole range cited), runs with the same pages
 * joined. No citations: one block.
 *
 * @example citedText('Node 24 is LTS. Ask me more.', [{ type: 'url_citation', url_citation: { url: 'https://n/', title: 'n', start_index: 0, end_index: 15 } }])
 * // [{ type: 'text', text: 'Node 24 is LTS.', citations: [{ type: 'web_search_result_location', url: 'https://n/', title: 'n', cited_text: 'Node 24 is LTS.', encrypted_index: '' }] },
 * //  { type: 'text', text: ' Ask me more.' }]
 */
export function citedText(text: string, citations: readonly UrlCitation[]): CitedText[] {
  const ranges = citations
    .map(({ url_citation: c }) => ({ ...c, start: Math.max(0, c.start_index), end: Math.min(text.length, c.end_index) }))
    .filter((c) => c.start < c.end);
  if (ranges.length === 0) return text === '' ? [] : [{ type: 'text', text }];
  const cuts = [...new Set([0, text.length, ...ranges.flatMap((c) => [c.start, c.end])])].sort((a, b) => a - b);
  const blocks: { text: string; key: string; citations: JsonObject[] }[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [from, to] = [cuts[i]!, cuts[i + 1]!];
    const seen = new Set<string>();
    const cited: JsonObject[] = [];
    for (const c of ranges) {
      if (c.start > from || c.end < to || seen.has(c.url)) continue;
      seen.add(c.url);
      cited.push({ type: 'web_search_result_location', url: c.url, title: c.title, cited_text: text.slice(c.start, c.end), encrypted_index: '' });
    }
    const key = JSON.stringify(cited);
    const last = blocks.at(-1);
    if (last && last.key === key) last.text += text.slice(from, to);
    else blocks.push({ text: text.slice(from, to), key, citations: cited });
  }
  return blocks.map((block) => (block.citations.length > 0 ? { type: 'text', text: block.text, citations: block.citations } : { type: 'text', text: block.text }));
}

/** Claude's `usage.server_tool_use` for `searches` searches, or null for none. */
export function serverToolUsage(searches: number): { web_search_requests: number; web_fetch_requests: number } | null {
  return searches > 0 ? { web_search_requests: searches, web_fetch_requests: 0 } : null;
}
