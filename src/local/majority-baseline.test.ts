import { describe, expect, it } from 'vitest';
import { majorityBaseline } from './majority-baseline.js';
import type { Example } from './types.js';

const file = (counts: Record<string, number>): Example[] => Object.entries(counts).flatMap(([label, n]) => Array.from({ length: n }, (_, i) => ({ text: `${label} ${i}`, label })));

describe('majorityBaseline', () => {
  it('names the commonest label and its share', () => {
    const baseline = majorityBaseline(file({ a: 97, b: 3 }), 0.97, 750);
    expect(baseline.label).toBe('a');
    expect(baseline.share).toBeCloseTo(0.97, 12);
  });

  it('is not beaten by a held-out accuracy within noise of always answering that label', () => {
    expect(majorityBaseline(file({ a: 970, b: 30 }), 0.9707, 750).beaten).toBe(false);
    expect(majorityBaseline(file({ a: 970, b: 30 }), 0.95, 750).beaten).toBe(false);
    expect(majorityBaseline(file({ a: 970, b: 30 }), 0.995, 750).beaten).toBe(true);
  });

  it('is beaten by a model that separates imbalanced labels, and by any good model on balanced ones', () => {
    expect(majorityBaseline(file({ banking: 80, travel: 5, home: 5, auto: 5, kitchen: 5 }), 0.97, 1875).beaten).toBe(true);
    expect(majorityBaseline(file({ a: 50, b: 50 }), 0.6, 200).beaten).toBe(true);
  });

  it('weighs examples that stand for many requests by their weight', () => {
    const examples: Example[] = [...file({ a: 10 }), ...file({ b: 30 }).map((e) => ({ ...e, weight: 0.1 }))];
    expect(majorityBaseline(examples, 0.8, 100)).toMatchObject({ label: 'a' });
  });
});
