import { describe, expect, it } from 'vitest';
import { hashLower } from './char-table.js';
import { isEnglishSurname } from './english-surnames.js';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';

const tagger = createNameTagger(loadTaggerModel());
const tagged = (text: string): string[] => tagger.tag(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
const hash = (w: string): number => hashLower(w, 0, w.length);

describe('English surnames that are everyday words', () => {
  it('knows the list, in any case, and nothing else', () => {
    expect(isEnglishSurname(hash('Baker'))).toBe(true);
    expect(isEnglishSurname(hash('KEY'))).toBe(true);
    expect(isEnglishSurname(hash('Court'))).toBe(false);
    expect(isEnglishSurname(hash('Wall'))).toBe(false);
  });

  it('keeps a one-word person the tagger found inside a sentence', () => {
    expect(tagged('She was born on 7/30/1964. Her maiden name is Key')).toEqual(['PERSON:Key']);
    expect(tagged('"I wrote it for my father," Hull said.')).toEqual(['PERSON:Hull']);
  });

  it('takes one after a closing word as a name', () => {
    expect(tagged('Can you update the billing address to Via Tasso 129, Poland? Thanks, Baker')).toContain('PERSON:Baker');
  });

  it('still drops an everyday word opening a sentence or a line', () => {
    for (const text of ['Key rotation failed.', 'Court adjourned at noon.']) expect(tagged(text).filter((f) => f.startsWith('PERSON:')), text).toEqual([]);
    expect(tagged("Hadrian's Wall is long.")).not.toContain('PERSON:Wall');
  });
});
