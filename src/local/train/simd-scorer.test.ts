import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { scoreInto } from './linear-model.js';
import { scoringMemoryOf, scoringWeights, scoringWeightsIn, simdScorer } from './simd-scorer.js';

/** A small deterministic generator, so a failure replays. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A model with random weights in scoring memory, and the same model in a plain array. */
function models(next: () => number, dimension: number, classes: number) {
  const plain = { dimension, classes, weights: new Float32Array(dimension * classes).map(() => next() * 4 - 2), bias: new Float32Array(classes).map(() => next() - 0.5) };
  const weights = scoringWeights(dimension, classes);
  weights.set(plain.weights);
  return { plain, served: { ...plain, weights } };
}

function randomInput(next: () => number, dimension: number, nnz: number, last = false) {
  // `last` puts the matrix's last row in, whose odd class reads into the padding after it.
  const indices = Int32Array.from({ length: nnz }, (_, i) => (last && i === nnz - 1 ? dimension - 1 : Math.floor(next() * dimension)));
  const values = Float32Array.from({ length: nnz }, () => next() * 2 - 1);
  return { indices, values };
}

describe('simdScorer', () => {
  it('gives scoreInto bit-identical scores, for odd and even class counts and every length around its 4-row passes', () => {
    const next = lcg(11);
    for (const classes of [1, 2, 3, 13, 77]) {
      const { plain, served } = models(next, 300, classes);
      const scorer = simdScorer(served);
      expect(scorer).toBeDefined();
      for (let nnz = 0; nnz <= 19; nnz++) {
        const x = randomInput(next, plain.dimension, nnz, nnz % 2 === 1);
        // Dirty output buffers: scoring must overwrite them, not add to them.
        const expected = scoreInto(plain, x, new Float64Array(classes).fill(7));
        const got = scorer?.scoreInto(x, new Float64Array(classes).fill(-7));
        expect(Array.from(got ?? [])).toEqual(Array.from(expected));
      }
    }
  });

  it('scores only the first `length` entries, and a request with more features than its scratch holds the JavaScript way', () => {
    const next = lcg(12);
    const { plain, served } = models(next, 50_000, 5);
    const scorer = simdScorer(served);
    const x = randomInput(next, plain.dimension, 5000);
    for (const length of [3, 4096, 4097, 5000]) {
      const expected = scoreInto(plain, x, new Float64Array(5), length);
      expect(Array.from(scorer?.scoreInto(x, new Float64Array(5), length) ?? [])).toEqual(Array.from(expected));
    }
  });

  it('has no scorer for weights outside scoring memory (training models): scoreInto scores those', () => {
    const { plain } = models(lcg(13), 10, 3);
    expect(simdScorer(plain)).toBeUndefined();
    expect(scoringMemoryOf(plain.weights)).toBeUndefined();
  });

  it('scores weights posted to another thread in their memory, not copied', async () => {
    const next = lcg(14);
    const { plain, served } = models(next, 40, 7);
    const memory = scoringMemoryOf(served.weights);
    expect(memory).toBeDefined();
    // A round trip through a thread: what a training worker's decoded model goes through.
    const worker = new Worker('const { parentPort } = require("node:worker_threads"); parentPort.once("message", (m) => parentPort.postMessage(m));', { eval: true });
    worker.postMessage({ memory });
    const back = await new Promise<{ memory: NonNullable<typeof memory> }>((resolve) => worker.once('message', resolve));
    await worker.terminate();
    const weights = scoringWeightsIn(back.memory, plain.dimension, plain.classes);
    served.weights[3] = 1.5; // written here after the post, read there: one memory
    plain.weights[3] = 1.5;
    const scorer = simdScorer({ ...plain, weights });
    const x = randomInput(next, plain.dimension, 9);
    expect(Array.from(scorer?.scoreInto(x, new Float64Array(7)) ?? [])).toEqual(Array.from(scoreInto(plain, x, new Float64Array(7))));
  });
});
