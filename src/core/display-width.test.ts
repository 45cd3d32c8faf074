import { describe, expect, it } from 'vitest';
import { cutToWidth, displayWidth } from './display-width.js';
import { cpuMs } from '../test-support/cpu-clock.js';

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

describe('long non-ASCII text (helper hostile6)', () => {
  it('is measured in time that grows with its length, not its square: 200,000 "é" or lone surrogates well within a second or two', () => {
    // Segmented whole, 200,000 "é" took ~14 s (V8's segmenter is quadratic) and a million minutes.
    for (const text of ['é'.repeat(200_000), '\ud800'.repeat(200_000), '한'.repeat(200_000)]) {
      const started = cpuMs();
      const width = displayWidth(text);
      expect(width).toBe(text[0] === '한' ? 400_000 : 200_000);
      expect(cpuMs() - started).toBeLessThan(3_000);
      expect(displayWidth(cutToWidth(text, 10))).toBeLessThanOrEqual(10);
    }
  });

  it('counts a text cut into pieces as it counts each cluster alone: emoji chains, flags, CRLF, marks and surrogates across every cut', () => {
    const parts = ['a', 'é', 'e\u0301', '👨‍👩‍👧‍👦', '🇯🇵', '\ud800', '한', 'हि', '\r\n', '👍🏽', '漢'];
    for (const offset of [0, 1, 2, 3, 5, 7]) {
      const clusters = Array.from({ length: 3_000 }, (_, i) => parts[(i + offset) % parts.length] as string);
      expect(displayWidth(clusters.join(''))).toBe(clusters.reduce((sum, cluster) => sum + displayWidth(cluster), 0));
    }
  });

  it('a cluster of 100,000 marks is its letter\'s one column; one of 20,000 joined emoji is measured wider than drawn, never narrower', () => {
    expect(displayWidth(`a${'\u0301'.repeat(100_000)}b`)).toBe(2);
    expect(displayWidth(`${Array.from({ length: 300 }, () => '👨').join('\u200d')}x`)).toBe(3);
    const started = cpuMs();
    expect(displayWidth(`${Array.from({ length: 20_000 }, () => '👨').join('\u200d')}x`)).toBeGreaterThanOrEqual(3);
    expect(cpuMs() - started).toBeLessThan(3_000);
  });
});
