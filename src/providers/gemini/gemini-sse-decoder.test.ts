import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { fixtureText } from './__fixtures__/replay.js';
import { GeminiChunkDecoder } from './gemini-chunk-decoder.js';
import { GeminiSseDecoder } from './gemini-sse-decoder.js';

describe('GeminiSseDecoder', () => {
  it('agrees with a standard SSE parser on the data events of a CRLF stream, however the bytes are split', () => {
    const text = fixtureText('gemini-stream-text.sse.txt');
    expect(text).toContain('\r\n\r\n');
    const standard: unknown[] = [];
    const parser = createParser({ onEvent: (event) => standard.push(JSON.parse(event.data)) });
    parser.feed(text);
    for (const step of [1, 7, 64, text.length]) {
      const decoder = new GeminiSseDecoder();
      const items = [];
      for (let i = 0; i < text.length; i += step) items.push(...decoder.feed(text.slice(i, i + step)));
      items.push(...decoder.end());
      expect(items).toEqual(standard);
    }
  });

  it('returns the bare error object a standard SSE parser would skip', () => {
    const text = fixtureText('gemini-stream-overloaded.sse.txt');
    const decoder = new GeminiSseDecoder();
    const items = [...decoder.feed(text), ...decoder.end()];
    expect(items.at(-1)).toEqual({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } });
    const standard: unknown[] = [];
    createParser({ onEvent: (event) => standard.push(event.data) }).feed(text);
    expect(standard).toHaveLength(2);
  });

  it('refuses an event that is not JSON and a body that ends inside an event', () => {
    expect(() => new GeminiSseDecoder().feed('data: {not json\r\n\r\n')).toThrow(/not JSON/);
    const decoder = new GeminiSseDecoder();
    decoder.feed('data: {"candidates": [');
    expect(() => decoder.end()).toThrow(expect.objectContaining({ retryable: true }));
  });

  it('reads a read of thousands of events, each once and in order', () => {
    const events = Array.from({ length: 20_000 }, (_, i) => `data: {"candidates":[{"index":${i}}]}\r\n\r\n`).join('');
    const items = new GeminiSseDecoder().feed(events) as { candidates: { index: number }[] }[];
    expect(items.map((item) => item.candidates[0]?.index)).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
  });
  it('names the provider of an event that goes on past its bound without its end', () => {
    const decoder = new GeminiChunkDecoder('gemini-vertex', { id: 'chatcmpl-1', model: 'gemini-2.5-flash' });
    const piece = 'x'.repeat(1024 * 1024);
    decoder.push('data: {"candidates":"');
    expect(() => {
      for (let i = 0; i <= 16; i++) decoder.push(piece);
    }).toThrow(/^provider "gemini-vertex" sent a stream event of more than 16777216 characters without its end/);
  });
});
