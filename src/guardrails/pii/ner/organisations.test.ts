import { describe, expect, it } from 'vitest';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';
import { coinedCompound, hyphenatedFirm, organisationRanges } from './organisations.js';
import { TokenSheet } from './token-sheet.js';

const model = loadTaggerModel();
const tagger = createNameTagger(model);
const tagged = (text: string): string[] => tagger.tag(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
// A tagger of its own per text: nothing it remembers comes from an earlier text.
const tagger2 = (text: string): string[] => createNameTagger(model).tag(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
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
  it('reads three bare surnames as a firm only where people cannot stand', () => {
    expect(organisations('Aristóteles spent a year at Jones, Mitchell and Williams as the assistant')).toEqual(['Jones, Mitchell and Williams']);
    expect(organisations('Tomomi is from Hawkins, Richardson and Santana')).toEqual(['Hawkins, Richardson and Santana']);
    expect(organisations('>Esat Jeknić\n>Marshall, Hernandez and Simpson\n>3378 217 Lovers Lane')).toEqual(['Marshall, Hernandez and Simpson']);
    // People: after a colon, a verb or "with"; three first names; three towns; a text or first line of only the three.
    for (const text of ['Our founders: Eklund, Michael and Hodge.', 'I had dinner with Smith, Jones and Brown.', 'a gift from Anna, Ben and Carl', 'We flew from Leeds, Hull and York.', 'Hawkins, Richardson and Santana', 'Smith, Jones and Brown\nwill attend.']) {
      expect(organisations(text)).toEqual([]);
    }
    expect(tagged('I had dinner with Smith, Jones and Brown.')).toEqual(['PERSON:Smith', 'PERSON:Jones', 'PERSON:Brown']);
  });

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

  it('finds the ranges of each text anew when one tagger tags text after text', () => {
    // The ranges are remembered for the two drops of one text; a second text on the same sheet must not reuse them.
    expect(tagged('Our insurer, Gallagher Mutual Group, refused the claim from Tobias Renner.')).toEqual(['PERSON:Tobias Renner']);
    expect(tagged('Gallagher Mutual wrote to Tobias Renner and Ines Carvalho.')).toEqual(tagger2('Gallagher Mutual wrote to Tobias Renner and Ines Carvalho.'));
    expect(tagged('Please cc Ines Carvalho at Quintessa Bank on the loan papers.')).toEqual(['PERSON:Ines Carvalho']);
    expect(tagged('Please cc Ines Carvalho at Quintessa on the loan papers.')).toEqual(tagger2('Please cc Ines Carvalho at Quintessa on the loan papers.'));
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
