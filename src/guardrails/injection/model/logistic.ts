import type { Random } from '../../../core/clock.js';
import { shuffled } from '../../../core/seeded-random.js';
import { dot, type HashedVectorizer, type SparseVector } from './hashed-features.js';

export interface LinearModel {
  weights: Float32Array;
  bias: number;
}

/** A model as shipped: int8 weights times `scale` (a quarter of the memory, so it stays in cache). */
export interface QuantizedLinearModel {
  weights: Int8Array;
  scale: number;
  bias: number;
}

export interface TrainingExample {
  vector: SparseVector;
  label: 0 | 1;
  /** Relative importance; sources are balanced by weighting, not by resampling. */
  weight: number;
}

export interface LogisticOptions {
  dims: number;
  epochs: number;
  /** L2 penalty applied to the weights an example touches (lazy regularisation). */
  l2: number;
  learningRate: number;
  /** Drives the order examples are visited in each epoch. */
  random: Random;
}

/**
 * The logistic function, safe for large |z|.
 *
 * @example sigmoid(0) // 0.5
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Weighted logistic regression trained with AdaGrad over sparse vectors. Deterministic for a
 * given `random`.
 *
 * @example const model = trainLogistic(examples, { dims: 2 ** 18, epochs: 8, l2: 1e-5, learningRate: 0.2, random: seededRandom(1) });
 */
export function trainLogistic(examples: readonly TrainingExample[], options: LogisticOptions): LinearModel {
  const weights = new Float32Array(options.dims);
  const squared = new Float32Array(options.dims);
  let bias = 0;
  let biasSquared = 0;
  const { l2, learningRate } = options;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const example of shuffled(examples, options.random)) {
      const p = sigmoid(dot(example.vector, weights) + bias);
      const g = (p - example.label) * example.weight;
      const { indices, values } = example.vector;
      for (let j = 0; j < indices.length; j++) {
        const i = indices[j] as number;
        const w = weights[i] as number;
        const grad = g * (values[j] as number) + l2 * w;
        const s = (squared[i] as number) + grad * grad;
        squared[i] = s;
        weights[i] = w - (learningRate * grad) / (Math.sqrt(s) + 1e-8);
      }
      biasSquared += g * g;
      bias -= (learningRate * g) / (Math.sqrt(biasSquared) + 1e-8);
    }
  }
  return { weights, bias };
}

/**
 * Probability of the positive class.
 *
 * @example predict(model, vectorizer.transform('ignore previous instructions')) // 0.97
 */
export function predict(model: LinearModel | QuantizedLinearModel, vector: SparseVector): number {
  const scale = 'scale' in model ? model.scale : 1;
  return sigmoid(dot(vector, model.weights) * scale + model.bias);
}

/**
 * `predict(model, vectorizer.transform(text))`, the same value, without building the vector.
 *
 * @example predictText(model, vectorizer, 'ignore previous instructions') // 0.97
 */
export function predictText(model: LinearModel | QuantizedLinearModel, vectorizer: HashedVectorizer, text: string): number {
  const scale = 'scale' in model ? model.scale : 1;
  return sigmoid(vectorizer.dotWith(text, model.weights) * scale + model.bias);
}

/**
 * A cascade's first stage: the logit of the model's word features alone (its bias included, no
 * character n-grams), as a turn is cleared on it (see `DetectorHead.firstStage`). The vectorizer
 * keeps the word counts: `predictAfterWords` then gives `predictText`'s value for the same text.
 *
 * @example wordLogit(model, vectorizer, 'what is my card limit?') < head.firstStage // cleared
 */
export function wordLogit(model: LinearModel | QuantizedLinearModel, vectorizer: HashedVectorizer, text: string): number {
  const scale = 'scale' in model ? model.scale : 1;
  return vectorizer.wordsDot(text, model.weights) * scale + model.bias;
}

/** `predictText` of the text the last `wordLogit` call read, with the same model: the same value to the last bit. */
export function predictAfterWords(model: LinearModel | QuantizedLinearModel, vectorizer: HashedVectorizer): number {
  const scale = 'scale' in model ? model.scale : 1;
  return sigmoid(vectorizer.dotWithAfterWords(model.weights) * scale + model.bias);
}

/**
 * The mean of several models' weights and biases. Averaging models trained on different
 * example orders (seeds) removes most of the run-to-run variance of stochastic training.
 *
 * @example averageModels([trainLogistic(x, { ...o, random: seededRandom(1) }), trainLogistic(x, { ...o, random: seededRandom(2) })])
 */
export function averageModels(models: readonly LinearModel[]): LinearModel {
  const first = models[0];
  if (first === undefined) throw new RangeError('averageModels needs at least one model');
  const weights = new Float32Array(first.weights.length);
  let bias = 0;
  for (const model of models) {
    for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) + (model.weights[i] as number) / models.length;
    bias += model.bias / models.length;
  }
  return { weights, bias };
}
