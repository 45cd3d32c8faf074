import { asciiJson } from '../../core/ascii-json.js';
import type { Citation } from './context-block.js';

/** The answer's extension field: what the knowledge base contributed. */
export interface KnowledgeExtension {
  knowledge_base: string;
  version: number;
  citations: Citation[];
}

/** Response headers must stay small (clients cap them at 8–16 KB in all): cut beyond this. */
export const MAX_CITATION_HEADER_CHARS = 4_000;

/**
 * The `x-switchyard-citations` header: a JSON array of `{index, doc_id, chunk_id, score, start,
 * end}`, non-ASCII escaped (header values are Latin-1). Citations that do not fit are left out
 * and counted in a last `{"more": n}` entry; the body's extension field has them all.
 *
 * @example citationHeader(citations) // '[{"index":1,"doc_id":"returns.md","chunk_id":"returns.md#2","score":3.1,"start":120,"end":480}]'
 */
export function citationHeader(citations: readonly Citation[]): string {
  const entries: string[] = [];
  let length = 2;
  for (const [i, c] of citations.entries()) {
    const entry = asciiJson({ index: c.index, doc_id: c.doc_id, chunk_id: c.chunk_id, score: c.score, start: c.start, end: c.end });
    if (length + entry.length + 20 > MAX_CITATION_HEADER_CHARS) {
      entries.push(asciiJson({ more: citations.length - i }));
      break;
    }
    entries.push(entry);
    length += entry.length + 1;
  }
  return `[${entries.join(',')}]`;
}

/**
 * Adds `"switchyard": {…}` as the last field of a JSON object answer without re-serialising the
 * rest (same-format answers pass through byte for byte up to there).
 *
 * @example withExtension('{"id":"x"}', { knowledge_base: 'kb', version: 1, citations: [] }) // '{"id":"x","switchyard":{…}}'
 */
export function withExtension(body: string, extension: KnowledgeExtension): string {
  const close = body.lastIndexOf('}');
  if (close === -1 || body.trimStart()[0] !== '{') return body;
  const head = body.slice(0, close).trimEnd();
  const separator = head.endsWith('{') ? '' : ',';
  return `${head}${separator}"switchyard":${JSON.stringify(extension)}${body.slice(close)}`;
}
