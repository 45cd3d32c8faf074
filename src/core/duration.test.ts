import { describe, expect, it } from 'vitest';
import { durationMs, parseDuration } from './duration.js';

// One duration parser for every flag and field that takes one: the monitor's windows, the drift
// API's, the load test's run length and timeout, and the "ago" form of time flags (--since).
describe('parseDuration', () => {
  it('takes a number and a unit from milliseconds to weeks, decimals too', () => {
    expect(parseDuration('500ms', '--timeout')).toBe(500);
    expect(parseDuration('30s', '--timeout')).toBe(30_000);
    expect(parseDuration('2m', '--duration')).toBe(120_000);
    expect(parseDuration('1.5h', '--range')).toBe(5_400_000);
    expect(parseDuration('24h', '--current')).toBe(86_400_000);
    expect(parseDuration('7d', '--reference')).toBe(604_800_000);
    expect(parseDuration('2w', '--range')).toBe(1_209_600_000);
    expect(parseDuration(' 3 d ', '--range')).toBe(259_200_000);
  });

  it('reads a bare number as seconds where asked (the load test), and elsewhere asks for a unit', () => {
    expect(parseDuration('30', '--duration', { bareSeconds: true })).toBe(30_000);
    expect(() => parseDuration('24', '--range')).toThrow('--range needs a unit: 24h, 24m or 24s (ms, s, m, h, d or w), got "24"');
    expect(() => parseDuration(' 1.5 ', 'reference')).toThrow('reference needs a unit: 1.5h, 1.5m or 1.5s');
  });

  it('refuses anything else naming the flag, the value and the forms it takes', () => {
    const forms = 'like 500ms, 30s, 2m, 24h, 7d or 2w';
    expect(() => parseDuration('soon', '--range')).toThrow(`--range must be a duration ${forms}, got "soon"`);
    expect(() => parseDuration('7 days', '--reference')).toThrow(`--reference must be a duration ${forms}, got "7 days"`);
    expect(() => parseDuration('1y', 'reference')).toThrow(`reference must be a duration ${forms}, got "1y"`);
    expect(() => parseDuration('-1h', '--range')).toThrow('got "-1h"');
    expect(() => parseDuration('0s', '--timeout')).toThrow('--timeout must be longer than zero, got "0s"');
    expect(() => parseDuration('soon', '--duration', { bareSeconds: true })).toThrow(`--duration must be a duration ${forms} (no unit: seconds), got "soon"`);
    expect(() => parseDuration(`${'9'.repeat(400)}w`, '--range')).toThrow('--range is too long');
    // Finite but past the dates JavaScript holds (helper hostile11): a window that began at no date.
    expect(() => parseDuration('99999999999w', '--current')).toThrow('--current is too long: at most 14285714w, the span of the dates JavaScript holds, got "99999999999w"');
    expect(parseDuration('14285714w', '--range')).toBe(14_285_714 * 604_800_000);
  });

  it('says which field it was on an API error', () => {
    try {
      parseDuration('later', 'reference');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_request', param: 'reference' });
    }
  });
});

describe('durationMs', () => {
  it('is the duration in milliseconds, or undefined for text that is not one (for flags that take other forms too)', () => {
    expect(durationMs('2w')).toBe(1_209_600_000);
    expect(durationMs('2026-12-01')).toBeUndefined();
    expect(durationMs('yesterday')).toBeUndefined();
  });
});
