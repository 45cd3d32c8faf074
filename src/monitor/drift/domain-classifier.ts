import type { Random } from '../../core/clock.js';
import { shuffled } from '../../core/seeded-random.js';
import { fitLogistic, linearScore } from '../../routing/learned/logistic.js';
import type { SparseRow } from '../../routing/learned/tfidf.js';
import type { TraceSignal } from '../signals/trace-signal.js';
import { topicTerms } from '../text/topic-terms.js';
import type { DriftExample, DriftThresholds, FeatureDrift } from './drift-types.js';

const FOLDS = 5;

/**
 * Text content drift with a domain classifier, as Evidently does for text: a logistic regression
 * on TF-IDF of the prompts' words learns to tell current prompts from reference ones; its ROC AUC
 * on held-out folds (5-fold cross-validation) is 0.5 when the windows do not differ. Three
 * statistics of the held-out scores are tested (Bonferroni over the three): the AUC (Mann–Whitney
 * normal approximation), and the share of current prompts among the top 5% of scores and of
 * reference prompts among the bottom 5% (a new kind of request, or one that vanished, in a tenth
 * of the traffic barely moves the AUC but fills a tail). The effect is the largest of AUC − 0.5
 * and the tails' excess over the windows' shares. What it found is shown as the words it weighs most towards "current" and the current
 * prompts it scores highest: the requests that most separate the windows.
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
  const { rows, terms } = tfidfRows(docs.map((s) => s.prompt as string));
  // Folds stratified by window, so every fold scores both.
  const fold = new Int32Array(docs.length);
  for (const group of [shuffled([...Array(ref.length).keys()], random), shuffled([...Array(cur.length).keys()].map((i) => i + ref.length), random)]) group.forEach((doc, k) => (fold[doc] = k % FOLDS));
  const scores = new Float64Array(docs.length);
  for (let f = 0; f < FOLDS; f++) {
    const train = docs.map((_, i) => i).filter((i) => fold[i] !== f);
    const model = fitLogistic(train.map((i) => rows[i] as SparseRow), train.map((i) => labels[i] as number), terms.length, { l2: 1e-2, maxIterations: 60 });
    docs.forEach((_, i) => {
      if (fold[i] === f) scores[i] = linearScore(model.weights, model.bias, rows[i] as SparseRow);
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
  // Words and prompts that separate the windows, from a model fitted on everything.
  const full = fitLogistic(rows, labels, terms.length, { l2: 1e-2, maxIterations: 60 });
  const words = [...full.weights.keys()].sort((a, b) => (full.weights[b] as number) - (full.weights[a] as number)).slice(0, 5).filter((t) => (full.weights[t] as number) > 0).map((t) => terms[t] as string);
  const top = cur.map((s, k) => ({ s, score: scores[ref.length + k] as number })).sort((a, b) => b.score - a.score).slice(0, 3);
  const examples: DriftExample[] = top.map(({ s }) => ({ traceId: s.traceId, ts: s.ts, prompt: s.prompt, note: 'most unlike the reference' }));
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const tail = tails.top.excess >= tails.bottom.excess ? `the ${tails.k} prompts most like now are ${pct(tails.top.share)} current (${pct(n1 / (n0 + n1))} expected)` : `the ${tails.k} prompts most like the reference are ${pct(tails.bottom.share)} reference (${pct(n0 / (n0 + n1))} expected)`;
  const summary = `prompt text tells the windows apart: classifier AUC ${auc.toFixed(3)}, ${tail} (p ${pValue < 0.001 ? '< 0.001' : pValue.toFixed(3)}); words typical of now: ${words.map((w) => `“${w}”`).join(', ') || '–'}`;
  return { ...base, statistic: auc, pValue, effect, drifted, summary, examples };
}

function tfidfRows(prompts: readonly string[]): { rows: SparseRow[]; terms: string[] } {
  const docs = prompts.map((p) => topicTerms(p).map((t) => t.surface));
  const df = new Map<string, number>();
  for (const doc of docs) for (const w of new Set(doc)) df.set(w, (df.get(w) ?? 0) + 1);
  const terms = [...df].filter(([, n]) => n >= 2).map(([w]) => w).sort();
  const index = new Map(terms.map((w, i) => [w, i]));
  const idf = terms.map((w) => Math.log((1 + docs.length) / (1 + (df.get(w) ?? 0))) + 1);
  const rows = docs.map((doc) => {
    const counts = new Map<number, number>();
    for (const w of doc) {
      const i = index.get(w);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const slots = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
    const values = Float32Array.from(slots, (i) => (1 + Math.log(counts.get(i) as number)) * (idf[i] as number));
    const norm = Math.hypot(...values) || 1;
    for (let k = 0; k < values.length; k++) values[k] = (values[k] as number) / norm;
    return { slots, values };
  });
  return { rows, terms };
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
