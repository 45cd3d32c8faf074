import { describe, expect, it } from 'vitest';
import { createPiiDetector } from '../create-pii-detector.js';
import type { Finding } from '../entity-types.js';
import { loadTaggerModel } from './name-tagger.js';
import { isMajorPlace } from './major-places.js';
import { LEX } from './lexicon-table.js';
import { dropEmployers, dropPredicateOrganisations } from './organisation-predicates.js';
import { TokenSheet } from './token-sheet.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

const { lexicons } = loadTaggerModel();

/** The findings (given as [type, substring] pairs) the rule keeps. */
function kept(text: string, given: [Finding['type'], string][]): string[] {
  const sheet = new TokenSheet();
  sheet.read(text, lexicons);
  const found = given.map(([type, value]) => ({ type, start: text.indexOf(value), end: text.indexOf(value) + value.length, score: 0.9 }));
  return dropPredicateOrganisations(text, sheet, found).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
}

describe('a sentence saying its subject is a business (dropPredicateOrganisations)', () => {
  it('drops the person or place that opens it, and every partner of a firm named as a list', () => {
    expect(kept('Telenav is a design agency based in Kulusuk.', [['PERSON', 'Telenav'], ['LOCATION', 'Kulusuk']])).toEqual(['LOCATION:Kulusuk']);
    expect(kept('Lopez, Santos and Coleman is a law firm.', [['PERSON', 'Lopez'], ['PERSON', 'Santos'], ['PERSON', 'Coleman']])).toEqual([]);
    expect(kept('We met. Quintessa was an insurance company that failed.', [['LOCATION', 'Quintessa']])).toEqual([]);
  });

  it('keeps persons described by their work, subjects not opening a sentence, and other sentences', () => {
    const cases: [string, [Finding['type'], string][]][] = [
      ['Ann is a bank manager in Oslo.', [['PERSON', 'Ann']]], // the noun qualifies another noun
      ['Anna Smith is a company director.', [['PERSON', 'Anna Smith']]],
      ['Maria is a nurse.', [['PERSON', 'Maria']]],
      ['I think Telenav is a design agency.', [['PERSON', 'Telenav']]], // not the sentence's first word
      ['Ann, my sister, is a bank.', [['PERSON', 'Ann']]], // not a list of names before the verb
      ['Ann is the company.', [['PERSON', 'Ann']]], // "the": a role, not a kind
    ];
    for (const [text, given] of cases) expect(kept(text, given), text).toEqual(given.map(([type, v]) => `${type}:${v}`));
  });

  it('works through the detector', () => {
    const text = 'Telenav is a design agency based in Kulusuk.';
    expect(createPiiDetector().detect(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`)).toEqual(['LOCATION:Kulusuk']);
  });

  it('stays linear on hostile input', () => {
    const text = 'Ann, '.repeat(20_000) + 'Bob is a firm.';
    const given = [...text.matchAll(/Ann|Bob/g)].map((m) => ({ type: 'PERSON' as const, start: m.index, end: m.index + 3, score: 0.9 }));
    const sheet = new TokenSheet();
    sheet.read(text, lexicons);
    const started = cpuMs();
    dropPredicateOrganisations(text, sheet, given);
    expect(cpuMs() - started).toBeLessThan(1000);
  });
});

describe('the employer after a job title and "at" (dropEmployers)', () => {
  /** The findings (given as [type, substring] pairs) the rule keeps, towns known as the detector knows them. */
  function employersKept(text: string, given: [Finding['type'], string][]): string[] {
    const sheet = new TokenSheet();
    sheet.read(text, lexicons);
    const found = given.map(([type, value]) => ({ type, start: text.indexOf(value), end: text.indexOf(value) + value.length, score: 0.9 }));
    const isTown = (k: number): boolean => (sheet.lex[k]! & (LEX.CITY | LEX.REGION)) !== 0 || isMajorPlace(sheet.word[k]!);
    return dropEmployers(text, sheet, found, isTown).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
  }

  it('drops the person or place a job title works at', () => {
    expect(employersKept('Jana Pátková, Global Quality Technician at Caspio, will speak.', [['PERSON', 'Jana Pátková'], ['LOCATION', 'Caspio']])).toEqual(['PERSON:Jana Pátková']);
    expect(employersKept('She is a software engineer at Zillow.', [['PERSON', 'Zillow']])).toEqual([]);
  });

  it('keeps towns, possessives, other words before "at", and "At" opening a sentence', () => {
    const cases: [string, [Finding['type'], string][]][] = [
      ['Our analyst at Boston called.', [['LOCATION', 'Boston']]], // a town: the office is there
      ["I met the manager at Anna's party.", [['PERSON', 'Anna']]], // a person's place, not an employer
      ['I met Ann at Gersloot.', [['LOCATION', 'Gersloot']]], // no job title before "at"
      ['Ask the manager. At Telenav we agree.', [['PERSON', 'Telenav']]],
    ];
    for (const [text, given] of cases) expect(employersKept(text, given), text).toEqual(given.map(([type, v]) => `${type}:${v}`));
  });

  it('works through the detector', () => {
    const text = 'The interview with Jana Pátková, Global Quality Technician at Caspio, will air on Sunday.';
    expect(createPiiDetector().detect(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`)).toEqual(['PERSON:Jana Pátková']);
  });
});
