import { describe, expect, it } from 'vitest';
import { labelledNames } from './labelled-names.js';
import { loadTaggerModel } from './name-tagger.js';
import { TokenSheet } from './token-sheet.js';

const { lexicons } = loadTaggerModel();
const names = (text: string): string[] => {
  const sheet = new TokenSheet();
  sheet.read(text, lexicons);
  return labelledNames(text, sheet, []).map((f) => text.slice(f.start, f.end));
};

describe('name fields', () => {
  it('reads the value of a name field as a person', () => {
    expect(names('Date: 1978-04-13\nName: Toshimi Arata\nPhone: 0490 75 40 81')).toEqual(['Toshimi Arata']);
    expect(names('Full name: Ann B. Lee')).toEqual(['Ann B. Lee']);
    expect(names('patient name: maria rossi')).toEqual(['maria rossi']);
  });

  it('leaves other name fields, lower-case values and sentences alone', () => {
    expect(names('File name: Report Final')).toEqual([]);
    expect(names('Company name: Acme Inc')).toEqual([]);
    expect(names('Name: build-server-01')).toEqual([]);
    expect(names('Name: Ann Lee, head of sales')).toEqual([]);
    expect(names('The name: Kafka Streams')).toEqual([]);
  });
});
