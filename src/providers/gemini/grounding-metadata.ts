/**
 * Gemini's Grounding with Google Search in an answer (a candidate's `groundingMetadata`), in the
 * canonical shapes (see core/web-search.ts): each of `webSearchQueries` is a search run, and each
 * `groundingSupports` entry cites the web pages (`groundingChunks[i].web`: uri, title) it names
 * for a segment of the text. Segment offsets are UTF-8 bytes; OpenAI's are characters, so they
 * are converted (and checked against the segment's own text when Gemini sends it).
 */
import type { UrlCitation, WebSearchCall } from '../../core/web-search.js';

interface GroundingMetadata {
  webSearchQueries?: unknown;
  groundingChunks?: unknown;
  groundingSupports?: unknown;
}

/**
 * The searches a grounded answer ran; ids are the completion's, numbered.
 *
 * @example groundingSearches({ webSearchQueries: ['node 20 eol'] }, 'chatcmpl-1') // [{ id: 'chatcmpl-1_gs0', query: 'node 20 eol' }]
 */
export function groundingSearches(metadata: unknown, completionId: string): WebSearchCall[] {
  const queries = (metadata as GroundingMetadata | undefined)?.webSearchQueries;
  if (!Array.isArray(queries)) return [];
  return queries.filter((query): query is string => typeof query === 'string').map((query, i) => ({ id: `${completionId}_gs${i}`, query }));
}

/**
 * OpenAI `url_citation` annotations for the segments of `text` a grounded answer supports with
 * web pages: one per segment and page.
 *
 * @example groundingCitations({ groundingChunks: [{ web: { uri: 'https://x/1', title: 'nodejs.org' } }],
 *   groundingSupports: [{ segment: { startIndex: 0, endIndex: 5, text: 'Node.' }, groundingChunkIndices: [0] }] }, 'Node. Yes.')
 * // [{ type: 'url_citation', url_citation: { url: 'https://x/1', title: 'nodejs.org', start_index: 0, end_index: 5 } }]
 */
export function groundingCitations(metadata: unknown, text: string): UrlCitation[] {
  const grounding = metadata as GroundingMetadata | undefined;
  const chunks = grounding?.groundingChunks;
  const supports = grounding?.groundingSupports;
  if (!Array.isArray(chunks) || !Array.isArray(supports) || text === '') return [];
  const bytes = Buffer.from(text, 'utf8');
  const out: UrlCitation[] = [];
  for (const support of supports as { segment?: { startIndex?: unknown; endIndex?: unknown; text?: unknown }; groundingChunkIndices?: unknown }[]) {
    const range = segmentRange(support?.segment, text, bytes);
    if (!range || !Array.isArray(support.groundingChunkIndices)) continue;
    for (const index of support.groundingChunkIndices) {
      const web = (chunks[index as number] as { web?: { uri?: unknown; title?: unknown } } | undefined)?.web;
      if (typeof web?.uri !== 'string') continue;
      out.push({ type: 'url_citation', url_citation: { url: web.uri, title: typeof web.title === 'string' ? web.title : '', start_index: range[0], end_index: range[1] } });
    }
  }
  return out;
}

/** A segment's place in `text` in UTF-16 units, from its byte offsets (startIndex is absent when 0). */
function segmentRange(segment: { startIndex?: unknown; endIndex?: unknown; text?: unknown } | undefined, text: string, bytes: Buffer): [number, number] | undefined {
  if (!segment || typeof segment.endIndex !== 'number') return undefined;
  const startByte = typeof segment.startIndex === 'number' ? segment.startIndex : 0;
  const endByte = Math.min(segment.endIndex, bytes.length);
  if (endByte <= startByte) return undefined;
  const start = bytes.subarray(0, startByte).toString('utf8').length;
  const end = bytes.subarray(0, endByte).toString('utf8').length;
  // Offsets count within a part; an answer of several text parts is found by the segment's text.
  if (typeof segment.text === 'string' && segment.text !== '' && text.slice(start, end) !== segment.text) {
    const found = text.indexOf(segment.text);
    return found === -1 ? undefined : [found, found + segment.text.length];
  }
  return [start, end];
}
