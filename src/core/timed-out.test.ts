import { describe, expect, it } from 'vitest';
import { timedOut } from './timed-out.js';

describe('timedOut', () => {
  it('says false for work done in time, true for work that is not, and passes on a failure in time', async () => {
    expect(await timedOut(Promise.resolve('done'), 1_000)).toBe(false);
    const started = performance.now();
    expect(await timedOut(new Promise(() => undefined), 30)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    await expect(timedOut(Promise.reject(new Error('failed')), 1_000)).rejects.toThrow('failed');
  });
});
