import { describe, expect, it } from 'vitest';
import type { TraceSignal } from '../signals/trace-signal.js';
import { testCategories } from './feature-tests.js';

const signals = (labels: string[]): TraceSignal[] => labels.map((localLabel, i) => ({ traceId: `t${i}`, localLabel }) as unknown as TraceSignal);
const thresholds = { alpha: 0.01, minPsi: 0.1, minKs: 0.1, minSamples: 5 };

describe('testCategories', () => {
  it('counts categories named after prototype members as any other (a local model\'s labels come from a user\'s data file)', () => {
    const reference = signals([...Array<string>(20).fill('billing'), ...Array<string>(20).fill('__proto__')]);
    const current = signals([...Array<string>(20).fill('billing'), ...Array<string>(20).fill('constructor')]);
    const drift = testCategories('local_label', reference, current, (s) => s.localLabel ?? undefined, thresholds, 0.01, (c) => c);
    // "constructor" in the current window only: its count in the reference was read as Object itself.
    expect(Number.isFinite(drift.statistic) && Number.isFinite(drift.effect)).toBe(true);
    expect(drift.drifted).toBe(true);
    expect(drift.changes?.map((c) => [c.category, c.reference, c.current]).sort()).toEqual([
      ['__proto__', 0.5, 0],
      ['billing', 0.5, 0.5],
      ['constructor', 0, 0.5],
    ]);
  });
});
