import { seededRandom, shuffled } from '../../../core/seeded-random.js';
import type { Finding } from '../entity-types.js';
import { tokenFeatures } from './features.js';
import { loadLexicons, type Lexicons } from './lexicons.js';
import { AveragedPerceptron } from './perceptron.js';
import { isHeldOutTemplate, readPresidioSynth, type SynthSample } from './presidio-synth.js';
import { syntheticSamples } from './synthetic.js';
import { tokenize, type Token } from './tokenize.js';

const LABELS = ['O', 'PER', 'LOC'] as const;
type Label = 0 | 1 | 2;
const LABEL_OF: Record<string, Label> = { PERSON: 1, STREET_ADDRESS: 2, GPE: 2 };

export interface NameTaggerOptions {
  /** Labelled texts to learn from; defaults to presidio-synth without its held-out templates. */
  samples?: readonly SynthSample[];
  /** How many of our own synthetic sentences to add (default 3000). */
  synthetic?: number;
  epochs?: number;
  seed?: number;
}

/** Tags person names and places/addresses in text. */
export interface NameTagger {
  tag(text: string): Finding[];
}

/**
 * Trains the person/location tagger in-process: an averaged perceptron over token features
 * (word, shape, name and place lexicons, neighbours, previous labels), decoded greedily left
 * to right. Training on the ~1,000 tuning texts takes about a second; the result is memoised per
 * process for the default options.
 *
 * @example trainNameTagger().tag('My name is Ann Smith')[0]?.type // 'PERSON'
 */
export function trainNameTagger(options: NameTaggerOptions = {}): NameTagger {
  const lexicons = loadLexicons();
  const benchmark = options.samples ?? readPresidioSynth().filter((s) => !isHeldOutTemplate(s.template_id));
  const samples = [...benchmark, ...syntheticSamples(options.synthetic ?? 3000, options.seed ?? 7)];
  const model = new AveragedPerceptron(LABELS);
  const data = samples.map((s) => encode(s, lexicons));
  const random = seededRandom(options.seed ?? 7);
  const order = Array.from({ length: data.length }, (_, i) => i);
  for (let epoch = 0; epoch < (options.epochs ?? 8); epoch += 1) {
    for (const i of shuffled(order, random)) {
      const { features, labels } = data[i]!;
      for (let t = 0; t < features.length; t += 1) {
        const feats = withHistory(features[t]!, labels, t);
        model.update(feats, labels[t]!, model.predict(feats));
      }
    }
  }
  model.average();
  return { tag: (text) => decode(text, model, lexicons) };
}

let defaultTagger: NameTagger | null = null;

/** The tagger trained with default options, once per process. */
export function defaultNameTagger(): NameTagger {
  defaultTagger ??= trainNameTagger();
  return defaultTagger;
}

function encode(sample: SynthSample, lexicons: Lexicons): { features: string[][]; labels: Label[] } {
  const tokens = tokenize(sample.full_text);
  const labels = tokens.map((t) => {
    const span = sample.spans.find((s) => t.start < s.end_position && t.end > s.start_position);
    return span ? (LABEL_OF[span.entity_type] ?? 0) : 0;
  });
  return { features: tokenFeatures(tokens, lexicons), labels };
}

function withHistory(features: readonly string[], labels: readonly number[], t: number): string[] {
  const p1 = t > 0 ? labels[t - 1]! : -1;
  const p2 = t > 1 ? labels[t - 2]! : -1;
  return [...features, `L1=${p1}`, `L2=${p2}|${p1}`, `L1|${features[2] ?? ''}=${p1}`];
}

function decode(text: string, model: AveragedPerceptron, lexicons: Lexicons): Finding[] {
  const tokens = tokenize(text);
  const features = tokenFeatures(tokens, lexicons);
  const labels: number[] = [];
  const probs: number[] = [];
  for (let t = 0; t < tokens.length; t += 1) {
    const scores = model.scores(withHistory(features[t]!, labels, t));
    const best = scores.indexOf(Math.max(...scores));
    labels.push(best);
    probs.push(softmaxAt(scores, best));
  }
  return spansOf(text, tokens, labels, probs);
}

function softmaxAt(scores: Float64Array, index: number): number {
  const max = Math.max(...scores);
  let sum = 0;
  for (const s of scores) sum += Math.exp(s - max);
  return Math.exp(scores[index]! - max) / sum;
}

/** Consecutive tokens with the same label become one finding; persons stop at line breaks. */
function spansOf(text: string, tokens: readonly Token[], labels: readonly number[], probs: readonly number[]): Finding[] {
  const out: Finding[] = [];
  let i = 0;
  while (i < tokens.length) {
    const label = labels[i]!;
    if (label === 0) {
      i += 1;
      continue;
    }
    let j = i + 1;
    while (j < tokens.length && labels[j] === label && !(label === 1 && tokens[j]!.lineStart)) j += 1;
    let from = i;
    let to = j - 1;
    while (from <= to && !/[\p{L}\d]/u.test(tokens[from]!.text)) from += 1;
    while (to >= from && !/[\p{L}\d]/u.test(tokens[to]!.text)) to -= 1;
    if (from <= to) {
      const start = tokens[from]!.start;
      const end = tokens[to]!.end;
      let score = 0;
      for (let k = from; k <= to; k += 1) score += probs[k]!;
      score /= to - from + 1;
      const value = text.slice(start, end);
      const type = label === 1 ? 'PERSON' : /\d/.test(value) ? 'STREET_ADDRESS' : 'LOCATION';
      if (plausible(type, value)) out.push({ type, start, end, score });
    }
    i = j;
  }
  return out;
}

/**
 * Cheap sanity rules on top of the model: a person or place has a letter-initial word of at least
 * two letters, and an address (a place span with digits) also has a word that is not a number,
 * unit or code ("391 ml", "Q1 9/10" are not addresses).
 */
function plausible(type: string, value: string): boolean {
  const words = value.match(/\p{L}[\p{L}\p{M}'’\-]+/gu) ?? [];
  if (words.length === 0) return false;
  if (type !== 'STREET_ADDRESS') return true;
  return words.some((w) => w.length >= 3 && /^\p{Lu}/u.test(w) && !/\d/.test(w)) && /\d/.test(value) && words.length >= 1;
}
