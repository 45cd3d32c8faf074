import { headingName } from '../../knowledge/heading-name.js';
import type { RetrievedChunk } from '../../knowledge/types.js';

/** One retrieved chunk as the prompt numbers it, and as the citation that number stands for. */
export interface Citation {
  /** The number the model cites it by: [1], [2], … */
  index: number;
  doc_id: string;
  chunk_id: string;
  title: string;
  heading_path: string[];
  score: number;
  /** Character offsets into the document's text: `text.slice(start, end)` is the cited passage. */
  start: number;
  end: number;
}

export interface ContextBlock {
  /** The template with the numbered sources in place of `{{context}}`. */
  text: string;
  citations: Citation[];
  /** Chunks put in the prompt (in full or cut at the length bound). */
  chunks: RetrievedChunk[];
}

/**
 * Numbers the chunks as sources (`[1] Title › Heading` then the text) inside the template, within
 * `maxChars` of source text: a chunk that does not fit is cut, the ones after it are left out.
 *
 * @example buildContextBlock(chunks, 'Sources:\n{{context}}', 12000).text // 'Sources:\n[1] Returns › Refunds\nRefunds take…'
 */
export function buildContextBlock(chunks: readonly RetrievedChunk[], template: string, maxChars: number): ContextBlock {
  const parts: string[] = [];
  const citations: Citation[] = [];
  const used: RetrievedChunk[] = [];
  let budget = maxChars;
  for (const chunk of chunks) {
    if (budget <= 0) break;
    const index = citations.length + 1;
    // Bases indexed before titles and headings were bounded at indexing may hold longer ones: the
    // heading is not counted against the budget, so it is held to the same bound here.
    const title = headingName(chunk.title);
    const headingPath = chunk.headingPath.map(headingName);
    const heading = [title, ...headingPath].filter((h, i, all) => h && all.indexOf(h) === i).join(' › ');
    const body = chunk.text.length > budget ? `${chunk.text.slice(0, budget)} …` : chunk.text;
    budget -= body.length;
    parts.push(`[${index}] ${heading || chunk.docId}\n${body}`);
    citations.push({ index, doc_id: chunk.docId, chunk_id: chunk.chunkId, title, heading_path: headingPath, score: round(chunk.score), start: chunk.start, end: chunk.end });
    used.push(chunk);
  }
  const context = parts.length > 0 ? parts.join('\n\n') : '(no source matched the question)';
  // A function replacement, so "$&" or "$1" in a chunk is kept literally.
  return { text: template.replace('{{context}}', () => context), citations, chunks: used };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
