import { describe, expect, it } from 'vitest';
import { StatsRecorder } from './stats.js';

describe('the simulator counts models by any name a client sends', () => {
  it('counts "constructor" and "__proto__" as models of their own, before and after a reset', () => {
    const stats = new StatsRecorder(0);
    for (let round = 0; round < 2; round++) {
      // An object literal read Object itself as the count of "constructor" ("function Object() { [native code] }1").
      for (const model of ['constructor', '__proto__', '__proto__', 'toString']) stats.record('POST', '/v1/chat/completions', model, {}, {});
      const { byModel } = stats.snapshot();
      expect(Object.entries(byModel).sort()).toEqual([['__proto__', 2], ['constructor', 1], ['toString', 1]]);
      stats.reset();
    }
  });
});
