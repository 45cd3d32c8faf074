import type { Random } from '../../core/clock.js';
import { shuffled } from '../../core/seeded-random.js';
import type { TraceSignal } from '../signals/trace-signal.js';
import { topicTerms } from '../text/topic-terms.js';
import type { DriftExample, DriftThresholds, FeatureDrift } from './drift-types.js';
import { percent } from '../../core/percent.js';

const FOLDS = 5;
/** Add-one (Laplace) smoothing of the word counts: a word seen in one window only still gets a finite weight. */
const SMOOTHING = 1;

/**
 * Text content drift with a domain classifier, as Evidently does for text: a classifier learns to
 * tell current prompts from reference ones on held-out folds (5-fold cross-validation); its ROC
 * AUC is 0.5 when the windows do not differ. The classifier is naive Bayes on which word stems a
 * prompt has: each stem weighs the log of its smoothed share of current prompts over its share
 * of reference prompts, and a prompt scores the sum of its stems' weights. On the drift
 * benchmark's tuning data it found more than a logistic regression on TF-IDF (which shipped
 * first): a word that only a new kind of request uses keeps its full weight instead of being
 * shrunk by the penalty. Three statistics of the held-out scores are tested (Bonferroni over
 * the three): the AUC (Mann–Whitney normal approximation), and the share of current prompts among
 * the top 5% of scores and of reference prompts among the bottom 5% (a new kind of request, or one
 * that vanished, in a tenth of the traffic barely moves the AUC but fills a tail). The effect is
 * the largest of AUC − 0.5 and the tails' excess over the windows' shares. What it found is shown
 * as the words it weighs most towards "current" and the current prompts it scores highest: the
 * requests that most separate the windows.
 *
 * @example testDomainClassifier(reference, current, DEFAULT_THRESHOLDS, 0.001, seededRandom(1)).summary
 */
export function testDomainClassifier(reference: readonly TraceSignal[], current: readonly TraceSignal[], thresholds: DriftThresholds & { minAuc?: number }, pThreshold: number, random: Random): FeatureDrift {
  const base = { feature: 'prompt_text', kind: 'categories' as const, test: 'domain-classifier' as const };
  const ref = reference.filter((s) => s.prompt !== null);
  const cur = current.filter((s) => s.prompt !== null);
  if (ref.length < thresholds.minSamples || cur.length < thresholds.minSamples) {
    return { ...base, statistic: 0.5, pValue: 1, effect: 0, drifted: false, summary: `prompt_text: too few prompts to test (${ref.length} and ${cur.length})`, skipped: `fewer than ${thresholds.minSamples} prompts in a window` };
  }
  const docs = [...ref, ...cur];
  const labels = docs.map((_, i) => (i < ref.length ? 0 : 1));
  const { rows, surfaces } = stemSets(docs.map((s) => s.prompt as string));
  // Folds stratified by window, so every fold scores both.
  const fold = new Int32Array(docs.length);
  for (const group of [shuffled([...Array(ref.length).keys()], random), shuffled([...Array(cur.length).keys()].map((i) => i + ref.length), random)]) group.forEach((doc, k) => (fold[doc] = k % FOLDS));
  const scores = new Float64Array(docs.length);
  for (let f = 0; f < FOLDS; f++) {
    const weights = presenceWeights(rows, labels, surfaces.length, (i) => fold[i] !== f);
    rows.forEach((row, i) => {
      if (fold[i] === f) scores[i] = scoreOf(weights, row);
    });
  }
  const auc = rocAuc(scores, labels);
  const n1 = cur.length;
  const n0 = ref.length;
  const sigma = Math.sqrt((n0 + n1 + 1) / (12 * n0 * n1));
  const pAuc = upperNormalTail((auc - 0.5) / sigma);
  // A new kind of request in a tenth of the traffic moves the AUC little (at most 0.55) but fills
  // the top of the ranking: the tails test the share of each window among the most "current" and
  // the most "reference" prompts against what a random ranking would give.
  const tails = tailShares(scores, labels);
  const pValue = Math.min(1, 3 * Math.min(pAuc, tails.top.p, tails.bottom.p));
  const effect = Math.max(auc - 0.5, tails.top.excess, tails.bottom.excess, 0);
  const minEffect = thresholds.minAuc ?? 0.05;
  const drifted = pValue < pThreshold && effect >= minEffect;
  const words = typicalOfNow(rows, labels, surfaces, n1);
  const top = cur.map((s, k) => ({ s, score: scores[ref.length + k] as number })).sort((a, b) => b.score - a.score).slice(0, 3);
  const examples: DriftExample[] = top.map(({ s }) => ({ traceId: s.traceId, ts: s.ts, prompt: s.prompt, note: 'most unlike the reference' }));
  const tail = tails.top.excess >= tails.bottom.excess ? `the ${tails.k} prompts most like now are ${percent(tails.top.share, 0)} current (${percent(n1 / (n0 + n1), 0)} expected)` : `the ${tails.k} prompts most like the reference are ${percent(tails.bottom.share, 0)} reference (${percent(n0 / (n0 + n1), 0)} expected)`;
  const summary = `prompt text tells the windows apart: classifier AUC ${auc.toFixed(3)}, ${tail} (p ${pValue < 0.001 ? '< 0.001' : pValue.toFixed(3)}); words typical of now: ${words.map((w) => `“${w}”`).join(', ') || '–'}`;
  return { ...base, statistic: auc, pValue, effect, drifted, summary, examples };
}

/** Each prompt's distinct word stems as ids, and a word people read for each id (its first surface form). */
function stemSets(prompts: readonly string[]): { rows: Int32Array[]; surfaces: string[] } {
  const index = new Map<string, number>();
  const surfaces: string[] = [];
  const rows = prompts.map((prompt) => {
    const ids = new Set<number>();
    for (const { stem, surface } of topicTerms(prompt)) {
      let id = index.get(stem);
      if (id === undefined) {
        id = surfaces.length;
        index.set(stem, id);
        surfaces.push(surface);
      }
      ids.add(id);
    }
    return Int32Array.from(ids);
  });
  return { rows, surfaces };
}

/** Per stem, log(smoothed share of current prompts with it / smoothed share of reference prompts with it), over the rows `use` picks. */
function presenceWeights(rows: readonly Int32Array[], labels: readonly number[], stems: number, use: (row: number) => boolean): Float64Array {
  const inCurrent = new Float64Array(stems);
  const inReference = new Float64Array(stems);
  let nCur = 0;
  let nRef = 0;
  rows.forEach((row, i) => {
    if (!use(i)) return;
    const counts = labels[i] === 1 ? inCurrent : inReference;
    if (labels[i] === 1) nCur++;
    else nRef++;
    for (const stem of row) counts[stem] = (counts[stem] as number) + 1;
  });
  const weights = new Float64Array(stems);
  // A stem the rows never show (only in held-out prompts) says nothing: weight 0, whatever the windows' sizes.
  for (let j = 0; j < stems; j++) if ((inCurrent[j] as number) + (inReference[j] as number) > 0) weights[j] = Math.log(((inCurrent[j] as number) + SMOOTHING) / (nCur + 2 * SMOOTHING)) - Math.log(((inReference[j] as number) + SMOOTHING) / (nRef + 2 * SMOOTHING));
  return weights;
}

function scoreOf(weights: Float64Array, row: Int32Array): number {
  let score = 0;
  for (const stem of row) score += weights[stem] as number;
  return score;
}

/** Up to five words weighed most towards "current" on both windows, among words in at least 1% of current prompts (and 3). */
function typicalOfNow(rows: readonly Int32Array[], labels: readonly number[], surfaces: readonly string[], nCur: number): string[] {
  const weights = presenceWeights(rows, labels, surfaces.length, () => true);
  const inCurrent = new Float64Array(surfaces.length);
  rows.forEach((row, i) => {
    if (labels[i] === 1) for (const stem of row) inCurrent[stem] = (inCurrent[stem] as number) + 1;
  });
  const minCount = Math.max(3, Math.ceil(nCur * 0.01));
  return [...weights.keys()]
    .filter((j) => (inCurrent[j] as number) >= minCount && (weights[j] as number) > 0)
    .sort((a, b) => (weights[b] as number) - (weights[a] as number))
    .slice(0, 5)
    .map((j) => surfaces[j] as string);
}

/**
 * The share of current prompts among the top 5% of scores (at least 20) and of reference prompts
 * among the bottom 5%, each with its excess over the window's share and a one-sided p-value
 * (normal approximation of the hypergeometric count).
 */
function tailShares(scores: ArrayLike<number>, labels: readonly number[]): { k: number; top: { share: number; excess: number; p: number }; bottom: { share: number; excess: number; p: number } } {
  const n = labels.length;
  const order = [...labels.keys()].sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const k = Math.min(n, Math.max(20, Math.round(n * 0.05)));
  const positives = labels.filter((l) => l === 1).length;
  const side = (ids: number[], label: number, total: number) => {
    const hits = ids.filter((i) => labels[i] === label).length;
    const p0 = total / n;
    const sd = Math.sqrt((k * p0 * (1 - p0) * (n - k)) / Math.max(1, n - 1));
    return { share: hits / k, excess: hits / k - p0, p: sd === 0 ? 1 : upperNormalTail((hits - 0.5 - k * p0) / sd) };
  };
  return { k, top: side(order.slice(0, k), 1, positives), bottom: side(order.slice(n - k), 0, n - positives) };
}

/** ROC AUC by ranks (ties averaged): the chance a current prompt scores above a reference one. */
export function rocAuc(scores: ArrayLike<number>, labels: readonly number[]): number {
  const order = [...labels.keys()].sort((a, b) => (scores[a] as number) - (scores[b] as number));
  const ranks = new Float64Array(order.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const positives = labels.filter((l) => l === 1).length;
  const negatives = labels.length - positives;
  let sum = 0;
  labels.forEach((l, i) => {
    if (l === 1) sum += ranks[i] as number;
  });
  return (sum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** P(Z > z) for a standard normal Z (Abramowitz–Stegun 7.1.26 erfc, error < 1.5e-7). */
function upperNormalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}
