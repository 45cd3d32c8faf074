import { rowOf, type SparseDataset } from '../sparse-dataset.js';
import { softmaxInPlace } from './linear-model.js';

/** The network's settings, fixed by bench/local-oos-embedding.mjs before its first run (never tuned on test). */
export const CENTRE_LOSS_NETWORK = { dimensions: 32, epochs: 4, learningRate: 0.05, centreWeight: 0.1, centreRate: 0.05 } as const;

/** The first layer of the network: a request's embedding is bias + Σ value × its column's row. */
export interface Embedding {
  dimensions: number;
  /** Column-major by feature: row f (dimensions wide) is feature f's vector. */
  weights: Float32Array;
  bias: Float32Array;
}

/**
 * Trains a small network over sparse TF-IDF rows (a linear first layer to `dimensions`, a softmax
 * head) with cross-entropy plus a centre loss (Wen et al. 2016), which pulls each text's
 * embedding towards a running mean of its label, so a text of no label lands far from all of
 * them. AdaGrad, one accumulator per feature row. Only the first layer is kept: the head was
 * there to shape the space. Deterministic for a given `random`.
 *
 * @example const embedding = trainCentreLossEmbedding(data, labels, dimension, classes, seededRandom(1));
 */
export function trainCentreLossEmbedding(data: SparseDataset, labels: Int32Array, dimension: number, classes: number, random: () => number): Embedding {
  const { dimensions: d, epochs, learningRate: lr, centreWeight, centreRate } = CENTRE_LOSS_NETWORK;
  const E = new Float32Array(dimension * d);
  for (let i = 0; i < E.length; i++) E[i] = (random() * 2 - 1) / d;
  const b0 = new Float32Array(d);
  const W = new Float32Array(classes * d);
  for (let i = 0; i < W.length; i++) W[i] = (random() * 2 - 1) * 0.01;
  const c = new Float32Array(classes);
  const gE = new Float32Array(dimension).fill(1e-8);
  const gb0 = new Float32Array(d).fill(1e-8);
  const gW = new Float32Array(W.length).fill(1e-8);
  const gc = new Float32Array(classes).fill(1e-8);
  const centres = new Float32Array(classes * d);
  const h = new Float64Array(d);
  const gh = new Float64Array(d);
  const f = new Float64Array(classes);
  const order = Int32Array.from({ length: data.rows }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    for (const r of order) {
      const x = rowOf(data, r);
      const t = labels[r] as number;
      const n = x.indices.length;
      for (let k = 0; k < d; k++) h[k] = b0[k] as number;
      for (let i = 0; i < n; i++) {
        const v = x.values[i] as number;
        const row = (x.indices[i] as number) * d;
        for (let k = 0; k < d; k++) h[k] = (h[k] as number) + v * (E[row + k] as number);
      }
      for (let j = 0; j < classes; j++) {
        let dot = c[j] as number;
        for (let k = 0; k < d; k++) dot += (W[j * d + k] as number) * (h[k] as number);
        f[j] = dot;
      }
      softmaxInPlace(f, 1);
      f[t] = (f[t] as number) - 1;
      gh.fill(0);
      for (let j = 0; j < classes; j++) {
        const g = f[j] as number;
        if (g > -1e-6 && g < 1e-6) continue;
        gc[j] = (gc[j] as number) + g * g;
        c[j] = (c[j] as number) - (lr * g) / Math.sqrt(gc[j] as number);
        for (let k = 0; k < d; k++) {
          const idx = j * d + k;
          gh[k] = (gh[k] as number) + g * (W[idx] as number);
          const gw = g * (h[k] as number);
          gW[idx] = (gW[idx] as number) + gw * gw;
          W[idx] = (W[idx] as number) - (lr * gw) / Math.sqrt(gW[idx] as number);
        }
      }
      const cr = t * d;
      for (let k = 0; k < d; k++) {
        const away = (h[k] as number) - (centres[cr + k] as number);
        gh[k] = (gh[k] as number) + centreWeight * away;
        centres[cr + k] = (centres[cr + k] as number) + centreRate * away;
      }
      let gsq = 0;
      for (let k = 0; k < d; k++) {
        const g = gh[k] as number;
        gsq += g * g;
        gb0[k] = (gb0[k] as number) + g * g;
        b0[k] = (b0[k] as number) - (lr * g) / Math.sqrt(gb0[k] as number);
      }
      gsq /= d;
      for (let i = 0; i < n; i++) {
        const v = x.values[i] as number;
        const feature = x.indices[i] as number;
        const acc = (gE[feature] = (gE[feature] as number) + gsq * v * v);
        const step = lr / Math.sqrt(acc);
        const row = feature * d;
        for (let k = 0; k < d; k++) E[row + k] = (E[row + k] as number) - step * v * (gh[k] as number);
      }
    }
  }
  return { dimensions: d, weights: E, bias: b0 };
}
