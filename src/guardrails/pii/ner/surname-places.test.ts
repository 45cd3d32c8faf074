import { describe, expect, it } from 'vitest';
import type { Finding } from '../entity-types.js';
import { loadTaggerModel } from './name-tagger.js';
import { surnamePlaces } from './surname-places.js';
import { TokenSheet } from './token-sheet.js';

const { lexicons } = loadTaggerModel();
const typed = (text: string, place: string): string => {
  const sheet = new TokenSheet();
  sheet.read(text, lexicons);
  const start = text.indexOf(place);
  const found: Finding[] = [{ type: 'LOCATION', start, end: start + place.length, score: 0.9 }];
  return surnamePlaces(text, sheet, found)[0]!.type;
};

describe('places named like a first name and a surname', () => {
  it('reads two or three capitalised words ending in a surname ending as a person', () => {
    expect(typed('The name in the account is wrong, please change it to Bekbolat Musliyevich', 'Bekbolat Musliyevich')).toBe('PERSON');
    expect(typed('The flat belongs to Dilnaza Toktarova now.', 'Dilnaza Toktarova')).toBe('PERSON');
    expect(typed('A letter came for Ioana Petrescu today.', 'Ioana Petrescu')).toBe('PERSON');
  });

  it('leaves one word, a short word, a town on the lists and a line in capitals as places', () => {
    expect(typed('We moved to Terekhova last year.', 'Terekhova')).toBe('LOCATION');
    expect(typed('We stayed in Vila Nova for a week.', 'Vila Nova')).toBe('LOCATION');
    expect(typed('We flew to Berlin Musliyevich.', 'Berlin Musliyevich')).toBe('LOCATION');
    expect(typed('SHIP TO BEKBOLAT MUSLIYEVICH', 'BEKBOLAT MUSLIYEVICH')).toBe('LOCATION');
  });
});
