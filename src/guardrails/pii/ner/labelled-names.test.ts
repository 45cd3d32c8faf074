import { describe, expect, it } from 'vitest';
import { cuedPersons, labelledNames } from './labelled-names.js';
import { loadTaggerModel } from './name-tagger.js';
import { TokenSheet } from './token-sheet.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

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

  it('reads the value of a name field labelled in another language, and widens a person found inside it', () => {
    expect(names('Nombre: Wei Zhang\nFecha de nacimiento: 01/02/1990')).toEqual(['Wei Zhang']);
    expect(names('Vorname: Hans\nNachname: Müller')).toEqual(['Hans', 'Müller']);
    const text = 'Nombre: Wei Zhang';
    const sheet = new TokenSheet();
    sheet.read(text, lexicons);
    const inside = { type: 'PERSON' as const, start: text.indexOf('Zhang'), end: text.length, score: 0.9 };
    expect(labelledNames(text, sheet, [inside])).toEqual([]);
    expect(labelledNames(text, sheet, [inside], 0.8, true).map((f) => text.slice(f.start, f.end))).toEqual(['Wei Zhang']);
    expect(labelledNames(text, sheet, [{ ...inside, type: 'LOCATION' }], 0.8, true)).toEqual([]);
    expect(labelledNames(text, sheet, [{ ...inside, start: text.indexOf('Wei') }], 0.8, true)).toEqual([]); // found whole already
  });

  it('reads the name after "my/her/maiden name is" in a sentence as a person', () => {
    expect(names('She was born on 7/30/1964. Her maiden name is Sandgreen')).toEqual(['Sandgreen']);
    expect(names('Hi, my name is Ann B. Lee and I need help')).toEqual(['Ann B. Lee']);
    expect(names('The file name is Report')).toEqual([]);
    expect(names('my name is not important')).toEqual([]);
  });

  it('leaves other name fields, lower-case values and sentences alone', () => {
    expect(names('File name: Report Final')).toEqual([]);
    expect(names('Company name: Acme Inc')).toEqual([]);
    expect(names('Name: build-server-01')).toEqual([]);
    expect(names('Name: Ann Lee, head of sales')).toEqual([]);
    expect(names('The name: Kafka Streams')).toEqual([]);
  });
});

describe('places announced as persons', () => {
  const { lexicons: lex } = loadTaggerModel();
  const retyped = (text: string, place: string): string => {
    const sheet = new TokenSheet();
    sheet.read(text, lex);
    const start = text.indexOf(place);
    return cuedPersons(sheet, [{ type: 'LOCATION', start, end: start + place.length, score: 0.9 }], () => false)[0]!.type;
  };

  it('reads a place after a person cue as that person', () => {
    expect(retyped('My name is Aantje Mourik.', 'Aantje Mourik')).toBe('PERSON');
    expect(retyped('Name: Anđa Tomić', 'Anđa Tomić')).toBe('PERSON');
    expect(retyped("I'm so jealous! said Maslin to Antonio", 'Maslin')).toBe('PERSON');
  });

  it('looks at a text of many places in linear time', () => {
    const unit = 'I met Salla Mieto in Oslo. ';
    const text = unit.repeat(40_000);
    const sheet = new TokenSheet();
    sheet.read(text, lex);
    const found = Array.from({ length: 40_000 }, (_, k) => [
      { type: 'LOCATION' as const, start: k * unit.length + 6, end: k * unit.length + 17, score: 0.9 },
      { type: 'LOCATION' as const, start: k * unit.length + 21, end: k * unit.length + 25, score: 0.9 },
    ]).flat();
    const started = cpuMs();
    const out = cuedPersons(sheet, found, () => false);
    expect(cpuMs() - started).toBeLessThan(1000);
    expect(out.filter((f) => f.type === 'PERSON')).toHaveLength(40_000);
    expect(out.filter((f) => f.type === 'LOCATION')).toHaveLength(40_000);
  });

  it('reads a place after a verb that takes a person with "to", a relation with "of" or a message "from" as a person', () => {
    expect(retyped('In 1521 Luther replied to Melanchthon on the same theme.', 'Melanchthon')).toBe('PERSON');
    expect(retyped('She was married to Bekbolat Musliyevich for ten years.', 'Bekbolat Musliyevich')).toBe('PERSON');
    expect(retyped('Jochi, the eldest son of Temüjin, was sent away.', 'Temüjin')).toBe('PERSON');
    expect(retyped('I got a letter from Siosaia Fifita yesterday.', 'Siosaia Fifita')).toBe('PERSON');
  });

  it('leaves destinations, places of a thing and senders that are towns as places', () => {
    expect(retyped('We drove to Gersloot on Friday.', 'Gersloot')).toBe('LOCATION');
    expect(retyped('She was sent to Gersloot for a year.', 'Gersloot')).toBe('LOCATION');
    expect(retyped('the mayor of Gersloot resigned', 'Gersloot')).toBe('LOCATION');
    expect(retyped('Postcard from Gersloot! Wish you were here.', 'Gersloot')).toBe('LOCATION');
    expect(retyped('I got a letter from Grenoble yesterday.', 'Grenoble')).toBe('LOCATION');
  });

  it('reads a place after a verb only people are the object of as a person', () => {
    expect(retyped('I spoke with Topi Sainio yesterday.', 'Topi Sainio')).toBe('PERSON');
    expect(retyped('We talked to Mijo Kovačević.', 'Mijo Kovačević')).toBe('PERSON');
    expect(retyped('I met Salla Mieto at noon.', 'Salla Mieto')).toBe('PERSON');
    // Not "with" or "to" after other verbs, nor a verb that takes its person with a preposition used without one.
    expect(retyped('I flew with Salla Mieto.', 'Salla Mieto')).toBe('LOCATION');
    expect(retyped('We wrote to Salla Mieto.', 'Salla Mieto')).toBe('LOCATION');
    expect(retyped('We talked Salla Mieto over.', 'Salla Mieto')).toBe('LOCATION');
  });

  it('reads a place after a closing word and its comma, or before a verb only people are the subject of, as a person', () => {
    expect(retyped('Thanks, Aslak Gjerde!', 'Aslak Gjerde')).toBe('PERSON');
    expect(retyped('Kind regards,\nKisuke Sugita', 'Kisuke Sugita')).toBe('PERSON');
    expect(retyped('Born in 1970, Ömür Bischoff grew up on a farm.', 'Ömür Bischoff')).toBe('PERSON');
    expect(retyped('Our CEO said Peverell Racine will speak.', 'Peverell Racine')).toBe('PERSON');
    // After a preposition the place is where the subject is.
    expect(retyped('Police in Sissach said on Sunday that no one was hurt.', 'Sissach')).toBe('LOCATION');
  });

  it('leaves places without a cue, countries and places with numbers alone', () => {
    expect(retyped('We moved to Aantje Mourik.', 'Aantje Mourik')).toBe('LOCATION');
    expect(retyped('Hello Germany!', 'Germany')).toBe('LOCATION');
    expect(retyped('Name: Cheb 2', 'Cheb 2')).toBe('LOCATION');
  });
});
