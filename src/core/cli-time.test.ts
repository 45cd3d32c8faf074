import { describe, expect, it } from 'vitest';
import { cliTime } from './cli-time.js';

describe('cliTime', () => {
  it('prints UTC date and time with a space, to the second or the minute, without milliseconds or zone letter', () => {
    const at = Date.UTC(2026, 11, 2, 13, 5, 15, 167);
    expect(cliTime(at)).toBe('2026-12-02 13:05:15');
    expect(cliTime(at, 'minutes')).toBe('2026-12-02 13:05');
  });
});
