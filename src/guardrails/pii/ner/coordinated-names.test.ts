import { describe, expect, it } from 'vitest';
import type { Finding } from '../entity-types.js';
import { coordinatedNames, firstNamePlaces, joinNameParts, retypePersonMentions, routePlaces, speakerNames, travelPlaces, travelTargets } from './coordinated-names.js';
import { isMajorPlace } from './major-places.js';
import { loadTaggerModel } from './name-tagger.js';
import { TokenSheet } from './token-sheet.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

const { lexicons } = loadTaggerModel();

/** Runs a rule on `text` with findings given as [type, substring] pairs (first occurrence of each). */
function run(rule: (sheet: TokenSheet, found: Finding[]) => Finding[], text: string, given: [Finding['type'], string][]): string[] {
  const sheet = new TokenSheet();
  sheet.read(text, lexicons);
  const found = given.map(([type, value]) => ({ type, start: text.indexOf(value), end: text.indexOf(value) + value.length, score: 0.9 }));
  return rule(sheet, found)
    .sort((a, b) => a.start - b.start)
    .map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
}

describe('coordinated names', () => {
  it('finds the place after a verb of travel or dwelling and its preposition when nothing was found there', () => {
    const targets = (text: string, given: [Finding['type'], string][] = []): string[] => run((sheet, found) => [...found, ...travelTargets(text, sheet, found, 0.7)], text, given);
    expect(targets('I am flying to Gersloot tomorrow.')).toEqual(['LOCATION:Gersloot']);
    expect(targets('She grew up in Cite Mongi Slim, I think.')).toEqual(['LOCATION:Cite Mongi Slim']);
    expect(targets('We are moving to San Gregorio de Polanco in May.')).toEqual(['LOCATION:San Gregorio de Polanco']);
    // Not an everyday word, software with its version, a possessive, another verb, or what was found already.
    for (const text of ['I live in Fear of spiders.', 'We moved to Python 3 last year.', "They moved to Anna's flat.", 'I talked to Gersloot yesterday.']) expect(targets(text), text).toEqual([]);
    expect(targets('I moved to Oslo Centre.', [['LOCATION', 'Oslo']])).toEqual(['LOCATION:Oslo']);
  });

  it('finds the place a departure heads for, and the town after a street address and "in"', () => {
    const targets = (text: string, given: [Finding['type'], string][] = []): string[] => run((sheet, found) => [...found, ...travelTargets(text, sheet, found, 0.7)], text, given);
    expect(targets('What time does the last train leave for Kooigem on Sundays?')).toEqual(['LOCATION:Kooigem']);
    expect(targets('The ship is bound for Assen.')).toEqual(['LOCATION:Assen']);
    // Things are left for people, and a person is not a departure.
    for (const text of ['I left the keys for Gersloot.', 'Thanks for Gersloot, really.']) expect(targets(text), text).toEqual([]);
    expect(targets('The new clinic on Toppen 81 in BODØ opens in May.', [['STREET_ADDRESS', 'Toppen 81']])).toEqual(['STREET_ADDRESS:Toppen 81', 'LOCATION:BODØ']);
    expect(targets('Our office at 12 Oak Street in Springfield is closed.', [['STREET_ADDRESS', '12 Oak Street']])).toEqual(['STREET_ADDRESS:12 Oak Street', 'LOCATION:Springfield']);
    // Not a month, an acronym, or "in" after something that is no address.
    for (const [text, street] of [['The office at 12 Oak Street in March was closed.', '12 Oak Street'], ['The lease for 4 Elm Road in PDF form.', '4 Elm Road']] as const) {
      expect(targets(text, [['STREET_ADDRESS', street]]), text).toEqual([`STREET_ADDRESS:${street}`]);
    }
    expect(targets('We ate Kooigem in Springfield.')).toEqual([]);
  });

  it('finds the place after words only a place follows: hometown, outside, near, the town of, residents of, a home-town label', () => {
    const targets = (text: string, given: [Finding['type'], string][] = []): string[] => run((sheet, found) => [...found, ...travelTargets(text, sheet, found, 0.7)], text, given);
    expect(targets('My hometown Himmiste has a lake.')).toEqual(['LOCATION:Himmiste']);
    expect(targets('They live just outside Traversara.')).toEqual(['LOCATION:Traversara']);
    expect(targets('a cabin near Žabnica')).toEqual(['LOCATION:Žabnica']);
    expect(targets('He was born in the village of Smiljan.')).toEqual(['LOCATION:Smiljan']);
    expect(targets('Home town: Mustoja')).toEqual(['LOCATION:Mustoja']);
    expect(targets('Residents of Lääne-Virumaa voted against the plan.')).toEqual(['LOCATION:Lääne-Virumaa']);
    expect(targets('Citizens of Mustoja complained.')).toEqual(['LOCATION:Mustoja']);
    // Not "Near Eastern studies", not the city of a person, not a label inside a line.
    for (const text of ['research for Near Eastern studies', 'the beloved city of Isaac Bashevis Singer', 'Our town: Mustoja']) expect(targets(text), text).toEqual([]);
    const travel = (text: string, given: [Finding['type'], string][]): string[] => run((sheet, found) => travelPlaces(text, sheet, found), text, given);
    expect(travel('They live just outside Mustoja.', [['PERSON', 'Mustoja']])).toEqual(['LOCATION:Mustoja']);
    // People are sat near too: "near" only adds a place where nothing was found.
    expect(travel('I sat near Anna.', [['PERSON', 'Anna']])).toEqual(['PERSON:Anna']);
  });

  it('reads where someone comes from as a place: "originally from", "hails from", "home city"', () => {
    const travel = (text: string, given: [Finding['type'], string][]): string[] => run((sheet, found) => travelPlaces(text, sheet, found), text, given);
    expect(travel("I'm Bojka, originally from Dolores, and I'm 64.", [['PERSON', 'Bojka'], ['PERSON', 'Dolores']])).toEqual(['PERSON:Bojka', 'LOCATION:Dolores']);
    expect(travel('She hails from Victoria.', [['PERSON', 'Victoria']])).toEqual(['LOCATION:Victoria']);
    expect(travel('the economy of their home city Messina: steel', [['PERSON', 'Messina']])).toEqual(['LOCATION:Messina']);
    // Not a file from a person, not a city of someone, not "from" after another word.
    expect(travel("The file was originally from Anna's laptop.", [['PERSON', 'Anna']])).toEqual(['PERSON:Anna']);
    expect(travel('A letter from Dolores arrived.', [['PERSON', 'Dolores']])).toEqual(['PERSON:Dolores']);
    expect(travel('the city Messina loved', [['PERSON', 'Messina']])).toEqual(['PERSON:Messina']);
    const targets = (text: string): string[] => run((sheet, found) => [...found, ...travelTargets(text, sheet, found, 0.7)], text, []);
    expect(targets('My home city Gersloot has a lake.')).toEqual(['LOCATION:Gersloot']);
  });

  it('adds the place after "visiting" or "visited" where nothing was found, and retypes no one visited', () => {
    const targets = (text: string, given: [Finding['type'], string][] = []): string[] => run((sheet, found) => [...found, ...travelTargets(text, sheet, found, 0.7)], text, given);
    expect(targets('Pavia is visiting Menogeia next week.', [['PERSON', 'Pavia']])).toEqual(['PERSON:Pavia', 'LOCATION:Menogeia']);
    expect(targets('She visited PAU last summer.')).toEqual(['LOCATION:PAU']);
    for (const text of ['Visiting Hours are 9-5.', "I'm visiting Google's campus.", 'We are visiting Fear itself.', 'visiting Jira daily']) expect(targets(text), text).toEqual([]);
    const travel = (text: string, given: [Finding['type'], string][]): string[] => run((sheet, found) => travelPlaces(text, sheet, found), text, given);
    expect(travel('We are visiting Anna tomorrow.', [['PERSON', 'Anna']])).toEqual(['PERSON:Anna']);
  });

  it('reads what comes "from all over" as a place, and nothing else after "all over"', () => {
    const travel = (text: string, given: [Finding['type'], string][]): string[] => run((sheet, found) => travelPlaces(text, sheet, found), text, given);
    expect(travel('The festival drew visitors from all over Tobel.', [['PERSON', 'Tobel']])).toEqual(['LOCATION:Tobel']);
    expect(travel('He spilled coffee all over Jenny.', [['PERSON', 'Jenny']])).toEqual(['PERSON:Jenny']);
    const targets = (text: string): string[] => run((sheet, found) => [...found, ...travelTargets(text, sheet, found, 0.7)], text, []);
    expect(targets('Fans came from all over Noorderwijk.')).toEqual(['LOCATION:Noorderwijk']);
    expect(targets('Paint was all over Mazée.')).toEqual([]);
  });

  it('finds travel targets in linear time', () => {
    const unit = 'we flew to Gersloot and ';
    const text = unit.repeat(40_000);
    const sheet = new TokenSheet();
    sheet.read(text, lexicons);
    const found: Finding[] = Array.from({ length: 20_000 }, (_, k) => ({ type: 'PERSON' as const, start: 2 * k * unit.length + 11, end: 2 * k * unit.length + 19, score: 0.9 }));
    const started = cpuMs();
    const out = travelTargets(text, sheet, found, 0.7);
    expect(cpuMs() - started).toBeLessThan(1000);
    expect(out.length).toBe(20_000);
  });

  it('reads a person-like name right after a verb of travel or dwelling and its preposition as a town', () => {
    const travel = (text: string, given: [Finding['type'], string][]): string[] => run((sheet, found) => travelPlaces(text, sheet, found), text, given);
    expect(travel('I am flying to Victoria tomorrow.', [['PERSON', 'Victoria']])).toEqual(['LOCATION:Victoria']);
    expect(travel('She grew up in Richmond, I think.', [['PERSON', 'Richmond']])).toEqual(['LOCATION:Richmond']);
    // Not after another verb, not a possessive, not with a word between verb and preposition.
    expect(travel('I talked to Victoria yesterday.', [['PERSON', 'Victoria']])).toEqual(['PERSON:Victoria']);
    expect(travel("We drove to Anna's place.", [['PERSON', 'Anna']])).toEqual(['PERSON:Anna']);
    expect(travel('I moved in with Anna.', [['PERSON', 'Anna']])).toEqual(['PERSON:Anna']);
  });

  it('makes the other speakers of a dialogue with a found speaker persons', () => {
    const dialogue = 'Leverett: What a wife.\nDanielle: Remember me?\nJonathan: You saved my life!';
    expect(run(speakerNames, dialogue, [['PERSON', 'Danielle'], ['PERSON', 'Jonathan']])).toEqual(['PERSON:Leverett', 'PERSON:Danielle', 'PERSON:Jonathan']);
    // Not label lines, not without a found speaker, not a word found as something else.
    const mail = 'Subject: renewal\nDanielle: please sign\nNote: by Friday\nPhone: 555 0100';
    expect(run(speakerNames, mail, [['PERSON', 'Danielle']])).toEqual(['PERSON:Danielle']);
    expect(run(speakerNames, 'Leverett: What a wife.\nDanielle: Remember me?', [])).toEqual([]);
    expect(run(speakerNames, 'Leverett: What a wife.\nDanielle: Remember me? Ask Danielle.', [['PERSON', 'Ask Danielle']])).toEqual(['PERSON:Ask Danielle']);
    expect(run(speakerNames, 'Oslo: sunny\nDanielle: fine', [['LOCATION', 'Oslo'], ['PERSON', 'Danielle']])).toEqual(['LOCATION:Oslo', 'PERSON:Danielle']);
  });

  it('reads a long dialogue in linear time', () => {
    const text = 'Danielle: hi\nLeverett: yo\n'.repeat(50_000);
    const sheet = new TokenSheet();
    sheet.read(text, lexicons);
    const found: Finding[] = [];
    for (let k = 0; k < 50_000; k += 1) found.push({ type: 'PERSON', start: k * 26, end: k * 26 + 8, score: 0.9 });
    const started = cpuMs();
    const out = speakerNames(sheet, found);
    expect(cpuMs() - started).toBeLessThan(1000);
    expect(out.length).toBe(100_000);
  });

  it('makes the far end of a route from a place a place', () => {
    expect(run(routePlaces, 'Michael drove from SHANNONVALE to Victoria in one night.', [['PERSON', 'Michael'], ['LOCATION', 'SHANNONVALE'], ['PERSON', 'Victoria']])).toEqual([
      'PERSON:Michael', 'LOCATION:SHANNONVALE', 'LOCATION:Victoria',
    ]);
    expect(run(routePlaces, 'Jana drove from Oslo to Santa Cruz today.', [['LOCATION', 'Oslo']])).toEqual(['LOCATION:Oslo', 'LOCATION:Santa Cruz']);
    // Not from a person, not past an organisation or other finding, not without "from", not onto a lower-case word or the next sentence.
    expect(run(routePlaces, 'A gift from Anna to Victoria.', [['PERSON', 'Anna'], ['PERSON', 'Victoria']])).toEqual(['PERSON:Anna', 'PERSON:Victoria']);
    expect(run(routePlaces, 'I wrote in Oslo to Victoria.', [['LOCATION', 'Oslo'], ['PERSON', 'Victoria']])).toEqual(['LOCATION:Oslo', 'PERSON:Victoria']);
    expect(run(routePlaces, 'I moved from Oslo to work. Then I left.', [['LOCATION', 'Oslo']])).toEqual(['LOCATION:Oslo']);
    expect(run(routePlaces, 'From Oslo to Victoria Street 4', [['LOCATION', 'Oslo'], ['STREET_ADDRESS', 'Victoria Street 4']])).toEqual(['LOCATION:Oslo', 'STREET_ADDRESS:Victoria Street 4']);
  });

  it('reads routes in linear time', () => {
    const unit = 'from Oslo to Bergen ';
    const text = unit.repeat(20_000);
    const sheet = new TokenSheet();
    sheet.read(text, lexicons);
    const found: Finding[] = [];
    for (let k = 0; k < 20_000; k += 1) {
      found.push({ type: 'LOCATION', start: k * unit.length + 5, end: k * unit.length + 9, score: 0.9 });
      found.push({ type: 'PERSON', start: k * unit.length + 13, end: k * unit.length + 19, score: 0.9 });
    }
    const started = cpuMs();
    const out = routePlaces(sheet, found);
    expect(cpuMs() - started).toBeLessThan(500);
    expect(out.filter((f) => f.type === 'PERSON')).toEqual([]);
  });

  it('takes the second word of a two-word line led by a person as the surname (a signature)', () => {
    const line = 'Kind regards,\nAnke Junker';
    expect(run(joinNameParts, line, [['PERSON', 'Anke']])).toEqual(['PERSON:Anke Junker']);
    // Not in running text, and not when the line goes on.
    expect(run(joinNameParts, 'I asked Anke Junker yesterday.', [['PERSON', 'Anke']])).toEqual(['PERSON:Anke']);
    expect(run(joinNameParts, 'Kind regards,\nAnke Junker Team', [['PERSON', 'Anke']])).toEqual(['PERSON:Anke']);
  });

  it('takes in the lower-case particles of a surname after a title or a first name', () => {
    expect(run(joinNameParts, 'Please add Ms. van der Torre to the list.', [['PERSON', 'Torre']])).toEqual(['PERSON:van der Torre']);
    expect(run(joinNameParts, 'Mr van Dijk called.', [['PERSON', 'Dijk']])).toEqual(['PERSON:van Dijk']);
    expect(run(joinNameParts, 'I met Pieter van der Berg there.', [['PERSON', 'Berg']])).toEqual(['PERSON:Pieter van der Berg']);
    // Without a title or a first name before them, particles are left alone.
    expect(run(joinNameParts, 'We took a trip to la Torre last week.', [['PERSON', 'Torre']])).toEqual(['PERSON:Torre']);
    expect(run(joinNameParts, 'Cheese from de Vries is good.', [['PERSON', 'Vries']])).toEqual(['PERSON:Vries']);
    // A surname that starts with its particles: two of them, or one only names have, after a lower-case word that is no article.
    expect(run(joinNameParts, 'Please ask van der Kruk about it.', [['PERSON', 'Kruk']])).toEqual(['PERSON:van der Kruk']);
    expect(run(joinNameParts, 'He drove the van Torre gave him.', [['PERSON', 'Torre']])).toEqual(['PERSON:Torre']);
  });

  it('makes the other items of a list with a found person persons', () => {
    expect(run(coordinatedNames, 'Usamov and Bowers were precision engineers.', [['PERSON', 'Bowers']])).toEqual(['PERSON:Usamov', 'PERSON:Bowers']);
    expect(run(coordinatedNames, 'Monjeau, Kowalski and Reed signed it.', [['PERSON', 'Reed']])).toEqual(['PERSON:Monjeau', 'PERSON:Kowalski', 'PERSON:Reed']);
    expect(run(coordinatedNames, 'I think Vasquez or Nakamura will come.', [['PERSON', 'Vasquez']])).toEqual(['PERSON:Vasquez', 'PERSON:Nakamura']);
  });

  it('retypes a name-like place in the list, not a known place', () => {
    expect(run(coordinatedNames, 'Nekolná and Pearson were there.', [['LOCATION', 'Nekolná'], ['PERSON', 'Pearson']])).toEqual(['PERSON:Nekolná', 'PERSON:Pearson']);
    expect(run(coordinatedNames, 'Anna and Paris', [['PERSON', 'Anna'], ['LOCATION', 'Paris']])).toEqual(['PERSON:Anna', 'LOCATION:Paris']);
  });

  it('leaves lists without a person, everyday words, acronyms and other lines alone', () => {
    expect(run(coordinatedNames, 'Ghent and Bruges are lovely.', [['LOCATION', 'Ghent'], ['LOCATION', 'Bruges']])).toEqual(['LOCATION:Ghent', 'LOCATION:Bruges']);
    expect(run(coordinatedNames, 'Ask Maria and the Team about it.', [['PERSON', 'Maria']])).toEqual(['PERSON:Maria']);
    expect(run(coordinatedNames, 'Maria and IBM', [['PERSON', 'Maria']])).toEqual(['PERSON:Maria']);
    expect(run(coordinatedNames, 'Maria and\nKowalski', [['PERSON', 'Maria']])).toEqual(['PERSON:Maria']);
  });
});

describe('name parts', () => {
  it('joins names broken at an initial', () => {
    expect(run(joinNameParts, 'Thanks to Ken N. Fukuda for this.', [['PERSON', 'Ken N']])).toEqual(['PERSON:Ken N. Fukuda']);
    expect(run(joinNameParts, 'Delvis J Carvajal wrote it.', [['PERSON', 'J Carvajal']])).toEqual(['PERSON:Delvis J Carvajal']);
    expect(run(joinNameParts, 'Mijail C Adomo wrote it.', [['PERSON', 'Mijail'], ['PERSON', 'Adomo']])).toEqual(['PERSON:Mijail C Adomo']);
  });

  it('gives a lone first name the capitalised surname after it, not a sentence start or a place', () => {
    expect(run(joinNameParts, 'I met Rebecca Hides yesterday.', [['PERSON', 'Rebecca']])).toEqual(['PERSON:Rebecca Hides']);
    expect(run(joinNameParts, 'I met Rebecca. Then we left.', [['PERSON', 'Rebecca']])).toEqual(['PERSON:Rebecca']);
    expect(run(joinNameParts, 'Ask Rebecca Monday.', [['PERSON', 'Rebecca']])).toEqual(['PERSON:Rebecca']);
  });
});

describe('person mentions tagged as places', () => {
  it('retypes a place made of a found person’s words', () => {
    expect(run(retypePersonMentions, 'Songs by Faina D. Yefremova; early Yefremova is best.', [['PERSON', 'Faina D. Yefremova'], ['LOCATION', 'early Yefremova']])).toEqual(['PERSON:Faina D. Yefremova', 'PERSON:Yefremova']);
    expect(run(retypePersonMentions, 'Anna Berg lives in Oslo.', [['PERSON', 'Anna Berg'], ['LOCATION', 'Oslo']])).toEqual(['PERSON:Anna Berg', 'LOCATION:Oslo']);
  });
});

describe('places led by a first name', () => {
  const rule = (sheet: TokenSheet, found: Finding[]): Finding[] => firstNamePlaces(sheet, found, isMajorPlace);
  it('retypes them as persons', () => {
    expect(run(rule, 'Send it to Eve Magrath today.', [['LOCATION', 'Eve Magrath']])).toEqual(['PERSON:Eve Magrath']);
  });
  it('keeps places, countries and large cities', () => {
    expect(run(rule, 'We flew to London.', [['LOCATION', 'London']])).toEqual(['LOCATION:London']);
    expect(run(rule, 'Visit Maria Street 4.', [['LOCATION', 'Maria Street']])).toEqual(['LOCATION:Maria Street']);
  });
});
