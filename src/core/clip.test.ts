import { describe, expect, it } from 'vitest';
import { clip, quoteClipped } from './clip.js';

describe('clip', () => {
  it('keeps short text whole and cuts long text at max with an ellipsis', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcd', 3)).toBe('abc…');
    expect(clip('abcd', 3, '...')).toBe('abc...');
  });

  it('quotes as a JSON string, escapes included, and names non-strings', () => {
    expect(quoteClipped('a"b\n')).toBe('"a\\"b\\n"');
    expect(quoteClipped('x'.repeat(150))).toBe(`"${'x'.repeat(100)}…"`);
    expect(quoteClipped(42)).toBe('"42"');
  });
});
