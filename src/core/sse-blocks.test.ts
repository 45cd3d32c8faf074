import { describe, expect, it } from 'vitest';
import { parseBlocks, SseBlocks } from './sse-blocks.js';

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
});

describe('parseBlocks', () => {
  it('reads names and multi-line data, skipping comments and empty events', () => {
    expect(parseBlocks(': keep-alive\n\nevent: ping\ndata: {}\n\ndata:a\ndata: b\n\n')).toEqual([
      { name: 'ping', data: '{}' },
      { name: undefined, data: 'a\nb' },
    ]);
  });
});
