import { describe, expect, it } from 'vitest';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';
import { coinedCompound, hyphenatedFirm, organisationRanges } from './organisations.js';
import { TokenSheet } from './token-sheet.js';

const model = loadTaggerModel();
const tagger = createNameTagger(model);
const tagged = (text: string): string[] => tagger.tag(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
const sheetOf = (text: string): TokenSheet => {
  const sheet = new TokenSheet();
  sheet.read(text, model.lexicons);
  return sheet;
};
const organisations = (text: string): string[] => {
  const sheet = sheetOf(text);
  const ranges = organisationRanges(sheet);
  const out: string[] = [];
  for (let r = 0; r < ranges.length; r += 2) out.push(text.slice(sheet.start[ranges[r]!]!, sheet.end[ranges[r + 1]!]!));
  return out;
};
const tokenIs = (rule: typeof coinedCompound, text: string): boolean => rule(text, sheetOf(text), 0);

describe('organisation names', () => {
  it('finds capitalised words ending in a legal form or an institution word', () => {
    expect(organisations('Our insurer, Gallagher Mutual Group, refused the claim.')).toContain('Gallagher Mutual Group');
    expect(organisations('Mail it to Petrova & Sons, 41 Ash Grove.')).toEqual(['Petrova & Sons']);
    expect(organisations('Halvorsen & Berg AG pays on time')).toEqual(['Halvorsen & Berg AG']);
  });

  it('stops at lower-case words, line breaks and titles, and needs a name before the head', () => {
    expect(organisations('the bank is closed')).toEqual([]);
    expect(organisations('Bank holidays')).toEqual([]);
    expect(organisations('Anna Schmidt\nGroup leads')).toEqual([]);
    expect(organisations('Talk to Dr. Group')).toEqual([]);
    expect(organisations('Maria Sa joined')).toEqual([]); // a short legal form only in capitals
  });

  it('takes person and place spans inside an organisation back', () => {
    expect(tagged('Our insurer, Gallagher Mutual Group, refused the claim from Tobias Renner.')).toEqual(['PERSON:Tobias Renner']);
    expect(tagged('Please cc Ines Carvalho at Quintessa Bank on the loan papers.')).toEqual(['PERSON:Ines Carvalho']);
  });

  it('reads a lone hyphenated pair of surnames as a firm, not a person', () => {
    expect(tokenIs(hyphenatedFirm, 'Pritchard-Lowe')).toBe(true);
    expect(tokenIs(hyphenatedFirm, 'Jean-Luc')).toBe(false);
    expect(tokenIs(hyphenatedFirm, 'Smith-jones')).toBe(false);
    expect(tokenIs(hyphenatedFirm, "O'Neil")).toBe(false);
    expect(tagged('Our lawyers at Reyes-Whitcombe sent the letter yesterday.')).toEqual([]);
    expect(tagged('Please call Ms. Reyes-Whitcombe tomorrow.')).toEqual(['PERSON:Reyes-Whitcombe']);
    expect(tagged('Sarah Reyes-Whitcombe sent the letter.')).toEqual(['PERSON:Sarah Reyes-Whitcombe']);
  });

  it('reads two everyday words run together and on no name list as a brand', () => {
    expect(tokenIs(coinedCompound, 'Cloudmade')).toBe(true);
    expect(tokenIs(coinedCompound, 'Optuminsight')).toBe(true);
    expect(tokenIs(coinedCompound, 'Auroratown')).toBe(false);
    expect(tokenIs(coinedCompound, 'Norbertofort')).toBe(false);
    expect(tokenIs(coinedCompound, 'Kuhicstead')).toBe(false);
    expect(tokenIs(coinedCompound, 'Petersson')).toBe(false);
    expect(tokenIs(coinedCompound, 'Kudryashov')).toBe(false);
    expect(tokenIs(coinedCompound, 'Liberšar')).toBe(false);
    expect(tagged('We switched from Optuminsight to Stripe.')).toEqual([]);
  });
});
