/**
 * Cuts the body of `streamGenerateContent?alt=sse` into events. Google frames each event as
 * `data: {json}\r\n\r\n`, and when something fails after the 200 it writes the error as a bare
 * JSON object (`{ "error": { … } }`, possibly over several lines) with no `data:` prefix, which a
 * plain SSE parser would silently skip. This decoder returns both.
 */
import { quoteClipped } from '../../core/clip.js';
import { SwitchyardError } from '../../core/errors.js';
import { SseBlocks } from '../../core/sse-blocks.js';
import type { GeminiErrorBody, GenerateContentResponse } from './gemini-wire.js';

export type GeminiStreamItem = GenerateContentResponse | GeminiErrorBody;

// A single event beyond this is not a model answer; refuse it rather than buffer without bound.
const MAX_EVENT_CHARS = 16 * 1024 * 1024;

/**
 * @example
 * const decoder = new GeminiSseDecoder();
 * decoder.feed('data: {"candidates":[]}\r\n\r\ndata: {"cand'); // [{ candidates: [] }]
 * decoder.feed('idates":[]}\r\n\r\n');                          // [{ candidates: [] }]
 * decoder.end();                                                 // []
 */
export class GeminiSseDecoder {
  // Cut into events by SseBlocks: appending to one string, searching it whole and copying its rest
  // per event was quadratic in a long event (15 MB in 64 kB reads, 1.35 s of the event loop).
  private readonly blocks: SseBlocks;

  /** @param source who sends the stream, as an error names it (`provider "gemini"`). */
  constructor(private readonly source = 'the upstream') {
    this.blocks = new SseBlocks(source);
  }

  /** Adds decoded text; returns every complete event in it. */
  feed(text: string): GeminiStreamItem[] {
    const items: GeminiStreamItem[] = [];
    for (const block of this.blocks.take(text).split('\n\n')) {
      const item = block === '' ? undefined : parseBlock(block);
      if (item) items.push(item);
    }
    if (this.blocks.pendingLength > MAX_EVENT_CHARS) {
      throw new SwitchyardError('upstream_error', `${this.source} sent a stream event of more than ${MAX_EVENT_CHARS} characters without its end (a blank line): no model answer is that long`, { status: 502 });
    }
    // A bare error object may end the body without a blank line after it: looked for when a read
    // ends an object.
    const error = text.trimEnd().endsWith('}') ? parseBareError(this.blocks.pending()) : undefined;
    if (error) {
      this.blocks.rest();
      items.push(error);
    }
    return items;
  }

  /** The upstream body ended: whatever is left must be a last event or an error object. */
  end(): GeminiStreamItem[] {
    const rest = this.blocks.rest().trim();
    if (rest === '') return [];
    let item: GeminiStreamItem | undefined;
    try {
      item = parseBlock(rest);
    } catch {
      // A cut connection leaves half an event: that is a broken stream, not a bad event.
    }
    if (item) return [item];
    throw new SwitchyardError('upstream_error', `Gemini stream ended inside an event: ${quoteClipped(rest, 200)}`, { retryable: true });
  }
}

function parseBlock(block: string): GeminiStreamItem | undefined {
  let data: string | undefined;
  for (const line of block.split('\n')) {
    if (line.startsWith('data:')) {
      const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
      data = data === undefined ? value : `${data}\n${value}`;
    }
  }
  if (data === undefined) return parseBareError(block);
  try {
    return JSON.parse(data) as GeminiStreamItem;
  } catch (error) {
    throw new SwitchyardError('upstream_error', `Gemini sent an event that is not JSON: ${quoteClipped(data, 200)}`, { cause: error });
  }
}

function parseBareError(text: string): GeminiErrorBody | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return undefined;
  try {
    const value = JSON.parse(trimmed) as { error?: unknown };
    return typeof value.error === 'object' && value.error !== null ? (value as GeminiErrorBody) : undefined;
  } catch {
    return undefined; // not complete yet
  }
}
