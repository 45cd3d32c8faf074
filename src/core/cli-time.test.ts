import { describe, expect, it } from 'vitest';
import { cliTime, timeFlag } from './cli-time.js';

describe('cliTime', () => {
  it('prints UTC date and time with a space, to the second or the minute, without milliseconds or zone letter', () => {
    const at = Date.UTC(2026, 11, 2, 13, 5, 15, 167);
    expect(cliTime(at)).toBe('2026-12-02 13:05:15');
    expect(cliTime(at, 'minutes')).toBe('2026-12-02 13:05');
  });
});

describe('timeFlag', () => {
  const now = Date.UTC(2026, 11, 15);
  it('takes a duration back from now in every unit a duration flag takes, weeks and milliseconds included', () => {
    expect(timeFlag('--since', '24h', now)).toBe(now - 86_400_000);
    expect(timeFlag('--since', '2w', now)).toBe(now - 1_209_600_000);
    expect(timeFlag('--since', '1.5h', now)).toBe(now - 5_400_000);
    expect(timeFlag('--since', '500ms', now)).toBe(now - 500);
  });

  it('reads digits alone as ms since the epoch, not as seconds ago', () => {
    expect(timeFlag('--since', '1765000000000', now)).toBe(1_765_000_000_000);
  });

  it('takes an ISO date or time', () => {
    expect(timeFlag('--until', '2026-12-01', now)).toBe(Date.UTC(2026, 11, 1));
  });

  it('refuses a time past the dates JavaScript holds, naming the flag (PostgreSQL answered an internal error, and --since after --until threw "Invalid time value")', () => {
    for (const value of ['9999999999999999999', '9'.repeat(400), '99999999999d']) {
      expect(() => timeFlag('--since', value, now)).toThrow(/^--since must be an ISO date, ms since the epoch or a duration like 24h from -271821-04-20 to \+275760-09-13 \(the dates JavaScript holds\), got "9+d?(…)?"$/);
    }
    expect(() => timeFlag('--since', `x${'\u001b'.repeat(300)}`, now)).toThrow(/got "x(\\u001b)+…"$/);
  });
});
