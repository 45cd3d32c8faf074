import { describe, expect, it } from 'vitest';
import { chooseUnseenCutoff } from './unseen-cutoff.js';

describe('chooseUnseenCutoff', () => {
  it('is the lowest share that at most the allowed share of held-out requests exceed', () => {
    const shares = [0, 0, 0, 0, 0.1, 0.1, 0.2, 0.25, 0.5, 1];
    expect(chooseUnseenCutoff(shares, 0.1)).toBe(0.5); // only the 1 is above
    expect(chooseUnseenCutoff(shares, 0.2)).toBe(0.25); // the 0.5 and the 1
    expect(chooseUnseenCutoff(shares, 0.01)).toBe(1); // none may be above: the largest share
  });

  it('keeps equal shares on one side: two requests at 0.5 cannot be split by a 10% budget', () => {
    expect(chooseUnseenCutoff([0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.5], 0.1)).toBe(0.5);
    expect(chooseUnseenCutoff([0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.5], 0.2)).toBe(0);
  });

  it('counts a request by the weight it stands for', () => {
    expect(chooseUnseenCutoff([0, 0, 0.5, 1], 0.25)).toBe(0.5);
    expect(chooseUnseenCutoff([0, 0, 0.5, 1], 0.25, [1, 1, 1, 3])).toBe(1);
  });

  it('is off (null) at a budget of 0 or without held-out requests', () => {
    expect(chooseUnseenCutoff([0, 0.5], 0)).toBeNull();
    expect(chooseUnseenCutoff([], 0.01)).toBeNull();
  });
});
