import { describe, expect, it } from 'vitest';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';

const tagger = createNameTagger(loadTaggerModel());
const tagged = (text: string): string[] => tagger.tag(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('persons named by the words around them', () => {
  it('finds a name used as the attribute of a work or event', () => {
    expect(tagged("Unlike the Roeterdink novel, it's not about necrophilia.")).toContain('PERSON:Roeterdink');
    expect(tagged('Have you been to a Harvey Leach concert before?')).toContain('PERSON:Harvey Leach');
    expect(tagged('The Apollo program was conceived during the Eisenhower administration in early 1960.')).toContain('PERSON:Eisenhower');
  });

  it('leaves products, English words, software, places and brands in that frame alone', () => {
    for (const text of ['Check the Windows version first.', 'The Python book is on the shelf.', 'I loved the Kafka book.', 'The London concert sold out.', 'The Maxi-Tech campaign ran for six weeks.', 'the Marvel film was long']) {
      expect(tagged(text).filter((f) => f.startsWith('PERSON:'))).toEqual([]);
    }
    // In a text typed all in lower case the frame says too little: "a rock concert".
    expect(tagged('present a rock concert')).toEqual([]);
  });

  it('finds a name opening a sentence about where the person comes from or works', () => {
    expect(tagged('Jouko is from Gradiant Research LLC')).toContain('PERSON:Jouko');
    expect(tagged('Tomomi is from Hawkins, Richardson and Santana')).toEqual(['PERSON:Tomomi']);
    expect(tagged('Quionia works at Areavibes Inc.')).toContain('PERSON:Quionia');
    // The verb must follow: "Python is a language", and a software name is no person.
    expect(tagged('Kafka is from the Apache foundation.')).toEqual([]);
  });

  it('finds a name opening a sentence about where the person travels or grew up', () => {
    expect(tagged('Hatsuho is visiting Žabnica next week.')).toContain('PERSON:Hatsuho');
    expect(tagged('Abderrahman moved to Leeds in 2019.')).toContain('PERSON:Abderrahman');
    expect(tagged('Quionia grew up in Osaka.')).toContain('PERSON:Quionia');
    // Software, large cities and everyday words move and are visited too.
    for (const text of ['Kubernetes moved to a new release cadence.', 'Berlin moved to a new scheme.', 'Support moved to the second floor.']) {
      expect(tagged(text).filter((f) => f.startsWith('PERSON:')), text).toEqual([]);
    }
  });

  it('finds the subject after a short phrase opening the sentence that places it', () => {
    expect(tagged('Raised in Corvallis, Agoti became a teacher.')).toContain('PERSON:Agoti');
    expect(tagged('Last year in Žabnica, Hatsuho won the race.')).toContain('PERSON:Hatsuho');
    // A time is no place, a region after a town is none of a person's, and a list of places stays places.
    expect(tagged('In December 1901, Marconi transmitted the letter S.')).not.toContain('PERSON:Marconi');
    expect(tagged('Ticket 4471: customer Merle Abril says deliveries to Perametsa, Võrumaa keep failing.')).not.toContain('PERSON:Võrumaa');
    expect(tagged('In Leeds, York and Hull are close.')).not.toContain('PERSON:York');
  });

  it('finds a name after a greeting, a closing word or a verb only people are the object of', () => {
    expect(tagged('Hi Segismundo, can you send me the file?')).toEqual(['PERSON:Segismundo']);
    expect(tagged('Dear Segismundo,\nthanks for the file.')).toEqual(['PERSON:Segismundo']);
    expect(tagged('Best regards,\nVillads')).toEqual(['PERSON:Villads']);
    expect(tagged('I spoke to Hysni Njivar this morning.')).toEqual(['PERSON:Hysni Njivar']);
    expect(tagged('tell jim i\'m coming home soon')).toEqual(['PERSON:jim']);
  });

  it('leaves groups, acronyms, products, "I\'m" and everyday words after those cues alone', () => {
    for (const text of ['Hi Team, the build is green.', 'Thanks, Support!', 'Hi there, can you help?', 'Hello World program in Rust', 'Hi Kubernetes experts, a question', 'Thanks, Kafka folks!', 'Hi I\'m waiting for a refund.', 'Why did al-Qaeda tell ISIL to take a hike?', 'Hi ChatGTP. You are going to pretend', 'Best regards, \nPayPal', 'Ask Google about it.']) {
      expect(tagged(text).filter((f) => f.startsWith('PERSON:'))).toEqual([]);
    }
  });
});
