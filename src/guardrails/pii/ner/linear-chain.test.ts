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
});
