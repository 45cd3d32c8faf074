import { describe, expect, it } from 'vitest';
import { retrainAdvice } from './erasure-routes.js';

describe('retrainAdvice', () => {
  it('names the routes whose live model may have learnt from erased examples, with a command that runs', () => {
    const advice = retrainAdvice([
      { route: 'intent', examples: 3, liveVersion: 4, mayHaveLearnt: true },
      { route: 'older', examples: 1, liveVersion: 2, mayHaveLearnt: false },
    ]);
    expect(advice).toMatch(/^intent \(live version 4\): the live version was registered after the erased examples/);
    expect(advice).not.toContain('older');
    // `local train` requires --data and --out.
    expect(advice).toContain('switchyard local train --data FILE --out MODEL --route ROUTE --promote -c CONFIG');
  });

  it('says nothing when no live model can have learnt from them', () => {
    expect(retrainAdvice([{ route: 'r', examples: 2, liveVersion: null, mayHaveLearnt: false }])).toBeUndefined();
    expect(retrainAdvice([])).toBeUndefined();
  });
});
