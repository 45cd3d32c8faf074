import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/seeded-random.js';
import type { CalibrationReport } from '../judge/calibrate-judge.js';
import { agreementReport } from '../judge/agreement-report.js';
import { judgeSpec } from '../judge/judge-spec.js';
import { agreementValue, formatCalibration } from './format-comparison.js';

/** A calibration whose chosen judge scored the test items as given. */
function calibration(human: number[], judge: number[]): CalibrationReport {
  const chosen = { label: 'rubric 1', spec: judgeSpec({ model: 'claude', rubric: 'Correct?', scale: [1, 5], anchors: [] }), devKappa: 1, devScored: 4, failures: 0 };
  return { chosen, candidates: [chosen], dev: 4, test: agreementReport(human, judge, [1, 5], { random: seededRandom(8) }), testFailures: 0 };
}

describe('agreementValue', () => {
  it('writes an estimate with its interval, and n beside an interval that is the rule of three', () => {
    expect(agreementValue({ estimate: 0.969, low: 0.901, high: 1, level: 0.95 }, 15)).toBe('0.969 [0.901, 1.000]');
    expect(agreementValue({ estimate: 1, low: 0.139, high: 1, level: 0.95, ruleOfThree: true }, 15)).toBe('1.000 [0.139, 1.000] (rule of three, n = 15)');
  });

  it('shows no interval, and says n is too small, for one stored with zero width (a judge saved before the rule)', () => {
    expect(agreementValue({ estimate: 1, low: 1, high: 1, level: 0.95 }, 4)).toBe('1.000 (no interval: n = 4 too small)');
    expect(agreementValue({ estimate: Number.NaN, low: Number.NaN, high: Number.NaN, level: 0.95 }, 4)).toBe('-');
  });
});

describe('formatCalibration', () => {
  it('says why a perfect judge on four items has a wide interval, naming the rows and n', () => {
    const text = formatCalibration(calibration([5, 4, 2, 1], [5, 4, 2, 1]));
    expect(text).toMatch(/quadratic-weighted κ +│ 1\.000 \[-0\.\d{3}, 1\.000\] \(rule of three, n = 4\)/);
    expect(text).toMatch(/leniency bias \(judge − human\) +│ 0\.000 \[-3\.000, 3\.000\] \(rule of three, n = 4\)/);
    expect(text).not.toMatch(/\[1\.000, 1\.000\]/);
    expect(text).toContain("κ, ρ, bias: the judge agrees with people the same way on all 4 test items, where a bootstrap collapses to a point; the interval is the rule of three's (those items miss a disagreement on up to 3 in 4), the value with 3 of them re-scored as far off as the scale allows");
  });

  it('adds no such line when the items disagree in different ways', () => {
    const text = formatCalibration(calibration([1, 2, 3, 4, 5, 1, 2, 3, 4, 5], [1, 2, 3, 4, 4, 2, 2, 3, 5, 5]));
    expect(text).toMatch(/quadratic-weighted κ +│ 0\.919 \[0\.\d{3}, 1\.000\] +│/);
    expect(text).not.toMatch(/rule of three/);
  });
});
