import { describe, expect, it } from 'vitest';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';

const tagger = createNameTagger(loadTaggerModel());
const places = (text: string): string[] => tagger.tag(text).filter((f) => f.type === 'LOCATION').map((f) => text.slice(f.start, f.end));
const addresses = (text: string): string[] => tagger.tag(text).filter((f) => f.type === 'STREET_ADDRESS').map((f) => text.slice(f.start, f.end));

describe('inline street addresses written the continental way', () => {
  it('takes a house number before the street name in a text typed in lower case', () => {
    expect(addresses('meet me at 2407 tawastintie 6, sé, portugal')).toEqual(['2407 tawastintie 6, sé, portugal']);
    // Not a time, a product and its version, or a count.
    for (const text of ['meet me at 10 pm', 'we are at 3 python 3 today', 'we ship to 12 stores 4 times a day']) expect(addresses(text), text).toEqual([]);
  });

  it('takes a house number before the street name in a text that uses capitals too, and ends a street line at a time word', () => {
    expect(addresses('My address is 6084 Långlöt 44\nNORSBORG')).toEqual(['6084 Långlöt 44\nNORSBORG']);
    expect(addresses('We met at 6938 1659 Hoog St yesterday.')).toEqual(['6938 1659 Hoog St']);
    for (const text of ['Meet me at 10 PM', 'We are at 3 Python 3 today', 'We ship to 12 Stores 4 times a day']) expect(addresses(text), text).toEqual([]);
  });

  it('takes a street framed by a house number and its number even with abbreviations and short or lower-case words', () => {
    expect(addresses('We met at 1685 Αγ. Ανδρέα 34 yesterday.')).toEqual(['1685 Αγ. Ανδρέα 34']);
    expect(addresses('We met at 8900 Csabai kapu 60. yesterday.')).toEqual(['8900 Csabai kapu 60.']);
    expect(addresses('We met at 748 πλατεία Καραισκάκη 26\nΚΑΤΩ ΠΟΛΕΜΙ∆ΙΑ, LI 82773. It was raining.')).toEqual(['748 πλατεία Καραισκάκη 26\nΚΑΤΩ ΠΟΛΕΜΙ∆ΙΑ, LI 82773']);
    // Not a range of times, a version or a count between numbers.
    for (const text of ['Open from 9 to 5 daily', 'We upgraded to 3 Python 3.11 servers', 'Ship to 12 Stores 4 times a day', 'Meet at 10 AM 11']) expect(addresses(text), text).toEqual([]);
  });

  it('takes over a place the tagger found inside the street', () => {
    expect(tagger.tag('The courier will collect the parcel from Trollegade 12 at 9am.').map((f) => f.type)).toEqual(['STREET_ADDRESS']);
    expect(addresses('The courier will collect the parcel from Trollegade 12 at 9am.')).toEqual(['Trollegade 12']);
  });

  it('finds a street name and house number after a word that leads to an address', () => {
    expect(addresses('I live at Aviatická 23.')).toEqual(['Aviatická 23']);
    expect(addresses('It was shipped to Maxpark 339 yesterday.')).toEqual(['Maxpark 339']);
    expect(addresses('Deliver to Markkukuja 2b please')).toEqual(['Markkukuja 2b']);
    expect(addresses('Subject: Lease renewal for Laukaantie 80')).toEqual(['Laukaantie 80']);
  });

  it('takes locative prepositions as leading to an address, still not to products or everyday words', () => {
    expect(addresses('Meet me outside Nørrebrogade 864 at 6 pm.')).toEqual(['Nørrebrogade 864']);
    expect(addresses('Is there a pharmacy near Mellemstræde 74?')).toEqual(['Mellemstræde 74']);
    for (const text of ['It only runs on Windows 11.', 'The talk is in Room 12 today.', 'Keep it near Gate 12.', 'Built on Gradle 8 now']) expect(addresses(text), text).toEqual([]);
  });

  it('leaves products, versions, everyday words, first names and towns with a number alone', () => {
    for (const text of [
      'We should upgrade to Claude 3 soon.',
      'Try Mistral 7b or Llama 3',
      'Meet me at Gate 12.',
      'Ported from Python 3 to Rust.',
      'Migrate the build to Gradle 8 today',
      'Escalate to Level 3 support',
      'Fine-tune from Qwen 2 weights',
      'Upgrade to Foobaz 3.11 first',
      'Resize it to Maxpark 7B',
      'Waiting for Zendesk 3 replies',
      'Tickets for Coldplay 2 shows',
    ]) expect(addresses(text), text).toEqual([]);
  });

  it('needs a word that leads to an address before it', () => {
    expect(addresses('Aviatická 23 is a nice word')).toEqual([]);
  });

  it('takes any word as leading to the street in a sentence about an address', () => {
    expect(addresses('Hi Maslin, is the address still Hafnarstraeti 5?')).toEqual(['Hafnarstraeti 5']);
    expect(addresses('New address on file — Pivovarská 276 — please confirm, Dratchev.')).toEqual(['Pivovarská 276']);
    // Still a street's shape: no everyday word, and the sentence that names the address.
    for (const text of ['Please address Ticket 45 today.', 'Please address Zendesk 3 replies now.', 'Update the address. Pivovarská 276 is a nice word']) expect(addresses(text), text).toEqual([]);
  });

  it('finds an English street line the tagger left untagged, ending where the line ends', () => {
    expect(addresses('New address on file — 385 Gemsbok St — please confirm, Dratchev.')).toEqual(['385 Gemsbok St']);
    expect(addresses('Order 2 Flash Drive sticks')).toEqual([]);
  });
  it('reads a German street name cut short with "-str." and goes on to its postal code, town and country', () => {
    expect(addresses('Send it to Hauptstr. 62 in Bonn.')).toEqual(['Hauptstr. 62']);
    expect(addresses('My new flat is at Dudweilerstr. 31c, 32265 Mainz; the buzzer says Garcia.')).toEqual(['Dudweilerstr. 31c, 32265 Mainz']);
    const text = 'My new flat is at Gerhard-Domagk-Str. 99b, 34020 Ost Elinascheid, Germany; the buzzer says Hagenes.';
    expect(tagger.tag(text).filter((f) => f.type !== 'PERSON').map((f) => `${f.type}:${text.slice(f.start, f.end)}`)).toEqual(['STREET_ADDRESS:Gerhard-Domagk-Str. 99b, 34020 Ost Elinascheid, Germany']);
    for (const text of ['Take the str. 5 bus', 'Ship to Teststr. 3.5']) expect(addresses(text), text).toEqual([]);
  });

  it('starts an address at the one-word street name the tagger left out before its house number', () => {
    // In a German sentence: the tagger found the address from the number on.
    expect(addresses('Unsere Anschrift lautet Kantstr. 3, 46895 Koszewskischeid, Germany. Besuche bitte nur nach Termin.')).toEqual(['Kantstr. 3, 46895 Koszewskischeid, Germany']);
    expect(addresses('Unsere Anschrift lautet Otto-Müller-Str. 41c, 07093 Nord Fabiennedorf. Besuche bitte nur nach Termin.')).toEqual(['Otto-Müller-Str. 41c, 07093 Nord Fabiennedorf']);
    // Not an everyday word before a number.
    expect(addresses('Please ship 3 boxes to 12 Oak Street, Springfield.')).toEqual(['12 Oak Street, Springfield']);
  });

  it('ends a place before a lower-case time word the tagger ran on into', () => {
    const text = 'I flew in from Elda to Ciudad Real yesterday.';
    expect(tagger.tag(text).map((f) => text.slice(f.start, f.end))).toEqual(['Elda', 'Ciudad Real']);
  });
});

describe('nationality nouns used as a country', () => {
  it('reads an "-er" nationality noun right after a preposition of place as the country', () => {
    expect(places('We moved here from Greenlander in 2010.')).toEqual(['Greenlander']);
    expect(places("Who's coming to Greenlander with me?")).toEqual(['Greenlander']);
  });

  it('leaves a person noun with an article, an adjective and a name part alone', () => {
    expect(places('He is a Greenlander, born and raised.')).toEqual([]);
    expect(places('I talked to Danish engineers today.')).toEqual([]);
    expect(places('She flew in from Greenlander Airways.')).toEqual([]);
  });
});

describe('towns written in capitals', () => {
  it('reads a town in capitals after a preposition of place', () => {
    // The model of 2026-12-04 19:30 tags these towns itself, typed as addresses (both are places to the
    // scorer and to redaction); `capitalTowns` is tested on its own in tag-spans.test.ts.
    const named = (text: string): string[] => tagger.tag(text).filter((f) => f.type === 'LOCATION' || f.type === 'STREET_ADDRESS').map((f) => text.slice(f.start, f.end));
    expect(named('I am flying to BORDEAUX tomorrow.')).toEqual(['BORDEAUX']);
    expect(named('Send it to PARIS.')).toEqual(['PARIS']);
  });

  it('leaves acronyms, formats and codes alone', () => {
    for (const text of ['Export it to JSON format', 'Convert it to UTF-8 please', 'Deploy to AWS now', 'It is in ISO 8601', 'Move it to PARIS branch storage']) expect(places(text), text).toEqual([]);
  });
});

