import { readFileSync } from 'node:fs';
import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { loadO200kCounter } from './o200k-counter.js';
import { cpuMs } from '../test-support/cpu-clock.js';

/** Seeded texts mixing ASCII, accents, CJK, emoji, lone surrogates, digits and line breaks. */
function mixedTexts(count: number): string[] {
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
  const texts: string[] = [];
  for (let k = 0; k < count; k++) {
    let text = '';
    const length = 1 + Math.floor(next() * 80);
    for (let i = 0; i < length; i++) {
      const r = next();
      if (r < 0.35) text += String.fromCharCode(32 + Math.floor(next() * 95));
      else if (r < 0.5) text += String.fromCodePoint(0x80 + Math.floor(next() * 0x800));
      else if (r < 0.65) text += String.fromCodePoint(0x3000 + Math.floor(next() * 0x6000));
      else if (r < 0.75) text += String.fromCodePoint(0x1f300 + Math.floor(next() * 0x300));
      else if (r < 0.8) text += String.fromCharCode(0xd800 + Math.floor(next() * 0x800));
      else if (r < 0.9) text += ['\n', '\r\n', '\t', '  ', '0123', "'s"][Math.floor(next() * 6)];
      else text += String.fromCodePoint(Math.floor(next() * 0x10ffff));
    }
    texts.push(text);
  }
  return texts;
}

describe('the o200k counter over typed arrays', () => {
  const counter = loadO200kCounter();

  it("counts as gpt-tokenizer's countTokens does, text by text", () => {
    const prose = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const code = readFileSync(new URL('./token-count-thread.ts', import.meta.url), 'utf8');
    const texts = [
      ...prose.split('\n\n'),
      prose,
      code,
      ...mixedTexts(1_500),
      'antidisestablishmentarianism antidisestablishmentarianism',
      'x'.repeat(3_000),
      ' '.repeat(40) + '\n\n\n' + '\t'.repeat(9),
      '12345678901234567890 3.14159 1,000,000',
      "I'LL we'VE they're DON'T",
      'naïve café — ünïcödé 🚀 日本語のテキスト 한국어 текст',
    ];
    const counts = texts.map((text) => counter.count(text));
    expect(counts).toEqual(texts.map((text) => countTokens(text)));
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(20_000);
  });

  it('merges long words as gpt-tokenizer does, equal ranks leftmost first, and in time linear in their length', () => {
    // Runs of one letter or one pair make every pair rank equal: the order of merges decides the count.
    const words = ['x', 'é', 'ab', 'aab', 'xyz', '日本', 'ðŸ', 'Ω', 'zz9', 'ﬀ'].flatMap((unit) => [1, 2, 3, 7, 31, 64, 65, 200, 1_001].map((times) => unit.repeat(times)));
    words.push(...mixedTexts(200).map((text) => text.replace(/[^\p{L}]/gu, '')), 'Supercalifragilisticexpialidocious'.repeat(40));
    expect(words.map((word) => counter.count(word))).toEqual(words.map((word) => countTokens(word)));
    // One word of 400,000 letters held the count thread for minutes (a merge looked for the lowest
    // pair along the whole word each time); every count waited behind it.
    for (const unit of ['x', 'é', 'ab']) {
      const started = cpuMs();
      expect(counter.count(unit.repeat(400_000 / unit.length))).toBeGreaterThan(1_000);
      expect(cpuMs() - started, unit).toBeLessThan(10_000);
    }
  });

  it("counts a special token's string as ordinary text, as a user's message is tokenized", () => {
    const texts = ['before <|endoftext|> after', '<|im_start|>system<|im_sep|>hi<|im_end|>', '<|endoftext', '<|endofprompt|><|endofprompt|>'];
    const ordinary = texts.map((text) => countTokens(text, { disallowedSpecial: new Set() }));
    expect(texts.map((text) => counter.count(text))).toEqual(ordinary);
    // Ordinary, not special: the string is several tokens, not one.
    expect(counter.count('<|endoftext|>')).toBeGreaterThan(1);
  });

  it('holds the rank table in ~4 MB of typed arrays', () => {
    // gpt-tokenizer's module holds it as 200,000 strings and a Map of them (~35 MB of heap).
    expect(counter.tableBytes).toBeGreaterThan(3_000_000);
    expect(counter.tableBytes).toBeLessThan(6_000_000);
  });
});
