import { describe, expect, it } from 'vitest';
import { cutToWidth, displayWidth } from './display-width.js';

const graphemes = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);

describe('display width', () => {
  it('counts what a terminal draws: an emoji cluster two columns however many code points it joins', () => {
    expect(displayWidth('👨‍👩‍👧‍👦')).toBe(2); // four people joined by ZWJ (counted 8 before)
    expect(displayWidth('🏳️‍🌈')).toBe(2);
    expect(displayWidth('🇯🇵🇺🇦')).toBe(4); // two flags, each a pair of regional indicators
    expect(displayWidth('👍🏽')).toBe(2); // a skin tone modifies, it adds no column
    expect(displayWidth('❤️ ok')).toBe(5);
  });

  it('counts a letter with its marks as one column, and wide scripts as two', () => {
    expect(displayWidth('Z̤͔ͧ̑̓ä͖̭̈̇')).toBe(2);
    expect(displayWidth('हिन्दी')).toBe(graphemes('हिन्दी').length); // a cluster each (vowel signs and viramas join theirs)
    expect(displayWidth('漢字 ok')).toBe(7);
    expect(displayWidth('plain-ascii')).toBe(11);
  });

  it('cuts between grapheme clusters, never inside a joined emoji, a flag or a letter and its marks', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(cutToWidth(family.repeat(5), 7)).toBe(`${family.repeat(3)}…`);
    expect(cutToWidth('🇯🇵🇺🇦🇫🇷', 5)).toBe('🇯🇵🇺🇦…');
    const zalgo = 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǵ̟̟o̜̗'.repeat(4);
    const cut = cutToWidth(zalgo, 6);
    expect(displayWidth(cut)).toBe(6);
    // Every cluster kept is one of the original's, whole.
    expect(graphemes(cut).slice(0, -1)).toEqual(graphemes(zalgo).slice(0, 5));
    expect(cutToWidth('模型名称模型', 7)).toBe('模型名…');
  });

  it('leaves text that fits alone, the last cluster included', () => {
    expect(cutToWidth('ab👍🏽', 4)).toBe('ab👍🏽');
    expect(cutToWidth('abc', 3)).toBe('abc');
    expect(cutToWidth('abcd', 3)).toBe('ab…');
  });
});
