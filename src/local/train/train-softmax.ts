import type { Random } from '../../core/clock.js';
import type { SparseDataset } from '../sparse-dataset.js';
import { type LinearModel, scoreInto, softmaxInPlace } from './linear-model.js';

export interface SoftmaxOptions {
  epochs: number;
  /** AdaGrad base step. */
  learningRate: number;
  /** L2 shrinkage per update on the rows an example touches (lazy regularisation keeps updates sparse). */
  l2: number;
  random: Random;
  /** Called after each epoch (for progress bars). */
  onEpoch?: (epoch: number, epochs: number) => void;
  /**
   * Continue from an earlier run (same dimension and classes) instead of zeros: a warm-started
   * refit. Its arrays are trained further in place (a copy would double the largest array of
   * training: 86 MB for 57 labels over MMLU's 375k columns).
   */
  resume?: SoftmaxRun;
}

/** A trained model with its optimiser state, so training can be resumed on more data. */
export interface SoftmaxRun {
  model: LinearModel;
  rowGradSq: Float32Array;
  biasGradSq: Float32Array;
}

/** Class gradients smaller than this are skipped: most of 77 probabilities are ~0 after epoch one. */
const SKIP_GRADIENT = 1e-4;

/**
 * Multinomial logistic regression by sparse SGD over shuffled examples, with row-wise AdaGrad:
 * one accumulator per feature row, so one square root per feature instead of one per weight,
 * and each update walks one contiguous row of the feature-major weight matrix.
 *
 * @example trainSoftmax(data, labels, { dimension: featurizer.dimension, classes: 77 }, { epochs: 6, learningRate: 0.1, l2: 1e-6, random: seededRandom(1) })
 */
export function trainSoftmax(data: SparseDataset, labels: Int32Array, shape: { dimension: number; classes: number }, options: SoftmaxOptions): SoftmaxRun {
  const { dimension, classes } = shape;
  const resume = options.resume;
  const weights = resume ? resume.model.weights : new Float32Array(dimension * classes);
  const bias = resume ? resume.model.bias : new Float32Array(classes);
  const rowGradSq = resume ? resume.rowGradSq : new Float32Array(dimension).fill(1e-8);
  const biasGradSq = resume ? resume.biasGradSq : new Float32Array(classes).fill(1e-8);
  const model: LinearModel = resume ? resume.model : { dimension, classes, weights, bias };
  const scores = new Float64Array(classes);
  const activeClasses = new Int32Array(classes);
  const order = Int32Array.from({ length: data.rows }, (_, i) => i);
  const { learningRate: lr, l2 } = options;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, options.random);
    for (let o = 0; o < order.length; o++) {
      const r = order[o] as number;
      const start = data.offsets[r] as number;
      const end = data.offsets[r + 1] as number;
      scoreInto(model, { indices: data.indices.subarray(start, end), values: data.values.subarray(start, end) }, scores);
      softmaxInPlace(scores, 1);
      const y = labels[r] as number;
      scores[y] = (scores[y] as number) - 1;
      let active = 0;
      let gradNorm = 0;
      for (let k = 0; k < classes; k++) {
        const g = scores[k] as number;
        if (g > -SKIP_GRADIENT && g < SKIP_GRADIENT) continue;
        activeClasses[active++] = k;
        gradNorm += g * g;
        const gs = (biasGradSq[k] as number) + g * g;
        biasGradSq[k] = gs;
        bias[k] = (bias[k] as number) - (lr * g) / Math.sqrt(gs);
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
          weights[row + k] = (weights[row + k] as number) * shrink - step * (scores[k] as number) * value;
        }
      }
    }
    options.onEpoch?.(epoch + 1, options.epochs);
  }
  return { model, rowGradSq, biasGradSq };
}

function shuffleInPlace(order: Int32Array, random: Random): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
}
