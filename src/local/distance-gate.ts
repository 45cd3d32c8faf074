import { SwitchyardError } from '../core/errors.js';
import { atThreshold, chooseThreshold, type ScoredOutcome } from './calibration/threshold.js';
import { chooseUnseenCutoff } from './calibration/unseen-cutoff.js';
import { dequantizeRows, quantizeRows } from './model-file/quantize.js';
import { rowOf, type SparseDataset } from './sparse-dataset.js';
import type { Embedding } from './train/centre-loss-embedding.js';
import type { SparseVector } from './types.js';

/** ADB's boundary loss (Zhang et al. 2021): epochs and step of each label's radius, as the oos bench fixed them. */
const RADIUS_EPOCHS = 100;
const RADIUS_STEP = 0.05;

/**
 * The second out-of-scope check: a request's embedding (a centre-loss network's first layer) is
 * compared with its predicted label's centre, as a multiple of that label's radius. A request
 * further out than `maxRatio` escalates whatever its confidence: a text of no label the model
 * knows lands away from every centre, while max-probability often still picks one confidently.
 *
 * @example model.distanceGate?.ratio(features, n, labelIndex) // 0.8: inside the label's radius
 */
export class DistanceGate {
  readonly embedding: Embedding;
  /** Label means of the training texts' embeddings, labels × dimensions. */
  readonly centres: Float32Array;
  /** Each label's radius (ADB's boundary loss over its training texts). */
  readonly radii: Float32Array;
  /** Escalate when distance / radius is above this (chosen with the threshold on validation). */
  readonly maxRatio: number;
  private readonly h: Float64Array;

  constructor(embedding: Embedding, centres: Float32Array, radii: Float32Array, maxRatio: number) {
    const d = embedding.dimensions;
    if (embedding.bias.length !== d || centres.length !== radii.length * d) throw new SwitchyardError('internal', `distance gate: ${centres.length} centre values for ${radii.length} labels × ${d} dimensions`);
    this.embedding = embedding;
    this.centres = centres;
    this.radii = radii;
    this.maxRatio = maxRatio;
    this.h = new Float64Array(d);
  }

  /** The embedding of the first `n` features (a scratch array, overwritten by the next call). */
  embed(x: SparseVector, n: number): Float64Array {
    const { dimensions: d, weights, bias } = this.embedding;
    const h = this.h;
    for (let k = 0; k < d; k++) h[k] = bias[k] as number;
    for (let i = 0; i < n; i++) {
      const v = x.values[i] as number;
      const row = (x.indices[i] as number) * d;
      for (let k = 0; k < d; k++) h[k] = (h[k] as number) + v * (weights[row + k] as number);
    }
    return h;
  }

  /** Distance from the first `n` features' embedding to `label`'s centre, over its radius. */
  ratio(x: SparseVector, n: number, label: number): number {
    const d = this.embedding.dimensions;
    const h = this.embed(x, n);
    let sum = 0;
    const c = label * d;
    for (let k = 0; k < d; k++) {
      const diff = (h[k] as number) - (this.centres[c + k] as number);
      sum += diff * diff;
    }
    return Math.sqrt(sum) / Math.max(this.radii[label] as number, 1e-9);
  }

  /** The same gate at another cut-off. */
  withMaxRatio(maxRatio: number): DistanceGate {
    return new DistanceGate(this.embedding, this.centres, this.radii, maxRatio);
  }
}

/**
 * The embedding as it will be served (int8 rows, as the model file stores it), label centres and
 * ADB radii from the training rows. The cut-off is left at Infinity for `certifyWithGate`.
 */
export function fitDistanceGate(embedding: Embedding, data: SparseDataset, labels: Int32Array, classes: number): DistanceGate {
  const d = embedding.dimensions;
  const { values, scales } = quantizeRows(embedding.weights, d);
  const served: Embedding = { dimensions: d, weights: dequantizeRows(values, scales, d), bias: embedding.bias };
  const open = new DistanceGate(served, new Float32Array(classes * d), Float32Array.from({ length: classes }, () => 1), Infinity);
  const embedded = new Float64Array(data.rows * d);
  const counts = new Float64Array(classes);
  const sums = new Float64Array(classes * d);
  for (let r = 0; r < data.rows; r++) {
    const x = rowOf(data, r);
    const h = open.embed(x, x.indices.length);
    embedded.set(h, r * d);
    const t = labels[r] as number;
    counts[t] = (counts[t] as number) + 1;
    for (let k = 0; k < d; k++) sums[t * d + k] = (sums[t * d + k] as number) + (h[k] as number);
  }
  const centres = Float32Array.from(sums, (s, i) => s / Math.max(1, counts[Math.floor(i / d)] as number));
  const distances = new Float64Array(data.rows);
  for (let r = 0; r < data.rows; r++) {
    const c = (labels[r] as number) * d;
    let sum = 0;
    for (let k = 0; k < d; k++) sum += ((embedded[r * d + k] as number) - (centres[c + k] as number)) ** 2;
    distances[r] = Math.sqrt(sum);
  }
  // Radius = softplus(δ), δ stepped while more of a label's texts are outside than inside (and back).
  const delta = new Float64Array(classes);
  for (let e = 0; e < RADIUS_EPOCHS; e++) {
    const g = new Float64Array(classes);
    for (let r = 0; r < data.rows; r++) {
      const j = labels[r] as number;
      const radius = Math.log1p(Math.exp(delta[j] as number));
      const slope = 1 / (1 + Math.exp(-(delta[j] as number)));
      g[j] = (g[j] as number) + ((distances[r] as number) > radius ? -1 : 1) * slope;
    }
    for (let j = 0; j < classes; j++) delta[j] = (delta[j] as number) - (RADIUS_STEP * (g[j] as number)) / Math.max(1, counts[j] as number);
  }
  return new DistanceGate(served, centres, Float32Array.from(delta, (v) => Math.log1p(Math.exp(v))), Infinity);
}

/** Times the gate's share is halved when the gate costs certified coverage, before the model does without it. */
const SHARE_HALVINGS = 2;

export interface GateCertification {
  /** The confidence threshold, certified with the gate in place. */
  threshold: number;
  /** Escalate when distance / radius is above this. */
  maxRatio: number;
  /** The share of answerable held-out requests the gate was allowed to escalate (after any halving), or did (`ranks`). */
  share: number;
  /** How the cut-off was chosen: by share (`certifyByShare`) or jointly with the threshold (`certifyByRanks`). */
  rule: 'share' | 'ranks';
  /** The held-out outcomes with the gate applied (confidence −1: escalated by the gate or anyway). */
  outcomes: ScoredOutcome[];
}

/**
 * Held-out coverage the joint certification (`certifyByRanks`) must add over the share's gate to
 * be taken instead: five certification steps, far above the one step either can gain by chance.
 */
const JOINT_MARGIN = 0.1;

/**
 * Chooses the gate's cut-off and the confidence threshold on the validation split, two ways, and
 * keeps the joint one only when it certifies far more held-out coverage (`JOINT_MARGIN`):
 * - by share (`certifyByShare`): the cut-off that a set share of held-out requests exceed, the
 *   threshold certified with it. Costs a few tenths of a point of coverage, the usual choice;
 * - jointly (`certifyByRanks`): the precision target certified on the smaller of each request's
 *   two validation ranks. On banking77 it costs 2.4 points of test coverage (1 on validation), but
 *   where max-probability ranks held-out answers poorly (SQuAD questions by article, held out by
 *   newest paragraph) it certifies 52–58% of them instead of 6–10% (test 68–74% instead of
 *   18–25%, at 97–98.5% precision).
 * Null when neither certifies a threshold (the model then does without the gate).
 *
 * @example certifyWithGate(outcomes, ratios, 0.95, 1.645, 0.025) // { threshold: 0.74, maxRatio: 2.6, share: 0.025, outcomes }
 */
export function certifyWithGate(outcomes: readonly ScoredOutcome[], ratios: readonly number[], minPrecision: number, z: number, maxShare: number): GateCertification | null {
  const byShare = certifyByShare(outcomes, ratios, minPrecision, z, maxShare);
  const byRanks = certifyByRanks(outcomes, ratios, minPrecision, z);
  if (byRanks === null) return byShare;
  const usual = byShare ? byShare : { outcomes, threshold: chooseThreshold(outcomes, minPrecision, z).threshold };
  const gain = atThreshold(byRanks.outcomes, byRanks.threshold).coverage - atThreshold(usual.outcomes, usual.threshold).coverage;
  return gain >= JOINT_MARGIN ? byRanks : byShare;
}

/**
 * The gate by share: the cut-off is
 * the distance ratio that at most `maxShare` of the answerable held-out requests exceed (as the
 * unfamiliarity check's cut-off is chosen), so it is set on in-scope data only and costs about
 * that share whatever the out-of-scope traffic is; the threshold is then certified for
 * `minPrecision` with the gate in place. A coverage floor guards the pair: the held-out coverage
 * with both cut-offs may fall short of what max-probability alone answers by the gate's share at
 * most. When it falls further (the gate took right answers the threshold then had to rise for),
 * the share is halved, twice at most, and failing that the model does without the gate (null).
 * Null too when no threshold is certified with it.
 *
 * Why not the joint certification alone (the first version): it certified the gate at a
 * ratio about 2.0, which escalated 2–3% of banking77's answerable test requests, and cost 2.4
 * points of test coverage (85.7 → 83.3%) against 1 point on validation: the served classifier is
 * refit on the validation texts too, so on new requests it is surer than the held-out model the
 * threshold was certified on, and the lower threshold the gate bought gave less back than the
 * gate took (docs/measurements.md, "the distance gate's cut-off chosen by share").
 *
 * @example certifyByShare(outcomes, ratios, 0.95, 1.645, 0.03) // { threshold: 0.74, maxRatio: 2.5, share: 0.03, outcomes }
 */
export function certifyByShare(outcomes: readonly ScoredOutcome[], ratios: readonly number[], minPrecision: number, z: number, maxShare: number): GateCertification | null {
  const answerable = outcomes.map((o, i) => (o.confidence >= 0 ? i : -1)).filter((i) => i >= 0);
  if (answerable.length === 0 || maxShare <= 0) return null;
  // What max-probability alone answers: the gate may take its share of that, and no more.
  const floor = atThreshold(outcomes, chooseThreshold(outcomes, minPrecision, z).threshold).coverage;
  const answerableRatios = answerable.map((i) => ratios[i] as number);
  const weights = answerable.map((i) => (outcomes[i] as ScoredOutcome).weight ?? 1);
  for (let halvings = 0, share = maxShare; halvings <= SHARE_HALVINGS; halvings++, share /= 2) {
    const maxRatio = chooseUnseenCutoff(answerableRatios, share, weights) as number;
    const gated = outcomes.map((o, i) => ((ratios[i] as number) > maxRatio && o.confidence >= 0 ? { ...o, confidence: -1 } : o));
    const choice = chooseThreshold(gated, minPrecision, z);
    if (Number.isFinite(choice.threshold) && atThreshold(gated, choice.threshold).coverage >= floor - share) return { threshold: choice.threshold, maxRatio, share, rule: 'share', outcomes: gated };
  }
  return null;
}

/** Rank of each value among `values` (share ≤ it), the transform fitted on validation. */
function ranks(values: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return values.map((v) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as number) <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo / sorted.length;
  });
}

/**
 * The joint certification: a held-out request is scored by the smaller of its two validation
 * ranks (confidence, and nearness to its label's centre), and the precision target is certified on
 * that score as on a confidence. The rank t chosen becomes two cut-offs, each the validation value
 * at rank t: the confidence threshold and the maximum distance ratio, so a served `confidence`
 * stays the calibrated probability. `share` is the share of answerable held-out requests beyond
 * the cut-off. Null when no rank is certified.
 *
 * @example certifyByRanks(outcomes, ratios, 0.95, 1.645) // { threshold: 0.63, maxRatio: 2.0, share: 0.09, outcomes }
 */
export function certifyByRanks(outcomes: readonly ScoredOutcome[], ratios: readonly number[], minPrecision: number, z: number): GateCertification | null {
  const answerable = outcomes.map((o, i) => (o.confidence >= 0 ? i : -1)).filter((i) => i >= 0);
  if (answerable.length === 0) return null;
  const confidenceRank = ranks(answerable.map((i) => (outcomes[i] as ScoredOutcome).confidence));
  const nearnessRank = ranks(answerable.map((i) => -(ratios[i] as number)));
  const joint = outcomes.map((o) => ({ ...o, confidence: -1 }));
  answerable.forEach((i, a) => {
    (joint[i] as ScoredOutcome).confidence = Math.min(confidenceRank[a] as number, nearnessRank[a] as number);
  });
  const { threshold: rank } = chooseThreshold(joint, minPrecision, z);
  if (!Number.isFinite(rank)) return null;
  let threshold = Infinity;
  let maxRatio = -Infinity;
  answerable.forEach((i, a) => {
    if ((confidenceRank[a] as number) >= rank) threshold = Math.min(threshold, (outcomes[i] as ScoredOutcome).confidence);
    if ((nearnessRank[a] as number) >= rank) maxRatio = Math.max(maxRatio, ratios[i] as number);
  });
  const gated = outcomes.map((o, i) => ((ratios[i] as number) > maxRatio && o.confidence >= 0 ? { ...o, confidence: -1 } : o));
  const beyond = answerable.filter((i) => (ratios[i] as number) > maxRatio).length;
  return { threshold, maxRatio, share: beyond / answerable.length, rule: 'ranks', outcomes: gated };
}
