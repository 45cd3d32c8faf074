import { describe, expect, it } from 'vitest';
import { fuzzRuns } from './fuzz-runs.js';

describe('fuzzRuns', () => {
  it('runs what CI runs unless SWITCHYARD_FUZZ_SCALE multiplies it', () => {
    expect(fuzzRuns(250, {})).toBe(250);
    expect(fuzzRuns(250, { SWITCHYARD_FUZZ_SCALE: '' })).toBe(250);
    expect(fuzzRuns(250, { SWITCHYARD_FUZZ_SCALE: '20' })).toBe(5000);
  });

  it('refuses a scale that is not a whole number from 1, rather than running none or NaN cases', () => {
    for (const bad of ['0', '-2', '1.5', 'ten', '1e3', '99999']) {
      expect(() => fuzzRuns(10, { SWITCHYARD_FUZZ_SCALE: bad })).toThrow(`SWITCHYARD_FUZZ_SCALE must be a whole number from 1 to 9999, got ${JSON.stringify(bad)}`);
    }
  });
});
