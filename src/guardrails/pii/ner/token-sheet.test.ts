import { describe, expect, it } from 'vitest';
import { hashLower, lowerOf, mix } from './char-table.js';
import { LEX, LexiconTable } from './lexicon-table.js';
import { TF, TokenSheet } from './token-sheet.js';
import { tokenize } from './tokenize.js';

const lexicons = LexiconTable.fromEntries([
  [hashLower('ann', 0, 3), LEX.FIRST_NAME],
  [hashLower('spain', 0, 5), LEX.REGION],
  [hashLower('sofia', 0, 5), LEX.FIRST_NAME | LEX.CITY],
  [hashLower('street', 0, 6), LEX.STREET_TYPE],
]);

describe('TokenSheet', () => {
  it('tokenises like tokenize() and records offsets', () => {
    const text = "Hi O'Neil,\n12 Baker-Street 😀 ünïcode";
    const sheet = new TokenSheet();
    const count = sheet.read(text, lexicons);
    const fromSheet = Array.from({ length: count }, (_, t) => text.slice(sheet.start[t]!, sheet.end[t]!));
    expect(fromSheet).toEqual(tokenize(text).map((t) => t.text));
  });

  it('hashes words case-insensitively and looks them up in the lexicon without building strings', () => {
    const sheet = new TokenSheet();
    sheet.read('ANN met ann on Street', lexicons);
    expect(sheet.word[0]).toBe(sheet.word[2]);
    expect(sheet.lex[0]).toBe(LEX.FIRST_NAME);
    expect(sheet.lex[4]).toBe(LEX.STREET_TYPE);
    expect(sheet.lex[1]).toBe(0);
  });

  it("looks a capitalised possessive up without its 's, and a lower-case or shouted one whole", () => {
    const sheet = new TokenSheet();
    sheet.read("Ann's car, Ann’s key, ann's bag, ANN'S hat", lexicons);
    expect(sheet.lex[0]).toBe(LEX.FIRST_NAME);
    expect(sheet.lex[3]).toBe(LEX.FIRST_NAME);
    expect(sheet.lex[6]).toBe(0);
    expect(sheet.lex[9]).toBe(0);
    expect(sheet.word[0]).not.toBe(hashLower('ann', 0, 3)); // the word itself keeps its "'s"
    sheet.read("Spain's rules, Sofia's car", lexicons);
    expect(sheet.lex[0]).toBe(0); // a place that is no name: as the tagger was trained
    expect(sheet.lex[3]).toBe(LEX.FIRST_NAME | LEX.CITY);
  });

  it('flags line starts, capitals, numbers, glued tokens and a dot after an abbreviation', () => {
    const sheet = new TokenSheet();
    sheet.read('Mr. SMITH\nlot A51721', lexicons);
    // tokens: Mr . SMITH lot A 51721
    expect(sheet.flags[0]! & TF.CAPITALISED).toBeTruthy();
    expect(sheet.flags[0]! & TF.DOT_AFTER).toBeTruthy();
    expect(sheet.flags[2]! & TF.ALL_CAPS).toBeTruthy();
    expect(sheet.flags[3]! & TF.LINE_START).toBeTruthy();
    expect(sheet.flags[5]! & TF.NUMBER).toBeTruthy();
    expect(sheet.flags[5]! & TF.GLUED_BEFORE).toBeTruthy();
    expect(sheet.lowerCaseText).toBe(false);
    sheet.read("hey its ann, i'm here", lexicons);
    expect(sheet.lowerCaseText).toBe(true);
  });

  it('flags sentence starts: a line start, and the first token after a stop or a colon, punctuation between passing it on', () => {
    const sheet = new TokenSheet();
    const text = 'Ann met Bob. Then "Cy" said: Dee\n> Eve';
    const count = sheet.read(text, lexicons);
    const starts = Array.from({ length: count }, (_, t) => t).filter((t) => sheet.flags[t]! & TF.SENTENCE_START).map((t) => text.slice(sheet.start[t]!, sheet.end[t]!));
    expect(starts).toEqual(['Ann', 'Then', 'Dee', '>', 'Eve']);
  });

  it('grows past its initial capacity and is reusable', () => {
    const sheet = new TokenSheet();
    expect(sheet.read('word '.repeat(1000), lexicons)).toBe(1000);
    expect(sheet.read('two words', lexicons)).toBe(2);
    expect(sheet.end[1]).toBe(9);
  });

  it("hashes a token's last three and two letters, lower-cased, as mix(FNV-1a, salt) (short tokens: the word's hash)", () => {
    // The suffix hash as the trainer defined it: FNV-1a from a salted offset, then mix().
    const suffixHash = (s: string): number => {
      let h = 0x811c9dc5 ^ 0x5f;
      for (let i = 0; i < s.length; i += 1) h = Math.imul(h ^ lowerOf(s.charCodeAt(i)), 0x01000193);
      return mix(h >>> 0, 0x73756666);
    };
    const text = 'Zoë Wójcik-Łukasz ROAD an ok A 12345 x';
    const sheet = new TokenSheet();
    const count = sheet.read(text, lexicons);
    let checked = 0;
    for (let t = 0; t < count; t += 1) {
      const token = text.slice(sheet.start[t]!, sheet.end[t]!);
      expect(sheet.suffix[t]).toBe(token.length > 3 ? suffixHash(token.slice(-3)) : sheet.word[t]);
      expect(sheet.suffix2[t]).toBe(token.length > 2 ? suffixHash(token.slice(-2)) : sheet.word[t]);
      if (token.length > 3) checked += 1;
    }
    expect(checked).toBe(3);
    // Both halves of the 32-bit range occur (the stored value is unsigned either way).
    const values = Array.from(sheet.suffix.subarray(0, count));
    expect(values.some((v) => v >= 2 ** 31)).toBe(true);
    expect(values.every((v) => v >= 0 && v < 2 ** 32)).toBe(true);
    // Random texts of cased and uncased letters, marks, joiners, digits, surrogate pairs and 'İ'
    // (which lower-cases to two code units, so stays itself): every suffix as the trainer's.
    let seed = 5;
    const rand = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const alphabet = ['2024', '9', 'a', 'Q', 'ö', 'Ł', 'İ', 'ß', '\u0301', "'", '’', '-', '4', '0', ' ', '\n', '.', '😀', 'Ж', '中', 'ǅ'];
    let suffixes = 0;
    for (let k = 0; k < 400; k += 1) {
      let random = '';
      for (let i = Math.floor(rand() * 300); i > 0; i -= 1) random += alphabet[Math.floor(rand() * alphabet.length)];
      const n = sheet.read(random, lexicons);
      for (let t = 0; t < n; t += 1) {
        const token = random.slice(sheet.start[t]!, sheet.end[t]!);
        expect(sheet.suffix[t]).toBe(token.length > 3 ? suffixHash(token.slice(-3)) : sheet.word[t]);
        expect(sheet.suffix2[t]).toBe(token.length > 2 ? suffixHash(token.slice(-2)) : sheet.word[t]);
        if (token.length > 3) suffixes += 1;
      }
    }
    expect(suffixes).toBeGreaterThan(1000);
  });
});
