import { describe, expect, it } from 'vitest';
import { ms } from '../../web/src/format.js';

describe('ms (the dashboard\'s durations)', () => {
  it('writes zero as a whole number, like the other axis ticks, and keeps two decimals below 1 ms', () => {
    expect(ms(0)).toBe('0 ms');
    expect(ms(0.25)).toBe('0.25 ms');
    expect(ms(20)).toBe('20 ms');
    expect(ms(2500)).toBe('2.50 s');
    expect(ms(null)).toBe('–');
  });
});
