import { describe, expect, it } from 'vitest';
import { countOf } from './plural.js';

describe('countOf', () => {
  it('says one noun for one and the plural otherwise', () => {
    expect(countOf(1, 'trace')).toBe('1 trace');
    expect(countOf(0, 'trace')).toBe('0 traces');
    expect(countOf(2, 'audio part')).toBe('2 audio parts');
    expect(countOf(3, 'entry', 'entries')).toBe('3 entries');
  });
});
