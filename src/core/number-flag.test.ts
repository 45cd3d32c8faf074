import { describe, expect, it } from 'vitest';
import { numberFlag, numberInRange } from './number-flag.js';

describe('numberFlag', () => {
  it('reads a number within bounds, and the fallback for a flag not given', () => {
    expect(numberFlag('--min-precision', '0.95', { min: 0.5, max: 1 })).toBe(0.95);
    expect(numberFlag('--limit', undefined, { min: 1, max: 1000, integer: true, fallback: 20 })).toBe(20);
    expect(numberFlag('--seed', '0', { min: 0, max: 2 ** 31, integer: true })).toBe(0);
  });

  it('refuses blank, which Number() reads as 0 (--overlap "" was a silent 0)', () => {
    expect(() => numberFlag('--overlap', '', { min: 0, max: 50_000, integer: true })).toThrow('--overlap must be an integer from 0 to 50000, got ""');
    expect(() => numberFlag('--seed', '  ', { min: 0, max: 10 })).toThrow('--seed must be a number from 0 to 10, got "  "');
  });

  it('refuses a fraction where a count is meant (--concurrency 2.5 was taken)', () => {
    expect(() => numberFlag('--concurrency', '2.5', { min: 1, max: 256, integer: true })).toThrow('--concurrency must be an integer from 1 to 256, got "2.5"');
  });

  it('refuses a fraction too fine for a double to keep, which reads as an integer (1.0000000000000001 was 1); 2.0 is still 2', () => {
    expect(() => numberFlag('--count', '1.0000000000000001', { min: 0, max: 100, integer: true })).toThrow('--count must be an integer from 0 to 100, got "1.0000000000000001"');
    expect(numberInRange(`7.${'0'.repeat(100_000)}1`, { min: 0, max: 100, integer: true })).toBeUndefined();
    expect(numberFlag('--count', '2.0', { min: 0, max: 100, integer: true })).toBe(2);
    expect(numberFlag('--rate', '1.0000000000000001', { min: 0, max: 100 })).toBe(1);
  });

  it('names the flag and the range, and the fraction a percentage meant', () => {
    expect(() => numberFlag('--tolerance', '2', { min: 0, max: 1 })).toThrow('--tolerance must be a number from 0 to 1, got "2" (a fraction of 1: 0.02 for 2%)');
    expect(() => numberFlag('--k', 'ten', { min: 1, max: 1000, integer: true })).toThrow('--k must be an integer from 1 to 1000, got "ten"');
    expect(() => numberFlag('--k', 'Infinity', { min: 1, max: Number.POSITIVE_INFINITY })).toThrow('--k must be a number of 1 or more, got "Infinity"');
  });

  it('reads decimal digits only: what Number() also reads is refused, with the decimal it stood for', () => {
    const count = { min: 1, max: 10_000, integer: true };
    expect(() => numberFlag('--count', '0x10', count)).toThrow('--count must be an integer from 1 to 10000, got "0x10" (write it in decimal digits: 16)');
    expect(() => numberFlag('--count', '1e3', count)).toThrow('--count must be an integer from 1 to 10000, got "1e3" (write it in decimal digits: 1000)');
    expect(() => numberFlag('--count', '  5', count)).toThrow('--count must be an integer from 1 to 10000, got "  5" (write it in decimal digits: 5)');
    expect(() => numberFlag('--count', '0b11', count)).toThrow('got "0b11" (write it in decimal digits: 3)');
    // A hex value out of range as well gets no hint: the range says what is wrong.
    expect(() => numberFlag('--count', '0xFFFFFF', count)).toThrow(/got "0xFFFFFF"$/);
    for (const bad of ['-1', '0', '2.5', 'Infinity', '-Infinity', 'NaN', '99999999999999999999', '1_000', '5.', '.5', '+', '1,000']) {
      expect(() => numberFlag('--count', bad, count), bad).toThrow('--count must be an integer from 1 to 10000');
    }
    expect(() => numberFlag('--limit', '--json', count)).toThrow('--limit must be an integer from 1 to 10000, got "--json" (a flag where the value belongs: give the number first)');
    expect(() => numberFlag('--k', '-1', count)).toThrow(/got "-1"$/);
    expect(numberFlag('--count', '16', count)).toBe(16);
    expect(numberFlag('--count', '+16', count)).toBe(16);
  });

  it('says "above" for a bound that is itself refused', () => {
    expect(numberFlag('--rps', '0.5', { min: 0, max: 100, aboveMin: true })).toBe(0.5);
    expect(() => numberFlag('--rps', '0', { min: 0, max: 100, aboveMin: true })).toThrow('--rps must be a number above 0 and at most 100, got "0"');
  });
});
