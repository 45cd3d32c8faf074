import { describe, expect, it } from 'vitest';
import { seededRandom, shuffled } from '../../core/seeded-random.js';
import { banking77 } from '../../local/__fixtures__/banking77-sample.js';
import { makeSignal } from '../test-signals.js';
import { DEFAULT_THRESHOLDS } from './drift-types.js';
import { wordMixTest } from './rising-terms.js';

const BASE = ['card_arrival', 'exchange_rate', 'pin_blocked', 'top_up_failed', 'cash_withdrawal_charge', 'lost_or_stolen_card'];
const signals = (texts: readonly string[], prefix: string) => texts.map((prompt, i) => makeSignal({ traceId: `${prefix}${i}`, prompt }));

describe('word-mix test (permutation p-value over word χ² excesses)', () => {
  const base = shuffled(banking77('test', BASE, 40).map((e) => e.text), seededRandom(3));
  const fresh = banking77('test', ['beneficiary_not_allowed'], 40).map((e) => e.text);

  it('finds no difference between two halves of one traffic, and stops permuting early', () => {
    const result = wordMixTest(signals(base.slice(0, 120), 'r'), signals(base.slice(120, 240), 'c'), DEFAULT_THRESHOLDS, seededRandom(1)).at(0.01);
    expect(result.drifted).toBe(false);
    expect(result.pValue).toBeGreaterThan(0.01);
    // Early stop: a p-value far from significance needs few permutations.
    const permutations = Number(/over (\d+) permutations/.exec(result.summary)?.[1] ?? Number.NaN);
    expect(result.statistic === 0 || permutations < 1_000).toBe(true);
  });

  it('finds a new kind of request in a quarter of the traffic, names its word, and is the same for the same seed', () => {
    const reference = signals(base.slice(0, 120), 'r');
    const current = signals([...base.slice(120, 210), ...fresh.slice(0, 30)], 'c');
    const first = wordMixTest(reference, current, DEFAULT_THRESHOLDS, seededRandom(7)).at(0.001);
    expect(first.drifted).toBe(true);
    expect(first.pValue).toBeLessThan(0.001);
    expect(first.summary).toMatch(/prompts mentioning “(beneficiary|transfer|allowed)”: 0\.0% → /);
    expect(first.summary).toMatch(/over 4000 permutations/);
    const again = wordMixTest(reference, current, DEFAULT_THRESHOLDS, seededRandom(7)).at(0.001);
    expect(again.pValue).toBe(first.pValue);
    // Read at a stricter threshold than its p-value resolution, it does not claim drift.
    expect(wordMixTest(reference, current, DEFAULT_THRESHOLDS, seededRandom(7)).at(1e-5).drifted).toBe(false);
  });

  it('skips windows with too few prompts', () => {
    const result = wordMixTest(signals(base.slice(0, 10), 'r'), signals(base.slice(10, 20), 'c'), DEFAULT_THRESHOLDS, seededRandom(1)).at(0.01);
    expect(result.skipped).toBeDefined();
  });
});
