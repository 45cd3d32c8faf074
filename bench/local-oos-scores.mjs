// Out-of-scope scores beyond the classifier's own probabilities (issue 9): distances in the
// feature space (nearest training texts, class centroids, a Mahalanobis distance in a random
// low-rank projection), the share of a text's n-grams never seen in training, and a learned
// meta-scorer fitted on a leave-labels-out fold of the training data.
//
//   npm run bench:local-oos-scores   (= npm run build && node bench/local-oos-scores.mjs)
//
// Setup as bench/local-oos.mjs: Banking77, the same 10 labels held out of training entirely
// (seeded shuffle, seed 77); the in-scope training texts split 90/10 (stratified, seed 1). Here
// the featurizer is fitted on the 90% part only, so validation and test texts are equally new to
// it (the unseen-n-gram features would otherwise be 0 on validation by construction).
// Nothing below looks at the held-out labels until the final measurement: the meta-scorers are
// fitted on a fold of the in-scope data (10 of the 67 in-scope labels, seed 78, removed from a
// second model's training data: their texts are the "unseen label" examples), thresholds are
// chosen on the in-scope validation split (95% and 98% precision, Wilson z = 1.645).
// Per variant: AUROC in-scope test (2,680) vs held-out-label test (400); at each precision
// target the in-scope coverage and precision and the share of held-out-label requests escalated;
// the extra training CPU; the served prediction cost (featurize + score + the variant's extra
// work), as the per-text minimum of 3 passes (p50 / p99, µs) and wall-clock p99.
// Rows are written into bench/results/local-oos.json under "scoreVariants"; the rows of
// bench/local-oos.mjs ("variants") are kept as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuLaps, cpuMs, fitLogistic, heldOutLabelProtocol, invertedIndex, inverseCholesky, lowerTimes, perTextTiming, r4, runnerUpAndEntropy, scoreFigures } from './oos-common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dist = (p) => import(join(root, 'dist', p));
const { rocAuc } = await dist('monitor/drift/domain-classifier.js');
const { fitFeaturizer } = await dist('local/features/featurizer.js');
const { DEFAULT_FEATURIZER_CONFIG, CHAR_BLOCK } = await dist('local/features/featurizer-config.js');
const { extractBuckets } = await dist('local/features/extract-buckets.js');
const { BucketCounter } = await dist('local/features/bucket-counter.js');
const { toSparseDataset } = await dist('local/sparse-dataset.js');
const { trainSoftmax } = await dist('local/train/train-softmax.js');
const { scoreInto, softmaxInPlace } = await dist('local/train/linear-model.js');
const { fitTemperature } = await dist('local/calibration/temperature.js');
const { chooseThreshold } = await dist('local/calibration/threshold.js');
const { seededRandom, shuffled } = await dist('core/seeded-random.js');

const load0 = loadavg()[0];
const { test, heldOut, inScope, labels, fitPart, validation, testIn, testOut } = await heldOutLabelProtocol(root);

/** kNN postings longer than this are skipped in the pruned index (columns in > ~5% of texts carry little idf). */
const PRUNE_POSTINGS = 400;
const PROJECTION = 64;

/**
 * Trains what a variant's score needs on `rows` (texts with labels in `classLabels`): the
 * featurizer, softmax regression as trainClassifier trains it (6 epochs, AdaGrad 0.1, l2 1e-6),
 * a temperature fitted on `validationRows`, an inverted index of the training vectors, class
 * centroids and a whitened random projection with class means. Each part's CPU time is kept.
 */
function buildScorer(rows, validationRows, classLabels) {
  const C = classLabels.length;
  const index = new Map(classLabels.map((l, i) => [l, i]));
  const { cpu, lap } = cpuLaps();
  const featurizer = fitFeaturizer(rows.map((e) => e.text), DEFAULT_FEATURIZER_CONFIG);
  const X = rows.map((e) => featurizer.transform(e.text));
  const y = Int32Array.from(rows, (e) => index.get(e.label));
  const { model } = trainSoftmax(toSparseDataset(X), y, { dimension: featurizer.dimension, classes: C }, { epochs: 6, learningRate: 0.1, l2: 1e-6, random: seededRandom(1) });
  const yv = validationRows.map((e) => index.get(e.label));
  const temperature = fitTemperature(validationRows.map((e) => scoreInto(model, featurizer.transform(e.text), new Float64Array(C))), yv);
  lap('softmax');

  // Inverted index (column-major copy of the training matrix).
  const D = featurizer.dimension;
  const N = X.length;
  const { start: postStart, postRow, postVal } = invertedIndex(X, D);
  lap('knnIndex');

  // Class centroids, L2-normalised, dense by feature row (like the weights: a sparse input touches a few rows).
  const centroids = new Float32Array(D * C);
  X.forEach((x, r) => x.indices.forEach((c, k) => (centroids[c * C + y[r]] += x.values[k])));
  const norms = new Float64Array(C);
  for (let i = 0; i < centroids.length; i++) norms[i % C] += centroids[i] ** 2;
  for (let i = 0; i < centroids.length; i++) centroids[i] /= Math.sqrt(norms[i % C]) || 1;
  lap('centroids');

  // Random projection (±1/√P per column and dimension, seeded), class means and a shared
  // covariance; distances are taken after whitening with the inverse Cholesky factor.
  const random = seededRandom(99);
  const P = PROJECTION;
  const projection = Float32Array.from({ length: D * P }, () => (random() < 0.5 ? -1 : 1) / Math.sqrt(P));
  const project = (x, out) => {
    out.fill(0);
    for (let i = 0; i < x.indices.length; i++) {
      const row = x.indices[i] * P;
      const v = x.values[i];
      for (let j = 0; j < P; j++) out[j] += v * projection[row + j];
    }
    return out;
  };
  const Z = X.map((x) => project(x, new Float64Array(P)));
  const means = Array.from({ length: C }, () => new Float64Array(P));
  const counts = new Float64Array(C);
  Z.forEach((z, r) => {
    counts[y[r]]++;
    for (let j = 0; j < P; j++) means[y[r]][j] += z[j];
  });
  means.forEach((m, k) => m.forEach((_, j) => (m[j] /= counts[k])));
  const cov = new Float64Array(P * P);
  Z.forEach((z, r) => {
    const m = means[y[r]];
    for (let a = 0; a < P; a++) for (let b = 0; b <= a; b++) cov[a * P + b] += (z[a] - m[a]) * (z[b] - m[b]);
  });
  for (let a = 0; a < P; a++) for (let b = 0; b <= a; b++) cov[b * P + a] = cov[a * P + b] = cov[a * P + b] / N + (a === b ? 1e-4 : 0);
  const whiten = inverseCholesky(cov, P);
  const wMeans = means.map((m) => lowerTimes(whiten, m, P, new Float64Array(P)));
  lap('mahalanobis');

  const counter = new BucketCounter(DEFAULT_FEATURIZER_CONFIG.hashBits);
  const columnOf = new Int32Array(1 << DEFAULT_FEATURIZER_CONFIG.hashBits).fill(-1);
  featurizer.state.buckets.forEach((b, c) => (columnOf[b] = c));
  const acc = new Float32Array(N);
  const touched = new Int32Array(N);
  const scores = new Float64Array(C);
  const raw = new Float64Array(C);
  const zp = new Float64Array(P);
  const zw = new Float64Array(P);

  /** Which of the text's distinct word and char n-grams the training texts never had (the featurizer drops them). */
  function unseen(text) {
    extractBuckets(text, DEFAULT_FEATURIZER_CONFIG, counter);
    let w = 0;
    let wu = 0;
    let c = 0;
    let cu = 0;
    for (let i = 0; i < counter.size; i++) {
      const b = counter.touched[i];
      const known = columnOf[b] >= 0;
      if (counter.blockOf[b] === CHAR_BLOCK) (c++, known || cu++);
      else (w++, known || wu++);
    }
    counter.reset();
    return { wordSeen: w === 0 ? 0 : 1 - wu / w, charSeen: c === 0 ? 0 : 1 - cu / c };
  }

  /** Cosine similarities to the training texts through the inverted index; returns the top-5 mean, top-1 and top-1 of the predicted class. */
  function knn(x, best, maxPostings) {
    let n = 0;
    for (let i = 0; i < x.indices.length; i++) {
      const c = x.indices[i];
      const start = postStart[c];
      const end = postStart[c + 1];
      if (end - start > maxPostings) continue;
      const v = x.values[i];
      for (let p = start; p < end; p++) {
        const r = postRow[p];
        if (acc[r] === 0) touched[n++] = r;
        acc[r] += v * postVal[p];
      }
    }
    const top = [0, 0, 0, 0, 0];
    let same = 0;
    for (let i = 0; i < n; i++) {
      const r = touched[i];
      const s = acc[r];
      acc[r] = 0;
      if (y[r] === best && s > same) same = s;
      if (s <= top[4]) continue;
      let j = 4;
      while (j > 0 && top[j - 1] < s) (top[j] = top[j - 1]), j--;
      top[j] = s;
    }
    return { knn1: top[0], knn5: (top[0] + top[1] + top[2] + top[3] + top[4]) / 5, knnSame: same };
  }

  /**
   * The features of one text; `parts` picks the costly ones ('knn', 'knnPruned', 'centroid',
   * 'mahalanobis', 'unseen'), so the served cost of each variant can be timed on its own.
   */
  function features(text, parts) {
    const x = featurizer.transform(text);
    scoreInto(model, x, scores);
    raw.set(scores);
    const best = softmaxInPlace(scores, temperature);
    const { second, entropy } = runnerUpAndEntropy(scores, best);
    const f = { best, maxProb: scores[best], margin: scores[best] - scores[second], negEntropy: -entropy, maxLogit: raw[best], logitMargin: raw[best] - raw[second], logLength: Math.log1p(x.indices.length) };
    if (parts.has('unseen')) Object.assign(f, unseen(text));
    if (parts.has('knn')) Object.assign(f, knn(x, best, Infinity));
    if (parts.has('knnPruned')) {
      const k = knn(x, best, PRUNE_POSTINGS);
      Object.assign(f, { knnPruned1: k.knn1, knnPruned5: k.knn5, knnPrunedSame: k.knnSame });
    }
    if (parts.has('centroid')) {
      let a = 0;
      let b = 0;
      for (let i = 0; i < x.indices.length; i++) {
        const row = x.indices[i] * C;
        a += x.values[i] * centroids[row + best];
        b += x.values[i] * centroids[row + second];
      }
      Object.assign(f, { centroidBest: a, centroidMargin: a - b });
    }
    if (parts.has('mahalanobis')) {
      lowerTimes(whiten, project(x, zp), P, zw);
      let own = 0;
      let nearest = Infinity;
      for (let k = 0; k < C; k++) {
        let d = 0;
        const m = wMeans[k];
        for (let j = 0; j < P; j++) d += (zw[j] - m[j]) ** 2;
        if (k === best) own = d;
        if (d < nearest) nearest = d;
      }
      Object.assign(f, { negMahalanobisBest: -own, negMahalanobisNearest: -nearest });
    }
    return f;
  }
  return { features, classLabels, index, cpu };
}

/** P(an in-scope request scores above a held-out-label one), ties counting half: the src rank AUC. */
const auroc = (inScores, outScores) => rocAuc([...inScores, ...outScores], [...Array.from(inScores, () => 1), ...Array.from(outScores, () => 0)]);

const ALL_PARTS = new Set(['unseen', 'knn', 'knnPruned', 'centroid', 'mahalanobis']);

// The served model (67 in-scope labels, 90% part) and a leave-labels-out fold model (57 labels).
const base = buildScorer(fitPart, validation, labels);
const removed = new Set(shuffled(labels, seededRandom(78)).slice(0, 10));
const foldLabels = labels.filter((l) => !removed.has(l));
const fold = buildScorer(fitPart.filter((e) => !removed.has(e.label)), validation.filter((e) => !removed.has(e.label)), foldLabels);
/** Features of each text under a scorer, with whether its predicted label is right (0 for labels the scorer never saw). */
const featuresOf = (scorer, rows) =>
  rows.map((e) => {
    const f = scorer.features(e.text, ALL_PARTS);
    return { ...f, correct: scorer.classLabels[f.best] === e.label ? 1 : 0 };
  });
const foldIn = featuresOf(fold, validation.filter((e) => !removed.has(e.label)));
const foldOut = featuresOf(fold, inScope.filter((e) => removed.has(e.label)));

const F = { validation: featuresOf(base, validation), testIn: featuresOf(base, testIn), testOut: featuresOf(base, testOut) };

const CHEAP = ['maxProb', 'margin', 'negEntropy', 'maxLogit', 'logitMargin', 'logLength', 'wordSeen', 'charSeen'];
const WITH_DISTANCES = [...CHEAP, 'centroidBest', 'centroidMargin', 'knnPruned1', 'knnPruned5', 'knnPrunedSame', 'negMahalanobisBest', 'negMahalanobisNearest'];
const foldCpu = Object.values(fold.cpu).reduce((a, b) => a + b, 0);
const fitMeta = (keys, target) => {
  const t0 = cpuMs();
  const rows = [...foldIn, ...foldOut];
  const targets = target === 'unseen' ? [...foldIn.map(() => 1), ...foldOut.map(() => 0)] : [...foldIn.map((f) => f.correct), ...foldOut.map(() => 0)];
  const lr = fitLogistic(rows, keys, targets);
  return { ...lr, cpu: cpuMs() - t0 };
};
const fitCorrectness = (keys) => {
  const t0 = cpuMs();
  const lr = fitLogistic(F.validation, keys, F.validation.map((f) => f.correct));
  return { ...lr, cpu: cpuMs() - t0 };
};
const metaCheapUnseen = fitMeta(CHEAP, 'unseen');
const metaCheapCorrect = fitMeta(CHEAP, 'correct');
const metaAllCorrect = fitMeta(WITH_DISTANCES, 'correct');
const validCheap = fitCorrectness(CHEAP);
const sum = (...xs) => xs.reduce((a, b) => a + b, 0);

/**
 * name, score(features), parts the score needs when served, extra training CPU (ms), LR weights.
 * Scores are mapped monotonically into [0, 1] where needed (AUROC unchanged): chooseThreshold
 * treats a negative confidence as "always escalate".
 */
const variants = [
  ['max-probability (as served today; featurizer on the 90% part)', (f) => f.maxProb, [], 0],
  ['max raw score (logit) of the predicted label, through a sigmoid', (f) => 1 / (1 + Math.exp(-f.maxLogit)), [], 0],
  ['exp(−entropy) of the calibrated probabilities', (f) => Math.exp(f.negEntropy), [], 0],
  ['share of word n-grams seen in training', (f) => f.wordSeen, ['unseen'], 0],
  ['max-probability × share of word n-grams seen', (f) => f.maxProb * f.wordSeen, ['unseen'], 0],
  ['kNN: cosine to the nearest training text', (f) => f.knn1, ['knn'], base.cpu.knnIndex],
  ['kNN: mean cosine to the 5 nearest', (f) => f.knn5, ['knn'], base.cpu.knnIndex],
  ['kNN: cosine to the nearest text of the predicted label', (f) => f.knnSame, ['knn'], base.cpu.knnIndex],
  [`kNN, pruned index (postings ≤ ${PRUNE_POSTINGS}): nearest of the predicted label`, (f) => f.knnPrunedSame, ['knnPruned'], base.cpu.knnIndex],
  ['cosine to the predicted label\'s centroid', (f) => f.centroidBest, ['centroid'], base.cpu.centroids],
  ['centroid cosine, predicted minus runner-up', (f) => f.centroidMargin, ['centroid'], base.cpu.centroids],
  [`Mahalanobis distance to the predicted label (random projection to ${PROJECTION})`, (f) => 1 / (1 - f.negMahalanobisBest), ['mahalanobis'], base.cpu.mahalanobis],
  ['Mahalanobis distance to the nearest label mean', (f) => 1 / (1 - f.negMahalanobisNearest), ['mahalanobis'], base.cpu.mahalanobis],
  ['meta LR "label unseen", cheap features, leave-labels-out fold', metaCheapUnseen.score, ['unseen'], sum(foldCpu - fold.cpu.knnIndex - fold.cpu.centroids - fold.cpu.mahalanobis, metaCheapUnseen.cpu), metaCheapUnseen.weights],
  ['meta LR "answer right and label seen", cheap features, fold', metaCheapCorrect.score, ['unseen'], sum(foldCpu - fold.cpu.knnIndex - fold.cpu.centroids - fold.cpu.mahalanobis, metaCheapCorrect.cpu), metaCheapCorrect.weights],
  ['meta LR "answer right and label seen", + distances, fold', metaAllCorrect.score, ['unseen', 'knnPruned', 'centroid', 'mahalanobis'], sum(foldCpu, base.cpu.knnIndex, base.cpu.centroids, base.cpu.mahalanobis, metaAllCorrect.cpu), metaAllCorrect.weights],
  ['correctness LR on in-scope validation only (no fold), cheap features', validCheap.score, ['unseen'], validCheap.cpu, validCheap.weights],
];

/** Served cost of one variant: features with its parts + its score, per test text; per-text minimum of 3 passes and the wall-clock tail. */
function timing(score, parts) {
  const set = new Set(parts);
  return perTextTiming(test.map((e) => e.text), (t) => score(base.features(t, set)));
}

const rows = [];
for (const [name, score, parts, extraCpuMs, weights] of variants) {
  const { scores: s, at95, at98, escalatedAtCoverage85 } = scoreFigures(chooseThreshold, F, score);
  const row = {
    variant: name,
    auroc: r4(auroc(s.testIn, s.testOut)),
    inScopeAccuracy: r4(F.testIn.filter((f) => f.correct === 1).length / F.testIn.length),
    at95,
    at98,
    escalatedAtCoverage85,
    extraTrainCpuSeconds: Number((extraCpuMs / 1000).toFixed(2)),
    prediction: timing(score, parts),
    ...(weights ? { metaWeights: weights } : {}),
  };
  rows.push(row);
  console.log(
    `${name.padEnd(72)} AUROC ${row.auroc.toFixed(3)} @95: cov ${(row.at95.inScopeCoverage * 100).toFixed(1)}% prec ${((row.at95.inScopePrecision ?? 0) * 100).toFixed(1)}% esc ${(row.at95.heldOutEscalated * 100).toFixed(1)}% @98: cov ${(row.at98.inScopeCoverage * 100).toFixed(1)}% esc ${(row.at98.heldOutEscalated * 100).toFixed(1)}%  +${row.extraTrainCpuSeconds} s train  p50/p99 ${row.prediction.perTextMinUs.p50}/${row.prediction.perTextMinUs.p99} µs`,
  );
}

// How much a fold tells about another: a second fold (10 other in-scope labels, seed 79) and,
// on each fold, max-probability's AUROC (kept labels' validation texts vs removed labels' texts)
// and that of the cheap "answer right and label seen" meta LR fitted on the other fold. Training
// data only: the spread between label groups against the gain from the meta-scorer.
const removed79 = new Set(shuffled(labels, seededRandom(79)).slice(0, 10));
const fold79 = buildScorer(fitPart.filter((e) => !removed79.has(e.label)), validation.filter((e) => !removed79.has(e.label)), labels.filter((l) => !removed79.has(l)));
const cheapParts = new Set(['unseen']);
const cheapFeatures = (scorer, rows) =>
  rows.map((e) => {
    const f = scorer.features(e.text, cheapParts);
    return { ...f, correct: scorer.classLabels[f.best] === e.label ? 1 : 0 };
  });
const folds = [
  { seed: 78, in: foldIn, out: foldOut },
  { seed: 79, in: cheapFeatures(fold79, validation.filter((e) => !removed79.has(e.label))), out: cheapFeatures(fold79, inScope.filter((e) => removed79.has(e.label))) },
];
const foldCheck = folds.map((a, i) => {
  const b = folds[1 - i];
  const lr = fitLogistic([...b.in, ...b.out], CHEAP, [...b.in.map((f) => f.correct), ...b.out.map(() => 0)]);
  const row = {
    foldSeed: a.seed,
    maxProbabilityAuroc: r4(auroc(a.in.map((f) => f.maxProb), a.out.map((f) => f.maxProb))),
    metaLrFromOtherFoldAuroc: r4(auroc(a.in.map(lr.score), a.out.map(lr.score))),
  };
  console.log(`fold ${a.seed}: max-probability AUROC ${row.maxProbabilityAuroc}, meta LR fitted on fold ${b.seed}: ${row.metaLrFromOtherFoldAuroc}`);
  return row;
});

// Where the held-out labels go under the served score (max-probability at the 95% threshold):
// per held-out label, the share escalated and the in-scope label most of its requests get.
const baseThreshold = chooseThreshold(F.validation.map((f) => ({ confidence: f.maxProb, correct: f.correct === 1 })), 0.95, 1.645).threshold;
const heldOutByLabel = heldOut.map((label) => {
  const fs = F.testOut.filter((_, i) => testOut[i].label === label);
  const predicted = new Map();
  for (const f of fs) predicted.set(labels[f.best], (predicted.get(labels[f.best]) ?? 0) + 1);
  const [top, count] = [...predicted].sort((a, b) => b[1] - a[1])[0];
  return { label, requests: fs.length, escalatedAt95: r4(fs.filter((f) => f.maxProb < baseThreshold).length / fs.length), mostPredicted: top, mostPredictedShare: r4(count / fs.length) };
});
for (const h of heldOutByLabel) console.log(`  ${h.label.padEnd(32)} escalated ${(h.escalatedAt95 * 100).toFixed(0).padStart(3)}%  mostly predicted as ${h.mostPredicted} (${(h.mostPredictedShare * 100).toFixed(0)}%)`);

const out = join(here, 'results/local-oos.json');
const previous = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
previous.scoreVariants = {
  script: 'bench/local-oos-scores.mjs',
  when: new Date().toISOString(),
  node: process.version,
  loadAverage1m: { start: Number(load0.toFixed(2)), end: Number(loadavg()[0].toFixed(2)) },
  setup: 'featurizer and softmax regression on the 90% part of the 67 in-scope labels; thresholds on the 10% validation part; meta-scorers fitted on a fold model trained without 10 further in-scope labels (seed 78)',
  foldRemovedLabels: [...removed].sort(),
  baseTrainCpuSeconds: Number((base.cpu.softmax / 1000).toFixed(2)),
  variants: rows,
  heldOutByLabelMaxProbabilityAt95: heldOutByLabel,
  foldCheck,
};
writeFileSync(out, `${JSON.stringify(previous, null, 2)}\n`);
console.log(`load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}; wrote bench/results/local-oos.json (scoreVariants)`);
