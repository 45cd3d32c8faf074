/**
 * Gemini's Grounding with Google Search, simulated: the `groundingMetadata` a grounded candidate
 * carries (field names from the API reference's GroundingMetadata): the queries run
 * (`webSearchQueries`), the pages found (`groundingChunks[].web`: a redirect `uri` and the site
 * as `title`, as Google gives them), which of them support which segment of the answer
 * (`groundingSupports`, offsets in UTF-8 bytes, a zero `startIndex` left out as proto3 JSON does)
 * and the search suggestions widget (`searchEntryPoint.renderedContent`).
 */
import { splitTokens } from './content.js';
import { searchPages, searchQuery } from './web-search.js';

/**
 * The grounding of `answer` to a prompt whose last user words were `userText`.
 *
 * @example groundingMetadata('latest node lts', 'Node 24 is the LTS. More follows.', 1).webSearchQueries // ['latest node lts']
 */
export function groundingMetadata(userText: string, answer: string, seed: number): Record<string, unknown> {
  const query = searchQuery(userText);
  const pages = searchPages(query, seed);
  // The first sentence is the claim the pages support.
  const end = answer.search(/[.!?](\s|$)/);
  const claim = end === -1 ? answer : answer.slice(0, end + 1);
  return {
    searchEntryPoint: { renderedContent: `<div class="container"><a class="chip" href="https://www.google.com/search?q=${encodeURIComponent(query)}">${escapeHtml(query)}</a></div>` },
    groundingChunks: pages.map((page) => ({ web: { uri: `https://vertexaisearch.cloud.google.com/grounding-api-redirect/${Buffer.from(page.url).toString('base64url')}`, title: new URL(page.url).hostname } })),
    groundingSupports: [{ segment: { endIndex: Buffer.byteLength(claim, 'utf8'), text: claim }, groundingChunkIndices: pages.map((_, i) => i) }],
    webSearchQueries: [query],
  };
}

/**
 * The tokens of the search results Gemini feeds its model before it answers, which Google reports
 * apart as `usageMetadata.toolUsePromptTokenCount` and bills as input: here each page found, its
 * address, title and text.
 *
 * @example groundingPromptTokens('latest node lts', 1) // 40-odd
 */
export function groundingPromptTokens(userText: string, seed: number): number {
  return searchPages(searchQuery(userText), seed).reduce((sum, page) => sum + splitTokens(`${page.url}\n${page.title}\n${page.text}\n`).length, 0);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
