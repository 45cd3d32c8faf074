import { describe, expect, it } from 'vitest';
import { createPiiDetector } from '../create-pii-detector.js';
import type { Finding } from '../entity-types.js';
import { joinRegionCodes } from './region-codes.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

const shown = (text: string, found: Finding[]): string[] => joinRegionCodes(text, found).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
const at = (text: string, part: string, type: Finding['type'] = 'LOCATION'): Finding => ({ type, start: text.indexOf(part), end: text.indexOf(part) + part.length, score: 0.9 });

describe('region codes after a town', () => {
  it('joins a state code after a comma and a region code in brackets to the town', () => {
    const text = 'We drove from Dayton, OH to Perth, WA and on to Hoensbroek (LI).';
    expect(shown(text, [at(text, 'Dayton'), at(text, 'Perth'), at(text, 'Hoensbroek')])).toEqual([
      'LOCATION:Dayton, OH', 'LOCATION:Perth, WA', 'LOCATION:Hoensbroek (LI)',
    ]);
    const end = 'Our office is in Lafayette, LA';
    expect(shown(end, [at(end, 'Lafayette')])).toEqual(['LOCATION:Lafayette, LA']);
  });

  it('leaves replies, unknown codes, acronyms, streets, persons, shouting and the next finding alone', () => {
    const cases: [string, string, Finding['type']?][] = [
      ["I'm in Paris, OK?", 'Paris'], // a reply, not Oklahoma
      ['I met them in Rome, FYI.', 'Rome'], // no state code
      ['Toodsi, VR is small', 'Toodsi'], // a region code off the list needs its zip code (splitZipCodes)
      ['Tulsa, OKC', 'Tulsa'], // no state code
      ['the Electoral Commission of Kenya (ECK) said', 'Kenya'], // an acronym of the words before
      ['12 Oak Street, MA', '12 Oak Street', 'STREET_ADDRESS'], // a street line is left as found
      ['Jordan, MD is here', 'Jordan', 'PERSON'],
      ['BOSTON, MA IS GREAT', 'BOSTON'], // shouting
      ['Kent (uk) office', 'Kent'], // lower case
      ['Boston,MA', 'Boston'], // no space after the comma
    ];
    for (const [text, part, type] of cases) expect(shown(text, [at(text, part, type)]), text).toEqual([`${type ?? 'LOCATION'}:${part}`]);
    const next = 'Boston, MA';
    expect(shown(next, [at(next, 'Boston'), { type: 'PERSON', start: 8, end: 10, score: 0.9 }])).toEqual(['LOCATION:Boston', 'PERSON:MA']);
  });

  it('reports the whole place through the detector', () => {
    const text = 'I live in Boston, MA with my wife.';
    expect(createPiiDetector().detect(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`)).toEqual(['LOCATION:Boston, MA']);
  });

  it('stays linear on hostile input', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ type: 'LOCATION' as const, start: i * 12, end: i * 12 + 6, score: 0.9 }));
    const started = cpuMs();
    joinRegionCodes('Boston, MA. '.repeat(20_000), many);
    joinRegionCodes(`${'B'.repeat(200_000)} (${'C'.repeat(200_000)}`, [{ type: 'LOCATION', start: 0, end: 200_000, score: 0.9 }]);
    expect(cpuMs() - started).toBeLessThan(200);
  });
});
