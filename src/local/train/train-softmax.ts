import type { Random } from '../../core/clock.js';
import type { SparseDataset } from '../sparse-dataset.js';
import { type LinearModel, scoreInto, softmaxInPlace } from './linear-model.js';

export interface SoftmaxOptions {
  epochs: number;
  /** AdaGrad base step. */
  learningRate: number;
  /** L2 penalty per update on the rows an example touches (lazy regularisation keeps updates sparse). */
  l2: number;
  random: Random;
  /** Share of epochs after which epoch-end weights are averaged (1 = no averaging). */
  averageFrom?: number;
  loss?: 'softmax' | 'sigmoid';
  /** Called after each epoch (for progress bars). */
  onEpoch?: (epoch: number, epochs: number) => void;
}

/** Class gradients smaller than this are skipped: most of 77 probabilities are ~0 after epoch one. */
const SKIP_GRADIENT = 1e-4;

/**
 * Multinomial logistic regression by sparse AdaGrad SGD over shuffled examples.
 *
 * @example trainSoftmax(data, labels, 77, { epochs: 6, learningRate: 0.5, l2: 1e-6, random: seededRandom(1) })
 */
export function trainSoftmax(data: SparseDataset, labels: Int32Array, classes: number, options: SoftmaxOptions, dimension: number): LinearModel {
  const weights = new Float32Array(dimension * classes);
  const bias = new Float32Array(classes);
  const rowGradSq = new Float32Array(dimension).fill(1e-8);
  const biasGradSq = new Float32Array(classes).fill(1e-8);
  const model: LinearModel = { dimension, classes, weights, bias };
  const scores = new Float64Array(classes);
  const activeClasses = new Int32Array(classes);
  const order = Int32Array.from({ length: data.rows }, (_, i) => i);
  const { learningRate: lr, l2 } = options;
  // Averaging the weights of the last epochs (tail averaging) smooths SGD noise like a free ensemble.
  const averageFrom = Math.floor(options.epochs * (options.averageFrom ?? 1));
  const averageWeights = new Float32Array(averageFrom < options.epochs ? weights.length : 0);
  const averageBias = new Float32Array(classes);
  let snapshots = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, options.random);
    for (let o = 0; o < order.length; o++) {
      const r = order[o] as number;
      const start = data.offsets[r] as number;
      const end = data.offsets[r + 1] as number;
      const x = { indices: data.indices.subarray(start, end), values: data.values.subarray(start, end) };
      scoreInto(model, x, scores);
      if (options.loss === 'sigmoid') for (let k = 0; k < classes; k++) scores[k] = 1 / (1 + Math.exp(-(scores[k] as number)));
      else softmaxInPlace(scores, 1);
      const y = labels[r] as number;
      scores[y] = (scores[y] as number) - 1;
      let active = 0;
      for (let k = 0; k < classes; k++) {
        const g = scores[k] as number;
        if (g > -SKIP_GRADIENT && g < SKIP_GRADIENT) continue;
        activeClasses[active++] = k;
        const gs = (biasGradSq[k] as number) + g * g;
        biasGradSq[k] = gs;
        bias[k] = (bias[k] as number) - (lr * g) / Math.sqrt(gs);
      }
      // Row-wise AdaGrad: one accumulator per feature row, so one square root per feature
      // instead of one per weight; each update walks one contiguous row.
      let gradNorm = 0;
      for (let a = 0; a < active; a++) {
        const g = scores[activeClasses[a] as number] as number;
        gradNorm += g * g;
      }
      gradNorm /= classes;
      for (let i = start; i < end; i++) {
        const feature = data.indices[i] as number;
        const row = feature * classes;
        const value = data.values[i] as number;
        const acc = (rowGradSq[feature] as number) + gradNorm * value * value;
        rowGradSq[feature] = acc;
        const step = lr / Math.sqrt(acc);
        const shrink = 1 - step * l2;
        for (let a = 0; a < active; a++) {
          const k = activeClasses[a] as number;
          const p = row + k;
          weights[p] = (weights[p] as number) * shrink - step * (scores[k] as number) * value;
        }
      }
    }
    if (epoch >= averageFrom) {
      for (let p = 0; p < weights.length; p++) averageWeights[p] = (averageWeights[p] as number) + (weights[p] as number);
      for (let k = 0; k < classes; k++) averageBias[k] = (averageBias[k] as number) + (bias[k] as number);
      snapshots++;
    }
    options.onEpoch?.(epoch + 1, options.epochs);
  }
  if (snapshots <= 1) return model;
  for (let p = 0; p < weights.length; p++) averageWeights[p] = (averageWeights[p] as number) / snapshots;
  for (let k = 0; k < classes; k++) averageBias[k] = (averageBias[k] as number) / snapshots;
  return { dimension, classes, weights: averageWeights, bias: averageBias };
}

function shuffleInPlace(order: Int32Array, random: Random): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
}
