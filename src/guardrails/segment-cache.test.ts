import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIN_CACHED_CHARS, SegmentCache } from './segment-cache.js';

const long = (tag: string): string => `${tag} `.padEnd(MIN_CACHED_CHARS + 10, 'x');

describe('SegmentCache', () => {
  it('computes a text once and answers it again from memory', () => {
    const cache = new SegmentCache<number>(8);
    let calls = 0;
    const compute = (t: string) => {
      calls += 1;
      return t.length;
    };
    expect(cache.get(long('a'), compute)).toBe(long('a').length);
    expect(cache.get(long('a'), compute)).toBe(long('a').length);
    expect(calls).toBe(1);
    expect(cache.get(long('b'), compute)).toBe(long('b').length);
    expect(calls).toBe(2);
    expect([cache.hits, cache.misses]).toEqual([1, 2]);
  });

  it('remembers a short system prompt, which comes with every call', () => {
    const cache = new SegmentCache<number>(8);
    let calls = 0;
    const compute = () => ++calls;
    cache.get('You are a support agent.', compute);
    cache.get('You are a support agent.', compute);
    expect(calls).toBe(1);
  });

  it('keeps no text, only its SHA-256', () => {
    const cache = new SegmentCache<number>(8);
    const secret = long('Ann Lee, card 4111 1111 1111 1111');
    cache.get(secret, () => 1);
    const keys = [...(cache as unknown as { entries: Map<string, number> }).entries.keys()];
    expect(keys).toEqual([createHash('sha256').update(secret).digest('base64')]);
  });

  it('keeps results apart by salt (the same text scored for another source)', () => {
    const cache = new SegmentCache<string>(8);
    expect(cache.get(long('a'), () => 'user', 'user')).toBe('user');
    expect(cache.get(long('a'), () => 'indirect', 'indirect')).toBe('indirect');
    expect(cache.get(long('a'), () => 'again', 'user')).toBe('user');
  });

  it('drops the least recently used text past its size', () => {
    const cache = new SegmentCache<string>(2);
    cache.get(long('a'), () => 'a1');
    cache.get(long('b'), () => 'b1');
    cache.get(long('a'), () => 'a2'); // a is now the most recent
    cache.get(long('c'), () => 'c1'); // drops b
    expect(cache.size).toBe(2);
    expect(cache.get(long('a'), () => 'a3')).toBe('a1');
    expect(cache.get(long('b'), () => 'b2')).toBe('b2');
  });

  it('does not cache short texts, nothing when its size is 0, and nothing that threw', () => {
    const short = new SegmentCache<number>(8);
    let calls = 0;
    const compute = () => ++calls;
    short.get('Thanks', compute);
    short.get('Thanks', compute);
    expect(calls).toBe(2);
    const off = new SegmentCache<number>(0);
    off.get(long('a'), compute);
    off.get(long('a'), compute);
    expect(calls).toBe(4);
    const cache = new SegmentCache<number>(8);
    expect(() =>
      cache.get(long('a'), () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(cache.get(long('a'), () => 7)).toBe(7);
  });
});
