import { FEATURES_PER_TOKEN } from './features.js';

/** Tags: outside, person, place (street address or named place). */
export const TAG_O = 0;
export const TAG_PER = 1;
export const TAG_LOC = 2;
export const TAG_COUNT = 3;

/**
 * Weights of a first-order linear-chain tagger: one row of `TAG_COUNT` weights per hashed
 * feature bucket, plus tag-to-tag transitions (row `TAG_COUNT` holds the start transitions).
 */
export interface ChainWeights {
  /** log₂ of the number of feature buckets. */
  bits: number;
  /**
   * `2^bits × TAG_COUNT` emission weights, each to be multiplied by `emissionStep`: float32 with
   * step 1 while training, int16 in a shipped model (half the memory, so more of the table stays
   * in the CPU cache on the request path).
   */
  emission: Float32Array | Int16Array;
  emissionStep: number;
  /** `(TAG_COUNT + 1) × TAG_COUNT` transition weights. */
  transition: Float32Array;
}

/**
 * Sums the emission scores of each token: `out[t × TAG_COUNT + k]` = Σ weights of token t's
 * features for tag k. `ids` holds `FEATURES_PER_TOKEN` bucket ids per token.
 */
export function emissionScores(weights: ChainWeights, ids: Int32Array, count: number, out: Float32Array): void {
  const w = weights.emission;
  const step = weights.emissionStep;
  for (let t = 0; t < count; t += 1) {
    let o = 0;
    let p = 0;
    let l = 0;
    const base = t * FEATURES_PER_TOKEN;
    for (let j = 0; j < FEATURES_PER_TOKEN; j += 1) {
      const row = ids[base + j]! * TAG_COUNT;
      o += w[row]!;
      p += w[row + 1]!;
      l += w[row + 2]!;
    }
    out[t * TAG_COUNT] = o * step;
    out[t * TAG_COUNT + 1] = p * step;
    out[t * TAG_COUNT + 2] = l * step;
  }
}

/**
 * Viterbi decoding: the tag sequence with the highest total of emission and transition scores.
 * `back` is scratch space of at least `count × TAG_COUNT` entries.
 */
export function viterbi(transition: Float32Array, scores: Float32Array, count: number, labels: Uint8Array, back: Uint8Array): void {
  if (count === 0) return;
  // The three tags written out (TAG_COUNT is 3): the same additions and comparisons in the same
  // order as a loop over them, without its index arithmetic and branches per tag.
  const t00 = transition[0]!;
  const t01 = transition[1]!;
  const t02 = transition[2]!;
  const t10 = transition[TAG_COUNT]!;
  const t11 = transition[TAG_COUNT + 1]!;
  const t12 = transition[TAG_COUNT + 2]!;
  const t20 = transition[2 * TAG_COUNT]!;
  const t21 = transition[2 * TAG_COUNT + 1]!;
  const t22 = transition[2 * TAG_COUNT + 2]!;
  let d0 = transition[TAG_COUNT * TAG_COUNT]! + scores[0]!;
  let d1 = transition[TAG_COUNT * TAG_COUNT + 1]! + scores[1]!;
  let d2 = transition[TAG_COUNT * TAG_COUNT + 2]! + scores[2]!;
  for (let t = 1; t < count; t += 1) {
    const e = t * TAG_COUNT;
    let a = d0 + t00;
    let b = d1 + t10;
    let c = d2 + t20;
    let best = a;
    let from = 0;
    if (b > best) {
      best = b;
      from = 1;
    }
    if (c > best) {
      best = c;
      from = 2;
    }
    back[e] = from;
    const n0 = best + scores[e]!;
    a = d0 + t01;
    b = d1 + t11;
    c = d2 + t21;
    best = a;
    from = 0;
    if (b > best) {
      best = b;
      from = 1;
    }
    if (c > best) {
      best = c;
      from = 2;
    }
    back[e + 1] = from;
    const n1 = best + scores[e + 1]!;
    a = d0 + t02;
    b = d1 + t12;
    c = d2 + t22;
    best = a;
    from = 0;
    if (b > best) {
      best = b;
      from = 1;
    }
    if (c > best) {
      best = c;
      from = 2;
    }
    back[e + 2] = from;
    d0 = n0;
    d1 = n1;
    d2 = best + scores[e + 2]!;
  }
  let tag = d0 >= d1 && d0 >= d2 ? 0 : d1 >= d2 ? 1 : 2;
  for (let t = count - 1; t >= 0; t -= 1) {
    labels[t] = tag;
    if (t > 0) tag = back[t * TAG_COUNT + tag]!;
  }
}

/**
 * Per-token tag probabilities of tokens [start, end) by forward–backward over the scores scaled
 * by `scale` (the perceptron's margins are not probabilities; the scale is fitted at training
 * time so that a span's mean probability works as a confidence score). A window that does not
 * start the text starts from a uniform prior: a few tokens in, the boundary no longer matters,
 * so the tagger runs this only around what it tagged. `phi`, `alpha` and `beta` are scratch of
 * `end × TAG_COUNT` entries; `expTransition` holds `exp(scale × transition)`.
 */
export function marginals(
  expTransition: Float64Array,
  scores: Float32Array,
  start: number,
  end: number,
  scale: number,
  scratch: { phi: Float64Array; alpha: Float64Array; beta: Float64Array },
  out: Float32Array,
): void {
  if (end <= start) return;
  const { phi, alpha, beta } = scratch;
  const tr = expTransition;
  for (let t = start; t < end; t += 1) {
    const e = t * TAG_COUNT;
    const m = Math.max(scores[e]!, scores[e + 1]!, scores[e + 2]!);
    for (let k = 0; k < TAG_COUNT; k += 1) phi[e + k] = Math.exp(scale * (scores[e + k]! - m));
  }
  // Scaled forward pass (each step normalised to sum 1, so no logs are needed).
  const first = start * TAG_COUNT;
  for (let k = 0; k < TAG_COUNT; k += 1) alpha[first + k] = (start === 0 ? tr[TAG_COUNT * TAG_COUNT + k]! : 1) * phi[first + k]!;
  normalise(alpha, first);
  // The three tags written out (TAG_COUNT is 3), each sum in the loops' order: 0 + the first
  // term, then the second, then the third.
  const r00 = tr[0]!;
  const r01 = tr[1]!;
  const r02 = tr[2]!;
  const r10 = tr[TAG_COUNT]!;
  const r11 = tr[TAG_COUNT + 1]!;
  const r12 = tr[TAG_COUNT + 2]!;
  const r20 = tr[2 * TAG_COUNT]!;
  const r21 = tr[2 * TAG_COUNT + 1]!;
  const r22 = tr[2 * TAG_COUNT + 2]!;
  for (let t = start + 1; t < end; t += 1) {
    const e = t * TAG_COUNT;
    const a0 = alpha[e - TAG_COUNT]!;
    const a1 = alpha[e - TAG_COUNT + 1]!;
    const a2 = alpha[e - TAG_COUNT + 2]!;
    alpha[e] = (0 + a0 * r00 + a1 * r10 + a2 * r20) * phi[e]!;
    alpha[e + 1] = (0 + a0 * r01 + a1 * r11 + a2 * r21) * phi[e + 1]!;
    alpha[e + 2] = (0 + a0 * r02 + a1 * r12 + a2 * r22) * phi[e + 2]!;
    normalise(alpha, e);
  }
  const last = (end - 1) * TAG_COUNT;
  for (let k = 0; k < TAG_COUNT; k += 1) beta[last + k] = 1;
  for (let t = end - 2; t >= start; t -= 1) {
    const e = t * TAG_COUNT;
    const next = e + TAG_COUNT;
    const p0 = phi[next]!;
    const p1 = phi[next + 1]!;
    const p2 = phi[next + 2]!;
    const b0 = beta[next]!;
    const b1 = beta[next + 1]!;
    const b2 = beta[next + 2]!;
    beta[e] = 0 + r00 * p0 * b0 + r01 * p1 * b1 + r02 * p2 * b2;
    beta[e + 1] = 0 + r10 * p0 * b0 + r11 * p1 * b1 + r12 * p2 * b2;
    beta[e + 2] = 0 + r20 * p0 * b0 + r21 * p1 * b1 + r22 * p2 * b2;
    normalise(beta, e);
  }
  for (let t = start; t < end; t += 1) {
    const e = t * TAG_COUNT;
    let z = 0;
    for (let k = 0; k < TAG_COUNT; k += 1) z += alpha[e + k]! * beta[e + k]!;
    for (let k = 0; k < TAG_COUNT; k += 1) out[e + k] = z > 0 ? (alpha[e + k]! * beta[e + k]!) / z : 0;
  }
}

/** `exp(scale × transition)`, computed once per model for `marginals`. */
export function expTransitions(transition: Float32Array, scale: number): Float64Array {
  return Float64Array.from(transition, (v) => Math.exp(scale * v));
}

function normalise(values: Float64Array, e: number): void {
  const z = values[e]! + values[e + 1]! + values[e + 2]!;
  if (z > 0) for (let k = 0; k < TAG_COUNT; k += 1) values[e + k] = values[e + k]! / z;
}
