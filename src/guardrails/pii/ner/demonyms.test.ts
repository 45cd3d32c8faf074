import { describe, expect, it } from 'vitest';
import { createPiiDetector } from '../create-pii-detector.js';
import { LEX } from './lexicon-table.js';
import { defaultNameTagger, loadTaggerModel } from './name-tagger.js';
import { markDemonyms } from './demonyms.js';
import { TokenSheet } from './token-sheet.js';

const detector = createPiiDetector();
const shown = (text: string): string[] => detector.detect(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('nationalities beyond the model lexicon', () => {
  it('marks a nationality word and its plural, in any case, and nothing else', () => {
    const sheet = new TokenSheet();
    const text = 'We are proud Bolivians and mongolian Anna';
    const count = sheet.read(text, loadTaggerModel().lexicons);
    markDemonyms(sheet);
    const marked = Array.from({ length: count }, (_, t) => sheet.lex[t]! & LEX.DEMONYM ? text.slice(sheet.start[t]!, sheet.end[t]!) : null).filter(Boolean);
    expect(marked).toEqual(['Bolivians', 'mongolian']);
  });

  it('finds no person or place in a nationality the model lexicon lacks', () => {
    expect(defaultNameTagger()).not.toBeNull();
    // Before the list: PERSON "Bolivian", PERSON "Ugandans", PERSON "Lutheran".
    expect(shown('We are proud Bolivian people.')).toEqual([]);
    expect(shown('I am Ugandans but I live in Canada.')).toEqual(['LOCATION:Canada']);
    expect(shown('He was raised Lutheran in a small town.')).toEqual([]);
  });

  it('keeps persons and places that only look like one', () => {
    // "Jain" is a common surname and left off the list; "Cape" of "Cape Verdean" is not taken alone.
    expect(shown('Please forward this to Rahul Jain today.')).toEqual(['PERSON:Rahul Jain']);
    expect(shown('The launch is at Cape Canaveral Air Force Station tomorrow.')).toContain('STREET_ADDRESS:Cape Canaveral Air Force Station');
    expect(shown('We moved to Georgia last year.')).toEqual(['LOCATION:Georgia']);
  });
});
