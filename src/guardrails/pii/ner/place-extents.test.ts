import { describe, expect, it } from 'vitest';
import type { Finding } from '../entity-types.js';
import { basedPlaces, splitBasedWords } from './based-places.js';
import { commaPlaces } from './comma-places.js';
import { loadTaggerModel } from './name-tagger.js';
import { saintPlaces } from './saint-places.js';
import { TokenSheet } from './token-sheet.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

const { lexicons } = loadTaggerModel();

/** Runs a rule on `text` with findings given as [type, substring] pairs (first occurrence of each). */
function run(rule: (text: string, sheet: TokenSheet, found: Finding[]) => Finding[], text: string, given: [Finding['type'], string][]): string[] {
  const sheet = new TokenSheet();
  sheet.read(text, lexicons);
  const found = given.map(([type, value]) => ({ type, start: text.indexOf(value), end: text.indexOf(value) + value.length, score: 0.9 }));
  return rule(text, sheet, found)
    .sort((a, b) => a.start - b.start)
    .map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
}

describe('a region or country after a town and a comma (commaPlaces)', () => {
  const comma = (text: string, given: [Finding['type'], string][]): string[] => run(commaPlaces, text, given);

  it('takes the region into the place when it ends the clause, or a place found there', () => {
    expect(comma('Deliveries to Perametsa, Võrumaa.', [['LOCATION', 'Perametsa']])).toEqual(['LOCATION:Perametsa, Võrumaa']);
    expect(comma('He lives in Springfield, Illinois now.', [['LOCATION', 'Springfield']])).toEqual(['LOCATION:Springfield, Illinois']);
    expect(comma('to København K, Region Sjælland keep failing', [['LOCATION', 'København K'], ['LOCATION', 'Sjælland']])).toEqual(['LOCATION:København K, Region Sjælland']);
    expect(comma('Isaac Norton (SAINT-BRIEUC, BR) won.', [['PERSON', 'Isaac Norton'], ['LOCATION', 'SAINT-BRIEUC']])).toEqual(['PERSON:Isaac Norton', 'LOCATION:SAINT-BRIEUC, BR']);
  });

  it('leaves a fronted subject, a list, a person, an everyday word, an acronym and street addresses alone', () => {
    expect(comma('Celebrating its 10th year in Tobel, Transunion is a charity.', [['LOCATION', 'Tobel']])).toEqual(['LOCATION:Tobel']);
    expect(comma('Tomomi is from Hawkins, Richardson and Santana', [['LOCATION', 'Hawkins']])).toEqual(['LOCATION:Hawkins']);
    expect(comma('I met him in Rome, Giulia told me.', [['LOCATION', 'Rome']])).toEqual(['LOCATION:Rome']);
    expect(comma('Greetings from Paris, Thanks.', [['LOCATION', 'Paris']])).toEqual(['LOCATION:Paris']);
    expect(comma('We met in Oslo, NATO said so.', [['LOCATION', 'Oslo']])).toEqual(['LOCATION:Oslo']);
    expect(comma('We met in Latsia, Nicosia said.', [['LOCATION', 'Latsia'], ['PERSON', 'Nicosia']])).toEqual(['LOCATION:Latsia', 'PERSON:Nicosia']);
    expect(comma('Send it to 12 Baker Street, Westfield.', [['STREET_ADDRESS', '12 Baker Street']])).toEqual(['STREET_ADDRESS:12 Baker Street']);
  });

  it('stays linear on hostile input', () => {
    const text = 'in Oslo, Aaaa'.repeat(50_000);
    const sheet = new TokenSheet();
    sheet.read(text, lexicons);
    const found: Finding[] = [];
    for (let i = text.indexOf('Oslo'); i >= 0; i = text.indexOf('Oslo', i + 1)) found.push({ type: 'LOCATION', start: i, end: i + 4, score: 0.9 });
    const started = cpuMs();
    commaPlaces(text, sheet, found);
    expect(cpuMs() - started).toBeLessThan(1000);
  });
});

describe('places named after a saint (saintPlaces)', () => {
  const saint = (text: string, given: [Finding['type'], string][]): string[] => run(saintPlaces, text, given);

  it('reads a person or place right after St, Saint, Ste or Sankt as a place that starts at the prefix', () => {
    expect(saint('Weather in St Felicien today', [['PERSON', 'Felicien']])).toEqual(['LOCATION:St Felicien']);
    expect(saint('I grew up in St. Georges.', [['PERSON', 'Georges']])).toEqual(['LOCATION:St. Georges']);
    expect(saint('Our office in Sankt Gallen', [['LOCATION', 'Gallen']])).toEqual(['LOCATION:Sankt Gallen']);
  });

  it('leaves a street abbreviation before a name, and names without the prefix, alone', () => {
    expect(saint('Meet at Main St. Anna will wait.', [['PERSON', 'Anna']])).toEqual(['PERSON:Anna']);
    expect(saint('Ask Felicien about it', [['PERSON', 'Felicien']])).toEqual(['PERSON:Felicien']);
  });
});

describe('towns before "-based" (basedPlaces)', () => {
  const based = (text: string, given: [Finding['type'], string][] = []): string[] => run((t, sheet, found) => [...found, ...basedPlaces(t, sheet, found, 0.8)], text, given);

  it('finds a town the tokeniser keeps inside an "X-based" word', () => {
    expect(based('A Vils-based company hired her.')).toEqual(['LOCATION:Vils']);
    expect(based('A København K-based team.')).toEqual(['LOCATION:København K']);
  });

  it('leaves software, everyday words, acronyms and what was found already alone', () => {
    for (const text of ['A Python-based tool.', 'A Web-based form.', 'A GPU-based node.', 'lower-based']) expect(based(text), text).toEqual([]);
    expect(based('A Vils-based firm.', [['LOCATION', 'Vils-based']])).toEqual(['LOCATION:Vils-based']);
  });
});

describe('findings cut at an "X-based" word (splitBasedWords)', () => {
  const split = (text: string, given: [Finding['type'], string][]): string[] => run(splitBasedWords, text, given);

  it('makes the head a place and leaves what follows the finding its own', () => {
    expect(split('PONTOISE-based Donat Lespérance joined us.', [['PERSON', 'PONTOISE-based Donat Lespérance']])).toEqual(['LOCATION:PONTOISE', 'PERSON:Donat Lespérance']);
    expect(split('Menogeia-based Rive Lépicier joined us.', [['STREET_ADDRESS', 'Menogeia-based Rive Lépicier']])).toEqual(['LOCATION:Menogeia', 'STREET_ADDRESS:Rive Lépicier']);
    expect(split('A Duruelo de la Sierra-based firm.', [['STREET_ADDRESS', 'Duruelo de la Sierra-based']])).toEqual(['LOCATION:Duruelo de la Sierra']);
    expect(split('A København K-based team.', [['LOCATION', 'København K-based']])).toEqual(['LOCATION:København K']);
  });

  it('makes no place of software or everyday words, and leaves findings without the suffix alone', () => {
    expect(split('a Linux-based server', [['LOCATION', 'Linux-based']])).toEqual([]);
    expect(split('Linux-based Anna Smith', [['PERSON', 'Linux-based Anna Smith']])).toEqual(['PERSON:Anna Smith']);
    expect(split('Anna Smith Python-based tools', [['PERSON', 'Anna Smith Python-based']])).toEqual(['PERSON:Anna Smith']);
    expect(split('Anna Smith, based in Oslo', [['PERSON', 'Anna Smith'], ['LOCATION', 'Oslo']])).toEqual(['PERSON:Anna Smith', 'LOCATION:Oslo']);
    expect(split('A Vils-based firm hired Ann Lee.', [['PERSON', 'Ann Lee']])).toEqual(['PERSON:Ann Lee']);
  });

  it('stays linear on hostile input', () => {
    const text = 'Vils-based Ann '.repeat(20_000);
    const started = cpuMs();
    run(splitBasedWords, text, [['PERSON', text.trim()]]);
    expect(cpuMs() - started).toBeLessThan(1000); // quadratic would take minutes; the machine is shared
  });
});
