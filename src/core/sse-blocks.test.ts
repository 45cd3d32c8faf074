import { describe, expect, it } from 'vitest';
import { eachEvent, parseBlocks, SseBlocks } from './sse-blocks.js';

describe('SseBlocks', () => {
  it('returns only whole events and keeps the rest for the next read', () => {
    const blocks = new SseBlocks();
    expect(blocks.take('data: {"a":1}\n\ndata: {"b"')).toBe('data: {"a":1}\n\n');
    expect(blocks.take(':2}\n')).toBe('');
    expect(blocks.take('\nevent: x\ndata: y\n\n')).toBe('data: {"b":2}\n\nevent: x\ndata: y\n\n');
    expect(blocks.take('data: tail')).toBe('');
    expect(blocks.rest()).toBe('data: tail\n\n');
  });

  it('normalises CRLF streams', () => {
    expect(new SseBlocks().take('data: 1\r\n\r\n')).toBe('data: 1\n\n');
  });

  it('normalises a CRLF split between two reads as one line end, not a blank line', () => {
    const blocks = new SseBlocks();
    expect(blocks.take('data: {"a":\r')).toBe('');
    expect(blocks.take('\n1}\r\n\r')).toBe('');
    expect(blocks.take('\ndata: 2\r\n\r\n')).toBe('data: {"a":\n1}\n\ndata: 2\n\n');
    expect(blocks.take('data: 3\r')).toBe('');
    expect(blocks.rest()).toBe('data: 3\n\n');
  });

  it('refuses an event that goes on past its bound without a blank line, naming the bound', () => {
    const blocks = new SseBlocks('provider "openai"', 100);
    expect(blocks.take('data: 1\n\ndata: "')).toBe('data: 1\n\n');
    expect(blocks.take('x'.repeat(90))).toBe('');
    // The provider named, as the stream's other errors name it (it said "the upstream").
    expect(() => blocks.take('x'.repeat(20))).toThrow('provider "openai" sent a stream event of more than 100 characters without its end (a blank line): no model answer is that long');
    // An event up to the bound is read as any other.
    const fits = new SseBlocks(undefined, 100);
    expect(fits.take(`data: ${'y'.repeat(90)}`)).toBe('');
    expect(fits.take('\n\n')).toBe(`data: ${'y'.repeat(90)}\n\n`);
  });

  it('gives the same events at every split of a stream into reads', () => {
    const stream = 'event: a\r\ndata: 1\r\n\r\ndata: 2\n\n: ping\n\ndata: 3\r\r\ndata: 4\n\n';
    const whole = new SseBlocks().take(stream);
    for (let at = 0; at <= stream.length; at++) {
      for (let second = at; second <= stream.length; second += 3) {
        const blocks = new SseBlocks();
        expect(blocks.take(stream.slice(0, at)) + blocks.take(stream.slice(at, second)) + blocks.take(stream.slice(second)) + blocks.rest(), `${at} ${second}`).toBe(whole);
      }
    }
  });
});

describe('parseBlocks', () => {
  it('reads names and multi-line data, skipping comments and empty events', () => {
    expect(parseBlocks(': keep-alive\n\nevent: ping\ndata: {}\n\ndata:a\ndata: b\n\n')).toEqual([
      { name: 'ping', data: '{}' },
      { name: undefined, data: 'a\nb' },
    ]);
  });
});

describe('eachEvent', () => {
  it('gives the same names and data as parseBlocks, whatever the events look like', () => {
    const text = 'data: {"a":1}\n\nevent: delta\ndata: {"b":2}\n\n: keep-alive\n\nevent: x\ndata:a\ndata: b\n\n\n\ndata:c\n\nevent: y\n\ndata: tail';
    const seen: { name: string | undefined; data: string }[] = [];
    eachEvent(text, (name, data) => seen.push({ name, data }));
    expect(seen).toEqual(parseBlocks(text));
    expect(seen.map((e) => e.data)).toEqual(['{"a":1}', '{"b":2}', 'a\nb', 'c', 'tail']);
  });
});
