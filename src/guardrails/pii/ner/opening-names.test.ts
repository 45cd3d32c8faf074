import { describe, expect, it } from 'vitest';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';

describe('given names that open a sentence with a sign of a person after them (issue #10)', () => {
  const tagger = createNameTagger(loadTaggerModel());
  const persons = (text: string): string[] => tagger.tag(text).filter((f) => f.type === 'PERSON').map((f) => text.slice(f.start, f.end));

  it('finds the name the tagger reads as the word: a verb only a person does, or a request after a comma', () => {
    // Before: nothing in each (the tagger alone, every sentence read).
    expect(persons('Chase owes me $20, remind him nicely')).toEqual(['Chase']);
    expect(persons('Sterling owes the shop money, draft a reminder')).toEqual(['Sterling']);
    expect(persons('Will, you forgot to attach the file')).toEqual(['Will']);
    expect(persons('Thanks for the help. Chase owes me lunch now.')).toEqual(['Chase']);
  });

  it('adds nothing after a greeting, an interjection, a holiday, a modal, "is" or a past tense', () => {
    for (const text of [
      'Hi, can you help me with a formula?',
      'Wait, can you explain this error?',
      'Honey, could you buy milk?',
      'Easter, could you?',
      'Hope is a virtue',
      'Will it rain tomorrow?',
      'Bill passed the Senate last week',
      'May, June or July: which is warmest?',
    ]) expect(persons(text), text).toEqual([]);
  });
});
