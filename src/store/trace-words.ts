import type { TraceRecord } from '../core/trace.js';

/** Runs of letters, digits and combining marks: the words a trace search matches (FTS5's unicode61 splits the same way). */
export const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Longer runs (a base64 blob, a hash pasted twice) are not indexed; a search rechecks the exact text anyway. */
export const MAX_WORD_CHARS = 128;

/**
 * Distinct words indexed per trace. Bounds what one trace costs the index (a 50 kB RAG prompt
 * would otherwise add thousands of entries); words past the bound are found only by the scan
 * over the newest traces.
 */
export const MAX_WORDS_PER_TRACE = 2_000;

/**
 * The lower-cased words of a search text, or undefined when it has none (punctuation, emoji).
 *
 * @example searchWords('Refund pol?') // ['refund', 'pol']
 */
export function searchWords(text: string): string[] | undefined {
  return text.toLowerCase().match(WORD) ?? undefined;
}

/**
 * The distinct lower-cased words of what a trace search looks in: request and response (keys,
 * string values, numbers and booleans, as their JSON text holds them), the error message and
 * the metadata, as stored (a value with `toJSON` counts as what it serialises to). Computed once
 * per trace on the writer, so the database only files them.
 *
 * @example traceWords({ request: { messages: [{ content: 'Refund policy?' }] }, response: null, errorMessage: null, metadata: null }) // Set {'messages', 'content', 'refund', 'policy'}
 */
export function traceWords(trace: Pick<TraceRecord, 'request' | 'response' | 'errorMessage' | 'metadata'>): Set<string> {
  const words = new Set<string>();
  const add = (text: string) => {
    if (words.size >= MAX_WORDS_PER_TRACE) return;
    const found = text.toLowerCase().match(WORD);
    if (!found) return;
    for (const word of found) {
      if (word.length <= MAX_WORD_CHARS) words.add(word);
      if (words.size >= MAX_WORDS_PER_TRACE) return;
    }
  };
  const walk = (value: unknown): void => {
    if (typeof value === 'string') add(value);
    else if (typeof value === 'number' || typeof value === 'boolean') add(String(value));
    else if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      // What the store keeps: a streamed answer is kept as its SSE text until then, and its words
      // are those of the rebuilt answer, not of the chunks' framing (words split across chunks).
      walk((value as { toJSON(): unknown }).toJSON());
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        add(key);
        walk(item);
      }
    }
  };
  walk(trace.request);
  walk(trace.response);
  if (trace.errorMessage) add(trace.errorMessage);
  walk(trace.metadata);
  return words;
}
