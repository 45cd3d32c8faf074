import { describe, expect, it } from 'vitest';
import { hashLower } from './char-table.js';
import { LexiconTable } from './lexicon-table.js';
// The tagger's modules register the rules' sets, as in the gateway.
import './name-tagger.js';
import { TokenSheet } from './token-sheet.js';
import { TokenWordSet, TokenWordTable, tokenWordSets } from './token-words.js';

// The guard bench's prompts (plain JavaScript, so imported by URL with its type stated here).
const { variedPrompts } = (await import(new URL('../../../../bench/guard-prompts.mjs', import.meta.url).href)) as {
  variedPrompts: (count: number, seed: number) => { text: string }[];
};
const lexicons = LexiconTable.fromEntries([]);
const hash = (w: string): number => hashLower(w, 0, w.length);

describe('TokenWordSet', () => {
  it('gives every token of a text the answer `has` gives its word, for every set the rules registered', () => {
    const sets = tokenWordSets();
    expect(sets.length).toBeGreaterThanOrEqual(12);
    const texts = [
      ...variedPrompts(40, 5).map((p) => p.text),
      'Hi Ann, the office in Kolding: greetings from the Saudi Arabian team; et la Señora de Vega and Bolivians.',
      'to from in into for hometown outside near visiting visited of : town city village over THE The the',
    ];
    const sheet = new TokenSheet();
    let members = 0;
    for (const text of texts) {
      const count = sheet.read(text, lexicons);
      for (let k = 0; k < count; k += 1) {
        for (const set of sets) {
          const has = set.has(sheet.word[k]!);
          expect(set.at(sheet, k)).toBe(has);
          if (has) members += 1;
        }
      }
      // Outside the text (a rule looking one token too far) it answers as `has` on the stale word does.
      expect(sets.map((s) => s.at(sheet, -1))).toEqual(sets.map(() => false));
    }
    expect(members).toBeGreaterThan(500);
  });

  it('looks every 32-bit hash up exactly in the table of all sets (0 and 2^32 - 1 included)', () => {
    let state = 7;
    const random = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const draw = (): number => Math.floor(random() * 2 ** 32) >>> 0;
    const a = new TokenWordSet([...Array.from({ length: 300 }, draw), 0, 0xffffffff]);
    const b = new TokenWordSet([...Array.from({ length: 40 }, draw), 0xffffffff]);
    const table = new TokenWordTable([a, b]);
    const probe = (h: number): void => {
      const bits = table.get(h);
      expect((bits & a.bit) !== 0).toBe(a.has(h));
      expect((bits & b.bit) !== 0).toBe(b.has(h));
    };
    for (const h of [...a.hashes, ...b.hashes, 0, 1, 0xffffffff, 0xfffffffe]) probe(h);
    for (let i = 0; i < 20000; i += 1) probe(draw());
    expect(table.get(0)).toBe(a.bit);
    expect(table.get(0xffffffff)).toBe((a.bit | b.bit) >>> 0);
  });

  it('answers for a set registered after a sheet has read texts', () => {
    const sheet = new TokenSheet();
    sheet.read('warm up', lexicons);
    const late = new TokenWordSet(['zebra'].map(hash));
    sheet.read('a zebra crossing', lexicons);
    expect([0, 1, 2].map((k) => late.at(sheet, k))).toEqual([false, true, false]);
  });
});
