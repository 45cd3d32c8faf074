import { describe, expect, it } from 'vitest';
import { progressBar } from './progress.js';

describe('eval progress without a terminal (a CI log)', () => {
  it('writes a plain line at most once a minute, with how far and how long, and nothing for a short run', () => {
    const written: string[] = [];
    let now = 0;
    const bar = progressBar('eval', { stream: { isTTY: false, write: (chunk: string | Uint8Array) => (written.push(String(chunk)), true) }, clock: { now: () => now } });
    bar.update(0, 10_000);
    now = 30_000;
    bar.update(500, 10_000);
    expect(written).toEqual([]);
    now = 60_000;
    bar.update(1_000, 10_000);
    now = 90_000;
    bar.update(1_500, 10_000);
    now = 120_000;
    bar.update(2_000, 10_000);
    expect(written).toEqual(['eval: 1,000 of 10,000 case×variant (10%), about 9 min left\n', 'eval: 2,000 of 10,000 case×variant (20%), about 8 min left\n']);
    expect(written.join('')).not.toMatch(/\u001b/);
    // The last update (the run done) says nothing: the report follows.
    now = 600_000;
    bar.update(10_000, 10_000);
    bar.stop();
    expect(written).toHaveLength(2);
  });
});
