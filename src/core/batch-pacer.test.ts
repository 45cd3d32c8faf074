import { describe, expect, it } from 'vitest';
import { BatchPacer } from './batch-pacer.js';

describe('BatchPacer', () => {
  it('shrinks a batch whose rows are slow to about the target time, and grows it back at most twofold a step', async () => {
    let clock = 0;
    let msPerRow = 0.4;
    const pacer = new BatchPacer(1_000, { targetMs: 20, now: () => clock });
    const asked: number[] = [];
    const batch = async (limit: number) => {
      asked.push(limit);
      clock += limit * msPerRow;
    };
    await pacer.run(batch); // 1,000 rows in 400 ms
    await pacer.run(batch); // 50 rows in 20 ms
    msPerRow = 0.001;
    await pacer.run(batch);
    await pacer.run(batch);
    await pacer.run(batch);
    await pacer.run(batch);
    await pacer.run(batch);
    expect(asked).toEqual([1_000, 50, 50, 100, 200, 400, 800]);
    expect(pacer.limit).toBe(1_000);
  });

  it('never goes below its floor, so a very slow table still makes progress', async () => {
    let clock = 0;
    const pacer = new BatchPacer(1_000, { targetMs: 20, min: 10, now: () => clock });
    await pacer.run(async () => void (clock += 5_000));
    expect(pacer.limit).toBe(10);
  });
});
