// Out-of-scope scores not tried by bench/local-oos.mjs, local-oos-scores.mjs or local-oos-vectors.mjs
// (issue 9): disagreement between models on two feature views (word n-grams only, character
// n-grams only), occlusion (how the predicted label's probability holds when one word of the
// request is left out), the predicted label's word coverage, the share of the request's n-gram
// TF-IDF mass on columns that label's training texts had, and the nearest training text of the
// predicted label, each combined with its probability, and logistic meta-scorers over all of
// them fitted by leave-some-labels-out on the training data (two folds pooled).
//
//   npm run bench:local-oos-views   (= npm run build && node bench/local-oos-views.mjs; SEEDS=77,7,2026)
//
// Protocol: heldOutLabelProtocol (bench/oos-common.mjs), once per held-out seed (10 of the 77
// labels held out of training entirely). The featurizer and every model are fitted on the 90%
// part of the in-scope training texts; temperatures and the 95%/98%-precision thresholds (Wilson
// z = 1.645) on the 10% validation part. The meta-scorers are fitted on fold models trained
// without 10 further in-scope labels (fold seeds 78 and 79, pooled): the kept labels' validation
// texts are the in-scope examples, the removed labels' training texts the "label unseen" ones.
// The held-out labels are used only for the reported figures. Per variant and seed: AUROC
// (in-scope test vs held-out-label test), coverage / precision / held-out escalated at the 95%
// and 98% thresholds, held-out escalated when 85% of in-scope test requests are answered, the
// served prediction cost (per-text minimum of 3 passes, µs) and the extra training CPU.
// Results: bench/results/local-oos-views.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuLaps, cpuMs, fitLogistic, heldOutLabelProtocol, invertedIndex, perTextTiming, r4, runnerUpAndEntropy, scoreFigures } from './oos-common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dist = (p) => import(join(root, 'dist', p));
const { rocAuc } = await dist('monitor/drift/domain-classifier.js');
const { fitFeaturizer } = await dist('local/features/featurizer.js');
const { DEFAULT_FEATURIZER_CONFIG, WORD_BLOCK, CHAR_BLOCK } = await dist('local/features/featurizer-config.js');
const { tokenize } = await dist('local/features/tokenize.js');
const { toSparseDataset } = await dist('local/sparse-dataset.js');
const { trainSoftmax } = await dist('local/train/train-softmax.js');
const { scoreInto, softmaxInPlace } = await dist('local/train/linear-model.js');
const { fitTemperature } = await dist('local/calibration/temperature.js');
const { chooseThreshold } = await dist('local/calibration/threshold.js');
const { seededRandom, shuffled } = await dist('core/seeded-random.js');

const SEEDS = (process.env.SEEDS ?? '77,7,2026').split(',').map(Number);
const FOLD_SEEDS = [78, 79];
const PRUNE_POSTINGS = 400;
/** Occlusion looks at a request's first words only, so its cost stays bounded on long texts. */
const OCCLUDE_WORDS = 24;
const cfg = DEFAULT_FEATURIZER_CONFIG;
const load0 = loadavg()[0];

/** The entries of `x` in one block, rescaled to unit length (a view's own input). */
function restrict(x, blocks, block) {
  let n = 0;
  for (let i = 0; i < x.indices.length; i++) if (blocks[x.indices[i]] === block) n++;
  const indices = new Int32Array(n);
  const values = new Float32Array(n);
  let norm = 0;
  for (let i = 0, j = 0; i < x.indices.length; i++) {
    if (blocks[x.indices[i]] !== block) continue;
    indices[j] = x.indices[i];
    values[j++] = x.values[i];
    norm += x.values[i] ** 2;
  }
  const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let j = 0; j < n; j++) values[j] *= s;
  return { indices, values };
}

const argmax = (p) => {
  let b = 0;
  for (let k = 1; k < p.length; k++) if (p[k] > p[b]) b = k;
  return b;
};

/** Jensen–Shannon divergence (nats) of two distributions. */
function jensenShannon(p, q) {
  let d = 0;
  for (let k = 0; k < p.length; k++) {
    const m = (p[k] + q[k]) / 2;
    if (p[k] > 0) d += 0.5 * p[k] * Math.log(p[k] / m);
    if (q[k] > 0) d += 0.5 * q[k] * Math.log(q[k] / m);
  }
  return d;
}

/**
 * Everything a score needs, trained on `rows` (labels in `classLabels`): featurizer, softmax
 * regression on all features and on each view (6 epochs, AdaGrad 0.1, l2 1e-6, as
 * trainClassifier), temperatures on `validationRows`, the words seen per label with their idf,
 * and a pruned inverted index of the training vectors. CPU per part is kept.
 */
function buildScorer(rows, validationRows, classLabels) {
  const C = classLabels.length;
  const index = new Map(classLabels.map((l, i) => [l, i]));
  const { cpu, lap } = cpuLaps();
  const featurizer = fitFeaturizer(rows.map((e) => e.text), cfg);
  const { blocks } = featurizer.state;
  const X = rows.map((e) => featurizer.transform(e.text));
  const y = Int32Array.from(rows, (e) => index.get(e.label));
  const XV = validationRows.map((e) => featurizer.transform(e.text));
  const yv = validationRows.map((e) => index.get(e.label));
  const shape = { dimension: featurizer.dimension, classes: C };
  const train = (xs) => trainSoftmax(toSparseDataset(xs), y, shape, { epochs: 6, learningRate: 0.1, l2: 1e-6, random: seededRandom(1) }).model;
  const calibrated = (model, xs) => ({ model, temperature: fitTemperature(xs.map((x) => scoreInto(model, x, new Float64Array(C))), yv) });
  const full = calibrated(train(X), XV);
  lap('full');
  const word = calibrated(train(X.map((x) => restrict(x, blocks, WORD_BLOCK))), XV.map((x) => restrict(x, blocks, WORD_BLOCK)));
  lap('wordView');
  const char = calibrated(train(X.map((x) => restrict(x, blocks, CHAR_BLOCK))), XV.map((x) => restrict(x, blocks, CHAR_BLOCK)));
  lap('charView');

  // Words seen per label, and each word's idf over the training texts.
  const wordLabels = new Map();
  for (const e of rows) {
    for (const w of new Set(tokenize(e.text, cfg.maxChars))) {
      let s = wordLabels.get(w);
      if (!s) wordLabels.set(w, (s = new Map()));
      s.set(index.get(e.label), (s.get(index.get(e.label)) ?? 0) + 1);
    }
  }
  const idf = (w) => {
    const s = wordLabels.get(w);
    let df = 0;
    if (s) for (const c of s.values()) df += c;
    return Math.log((rows.length + 1) / (df + 1)) + 1;
  };
  lap('coverage');

  // Which labels each feature column occurred with in training (columns × labels, one byte each).
  const seenWith = new Uint8Array(featurizer.dimension * C);
  X.forEach((x, r) => x.indices.forEach((c) => (seenWith[c * C + y[r]] = 1)));
  lap('columns');

  // Pruned inverted index (postings of columns in ≤ PRUNE_POSTINGS texts).
  const D = featurizer.dimension;
  const { start, postRow, postVal } = invertedIndex(X, D);
  const acc = new Float32Array(X.length);
  const touched = new Int32Array(X.length);
  lap('knnIndex');

  const probs = (m, x) => {
    const s = scoreInto(m.model, x, new Float64Array(C));
    const best = softmaxInPlace(s, m.temperature);
    return { p: s, best };
  };

  function nearestOfLabel(x, best) {
    let n = 0;
    for (let i = 0; i < x.indices.length; i++) {
      const c = x.indices[i];
      if (start[c + 1] - start[c] > PRUNE_POSTINGS) continue;
      const v = x.values[i];
      for (let p = start[c]; p < start[c + 1]; p++) {
        const r = postRow[p];
        if (acc[r] === 0) touched[n++] = r;
        acc[r] += v * postVal[p];
      }
    }
    let same = 0;
    for (let i = 0; i < n; i++) {
      const r = touched[i];
      if (y[r] === best && acc[r] > same) same = acc[r];
      acc[r] = 0;
    }
    return same;
  }

  /** The features of one text; `parts` picks the costly ones ('views', 'occlusion', 'coverage', 'knn'). */
  function features(text, parts) {
    const x = featurizer.transform(text);
    const { p, best } = probs(full, x);
    const { second, entropy } = runnerUpAndEntropy(p, best);
    const f = { best, maxProb: p[best], margin: p[best] - p[second], negEntropy: -entropy, logLength: Math.log1p(x.indices.length) };
    if (parts.has('views')) {
      const w = probs(word, restrict(x, blocks, WORD_BLOCK));
      const c = probs(char, restrict(x, blocks, CHAR_BLOCK));
      f.wordProb = w.p[best];
      f.charProb = c.p[best];
      f.viewsAgree = (w.best === best ? 1 : 0) + (c.best === best ? 1 : 0);
      f.negJs = -jensenShannon(w.p, c.p);
      f.viewMin = Math.min(f.maxProb, f.wordProb, f.charProb);
    }
    if (parts.has('occlusion')) {
      const words = tokenize(text, cfg.maxChars);
      const m = Math.min(words.length, OCCLUDE_WORDS);
      let least = f.maxProb;
      let flips = 0;
      for (let i = 0; i < m; i++) {
        const o = probs(full, featurizer.transform(words.filter((_, j) => j !== i).join(' ')));
        if (o.p[best] < least) least = o.p[best];
        if (o.best !== best) flips++;
      }
      f.occlusionMin = least;
      f.occlusionKept = m === 0 ? 1 : 1 - flips / m;
    }
    if (parts.has('coverage')) {
      let all = 0;
      let found = 0;
      let missing = 0;
      for (const w of new Set(tokenize(text, cfg.maxChars))) {
        const weight = idf(w);
        all += weight;
        if (wordLabels.get(w)?.has(best)) found += weight;
        else if (weight > missing) missing = weight;
      }
      f.coverage = all === 0 ? 0 : found / all;
      // The rarest word the label's training texts never had (its idf; 0 when every word was seen).
      f.negMissingIdf = -missing;
    }
    if (parts.has('columns')) {
      // Share of each block's squared TF-IDF mass on columns the predicted label's training texts had.
      const mass = [0, 0];
      const seen = [0, 0];
      for (let i = 0; i < x.indices.length; i++) {
        const c = x.indices[i];
        const v = x.values[i] ** 2;
        mass[blocks[c]] += v;
        if (seenWith[c * C + best] === 1) seen[blocks[c]] += v;
      }
      f.wordColumnsSeen = mass[WORD_BLOCK] === 0 ? 0 : seen[WORD_BLOCK] / mass[WORD_BLOCK];
      f.charColumnsSeen = mass[CHAR_BLOCK] === 0 ? 0 : seen[CHAR_BLOCK] / mass[CHAR_BLOCK];
    }
    if (parts.has('knn')) f.knnSame = nearestOfLabel(x, best);
    return f;
  }
  return { features, classLabels, cpu };
}

const auroc = (inScores, outScores) => rocAuc([...inScores, ...outScores], [...Array.from(inScores, () => 1), ...Array.from(outScores, () => 0)]);
const ALL_PARTS = new Set(['views', 'occlusion', 'coverage', 'knn', 'columns']);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

const CLASSIFIER = ['maxProb', 'margin', 'negEntropy', 'logLength'];
const VIEWS = [...CLASSIFIER, 'wordProb', 'charProb', 'viewsAgree', 'negJs', 'viewMin'];
const COVERAGE = [...CLASSIFIER, 'coverage', 'negMissingIdf'];
const COLUMNS = [...COVERAGE, 'wordColumnsSeen', 'charColumnsSeen'];
const COVERAGE_KNN = [...COVERAGE, 'knnSame'];
const NO_OCCLUSION = [...VIEWS, 'coverage', 'negMissingIdf', 'knnSame'];
const ALL = [...NO_OCCLUSION, 'occlusionMin', 'occlusionKept', 'wordColumnsSeen', 'charColumnsSeen'];

async function runSeed(heldOutSeed) {
  const { test, heldOut, inScope, labels, fitPart, validation, testIn, testOut } = await heldOutLabelProtocol(root, { heldOutSeed });
  const base = buildScorer(fitPart, validation, labels);
  const featuresOf = (scorer, rows) =>
    rows.map((e) => {
      const f = scorer.features(e.text, ALL_PARTS);
      return { ...f, correct: scorer.classLabels[f.best] === e.label ? 1 : 0 };
    });
  const folds = FOLD_SEEDS.map((foldSeed) => {
    const removed = new Set(shuffled(labels, seededRandom(foldSeed)).slice(0, 10));
    const scorer = buildScorer(fitPart.filter((e) => !removed.has(e.label)), validation.filter((e) => !removed.has(e.label)), labels.filter((l) => !removed.has(l)));
    return {
      foldSeed,
      removed: [...removed].sort(),
      cpu: scorer.cpu,
      in: featuresOf(scorer, validation.filter((e) => !removed.has(e.label))),
      out: featuresOf(scorer, inScope.filter((e) => removed.has(e.label))),
    };
  });
  const F = { validation: featuresOf(base, validation), testIn: featuresOf(base, testIn), testOut: featuresOf(base, testOut) };

  /** "Answer right and label seen" on the pooled folds (or one fold), standardised features. */
  const fitMeta = (keys, which = folds) => {
    const t0 = cpuMs();
    const rows = which.flatMap((f) => [...f.in, ...f.out]);
    const targets = which.flatMap((f) => [...f.in.map((r) => r.correct), ...f.out.map(() => 0)]);
    return { ...fitLogistic(rows, keys, targets), cpu: cpuMs() - t0 };
  };
  // Extra training CPU of a variant: the base scorer's parts it needs beyond the full model, plus
  // for a meta-scorer the fold scorers' parts it needs.
  const partCpu = (cpu, parts) => sum(parts.map((p) => ({ views: cpu.wordView + cpu.charView, coverage: cpu.coverage, columns: cpu.columns, knn: cpu.knnIndex, occlusion: 0 })[p]));
  const foldCpu = (parts, which = folds) => sum(which.map((f) => f.cpu.full + partCpu(f.cpu, parts)));
  const meta = (keys, parts, which = folds) => {
    const m = fitMeta(keys, which);
    return [m.score, parts, partCpu(base.cpu, parts) + foldCpu(parts, which) + m.cpu, m.weights];
  };

  const variants = [
    ['max-probability (as served)', (f) => f.maxProb, [], 0],
    ['views: min of full, word-only and char-only probability of the predicted label', (f) => f.viewMin, ['views'], partCpu(base.cpu, ['views'])],
    ['views: geometric mean of those three probabilities', (f) => Math.cbrt(f.maxProb * f.wordProb * f.charProb), ['views'], partCpu(base.cpu, ['views'])],
    ['views: max-probability × (views agreeing on the label + 1) / 3', (f) => (f.maxProb * (f.viewsAgree + 1)) / 3, ['views'], partCpu(base.cpu, ['views'])],
    ['views: max-probability × exp(−JS divergence of word and char views)', (f) => f.maxProb * Math.exp(f.negJs), ['views'], partCpu(base.cpu, ['views'])],
    [`occlusion: least probability of the label with one of the first ${OCCLUDE_WORDS} words left out`, (f) => f.occlusionMin, ['occlusion'], 0],
    ['occlusion: max-probability × share of left-out words that keep the label', (f) => f.maxProb * f.occlusionKept, ['occlusion'], 0],
    ['max-probability × label word coverage (idf-weighted)', (f) => f.maxProb * f.coverage, ['coverage'], partCpu(base.cpu, ['coverage'])],
    ['max-probability × share of the word n-gram TF-IDF mass on columns the label had', (f) => f.maxProb * f.wordColumnsSeen, ['columns'], partCpu(base.cpu, ['columns'])],
    ['max-probability × share of the char n-gram TF-IDF mass on columns the label had', (f) => f.maxProb * f.charColumnsSeen, ['columns'], partCpu(base.cpu, ['columns'])],
    [`max-probability × cosine to the nearest text of the label (pruned index, postings ≤ ${PRUNE_POSTINGS})`, (f) => f.maxProb * f.knnSame, ['knn'], partCpu(base.cpu, ['knn'])],
    ['meta LR on 2 leave-labels-out folds: classifier features only (control)', ...meta(CLASSIFIER, [])],
    ['meta LR on 2 folds: + view features', ...meta(VIEWS, ['views'])],
    ['meta LR on 2 folds: + label word coverage', ...meta(COVERAGE, ['coverage'])],
    ['meta LR on 2 folds: + coverage, n-gram columns seen', ...meta(COLUMNS, ['coverage', 'columns'])],
    ['meta LR on 2 folds: + coverage, kNN', ...meta(COVERAGE_KNN, ['coverage', 'knn'])],
    ['meta LR on 2 folds: + views, coverage, kNN', ...meta(NO_OCCLUSION, ['views', 'coverage', 'knn'])],
    ['meta LR on 2 folds: all (views, occlusion, coverage, columns, kNN)', ...meta(ALL, ['views', 'occlusion', 'coverage', 'columns', 'knn'])],
    ['meta LR on fold 78 only: + coverage, kNN', ...meta(COVERAGE_KNN, ['coverage', 'knn'], folds.slice(0, 1))],
    ['meta LR on fold 78 only: all', ...meta(ALL, ['views', 'occlusion', 'coverage', 'columns', 'knn'], folds.slice(0, 1))],
  ];

  const timingTexts = test.map((e) => e.text).slice(0, 1000);
  const timing = (score, parts) => {
    const set = new Set(parts);
    return perTextTiming(timingTexts, (t) => score(base.features(t, set))).perTextMinUs;
  };

  const rows = [];
  for (const [name, score, parts, extraCpuMs, weights] of variants) {
    const { scores: s, at95, at98, escalatedAtCoverage85 } = scoreFigures(chooseThreshold, F, score);
    const row = {
      variant: name,
      auroc: r4(auroc(s.testIn, s.testOut)),
      at95,
      at98,
      escalatedAtCoverage85,
      extraTrainCpuSeconds: Number((extraCpuMs / 1000).toFixed(2)),
      predictionPerTextMinUs: timing(score, parts),
      ...(weights ? { metaWeights: weights } : {}),
    };
    rows.push(row);
    const pct = (v) => `${((v ?? 0) * 100).toFixed(1)}%`;
    console.log(
      `[${heldOutSeed}] ${name.slice(0, 78).padEnd(78)} AUROC ${row.auroc.toFixed(3)} @95 cov ${pct(row.at95.inScopeCoverage)} prec ${pct(row.at95.inScopePrecision)} esc ${pct(row.at95.heldOutEscalated)} | @98 cov ${pct(row.at98.inScopeCoverage)} esc ${pct(row.at98.heldOutEscalated)} | esc@85 ${pct(row.escalatedAtCoverage85)} | +${row.extraTrainCpuSeconds} s | ${row.predictionPerTextMinUs.p50}/${row.predictionPerTextMinUs.p99} µs`,
    );
  }
  return {
    heldOutSeed,
    heldOut,
    inScopeAccuracy: r4(F.testIn.filter((f) => f.correct === 1).length / F.testIn.length),
    baseTrainCpuSeconds: Object.fromEntries(Object.entries(base.cpu).map(([k, v]) => [k, Number((v / 1000).toFixed(2))])),
    folds: folds.map((f) => ({ foldSeed: f.foldSeed, removed: f.removed })),
    variants: rows,
  };
}

const seeds = [];
for (const seed of SEEDS) seeds.push(await runSeed(seed));
const out = join(here, 'results/local-oos-views.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ script: 'bench/local-oos-views.mjs', when: new Date().toISOString(), node: process.version, loadAverage1m: { start: Number(load0.toFixed(2)), end: Number(loadavg()[0].toFixed(2)) }, seeds }, null, 2)}\n`);
console.log(`load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}; wrote bench/results/local-oos-views.json`);
