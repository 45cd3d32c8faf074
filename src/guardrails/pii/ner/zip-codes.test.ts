import { describe, expect, it } from 'vitest';
import { createPiiDetector } from '../create-pii-detector.js';
import type { Finding } from '../entity-types.js';
import { splitZipCodes } from './zip-codes.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

const shown = (text: string, found: Finding[]): string[] => splitZipCodes(text, found).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
const at = (text: string, part: string, type: Finding['type']): Finding => ({ type, start: text.indexOf(part), end: text.indexOf(part) + part.length, score: 0.9 });

describe('zip codes after a town and region', () => {
  it('splits the zip code off a town and region code on one line', () => {
    const text = 'I live in Lafayette, LA 70501 with my two kids.';
    expect(shown(text, [at(text, 'Lafayette, LA 70501', 'STREET_ADDRESS')])).toEqual(['LOCATION:Lafayette, LA', 'POSTAL_CODE:70501']);
    const tails = 'Warehouse: Guarujá, SP 11444-660 and Kooigem, VWV 8510';
    expect(shown(tails, [at(tails, 'Guarujá, SP 11444-660', 'LOCATION'), at(tails, 'Kooigem, VWV 8510', 'LOCATION')])).toEqual([
      'LOCATION:Guarujá, SP', 'POSTAL_CODE:11444-660', 'LOCATION:Kooigem, VWV', 'POSTAL_CODE:8510',
    ]);
  });

  it('keeps the postal code of an address block, a street line, a country or a code glued to a word', () => {
    const block = '12 Oak Street\nLafayette, LA 70501';
    expect(shown(block, [at(block, block, 'STREET_ADDRESS')])).toEqual([`STREET_ADDRESS:${block}`]);
    const lineApart = '8687 W 6th Avenue, Apt. 518\nNew Teresa, NJ 21205-0653';
    expect(shown(lineApart, [at(lineApart, '8687 W 6th Avenue, Apt. 518', 'STREET_ADDRESS'), at(lineApart, 'New Teresa, NJ 21205-0653', 'LOCATION')])).toEqual([
      'STREET_ADDRESS:8687 W 6th Avenue, Apt. 518', 'LOCATION:New Teresa, NJ 21205-0653',
    ]);
    const street = 'Return to 640 N 7th Street, North Felicityfort, IA 93203 today';
    expect(shown(street, [at(street, '640 N 7th Street, North Felicityfort, IA 93203', 'STREET_ADDRESS')])).toEqual(['STREET_ADDRESS:640 N 7th Street, North Felicityfort, IA 93203']);
    const country = 'Mora de Rubielos, Spain 16200';
    expect(shown(country, [at(country, country, 'LOCATION')])).toEqual([`LOCATION:${country}`]);
    const usa = 'Albany, USA 12207';
    expect(shown(usa, [at(usa, usa, 'LOCATION')])).toEqual([`LOCATION:${usa}`]);
    const noComma = 'Albany NY 12207';
    expect(shown(noComma, [at(noComma, noComma, 'LOCATION')])).toEqual([`LOCATION:${noComma}`]);
    const glued = 'Albany, NY A12207';
    expect(shown(glued, [at(glued, glued, 'LOCATION')])).toEqual([`LOCATION:${glued}`]);
    const person = 'Lee, NY 12207';
    expect(shown(person, [at(person, person, 'PERSON')])).toEqual([`PERSON:${person}`]);
  });

  it('joins the region code and splits the zip code off when the town was found without them', () => {
    const text = 'I live in Lafayette, LA 70501 with my two kids, and Guarujá, SP 11444-660 too.';
    expect(shown(text, [at(text, 'Lafayette', 'LOCATION'), at(text, 'Guarujá', 'LOCATION')])).toEqual([
      'LOCATION:Lafayette, LA', 'POSTAL_CODE:70501', 'LOCATION:Guarujá, SP', 'POSTAL_CODE:11444-660',
    ]);
    const cases: [string, string][] = [
      ['Lafayette, LA 70501abc', 'Lafayette'], // a code glued to a word
      ['Lafayette, LA 1234567', 'Lafayette'], // seven digits: no zip code
      ['Albany, USA 12207', 'Albany'], // a country keeps its code (the address's last part)
      ['Lafayette,\nLA 70501', 'Lafayette'], // a line break before the region
      ['Lafayette, la 70501', 'Lafayette'], // lower case
    ];
    for (const [t, part] of cases) expect(shown(t, [at(t, part, 'LOCATION')]), t).toEqual([`LOCATION:${part}`]);
    const street = '12 Oak Street, LA 70501';
    expect(shown(street, [at(street, '12 Oak Street', 'STREET_ADDRESS')])).toEqual(['STREET_ADDRESS:12 Oak Street']);
    const next = 'Lafayette, LA 70501';
    expect(shown(next, [at(next, 'Lafayette', 'LOCATION'), at(next, 'LA 70501', 'PHONE')])).toEqual(['LOCATION:Lafayette', 'PHONE:LA 70501']);
  });

  it('reports the zip code as a POSTAL_CODE finding through the detector', () => {
    const text = 'I moved to Springfield, IL 62704 last year.';
    const found = createPiiDetector().detect(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
    expect(found).toEqual(['LOCATION:Springfield, IL', 'POSTAL_CODE:62704']);
    const cut = 'I live in Lafayette, LA 70501 with my two kids.'; // the tagger finds "Lafayette" alone
    expect(createPiiDetector().detect(cut).map((f) => `${f.type}:${cut.slice(f.start, f.end)}`)).toEqual(['LOCATION:Lafayette, LA', 'POSTAL_CODE:70501']);
  });

  it('stays linear on hostile input', () => {
    const text = `A,${' '.repeat(400_000)}${'B'.repeat(400_000)}${' '.repeat(400_000)}12345`;
    const started = cpuMs();
    splitZipCodes(text, [{ type: 'LOCATION', start: 0, end: text.length, score: 0.9 }]);
    const many = Array.from({ length: 100_000 }, (_, i) => ({ type: 'LOCATION' as const, start: i * 8, end: i * 8 + 7, score: 0.9 }));
    splitZipCodes('Ab, CD 1'.repeat(100_000), many);
    expect(cpuMs() - started).toBeLessThan(500);
  });
});
