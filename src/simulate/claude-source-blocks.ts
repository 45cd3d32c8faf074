/**
 * Claude's checks on the blocks that bring it sources, search results and documents, in the
 * API's words (pydantic's, with the block's tag in the path, as in `….image.source.base64`):
 * their fields as the Messages API types them (`SearchResultBlockParam`, `DocumentBlockParam`),
 * and their places. Anthropic's search results guide gives two places for a search result, a
 * tool's result and the top level of a user message, and documents go in the same two; the
 * system prompt takes text blocks only (`system: string | TextBlockParam[]`).
 *
 * Where no capture of Claude's own words was found (a block in an assistant turn, mixed citation
 * settings, which the guide says "will result in an error") the message is the rule's.
 */
import { type JsonObject, isJsonObject } from '../core/openai-wire.js';
import { isBase64 } from '../core/base64-data.js';

const SOURCE_BLOCKS = new Set(['search_result', 'document']);

/**
 * What is wrong with a search result or document block at `at` (`messages.0.content.1`), or
 * undefined; other blocks are not looked at.
 *
 * @example sourceBlockProblem({ type: 'search_result', source: 5, title: 'T', content: [] }, 'messages.0.content.0') // '….search_result.source: Input should be a valid string'
 */
export function sourceBlockProblem(block: JsonObject, at: string): string | undefined {
  if (block.type === 'search_result') return searchResultProblem(block, `${at}.search_result`);
  if (block.type === 'document') return documentProblem(block, at);
  return undefined;
}

/** A search result or document in an assistant turn, which Claude never writes and does not take. */
export function sourceBlockPlacementProblem(role: unknown, block: JsonObject, at: string): string | undefined {
  if (role !== 'assistant' || typeof block.type !== 'string' || !SOURCE_BLOCKS.has(block.type)) return undefined;
  return `${at}: a ${block.type} block belongs in a user message or a tool result, not in an assistant message`;
}

/**
 * A system prompt given as blocks holds text blocks only: anything else is refused as pydantic
 * refuses the literal `type`.
 *
 * @example systemBlocksProblem([{ type: 'document' }]) // "system.0.type: Input should be 'text'"
 */
export function systemBlocksProblem(system: unknown): string | undefined {
  if (!Array.isArray(system)) return undefined;
  const index = system.findIndex((block) => isJsonObject(block) && block.type !== 'text');
  return index === -1 ? undefined : `system.${index}.type: Input should be 'text'`;
}

/**
 * The search results guide: citations are all or nothing, every search result of a request has
 * them enabled or none has. Named at the first one that differs from the first search result.
 */
export function mixedCitationsProblem(messages: readonly unknown[]): string | undefined {
  let first: boolean | undefined;
  for (const [i, message] of messages.entries()) {
    if (!isJsonObject(message) || !Array.isArray(message.content)) continue;
    for (const [j, block] of message.content.entries()) {
      if (!isJsonObject(block)) continue;
      const results = block.type === 'tool_result' && Array.isArray(block.content) ? block.content : [block];
      for (const result of results) {
        if (!isJsonObject(result) || result.type !== 'search_result') continue;
        const enabled = isJsonObject(result.citations) && result.citations.enabled === true;
        first ??= enabled;
        if (enabled !== first) return `messages.${i}.content.${j}: citations must be enabled on all search results of a request or on none`;
      }
    }
  }
  return undefined;
}

function searchResultProblem(block: JsonObject, at: string): string | undefined {
  for (const field of ['source', 'title'] as const) {
    const problem = stringProblem(block[field], `${at}.${field}`, true);
    if (problem) return problem;
  }
  const content = block.content;
  if (content === undefined) return `${at}.content: Field required`;
  if (!Array.isArray(content)) return `${at}.content: Input should be a valid list`;
  if (content.length === 0) return `${at}.content: List should have at least 1 item after validation, not 0`;
  for (const [k, inner] of content.entries()) {
    if (!isJsonObject(inner)) return `${at}.content.${k}: Input should be a valid dictionary or object to extract fields from`;
    if (inner.type !== 'text') return `${at}.content.${k}.type: Input should be 'text'`;
    const problem = stringProblem(inner.text, `${at}.content.${k}.text`, true);
    if (problem) return problem;
  }
  return citationsProblem(block.citations, at);
}

function documentProblem(block: JsonObject, at: string): string | undefined {
  const tagged = `${at}.document`;
  if (block.source === undefined) return `${tagged}.source: Field required`;
  for (const field of ['title', 'context'] as const) {
    const problem = stringProblem(block[field], `${tagged}.${field}`, false);
    if (problem) return problem;
  }
  const source = block.source;
  const mediaType = isJsonObject(source) ? sourceMediaTypeProblem(source, `${tagged}.source`) : undefined;
  if (mediaType) return mediaType;
  // Claude's tag for a base64 PDF is `pdf`, as users of its API quote the refusal.
  if (isJsonObject(source) && source.type === 'base64' && source.media_type === 'application/pdf' && typeof source.data === 'string' && !isPdf(source.data)) {
    return `${at}.pdf.source.base64.data: The PDF specified was not valid.`;
  }
  return citationsProblem(block.citations, tagged);
}

/**
 * The one media type each document source takes (`Base64PDFSource`: application/pdf,
 * `PlainTextSource`: text/plain): a text file sent as base64 is refused, in the words LangChain's
 * users quote (langchain#37575: `….document.source.base64.media_type: Input should be
 * 'application/pdf'`); it goes as a text source, decoded.
 */
const SOURCE_MEDIA_TYPES: Readonly<Record<string, string>> = { base64: 'application/pdf', text: 'text/plain' };

function sourceMediaTypeProblem(source: JsonObject, at: string): string | undefined {
  const type = source.type;
  if (typeof type !== 'string' || !Object.hasOwn(SOURCE_MEDIA_TYPES, type)) return undefined;
  const expected = SOURCE_MEDIA_TYPES[type]!;
  if (source.media_type === undefined) return `${at}.${type}.media_type: Field required`;
  return source.media_type === expected ? undefined : `${at}.${type}.media_type: Input should be '${expected}'`;
}

/** A required string (`Field required` when absent), or an optional one that may be null. */
function stringProblem(value: unknown, at: string, required: boolean): string | undefined {
  if (value === undefined) return required ? `${at}: Field required` : undefined;
  if (value === null && !required) return undefined;
  return typeof value === 'string' ? undefined : `${at}: Input should be a valid string`;
}

function citationsProblem(citations: unknown, at: string): string | undefined {
  if (citations === undefined || citations === null) return undefined;
  if (!isJsonObject(citations)) return `${at}.citations: Input should be a valid dictionary or object to extract fields from`;
  if (citations.enabled !== undefined && typeof citations.enabled !== 'boolean') return `${at}.citations.enabled: Input should be a valid boolean`;
  return undefined;
}

/** Base64 that decodes to a file starting as every PDF does (`%PDF-`). */
function isPdf(data: string): boolean {
  return isBase64(data) && Buffer.from(data.slice(0, 8), 'base64').subarray(0, 5).toString('latin1') === '%PDF-';
}
