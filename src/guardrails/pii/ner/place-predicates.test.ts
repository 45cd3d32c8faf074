import { describe, expect, it } from 'vitest';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';
import { predicatePlaces } from './place-predicates.js';
import { TokenSheet } from './token-sheet.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

const model = loadTaggerModel();
const tagger = createNameTagger(model);
const tagged = (text: string): string[] => tagger.tag(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('a sentence that says what kind of place its subject is', () => {
  it('makes its subject a place', () => {
    expect(tagged('Kangerlussuaq is a beautiful town.')).toEqual(['LOCATION:Kangerlussuaq']);
    expect(tagged('Himmiste was a small village in Estonia.')).toEqual(['LOCATION:Himmiste', 'LOCATION:Estonia']);
  });

  it('leaves people with a job, everyday words and other nouns alone', () => {
    expect(tagged('Ann is a city planner.')).toEqual(['PERSON:Ann']);
    for (const text of ['This is a town.', 'Life was a village affair.', 'Kubernetes is a platform.']) expect(tagged(text), text).toEqual([]);
  });

  it('stays linear on many sentences', () => {
    const text = 'Himmiste is a small town. '.repeat(20_000);
    const sheet = new TokenSheet();
    sheet.read(text, model.lexicons);
    const started = cpuMs();
    expect(predicatePlaces(sheet, [], 0.7).length).toBe(20_000);
    expect(cpuMs() - started).toBeLessThan(1000);
  });
});
