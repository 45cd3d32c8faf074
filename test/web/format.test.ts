import { describe, expect, it } from 'vitest';
import { duration, ms, usd } from '../../web/src/format.js';

describe('ms (the dashboard\'s durations)', () => {
  it('writes zero as a whole number, like the other axis ticks, and keeps two decimals below 1 ms', () => {
    expect(ms(0)).toBe('0 ms');
    expect(ms(0.25)).toBe('0.25 ms');
    expect(ms(20)).toBe('20 ms');
    expect(ms(2500)).toBe('2.50 s');
    expect(ms(null)).toBe('–');
  });
});

describe('usd (the dashboard\'s money)', () => {
  it('never shows a cost that is not zero as $0.00000', () => {
    expect(usd(0)).toBe('$0');
    expect(usd(0.000002)).toBe('<$0.00001');
    expect(usd(0.00451)).toBe('$0.00451');
    expect(usd(0.07)).toBe('$0.07');
    expect(usd(1234.5)).toBe('$1,235');
    expect(usd(null)).toBe('–');
  });
});

describe('duration (a window\'s length)', () => {
  it('names the largest whole unit, so a breaker window reads "30 s" and a day "1 d"', () => {
    expect(duration(30_000)).toBe('30 s');
    expect(duration(90_000)).toBe('90 s');
    expect(duration(300_000)).toBe('5 min');
    expect(duration(3_600_000)).toBe('1 h');
    expect(duration(86_400_000)).toBe('1 d');
    expect(duration(1500)).toBe('1.5 s');
    expect(duration(250)).toBe('250 ms');
  });
});
