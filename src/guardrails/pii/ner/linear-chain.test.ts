import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../core/seeded-random.js';
import { expTransitions, marginals, TAG_COUNT, viterbi } from './linear-chain.js';

function bruteForce(transition: Float32Array, scores: Float32Array, n: number): { best: number[]; marginals: number[][] } {
  let best: number[] = [];
  let bestScore = -Infinity;
  const weight: number[][] = Array.from({ length: n }, () => new Array(TAG_COUNT).fill(0));
  let z = 0;
  const paths = TAG_COUNT ** n;
  for (let code = 0; code < paths; code += 1) {
    const tags = Array.from({ length: n }, (_, t) => Math.floor(code / TAG_COUNT ** t) % TAG_COUNT);
    let s = transition[TAG_COUNT * TAG_COUNT + tags[0]!]! + scores[tags[0]!]!;
    for (let t = 1; t < n; t += 1) s += transition[tags[t - 1]! * TAG_COUNT + tags[t]!]! + scores[t * TAG_COUNT + tags[t]!]!;
    if (s > bestScore) {
      bestScore = s;
      best = tags;
    }
    const p = Math.exp(s);
    z += p;
    tags.forEach((tag, t) => (weight[t]![tag]! += p));
  }
  return { best, marginals: weight.map((row) => row.map((v) => v / z)) };
}

/** Viterbi and forward–backward as loops over the tags: the written-out versions must give the same bits. */
function loopViterbi(transition: Float32Array, scores: Float32Array, count: number, labels: Uint8Array, back: Uint8Array): void {
  if (count === 0) return;
  const d = [0, 1, 2].map((k) => transition[TAG_COUNT * TAG_COUNT + k]! + scores[k]!);
  for (let t = 1; t < count; t += 1) {
    const next = [0, 0, 0];
    for (let k = 0; k < TAG_COUNT; k += 1) {
      let best = d[0]! + transition[k]!;
      let from = 0;
      for (let j = 1; j < TAG_COUNT; j += 1) {
        const v = d[j]! + transition[j * TAG_COUNT + k]!;
        if (v > best) {
          best = v;
          from = j;
        }
      }
      back[t * TAG_COUNT + k] = from;
      next[k] = best + scores[t * TAG_COUNT + k]!;
    }
    d.splice(0, 3, ...next);
  }
  let tag = d[0]! >= d[1]! && d[0]! >= d[2]! ? 0 : d[1]! >= d[2]! ? 1 : 2;
  for (let t = count - 1; t >= 0; t -= 1) {
    labels[t] = tag;
    if (t > 0) tag = back[t * TAG_COUNT + tag]!;
  }
}

function loopMarginals(tr: Float64Array, scores: Float32Array, start: number, end: number, scale: number, out: Float32Array): { alpha: Float64Array; beta: Float64Array } {
  const n = end * TAG_COUNT;
  const phi = new Float64Array(n);
  const alpha = new Float64Array(n);
  const beta = new Float64Array(n);
  const normalise = (v: Float64Array, e: number): void => {
    const z = v[e]! + v[e + 1]! + v[e + 2]!;
    if (z > 0) for (let k = 0; k < TAG_COUNT; k += 1) v[e + k] = v[e + k]! / z;
  };
  for (let t = start; t < end; t += 1) {
    const e = t * TAG_COUNT;
    const m = Math.max(scores[e]!, scores[e + 1]!, scores[e + 2]!);
    for (let k = 0; k < TAG_COUNT; k += 1) phi[e + k] = Math.exp(scale * (scores[e + k]! - m));
  }
  const first = start * TAG_COUNT;
  for (let k = 0; k < TAG_COUNT; k += 1) alpha[first + k] = (start === 0 ? tr[TAG_COUNT * TAG_COUNT + k]! : 1) * phi[first + k]!;
  normalise(alpha, first);
  for (let t = start + 1; t < end; t += 1) {
    const e = t * TAG_COUNT;
    for (let k = 0; k < TAG_COUNT; k += 1) {
      let s = 0;
      for (let j = 0; j < TAG_COUNT; j += 1) s += alpha[e - TAG_COUNT + j]! * tr[j * TAG_COUNT + k]!;
      alpha[e + k] = s * phi[e + k]!;
    }
    normalise(alpha, e);
  }
  const last = (end - 1) * TAG_COUNT;
  for (let k = 0; k < TAG_COUNT; k += 1) beta[last + k] = 1;
  for (let t = end - 2; t >= start; t -= 1) {
    const e = t * TAG_COUNT;
    for (let j = 0; j < TAG_COUNT; j += 1) {
      let s = 0;
      for (let k = 0; k < TAG_COUNT; k += 1) s += tr[j * TAG_COUNT + k]! * phi[e + TAG_COUNT + k]! * beta[e + TAG_COUNT + k]!;
      beta[e + j] = s;
    }
    normalise(beta, e);
  }
  for (let t = start; t < end; t += 1) {
    const e = t * TAG_COUNT;
    let z = 0;
    for (let k = 0; k < TAG_COUNT; k += 1) z += alpha[e + k]! * beta[e + k]!;
    for (let k = 0; k < TAG_COUNT; k += 1) out[e + k] = z > 0 ? (alpha[e + k]! * beta[e + k]!) / z : 0;
  }
  return { alpha, beta };
}

describe('linear-chain decoding', () => {
  it('Viterbi finds the best tag sequence and forward–backward the exact marginals', () => {
    const random = seededRandom(3);
    for (let trial = 0; trial < 20; trial += 1) {
      const n = 1 + Math.floor(random() * 5);
      const transition = Float32Array.from({ length: (TAG_COUNT + 1) * TAG_COUNT }, () => random() * 4 - 2);
      const scores = Float32Array.from({ length: n * TAG_COUNT }, () => random() * 6 - 3);
      const expected = bruteForce(transition, scores, n);
      const labels = new Uint8Array(n);
      viterbi(transition, scores, n, labels, new Uint8Array(n * TAG_COUNT));
      expect(Array.from(labels)).toEqual(expected.best);
      const out = new Float32Array(n * TAG_COUNT);
      const scratch = { phi: new Float64Array(n * TAG_COUNT), alpha: new Float64Array(n * TAG_COUNT), beta: new Float64Array(n * TAG_COUNT) };
      marginals(expTransitions(transition, 1), scores, 0, n, 1, scratch, out);
      expected.marginals.forEach((row, t) => row.forEach((p, k) => expect(out[t * TAG_COUNT + k]).toBeCloseTo(p, 5)));
    }
  });

  it('gives nearly the same marginals in a window well inside a long sequence', () => {
    const random = seededRandom(9);
    const n = 60;
    const transition = Float32Array.from({ length: (TAG_COUNT + 1) * TAG_COUNT }, () => random() * 4 - 2);
    const scores = Float32Array.from({ length: n * TAG_COUNT }, () => random() * 6 - 3);
    const scratch = { phi: new Float64Array(n * TAG_COUNT), alpha: new Float64Array(n * TAG_COUNT), beta: new Float64Array(n * TAG_COUNT) };
    const full = new Float32Array(n * TAG_COUNT);
    const window = new Float32Array(n * TAG_COUNT);
    marginals(expTransitions(transition, 1), scores, 0, n, 1, scratch, full);
    marginals(expTransitions(transition, 1), scores, 22, 39, 1, scratch, window);
    for (let k = 30 * TAG_COUNT; k < 31 * TAG_COUNT; k += 1) expect(window[k]).toBeCloseTo(full[k]!, 2);
  });

  it('gives the same labels and the same probabilities, bit for bit, as loops over the tags', () => {
    const rand = seededRandom(17);
    let compared = 0;
    for (let round = 0; round < 300; round += 1) {
      const count = Math.floor(rand() * 60);
      // Ties as well as spread values: scores on a coarse grid half of the time.
      const value = (): number => (round % 2 === 0 ? Math.round(rand() * 8 - 4) : rand() * 40 - 20);
      const transition = Float32Array.from({ length: (TAG_COUNT + 1) * TAG_COUNT }, value);
      const scores = Float32Array.from({ length: count * TAG_COUNT }, value);
      const labels = new Uint8Array(count);
      const back = new Uint8Array(count * TAG_COUNT);
      const wantLabels = new Uint8Array(count);
      const wantBack = new Uint8Array(count * TAG_COUNT);
      viterbi(transition, scores, count, labels, back);
      loopViterbi(transition, scores, count, wantLabels, wantBack);
      expect(labels).toEqual(wantLabels);
      expect(back).toEqual(wantBack);
      const scale = 0.05 + rand() * 2;
      const tr = expTransitions(transition, scale);
      const start = Math.floor(rand() * Math.max(1, count));
      const scratch = { phi: new Float64Array(count * TAG_COUNT), alpha: new Float64Array(count * TAG_COUNT), beta: new Float64Array(count * TAG_COUNT) };
      const got = new Float32Array(count * TAG_COUNT);
      const want = new Float32Array(count * TAG_COUNT);
      marginals(tr, scores, start, count, scale, scratch, got);
      const sums = loopMarginals(tr, scores, start, count, scale, want);
      expect(got).toEqual(want);
      // The forward and backward sums too, in double precision: the same order of additions.
      if (count > start) {
        expect(scratch.alpha.subarray(start * TAG_COUNT)).toEqual(sums.alpha.subarray(start * TAG_COUNT));
        expect(scratch.beta.subarray(start * TAG_COUNT)).toEqual(sums.beta.subarray(start * TAG_COUNT));
      }
      compared += count - start;
    }
    expect(compared).toBeGreaterThan(3000);
  });
});
