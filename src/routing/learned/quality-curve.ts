/**
 * The routed-quality curve and the measures read off it. Requests are sent to the strong target in
 * order of the router's doubt (lowest "cheap is good enough" score first); the curve is the mean
 * quality as that share grows from 0 (all cheap) to 1 (all strong). Tied scores are moved as one
 * group and the curve is straight across the group, which is what routing a random part of a tie
 * gives on average, so a router with few distinct scores (prompt length, say) is not flattered by
 * an arbitrary tie order.
 */

import { normalQuantile } from './normal-quantile.js';

/** One request's outcome: how good each target's answer was, each in [0, 1]. */
export interface Outcome {
  weakScore: number;
  strongScore: number;
}

export interface CurvePoint {
  /** Share of requests sent to the strong target. */
  strongShare: number;
  /** Mean quality of the routed answers. */
  quality: number;
  /** Cheap when the router's score is at least this; `Infinity` at the all-strong end. */
  threshold: number;
  /**
   * Standard error of `quality` as an estimate of the routed quality on new requests, from the
   * spread of the per-request quality given up (strong − weak on requests sent cheap).
   */
  se: number;
}

/**
 * The curve for a router's scores (higher = cheap is more likely good enough) on known outcomes.
 *
 * @example qualityCurve([0.9, 0.1], [{ weakScore: 1, strongScore: 1 }, { weakScore: 0, strongScore: 1 }])
 * // [{ strongShare: 0, quality: 0.5, threshold: 0.1, se: 0.354 }, { strongShare: 0.5, quality: 1, threshold: 0.9, se: 0 }, { strongShare: 1, quality: 1, threshold: Infinity, se: 0 }]
 */
export function qualityCurve(scores: readonly number[], outcomes: readonly Outcome[]): CurvePoint[] {
  const n = outcomes.length;
  if (n === 0 || scores.length !== n) throw new RangeError(`qualityCurve needs one score per outcome (got ${scores.length} scores, ${n} outcomes)`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let quality = outcomes.reduce((sum, o) => sum + o.weakScore, 0) / n;
  // Sums of the quality given up per request (strong − weak while it goes cheap, 0 once strong).
  let lost = 0;
  let lostSquares = 0;
  for (const o of outcomes) {
    lost += o.strongScore - o.weakScore;
    lostSquares += (o.strongScore - o.weakScore) ** 2;
  }
  const se = () => Math.sqrt(Math.max(lostSquares / n - (lost / n) ** 2, 0) / n);
  const points: CurvePoint[] = [{ strongShare: 0, quality, threshold: scores[order[0] as number] as number, se: se() }];
  let i = 0;
  while (i < n) {
    const score = scores[order[i] as number] as number;
    let j = i;
    while (j < n && scores[order[j] as number] === score) {
      const o = outcomes[order[j] as number] as Outcome;
      const gap = o.strongScore - o.weakScore;
      quality += gap / n;
      lost -= gap;
      lostSquares -= gap * gap;
      j++;
    }
    const threshold = j < n ? (scores[order[j] as number] as number) : Number.POSITIVE_INFINITY;
    points.push({ strongShare: j / n, quality, threshold, se: j < n ? se() : 0 });
    i = j;
  }
  return points;
}

/** Mean quality with every request sent to the weak (`0`) or the strong (`1`) end of a curve. */
function ends(curve: readonly CurvePoint[]): { weak: number; strong: number } {
  return { weak: (curve[0] as CurvePoint).quality, strong: (curve[curve.length - 1] as CurvePoint).quality };
}

/**
 * Average performance gap recovered (RouteLLM): the area under the curve between the weak and the
 * strong quality lines, as a share of the area between them. 0.5 is what random routing gets.
 *
 * @example apgr(qualityCurve(scores, outcomes)) // 0.67
 */
export function apgr(curve: readonly CurvePoint[]): number {
  const { weak, strong } = ends(curve);
  let area = 0;
  for (let k = 1; k < curve.length; k++) {
    const a = curve[k - 1] as CurvePoint;
    const b = curve[k] as CurvePoint;
    area += ((b.strongShare - a.strongShare) * (a.quality + b.quality)) / 2;
  }
  return (area - weak) / (strong - weak);
}

/**
 * The smallest strong-call share at which the curve first reaches `quality` (linear between
 * points), or undefined when it never does.
 *
 * @example shareToReach(curve, 0.95 * strongQuality) // 0.41
 */
export function shareToReach(curve: readonly CurvePoint[], quality: number): number | undefined {
  const first = curve[0] as CurvePoint;
  if (first.quality >= quality) return 0;
  for (let k = 1; k < curve.length; k++) {
    const a = curve[k - 1] as CurvePoint;
    const b = curve[k] as CurvePoint;
    if (b.quality >= quality) return a.strongShare + ((quality - a.quality) / (b.quality - a.quality)) * (b.strongShare - a.strongShare);
  }
  return undefined;
}

/**
 * Call-performance threshold CPT(x) (RouteLLM): the strong-call share needed to recover `x` of the
 * gap between the weak and the strong target's quality.
 *
 * @example cpt(curve, 0.5) // 0.29
 */
export function cpt(curve: readonly CurvePoint[], recovered: number): number | undefined {
  const { weak, strong } = ends(curve);
  return shareToReach(curve, weak + recovered * (strong - weak));
}

export interface ThresholdChoice {
  /** Cheap when the router's score is at least this (`Infinity`: always strong). */
  threshold: number;
  strongShare: number;
  /** Routed quality as a share of the all-strong quality, as measured. */
  qualityRatio: number;
  /** The same, at the lower confidence bound that was required to reach `minQuality`. */
  qualityRatioLow: number;
}

/**
 * The threshold that sends the fewest requests to the strong target while keeping the routed
 * quality at least `minQuality` of the all-strong quality on the given (validation) outcomes, with
 * `confidence`: the one-sided normal lower bound of the routed quality must reach the target. At
 * 0.5 the measured point is taken as is, which on new data misses the target about half the time
 * (the cheapest point that passes on one sample is the luckiest); 0.9 leaves a margin that shrinks
 * as the validation split grows.
 *
 * @example chooseThreshold(scores, outcomes, 0.95, 0.9) // { threshold: 0.47, strongShare: 0.44, qualityRatio: 0.962, qualityRatioLow: 0.951 }
 */
export function chooseThreshold(scores: readonly number[], outcomes: readonly Outcome[], minQuality: number, confidence = 0.5): ThresholdChoice {
  return pickOnCurve(qualityCurve(scores, outcomes), minQuality, confidence);
}

/** `chooseThreshold` on an already computed curve (also used on the curve stored in a model file). */
export function pickOnCurve(curve: readonly CurvePoint[], minQuality: number, confidence = 0.5): ThresholdChoice {
  const strong = (curve[curve.length - 1] as CurvePoint).quality;
  const z = confidence === 0.5 ? 0 : normalQuantile(confidence);
  for (const point of curve) {
    const ratio = strong > 0 ? point.quality / strong : 1;
    const low = strong > 0 ? (point.quality - z * point.se) / strong : 1;
    // A hair of tolerance: the ratio of sums picks up float error exactly at the target.
    if (low >= minQuality - 1e-12) return { threshold: point.threshold, strongShare: point.strongShare, qualityRatio: ratio, qualityRatioLow: low };
  }
  return { threshold: Number.POSITIVE_INFINITY, strongShare: 1, qualityRatio: 1, qualityRatioLow: 1 };
}
