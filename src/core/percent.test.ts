import { describe, expect, it } from 'vitest';
import { percent } from './percent.js';

describe('percent', () => {
  it('writes a share of 1 as a percentage, to one decimal unless told', () => {
    expect(percent(0.8)).toBe('80.0%');
    expect(percent(0.12345, 2)).toBe('12.35%');
    expect(percent(0.456, 0)).toBe('46%');
    expect(percent(0)).toBe('0.0%');
  });

  it('writes a rate over nothing (0/0) as "-", not "NaN%"', () => {
    expect(percent(0 / 0)).toBe('-');
  });
});
