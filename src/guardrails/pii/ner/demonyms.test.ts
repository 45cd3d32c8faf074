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

  it('takes faiths and peoples, and in the plural only the groups whose singular is a name', () => {
    const sheet = new TokenSheet();
    const text = 'Muslims, Scots and Christians met Brit and Scot';
    const count = sheet.read(text, loadTaggerModel().lexicons);
    markDemonyms(sheet);
    const marked = Array.from({ length: count }, (_, t) => sheet.lex[t]! & LEX.DEMONYM ? text.slice(sheet.start[t]!, sheet.end[t]!) : null).filter(Boolean);
    expect(marked).toEqual(['Muslims', 'Scots', 'Christians']);
  });

  it('finds no person or place in the people of a state or region (presidio-research NRP)', () => {
    // Before: PERSON "Texan" (0.61), LOCATION "Texan", PERSON "Texans", PERSON "Californian", PERSON "Bavarian".
    for (const text of ['A Texan recipe for chili', "I'm a Texan living abroad", 'Texans love football', 'Californian wines', 'A Bavarian pretzel recipe'])
      expect(shown(text), text).toEqual([]);
  });

  it('reads "Christian" as a person when a sign of one follows it, as the faith otherwise', () => {
    // Before: nothing in the first (the model lexicon's nationality bit dropped the one-word span).
    expect(shown("Christian said he'd call back")).toEqual(['PERSON:Christian']);
    expect(shown('Christian Bale films')).toEqual(['PERSON:Christian Bale']);
    for (const text of ['Is Christian rock still popular?', 'She is a devout Christian', 'Christian music, can you recommend some?']) expect(shown(text), text).toEqual([]);
  });

  it('finds no person or place in a group of people, a faith or a party', () => {
    // Before: PERSON "Scots", PERSON "Jews", PERSON "Buddhists", LOCATION "new Americans".
    expect(shown('The Scots and the Welsh both sent teams to the tournament.')).toEqual([]);
    expect(shown('Jews and Buddhists are both welcome here.')).toEqual([]);
    expect(shown("There's this nice new Americans place downtown.")).toEqual([]);
    // The singular of a plural-only group stays a name.
    expect(shown('Please ask Scot to call me back.')).toEqual(['PERSON:Scot']);
  });

  it('marks a nationality of two or three words only as a whole', () => {
    const sheet = new TokenSheet();
    const text = 'Costa Ricans, Saudi Arabian and Papua New Guinean friends from Costa Rica and New Guinea';
    const count = sheet.read(text, loadTaggerModel().lexicons);
    markDemonyms(sheet);
    const marked = Array.from({ length: count }, (_, t) => sheet.lex[t]! & LEX.DEMONYM ? text.slice(sheet.start[t]!, sheet.end[t]!) : null).filter(Boolean);
    expect(marked).toEqual(['Costa', 'Ricans', 'Saudi', 'Arabian', 'Papua', 'New', 'Guinean']);
  });

  it('finds no person, place or address in a nationality of several words', () => {
    // Before: PERSON "Sierra Leoneans", LOCATION "New Zealander", STREET_ADDRESS "1999 South African", "Cape Verdean".
    expect(shown('We are proud Sierra Leoneans.')).toEqual([]);
    expect(shown('I am New Zealander but I live in Belgium.')).toEqual(['LOCATION:Belgium']);
    expect(shown('Zoolander is a 1999 South African action-comedy film.')).toEqual([]);
    expect(shown('My wife is Cape Verdean.')).toEqual([]);
    expect(shown('We are proud East Timoreses.')).toEqual([]);
    // The countries stay places.
    expect(shown('I moved to South Africa last year.')).toEqual(['LOCATION:South Africa']);
    expect(shown('He flew to Saudi Arabia.')).toEqual(['LOCATION:Saudi Arabia']);
    expect(shown('Ship it to 12 Cape Road, Cape Town.')).toEqual(['STREET_ADDRESS:12 Cape Road, Cape Town']);
  });

  it('keeps persons and places that only look like one', () => {
    // "Jain" is a common surname and left off the list; "Cape" of "Cape Verdean" is not taken alone.
    expect(shown('Please forward this to Rahul Jain today.')).toEqual(['PERSON:Rahul Jain']);
    expect(shown('The launch is at Cape Canaveral Air Force Station tomorrow.')).toContain('STREET_ADDRESS:Cape Canaveral Air Force Station');
    expect(shown('We moved to Georgia last year.')).toEqual(['LOCATION:Georgia']);
  });
});
