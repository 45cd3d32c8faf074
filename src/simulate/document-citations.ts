/**
 * Claude's citations of the documents a request sends (Anthropic's "Citations" page): a
 * `document` block with `citations: {enabled: true}` makes the answer's text cite it, a plain
 * text document by characters (`char_location`), a custom-content one by its blocks
 * (`content_block_location`). `document_index` counts every document block of the request in
 * order, across messages; end indices are exclusive. PDFs (`page_location`) are not cited: the
 * simulator does not read their text.
 */
import { type JsonObject, isJsonObject } from '../core/openai-wire.js';

/** A cited span of a plain text document. */
export interface CharLocation {
  type: 'char_location';
  cited_text: string;
  document_index: number;
  document_title: string | null;
  start_char_index: number;
  end_char_index: number;
  file_id: null;
}

/** Cited blocks of a custom-content document. */
export interface ContentBlockLocation {
  type: 'content_block_location';
  cited_text: string;
  document_index: number;
  document_title: string | null;
  start_block_index: number;
  end_block_index: number;
  file_id: null;
}

export type DocumentCitation = CharLocation | ContentBlockLocation;

/** The first sentence of a text, with its end mark and without the space after it. */
function firstSentence(text: string): string {
  const end = /[.!?](?=\s|$)/.exec(text);
  return end ? text.slice(0, end.index + 1) : text;
}

/** The documents of a message's content, tool results' content included, in order. */
function documentsIn(content: unknown): JsonObject[] {
  if (!Array.isArray(content)) return [];
  const found: JsonObject[] = [];
  for (const block of content) {
    if (!isJsonObject(block)) continue;
    if (block.type === 'document') found.push(block);
    else if (block.type === 'tool_result') found.push(...documentsIn(block.content));
  }
  return found;
}

/** The text blocks of a `content` source (a string is one block). */
function contentBlocks(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return content.map((block) => (isJsonObject(block) && typeof block.text === 'string' ? block.text : ''));
}

function citationOf(document: JsonObject, index: number): DocumentCitation | undefined {
  const source = document.source;
  if (!isJsonObject(document.citations) || document.citations.enabled !== true || !isJsonObject(source)) return undefined;
  const title = typeof document.title === 'string' ? document.title : null;
  if (source.type === 'text' && typeof source.data === 'string' && source.data.trim() !== '') {
    const cited = firstSentence(source.data);
    return { type: 'char_location', cited_text: cited, document_index: index, document_title: title, start_char_index: 0, end_char_index: cited.length, file_id: null };
  }
  if (source.type === 'content') {
    const blocks = contentBlocks(source.content);
    const first = blocks.findIndex((text) => text.trim() !== '');
    if (first < 0) return undefined;
    return { type: 'content_block_location', cited_text: blocks[first] ?? '', document_index: index, document_title: title, start_block_index: first, end_block_index: first + 1, file_id: null };
  }
  return undefined;
}

/**
 * What the answer cites: the first sentence (or block) of the first document that enables
 * citations and that the simulator can read, or nothing.
 *
 * @example documentCitations({ messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'The sky is green. Grass is blue.' }, citations: { enabled: true } }] }] })
 * // [{ type: 'char_location', cited_text: 'The sky is green.', document_index: 0, document_title: null, start_char_index: 0, end_char_index: 17, file_id: null }]
 */
export function documentCitations(body: JsonObject): DocumentCitation[] | undefined {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const documents = messages.flatMap((message) => (isJsonObject(message) ? documentsIn(message.content) : []));
  for (const [index, document] of documents.entries()) {
    const citation = citationOf(document, index);
    if (citation) return [citation];
  }
  return undefined;
}
