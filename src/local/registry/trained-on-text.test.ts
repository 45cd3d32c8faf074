import { describe, expect, it } from 'vitest';
import { trainedOnParts, trainedOnText } from './trained-on-text.js';

describe("a version's examples by source", () => {
  it('reads the three sources in the words switchyard models and the dashboard use', () => {
    expect(trainedOnText({ file: 800, teacher: 212, review: 3 })).toBe('800 file · 212 traced · 3 reviewed');
    expect(trainedOnText({ file: 12_000, teacher: 0, review: 1 }, (n) => `${n / 1000}k`, '\u00a0')).toBe('12k\u00a0file · 0k\u00a0traced · 0.001k\u00a0reviewed');
    expect(trainedOnText(undefined)).toBe('–');
  });

  it('reads no more of a hostile row than three whole counts', () => {
    const hostile = { file: '9'.repeat(100_000), teacher: 7, review: -1, ...Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`s${i}`, i])) };
    expect(trainedOnParts(hostile)).toEqual([[7, 'traced']]);
    for (const odd of ['x'.repeat(100_000), [1, 2, 3], null, 5, { file: 1.5, teacher: Number.NaN, review: 1e300 }, Object.create({ file: 4 })]) {
      expect(trainedOnText(odd)).toBe('–');
    }
  });
});
