import { describe, expect, it } from 'vitest';
import type { Finding } from '../entity-types.js';
import { coordinatedPlaces } from './coordinated-places.js';
import { loadTaggerModel } from './name-tagger.js';
import { TokenSheet } from './token-sheet.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

const { lexicons } = loadTaggerModel();

/** Runs the rule on `text` with findings given as [type, substring] pairs; returns what it adds. */
function added(text: string, given: [Finding['type'], string][]): string[] {
  const sheet = new TokenSheet();
  sheet.read(text, lexicons);
  const found = given.map(([type, value]) => ({ type, start: text.indexOf(value), end: text.indexOf(value) + value.length, score: 0.9 }));
  return coordinatedPlaces(text, sheet, found, 0.7).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
}

describe('the two ends of "between A and B" (coordinatedPlaces)', () => {
  it('makes the other end a place when one end is a found town', () => {
    expect(added('Flights between Menogeia and Perugia are cheap.', [['LOCATION', 'Perugia']])).toEqual(['LOCATION:Menogeia']);
    expect(added('Flights between Perugia and Menogeia are cheap.', [['LOCATION', 'Perugia']])).toEqual(['LOCATION:Menogeia']);
    expect(added("Flights between King William's Town and Perugia are cheap.", [['LOCATION', 'Perugia']])).toEqual(["LOCATION:King William's Town"]);
    expect(added('Between Menogeia and Perugia runs a road.', [['LOCATION', 'Perugia']])).toEqual(['LOCATION:Menogeia']);
  });

  it('adds nothing without "between", a found town, or a word that can name one', () => {
    const cases: [string, [Finding['type'], string][]][] = [
      ['I love Paris and Menogeia.', [['LOCATION', 'Paris']]], // no "between"
      ['between Jennifer and Perugia', [['LOCATION', 'Perugia']]], // a first name off the place lists
      ['between Support and Perugia', [['LOCATION', 'Perugia']]], // an everyday word
      ['between Islamists and Perugia', [['LOCATION', 'Perugia']]], // a plural: a people
      ['between Monday and Perugia', [['LOCATION', 'Perugia']]], // a calendar word
      ['between Python and Perugia', [['LOCATION', 'Perugia']]], // software
      ['between Menogeia and 12 Oak Street', [['STREET_ADDRESS', '12 Oak Street']]], // a street, not a town
      ['between Menogeia and Anna', [['PERSON', 'Anna']]], // a person
      ['between Menogeia and Perugia', [['LOCATION', 'Menogeia'], ['LOCATION', 'Perugia']]], // both found
      ['between NASA and Perugia', [['LOCATION', 'Perugia']]], // capitals off the place lists
      ['between Perugia and\nMenogeia', [['LOCATION', 'Perugia']]], // another line
    ];
    for (const [text, given] of cases) expect(added(text, given), text).toEqual([]);
  });

  it('stays linear on hostile input', () => {
    const text = 'between Menogeia and Perugia '.repeat(20_000);
    const sheet = new TokenSheet();
    sheet.read(text, lexicons);
    const found = [...text.matchAll(/Perugia/g)].map((m) => ({ type: 'LOCATION' as const, start: m.index, end: m.index + 7, score: 0.9 }));
    const started = cpuMs();
    expect(coordinatedPlaces(text, sheet, found, 0.7)).toHaveLength(20_000);
    expect(cpuMs() - started).toBeLessThan(1000);
  });
});
