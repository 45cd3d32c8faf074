import type { ScoredOutcome } from '../calibration/threshold.js';
import { LocalClassifier, type ModelInfo } from '../classifier.js';
import { DistanceGate } from '../distance-gate.js';
import type { Embedding } from '../train/centre-loss-embedding.js';
import { Featurizer, type FeaturizerState } from '../features/featurizer.js';
import type { LinearModel } from '../train/linear-model.js';
import { type ScoringMemory, scoringMemoryOf, scoringWeightsIn } from '../train/simd-scorer.js';

/**
 * A classifier as plain data that a worker thread can post: its typed arrays are transferred,
 * not copied, and nothing is decoded again on the receiving side (decoding a model file means
 * inflating, hashing and dequantising megabytes: a stall on a serving event loop).
 */
export interface ClassifierParts {
  state: FeaturizerState;
  linear: LinearModel;
  /** The shared WebAssembly memory the weights are in, when decoded for the SIMD scorer (posted, not copied). */
  scoring?: ScoringMemory;
  labels: string[];
  info: ModelInfo;
  validation: ScoredOutcome[];
  /** The distance gate's arrays, when the model has one. */
  distanceGate?: { embedding: Embedding; centres: Float32Array; radii: Float32Array; maxRatio: number };
}

/** The parts of `model` and the buffers to list as transferables (the model is unusable after a transfer). */
export function classifierParts(model: LocalClassifier): { parts: ClassifierParts; transfer: ArrayBuffer[] } {
  const { state } = model.featurizer;
  const scoring = scoringMemoryOf(model.linear.weights);
  const gate = model.distanceGate;
  const parts: ClassifierParts = {
    state,
    linear: model.linear,
    labels: [...model.labels],
    info: model.info,
    validation: [...model.validation],
    ...(scoring ? { scoring } : {}),
    ...(gate ? { distanceGate: { embedding: gate.embedding, centres: gate.centres, radii: gate.radii, maxRatio: gate.maxRatio } } : {}),
  };
  const arrays = [state.buckets, state.blocks, state.idf, model.linear.weights, model.linear.bias, ...(gate ? [gate.embedding.weights, gate.embedding.bias, gate.centres, gate.radii] : [])];
  // One plain ArrayBuffer per array, transferred; weights in shared memory go over shared.
  const transfer = [...new Set(arrays.map((a) => a.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer))];
  return { parts, transfer };
}

/**
 * The classifier again, from posted parts.
 *
 * @example classifierFromParts(message.parts).predict('my card has not arrived')
 */
export function classifierFromParts(parts: ClassifierParts): LocalClassifier {
  const { dimension, classes } = parts.linear;
  const linear = parts.scoring ? { ...parts.linear, weights: scoringWeightsIn(parts.scoring, dimension, classes) } : parts.linear;
  const g = parts.distanceGate;
  return new LocalClassifier(new Featurizer(parts.state), linear, parts.labels, parts.info, parts.validation, g ? new DistanceGate(g.embedding, g.centres, g.radii, g.maxRatio) : null);
}
