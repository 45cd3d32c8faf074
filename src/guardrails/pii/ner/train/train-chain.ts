import type { Random } from '../../../../core/clock.js';
import { shuffled } from '../../../../core/seeded-random.js';
import { FEATURES_PER_TOKEN, writeFeatures } from '../features.js';
import type { LexiconTable } from '../lexicon-table.js';
import { emissionScores, expTransitions, marginals, TAG_COUNT, TAG_LOC, TAG_O, TAG_PER, viterbi, type ChainWeights } from '../linear-chain.js';
import type { SynthSample } from '../presidio-synth.js';
import { TokenSheet } from '../token-sheet.js';

/** One training sentence: its feature ids and gold tags. */
export interface EncodedSentence {
  ids: Int32Array;
  labels: Uint8Array;
  count: number;
}

const TAG_OF: Record<string, number> = { PERSON: TAG_PER, STREET_ADDRESS: TAG_LOC, GPE: TAG_LOC };

/** Tokenises a labelled sample and computes its feature ids (a token takes the tag of a span it overlaps). */
export function encodeSample(sample: SynthSample, lexicons: LexiconTable, bits: number, sheet = new TokenSheet()): EncodedSentence {
  const count = sheet.read(sample.full_text, lexicons);
  const ids = new Int32Array(count * FEATURES_PER_TOKEN);
  const labels = new Uint8Array(count);
  const shift = 32 - bits;
  for (let t = 0; t < count; t += 1) {
    writeFeatures(sheet, t, ids, t * FEATURES_PER_TOKEN, shift);
    const s = sheet.start[t]!;
    const e = sheet.end[t]!;
    const span = sample.spans.find((g) => s < g.end_position && e > g.start_position);
    labels[t] = span ? (TAG_OF[span.entity_type] ?? TAG_O) : TAG_O;
  }
  return { ids, labels, count };
}

/**
 * Trains the chain with the averaged structured perceptron (Collins 2002): decode each sentence
 * with Viterbi under the current weights, and where the decoded tags differ from the gold ones,
 * add the gold features' weights and subtract the decoded ones'. Weights are averaged over all
 * steps (kept cheaply as w − Σ c·Δ / c), which generalises far better than the last weights.
 * Deterministic for a given `random`.
 *
 * @example const weights = trainChain(sentences, { bits: 18, epochs: 10, random: seededRandom(7) });
 */
export function trainChain(
  data: readonly EncodedSentence[],
  options: { bits: number; epochs: number; random: Random; dropout?: number; onEpoch?: (epoch: number, errors: number) => void },
): ChainWeights {
  const size = (1 << options.bits) * TAG_COUNT;
  const w = new Float32Array(size);
  const wTotal = new Float64Array(size); // Σ c·Δ
  const tr = new Float32Array((TAG_COUNT + 1) * TAG_COUNT);
  const trTotal = new Float64Array(tr.length);
  const longest = data.reduce((m, s) => Math.max(m, s.count), 1);
  const scores = new Float32Array(longest * TAG_COUNT);
  const predicted = new Uint8Array(longest);
  const back = new Uint8Array(longest * TAG_COUNT);
  const dropout = options.dropout ?? 0;
  const kept = new Int32Array(longest * FEATURES_PER_TOKEN);
  const weights: ChainWeights = { bits: options.bits, emission: w, emissionStep: 1, transition: tr };
  let c = 1;
  const order = data.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    let errors = 0;
    for (const i of shuffled(order, options.random)) {
      const s = data[i]!;
      if (s.count === 0) continue;
      // Feature dropout: each step sees a random 1 − dropout of the features (-1 = dropped), so
      // no template word can carry a decision alone and the lexicon and shape features must learn.
      const ids = dropout > 0 ? dropFeatures(s, dropout, options.random, kept) : s.ids;
      if (dropout > 0) maskedEmission(w, ids, s.count, scores);
      else emissionScores(weights, ids, s.count, scores);
      viterbi(tr, scores, s.count, predicted, back);
      let wrong = false;
      for (let t = 0; t < s.count; t += 1) {
        const gold = s.labels[t]!;
        const guess = predicted[t]!;
        if (gold !== guess) {
          wrong = true;
          const base = t * FEATURES_PER_TOKEN;
          for (let j = 0; j < FEATURES_PER_TOKEN; j += 1) {
            if (ids[base + j]! < 0) continue;
            const row = ids[base + j]! * TAG_COUNT;
            w[row + gold] = w[row + gold]! + 1;
            wTotal[row + gold] = wTotal[row + gold]! + c;
            w[row + guess] = w[row + guess]! - 1;
            wTotal[row + guess] = wTotal[row + guess]! - c;
          }
        }
        const goldFrom = t === 0 ? TAG_COUNT : s.labels[t - 1]!;
        const guessFrom = t === 0 ? TAG_COUNT : predicted[t - 1]!;
        if (goldFrom !== guessFrom || gold !== guess) {
          const g = goldFrom * TAG_COUNT + gold;
          const p = guessFrom * TAG_COUNT + guess;
          tr[g] = tr[g]! + 1;
          trTotal[g] = trTotal[g]! + c;
          tr[p] = tr[p]! - 1;
          trTotal[p] = trTotal[p]! - c;
        }
      }
      if (wrong) errors += 1;
      c += 1;
    }
    options.onEpoch?.(epoch, errors);
  }
  const emission = new Float32Array(size);
  for (let k = 0; k < size; k += 1) emission[k] = w[k]! - wTotal[k]! / c;
  const transition = new Float32Array(tr.length);
  for (let k = 0; k < tr.length; k += 1) transition[k] = tr[k]! - trTotal[k]! / c;
  return { bits: options.bits, emission, emissionStep: 1, transition };
}

function dropFeatures(s: EncodedSentence, rate: number, random: Random, into: Int32Array): Int32Array {
  const n = s.count * FEATURES_PER_TOKEN;
  for (let k = 0; k < n; k += 1) into[k] = k % FEATURES_PER_TOKEN !== 0 && random() < rate ? -1 : s.ids[k]!;
  return into;
}

function maskedEmission(w: Float32Array, ids: Int32Array, count: number, out: Float32Array): void {
  for (let t = 0; t < count; t += 1) {
    let o = 0;
    let p = 0;
    let l = 0;
    for (let j = 0; j < FEATURES_PER_TOKEN; j += 1) {
      const id = ids[t * FEATURES_PER_TOKEN + j]!;
      if (id < 0) continue;
      o += w[id * TAG_COUNT]!;
      p += w[id * TAG_COUNT + 1]!;
      l += w[id * TAG_COUNT + 2]!;
    }
    out[t * TAG_COUNT] = o;
    out[t * TAG_COUNT + 1] = p;
    out[t * TAG_COUNT + 2] = l;
  }
}

/**
 * The element-wise mean of models trained with the same settings (float32 weights, step 1).
 *
 * @example const weights = averageWeights([trainChain(data, a), trainChain(data, b)]);
 */
export function averageWeights(runs: readonly ChainWeights[]): ChainWeights {
  const first = runs[0]!;
  if (runs.length === 1) return first;
  const emission = new Float32Array(first.emission.length);
  const transition = new Float32Array(first.transition.length);
  for (const run of runs) {
    for (let k = 0; k < emission.length; k += 1) emission[k] = emission[k]! + run.emission[k]! / runs.length;
    for (let k = 0; k < transition.length; k += 1) transition[k] = transition[k]! + run.transition[k]! / runs.length;
  }
  return { bits: first.bits, emission, emissionStep: 1, transition };
}

/**
 * Picks the score scale whose forward–backward marginals have the lowest log loss on sentences
 * not trained on, so a span's mean marginal reads as a probability.
 */
export function fitConfidenceScale(weights: ChainWeights, data: readonly EncodedSentence[]): number {
  const longest = data.reduce((m, s) => Math.max(m, s.count), 1);
  const scores = new Float32Array(longest * TAG_COUNT);
  const out = new Float32Array(longest * TAG_COUNT);
  const scratch = { phi: new Float64Array(longest * TAG_COUNT), alpha: new Float64Array(longest * TAG_COUNT), beta: new Float64Array(longest * TAG_COUNT) };
  let best = 1;
  let bestLoss = Infinity;
  for (const scale of [0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.5, 1]) {
    const expTr = expTransitions(weights.transition, scale);
    let loss = 0;
    for (const s of data) {
      emissionScores(weights, s.ids, s.count, scores);
      marginals(expTr, scores, 0, s.count, scale, scratch, out);
      for (let t = 0; t < s.count; t += 1) loss -= Math.log(Math.max(1e-9, out[t * TAG_COUNT + s.labels[t]!]!));
    }
    if (loss < bestLoss) {
      bestLoss = loss;
      best = scale;
    }
  }
  return best;
}
