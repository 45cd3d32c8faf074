import { describe, expect, it } from 'vitest';
import { LEX } from './lexicon-table.js';
import { unmarkNamedStreetWords } from './named-street-words.js';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';
import { TokenSheet } from './token-sheet.js';

const model = loadTaggerModel();
const tagger = createNameTagger(model);
const found = (text: string): string[] => tagger.tag(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('first names the lexicon took for street words', () => {
  it('takes the street bit off those names and keeps it on street words', () => {
    const text = 'William Joseph Lane Street';
    const sheet = new TokenSheet();
    sheet.read(text, model.lexicons);
    // The model's lexicon has the defect this module mends: "William" and "Joseph" carry the street bit.
    expect(sheet.lex[0]! & LEX.STREET_TYPE).not.toBe(0);
    expect(sheet.lex[1]! & LEX.STREET_TYPE).not.toBe(0);
    unmarkNamedStreetWords(sheet);
    const street = (k: number): boolean => (sheet.lex[k]! & LEX.STREET_TYPE) !== 0;
    expect([0, 1, 2, 3].map(street)).toEqual([false, false, true, true]); // "Lane" and "Street" stay street words
    expect(sheet.lex[0]! & LEX.FIRST_NAME).not.toBe(0); // only the street bit goes
  });

  it('keeps a recipient named like a French street out of the address after the comma', () => {
    expect(found('Send the signed lease to William Hughes, 84 Chestnut Drive, West Morarstone.')).toEqual(['PERSON:William Hughes', 'STREET_ADDRESS:84 Chestnut Drive, West Morarstone']);
    expect(found('Please deliver it to Joseph Meyer, 12 Oak Street, Springfield.')).toEqual(['PERSON:Joseph Meyer', 'STREET_ADDRESS:12 Oak Street, Springfield']);
    // A company before the comma is still only cut off, not made a person.
    expect(found('Send the signed lease to Corelogic, 84 Chestnut Drive, West Morarstone.')).toEqual(['STREET_ADDRESS:84 Chestnut Drive, West Morarstone']);
  });
});
