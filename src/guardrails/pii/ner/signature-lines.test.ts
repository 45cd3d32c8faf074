import { describe, expect, it } from 'vitest';
import type { Finding } from '../entity-types.js';
import { loadTaggerModel } from './name-tagger.js';
import { companyLines } from './signature-lines.js';
import { TokenSheet } from './token-sheet.js';

const model = loadTaggerModel();
const at = (text: string, part: string, type: Finding['type'] = 'PERSON'): Finding => ({ type, start: text.indexOf(part), end: text.indexOf(part) + part.length, score: 0.9 });
const kept = (text: string, found: Finding[]): string[] => {
  const sheet = new TokenSheet();
  sheet.read(text, model.lexicons);
  return companyLines(text, sheet, found).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
};

describe('the company line under a signature name', () => {
  it('drops a person on the line under a name when none of its words is a known name', () => {
    const text = 'Zizi Kónya\nEnigmaio\n5850 Jana Nerudy 894';
    expect(kept(text, [at(text, 'Zizi Kónya'), at(text, 'Enigmaio'), at(text, '5850 Jana Nerudy 894', 'STREET_ADDRESS')])).toEqual(['PERSON:Zizi Kónya', 'STREET_ADDRESS:5850 Jana Nerudy 894']);
    const quoted = '> emidio p lombardo\n> garcia-smith\n> unit 1009 box 0219';
    expect(kept(quoted, [at(quoted, 'emidio p lombardo'), at(quoted, 'garcia-smith')])).toEqual(['PERSON:emidio p lombardo']);
  });

  it('keeps a list of people, a name after a blank line or beside other words, and other types', () => {
    const list = 'Ann Lee\nBob Stone';
    expect(kept(list, [at(list, 'Ann Lee'), at(list, 'Bob Stone')])).toEqual(['PERSON:Ann Lee', 'PERSON:Bob Stone']);
    const blank = 'Zizi Kónya\n\nEnigmaio';
    expect(kept(blank, [at(blank, 'Zizi Kónya'), at(blank, 'Enigmaio')])).toEqual(['PERSON:Zizi Kónya', 'PERSON:Enigmaio']);
    const sentence = 'Zizi Kónya\nEnigmaio wrote back';
    expect(kept(sentence, [at(sentence, 'Zizi Kónya'), at(sentence, 'Enigmaio')])).toEqual(['PERSON:Zizi Kónya', 'PERSON:Enigmaio']);
    const place = 'Zizi Kónya\nEnigmaio';
    expect(kept(place, [at(place, 'Zizi Kónya'), at(place, 'Enigmaio', 'LOCATION')])).toEqual(['PERSON:Zizi Kónya', 'LOCATION:Enigmaio']);
  });
});
