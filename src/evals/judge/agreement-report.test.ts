import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/seeded-random.js';
import { agreementReport, MIN_LABELS_FOR_CONFIDENCE } from './agreement-report.js';

/*
 * Ten items worked by hand on the 1–5 scale. Judge vs human differs by one on items 5, 6 and 9:
 *   confusion (rows human, columns judge): [1 1 0 0 0] [0 2 0 0 0] [0 0 2 0 0] [0 0 0 1 1] [0 0 0 1 1]
 *   row sums 2,2,2,2,2; column sums 1,3,2,2,2; quadratic weights (i−j)²/16.
 *   observed weighted disagreement: three off-by-one pairs = 3/16.
 *   expected: (2/10)·Σ_j c_j·Σ_i (i−j)²/16 = 0.2·(30 + 3·15 + 2·10 + 2·15 + 2·30)/16 = 37/16.
 *   κ = 1 − (3/16)/(37/16) = 34/37 ≈ 0.9189.
 *   exact 7/10, within one 10/10, bias (+1 −1 +1... ) = (−1 + 1 + 1)/10 = 0.1.
 *   Wilson 95% interval for 7 of 10: 0.3968 to 0.8922; Spearman ρ ≈ 0.9308 (ranks with ties averaged).
 */
const human = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5];
const judge = [1, 2, 3, 4, 4, 2, 2, 3, 5, 5];

describe('agreementReport', () => {
  // Computed inside each test, so a mutation run knows which tests cover which code.
  const tenItems = () => agreementReport(human, judge, [1, 5], { random: seededRandom(11) });

  it('reports the hand-computed point estimates', () => {
    const report = tenItems();
    expect(report.n).toBe(10);
    expect(report.confusion.labels).toEqual([1, 2, 3, 4, 5]);
    expect(report.confusion.counts).toEqual([
      [1, 1, 0, 0, 0],
      [0, 2, 0, 0, 0],
      [0, 0, 2, 0, 0],
      [0, 0, 0, 1, 1],
      [0, 0, 0, 1, 1],
    ]);
    expect(report.kappa.estimate).toBeCloseTo(34 / 37, 12);
    expect(report.exact.estimate).toBe(0.7);
    expect(report.withinOne.estimate).toBe(1);
    expect(report.bias.estimate).toBeCloseTo(0.1, 12);
    expect(report.spearman.estimate).toBeCloseTo(0.930836020039261, 10);
    expect(report.exact.low).toBeCloseTo(0.39677814746114537, 10);
    expect(report.exact.high).toBeCloseTo(0.8922087325936989, 10);
    expect(report.withinOne.high).toBe(1);
    expect(report.flipRate).toBeNull();
  });

  it('gives the bootstrap statistics intervals that resample the items (not zero width)', () => {
    const report = tenItems();
    for (const name of ['kappa', 'spearman', 'bias'] as const) {
      const interval = report[name];
      expect(interval.level).toBe(0.95);
      expect(interval.low, name).toBeLessThan(interval.estimate);
      expect(interval.high, name).toBeGreaterThan(interval.low);
    }
    // Resampling 10 items with three off-by-one pairs: some resamples hold fewer of them.
    expect(report.kappa.high).toBeGreaterThan(report.kappa.estimate);
    expect(report.bias.low).toBeLessThan(0);
    expect(report.bias.high).toBeGreaterThan(0.1);
  });

  it('pairs each human score with the judge score of the same item when resampling', () => {
    // A judge that always agrees: every resample agrees too, so the bootstrap collapses on 1 and
    // 0 and the rule of three gives the intervals instead (agreementInterval), around them.
    const same = agreementReport(human, human, [1, 5], { random: seededRandom(3) });
    expect(same.kappa).toMatchObject({ estimate: 1, high: 1, ruleOfThree: true });
    expect(same.bias).toMatchObject({ estimate: 0, ruleOfThree: true });
  });

  it('gives a judge that agrees with people on every one of a few items intervals that say how few, not [1, 1]', () => {
    const four = agreementReport([5, 4, 2, 1], [5, 4, 2, 1], [1, 5], { random: seededRandom(3) });
    for (const name of ['kappa', 'spearman', 'bias'] as const) {
      expect(four[name].ruleOfThree, name).toBe(true);
      expect(four[name].high - four[name].low, name).toBeGreaterThan(1);
    }
    expect(four.kappa.low).toBeLessThan(0);
    // Three of four items re-scored (1, 5) or (5, 1) move the mean difference by ±3·4/4.
    expect(four.bias.low).toBeCloseTo(-3, 12);
    expect(four.bias.high).toBeCloseTo(3, 12);
    expect(four.exact).toMatchObject({ estimate: 1, high: 1 });
    expect(four.exact.low).toBeCloseTo(0.5101, 4);
  });

  it('reports the flip rate with a Wilson interval when runs were compared', () => {
    const flips = agreementReport(human, judge, [1, 5], { random: seededRandom(1), flips: { changed: 7, of: 10 } });
    expect(flips.flipRate?.estimate).toBe(0.7);
    expect(flips.flipRate?.low).toBeCloseTo(0.39677814746114537, 10);
  });

  it('warns about a small sample, naming the exact-agreement interval in whole percent', () => {
    const report = tenItems();
    expect(report.warnings).toEqual([
      `only 10 human labels in the test split: exact agreement could be anywhere from 40% to 89% (95% interval); score at least ${MIN_LABELS_FOR_CONFIDENCE}–50 items before relying on this judge`,
    ]);
    const many = Array.from({ length: MIN_LABELS_FOR_CONFIDENCE }, (_, i) => (i % 5) + 1);
    expect(agreementReport(many, many, [1, 5], { random: seededRandom(1) }).warnings).toEqual([]);
    const fewer = many.slice(0, MIN_LABELS_FOR_CONFIDENCE - 1);
    expect(agreementReport(fewer, fewer, [1, 5], { random: seededRandom(1) }).warnings).toHaveLength(1);
  });

  it('warns when κ is undefined because every score is the same', () => {
    const flat = Array.from({ length: 40 }, () => 3);
    const r = agreementReport(flat, flat, [1, 5], { random: seededRandom(1) });
    expect(Number.isNaN(r.kappa.estimate)).toBe(true);
    expect(r.warnings).toEqual(['κ is undefined: every human (or judge) score in the test split is the same; include items across the whole scale']);
  });

  it('says which way the judge leans once its bias reaches half a point', () => {
    const people = Array.from({ length: 40 }, (_, i) => (i % 4) + 1);
    const lenient = people.map((s, i) => (i % 2 === 0 ? s + 1 : s));
    expect(agreementReport(people, lenient, [1, 5], { random: seededRandom(1) }).warnings).toEqual(['the judge scores 0.50 points higher (more lenient) than people on average']);
    const strict = people.map((s) => s + 1);
    expect(agreementReport(strict, people, [1, 5], { random: seededRandom(1) }).warnings).toEqual(['the judge scores 1.00 points lower (stricter) than people on average']);
    const slight = people.map((s, i) => (i % 4 === 0 ? s + 1 : s));
    expect(agreementReport(people, slight, [1, 5], { random: seededRandom(1) }).warnings).toEqual([]);
  });

  it('uses the scale given, so a 0–1 scale has two categories', () => {
    const r = agreementReport([0, 1, 1, 0], [0, 1, 0, 0], [0, 1], { random: seededRandom(1) });
    expect(r.confusion).toEqual({ labels: [0, 1], counts: [[2, 0], [1, 1]] });
    // Two categories: unweighted κ = (po − pe)/(1 − pe) = (0.75 − 0.5)/(1 − 0.5) = 0.5.
    expect(r.kappa.estimate).toBeCloseTo(0.5, 12);
  });
});
