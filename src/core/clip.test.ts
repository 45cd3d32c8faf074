import { describe, expect, it } from 'vitest';
import { clip, clipAtWord, quoteClipped, sliceWhole, textOf } from './clip.js';

describe('clip', () => {
  it('keeps short text whole and cuts long text at max with an ellipsis', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcd', 3)).toBe('abc…');
    expect(clip('abcd', 3, '...')).toBe('abc...');
  });

  it('never cuts an emoji in half (a lone surrogate is "\\ud83d" in JSON, "�" on a page)', () => {
    expect(clip('ab🙈🙈', 3)).toBe('ab…');
    expect(clip('ab🙈🙈', 4)).toBe('ab🙈…');
    expect(quoteClipped(`x${'🙈'.repeat(60)}`)).toBe(`"x${'🙈'.repeat(49)}…"`);
    expect(clipAtWord(`a${'🙈'.repeat(30)}`, 40)).toBe(`a${'🙈'.repeat(19)}…`);
    expect(sliceWhole('ab🙈', 3)).toBe('ab');
    expect(sliceWhole('ab🙈', 4)).toBe('ab🙈');
  });

  it('quotes as a JSON string, escapes included, and names non-strings', () => {
    expect(quoteClipped('a"b\n')).toBe('"a\\"b\\n"');
    expect(quoteClipped('x'.repeat(150))).toBe(`"${'x'.repeat(100)}…"`);
    expect(quoteClipped(42)).toBe('"42"');
  });

  it('escapes bidi controls, DEL and C1 controls too, which JSON leaves: an RLO in a value reordered the message quoting it (a sort value), 0x9B is a terminal CSI', () => {
    expect(quoteClipped('\u202etsoc')).toBe('"\\u202etsoc"');
    expect(quoteClipped('a\u2066b\u007f\u009b31m')).toBe('"a\\u2066b\\u007f\\u009b31m"');
    expect(quoteClipped({ name: '\u202e' })).toBe('{"name":"\\u202e"}');
    expect(quoteClipped('naïve 👩‍👩‍👧')).toBe('"naïve 👩‍👩‍👧"');
  });

  it('shows an object or array as its JSON, cut short: String() threw on one whose toString is not a function', () => {
    expect(quoteClipped({ toString: [] })).toBe('{"toString":[]}');
    expect(quoteClipped([{ toString: 1 }, 'x'.repeat(200)], 20)).toBe('[{"toString":1},"xxx…');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(quoteClipped(cycle)).toBe('[object Object]');
    expect([textOf({ toString: {}, valueOf: {} }), textOf(5), textOf(null), textOf(undefined), textOf('x')]).toEqual(['{"toString":{},"valueOf":{}}', '5', 'null', 'undefined', 'x']);
  });

  it('cuts prose at the last word that fits, with an ellipsis, and a long word at max', () => {
    const message = 'model "nope" is not configured on this gateway (configured: small)';
    expect(clipAtWord(message, 40)).toBe('model "nope" is not configured on this…');
    expect(clipAtWord(message, 100)).toBe(message);
    expect(clipAtWord('upstream timed out, retrying elsewhere', 20)).toBe('upstream timed out…');
    expect(clipAtWord('x'.repeat(500), 40)).toBe(`${'x'.repeat(40)}…`);
    expect(clipAtWord(`a ${'y'.repeat(500)}`, 40)).toBe(`a ${'y'.repeat(38)}…`);
  });
});
