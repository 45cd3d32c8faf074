import { describe, expect, it } from 'vitest';
import { DocumentFrequencies, FLAT_WEIGHTS } from './term-weights.js';

describe('term weights', () => {
  it('weighs a word by how few entries have it, smoothed so an empty cache weighs all alike and a word in every entry still counts', () => {
    const df = new DocumentFrequencies();
    expect(df.weight('card')).toBe(1);
    df.add(['cancel', 'card']);
    df.add(['activ', 'card']);
    expect(df.weight('card')).toBe(1);
    expect(df.weight('cancel')).toBeCloseTo(1 + Math.log(3 / 2));
    expect(df.weight('never-seen')).toBeCloseTo(1 + Math.log(3));
    expect(FLAT_WEIGHTS.weight('anything')).toBe(1);
  });

  it('takes an entry back word for word, forgetting words no entry has any more', () => {
    const df = new DocumentFrequencies();
    df.add(['cancel', 'card']);
    df.add(['activ', 'card']);
    df.remove(['cancel', 'card']);
    expect(df.weight('cancel')).toBeCloseTo(1 + Math.log(2));
    expect(df.weight('card')).toBe(1);
  });
});
