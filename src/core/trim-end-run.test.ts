import { describe, expect, it } from 'vitest';
import { trimEndRun, trimRuns } from './trim-end-run.js';

describe('trimming a run of characters off the end in one pass', () => {
  it('trims what the pattern accepts at the end (and at both ends), nothing inside', () => {
    expect(trimEndRun('card_arrival. . .', /[.\s]/)).toBe('card_arrival');
    expect(trimEndRun('a---b', /-/)).toBe('a---b');
    expect(trimEndRun('...', /\./)).toBe('');
    expect(trimEndRun('', /\./)).toBe('');
    expect(trimRuns('"`card`"', /["'`]/)).toBe('card');
    expect(trimRuns('x"y', /"/)).toBe('x"y');
  });
});
