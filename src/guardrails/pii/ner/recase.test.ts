import { describe, expect, it } from 'vitest';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';
import { recaseShouting } from './recase.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

const model = loadTaggerModel();
const tagger = createNameTagger(model);
const tagged = (text: string): string[] => tagger.tag(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('lines written all in capitals', () => {
  it('recases a shouted line as prose, keeping every offset', () => {
    const text = 'Boarding pass\nPASSENGER: KISUKE SUGITA\nGate 12';
    const recased = recaseShouting(text, model.lexicons);
    expect(recased).toBe('Boarding pass\npassenger: Kisuke Sugita\nGate 12');
    expect(recased.length).toBe(text.length);
  });

  it('leaves prose, short lines, codes and acronyms as they are', () => {
    for (const text of ['Please ask Kisuke to call me.', 'SOUTHERN RIVER 6110', 'EP8 4BX', 'P ⊆ NP ⊆ PP ⊆ PSPACE', 'BIC: WUBQDEWCXXX DEUTDEFF', 'OK']) {
      expect(recaseShouting(text, model.lexicons)).toBe(text);
    }
  });

  it('lets the tagger find a name in a shouted line, reported on the original text', () => {
    expect(tagged('PASSENGER: KISUKE SUGITA')).toEqual(['PERSON:KISUKE SUGITA']);
    expect(tagged('MY NAME IS AMARA OKAFOR AND I NEED HELP WITH MY ACCOUNT')).toEqual(['PERSON:AMARA OKAFOR']);
  });

  it('stays linear on a long shouted text', () => {
    const text = 'PLEASE CALL ANN LEE TODAY '.repeat(40_000);
    const started = cpuMs();
    expect(recaseShouting(text, model.lexicons).length).toBe(text.length);
    expect(cpuMs() - started).toBeLessThan(1000);
  });
});
