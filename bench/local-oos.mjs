// Out-of-scope detection experiments for local task models (issue 9): can an ensemble, a second
// model type or leave-labels-out training separate requests of never-seen intents from in-scope
// ones better than the calibrated max-probability of the single softmax model?
//
//   npm run bench:local-oos        (= npm run build && node bench/local-oos.mjs)
//
// Setup as in bench/local.mjs: Banking77, 10 labels held out of training entirely (seeded
// shuffle, seed 77, first 10). The in-scope training texts are split 90/10 (stratified, seed 1);
// every model trains on the 90% part, its temperature and the 95%-precision threshold (Wilson
// margin z = 1.645) are chosen on the 10% part. Test figures are measured once:
// - auroc: how well the variant's score separates in-scope test requests (2,680) from held-out-
//   label test requests (400); 1 = perfectly, 0.5 = not at all;
// - at95: in-scope coverage and precision, and the share of held-out-label requests escalated,
//   at the validation-chosen threshold (what the model would do when served);
// - escalatedAtCoverage85: share of held-out-label requests escalated when the threshold is set
//   so that 85% of in-scope test requests are answered (a description of the trade-off on test,
//   not a threshold a model may use), which compares scores at one in-scope coverage.
// Models here skip the refit on train + validation that trainClassifier does, so they are
// slightly weaker than the served model; the comparison between variants is what counts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMs, escalatedAtCoverage, heldOutLabelProtocol, operatingPoint, r4 } from './oos-common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
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

const { heldOut, inScope, labels, fitPart, validation, testIn, testOut } = await heldOutLabelProtocol(root);
const C = labels.length;
const labelIndex = new Map(labels.map((l, i) => [l, i]));
const yFit = Int32Array.from(fitPart, (e) => labelIndex.get(e.label));
const yValidation = validation.map((e) => labelIndex.get(e.label));
const yTestIn = testIn.map((e) => labelIndex.get(e.label));
const argmax = (p) => {
  let b = 0;
  for (let k = 1; k < p.length; k++) if (p[k] > p[b]) b = k;
  return b;
};

/** A feature view: the featurizer fitted on the in-scope training texts, and every split featurized. */
function view(config) {
  const t0 = cpuMs();
  const f = fitFeaturizer(inScope.map((e) => e.text), { ...DEFAULT_FEATURIZER_CONFIG, ...config });
  const x = (rows) => rows.map((e) => f.transform(e.text));
  return { dimension: f.dimension, fit: x(fitPart), validation: x(validation), testIn: x(testIn), testOut: x(testOut), cpuMs: cpuMs() - t0 };
}

/** Calibrated class probabilities of a trained scorer on validation and test (temperature fitted on validation). */
function calibrate(v, score, classes, validationLabels, keep = classes) {
  const scores = (xs) => xs.map((x) => score(x, new Float64Array(classes)));
  const sv = scores(v.validation);
  const temperature = fitTemperature(sv, validationLabels);
  const prob = (s) => {
    softmaxInPlace(s, temperature);
    return s.subarray(0, keep);
  };
  return { validation: sv.map(prob), testIn: scores(v.testIn).map(prob), testOut: scores(v.testOut).map(prob) };
}

/** Softmax regression as trainClassifier trains it (6 epochs, AdaGrad 0.1, l2 1e-6), on a subset / relabelling of the fit part. */
function softmaxModel(v, { seed = 1, epochs = 6, bootstrap = false, relabel = null, extra = [], extraLabel = -1 } = {}) {
  const t0 = cpuMs();
  const random = seededRandom(seed);
  let rows = [...v.fit.keys()];
  if (bootstrap) rows = rows.map(() => Math.floor(random() * v.fit.length));
  const classes = relabel || extra.length > 0 ? C + 1 : C;
  const x = toSparseDataset([...rows.map((i) => v.fit[i]), ...extra]);
  const y = Int32Array.from([...rows.map((i) => (relabel ? relabel[yFit[i]] : yFit[i])), ...extra.map(() => extraLabel)]);
  const run = trainSoftmax(x, y, { dimension: v.dimension, classes }, { epochs, learningRate: 0.1, l2: 1e-6, random });
  const out = calibrate(v, (s, o) => scoreInto(run.model, s, o), classes, relabel ? yValidation.map((k) => relabel[k]) : yValidation, relabel ? classes : C);
  return { ...out, cpuMs: cpuMs() - t0 };
}

/** One hidden ReLU layer over the same sparse features, plain SGD with a linearly decaying step. */
function mlpModel(v, { hidden = 64, epochs = 8, learningRate = 0.05, seed = 3 } = {}) {
  const t0 = cpuMs();
  const random = seededRandom(seed);
  const H = hidden;
  const w1 = new Float32Array(v.dimension * H).map(() => (random() - 0.5) * 0.2);
  const b1 = new Float32Array(H);
  const w2 = new Float32Array(H * C).map(() => ((random() - 0.5) * 2) / Math.sqrt(H));
  const b2 = new Float32Array(C);
  const h = new Float64Array(H);
  const gh = new Float64Array(H);
  const forward = (x, out) => {
    for (let j = 0; j < H; j++) h[j] = b1[j];
    for (let i = 0; i < x.indices.length; i++) {
      const row = x.indices[i] * H;
      const value = x.values[i];
      for (let j = 0; j < H; j++) h[j] += value * w1[row + j];
    }
    for (let j = 0; j < H; j++) if (h[j] < 0) h[j] = 0;
    for (let k = 0; k < C; k++) out[k] = b2[k];
    for (let j = 0; j < H; j++) {
      if (h[j] === 0) continue;
      for (let k = 0; k < C; k++) out[k] += h[j] * w2[j * C + k];
    }
    return out;
  };
  const o = new Float64Array(C);
  const order = [...v.fit.keys()];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const lr = learningRate * (1 - epoch / epochs);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const r of order) {
      const x = v.fit[r];
      forward(x, o);
      softmaxInPlace(o, 1);
      o[yFit[r]] -= 1;
      for (let j = 0; j < H; j++) {
        gh[j] = 0;
        if (h[j] === 0) continue;
        for (let k = 0; k < C; k++) {
          gh[j] += o[k] * w2[j * C + k];
          w2[j * C + k] -= lr * o[k] * h[j];
        }
      }
      for (let k = 0; k < C; k++) b2[k] -= lr * o[k];
      for (let j = 0; j < H; j++) b1[j] -= lr * gh[j];
      for (let i = 0; i < x.indices.length; i++) {
        const row = x.indices[i] * H;
        const value = x.values[i];
        for (let j = 0; j < H; j++) if (gh[j] !== 0) w1[row + j] -= lr * gh[j] * value;
      }
    }
  }
  return { ...calibrate(v, forward, C, yValidation), cpuMs: cpuMs() - t0 };
}

/** Feature-space mixup of two training texts of different labels: synthetic "none of these" examples. */
function mixups(v, count, seed) {
  const random = seededRandom(seed);
  const out = [];
  while (out.length < count) {
    const a = Math.floor(random() * v.fit.length);
    const b = Math.floor(random() * v.fit.length);
    if (yFit[a] === yFit[b]) continue;
    const sum = new Map();
    for (const x of [v.fit[a], v.fit[b]]) x.indices.forEach((i, k) => sum.set(i, (sum.get(i) ?? 0) + 0.5 * x.values[k]));
    const indices = [...sum.keys()].sort((p, q) => p - q);
    out.push({ indices: Int32Array.from(indices), values: Float32Array.from(indices, (i) => sum.get(i)) });
  }
  return out;
}

const averaged = (models, part) =>
  models[0][part].map((_, i) => {
    const p = new Float64Array(C);
    for (const m of models) for (let k = 0; k < C; k++) p[k] += m[part][i][k] / models.length;
    return p;
  });

/** P(an in-scope request scores above a held-out-label one), ties counting half: the src rank AUC. */
const auroc = (inScores, outScores) => rocAuc([...inScores, ...outScores], [...Array.from(inScores, () => 1), ...Array.from(outScores, () => 0)]);

const results = [];
/**
 * Scores a variant: probabilities averaged over `models`; `score(p, i, part)` is the confidence
 * (default: the averaged max-probability). Prints and records its figures.
 */
function measure(name, models, extraCpuMs = 0, score = (p) => p[argmax(p)]) {
  const parts = Object.fromEntries(['validation', 'testIn', 'testOut'].map((part) => [part, averaged(models, part)]));
  const s = Object.fromEntries(Object.entries(parts).map(([part, ps]) => [part, ps.map((p, i) => score(p, i, part))]));
  const correct = parts.testIn.map((p, i) => argmax(p) === yTestIn[i]);
  const validationOutcomes = parts.validation.map((p, i) => ({ confidence: s.validation[i], correct: argmax(p) === yValidation[i] }));
  const row = {
    variant: name,
    auroc: r4(auroc(s.testIn, s.testOut)),
    inScopeAccuracy: r4(correct.filter(Boolean).length / correct.length),
    at95: operatingPoint(chooseThreshold, 0.95, validationOutcomes, s.testIn, correct, s.testOut),
    escalatedAtCoverage85: escalatedAtCoverage(s.testIn, s.testOut),
    modelsTrainCpuSeconds: Number(((models.reduce((t, m) => t + (m.cpuMs ?? 0), 0) + extraCpuMs) / 1000).toFixed(1)),
  };
  results.push(row);
  console.log(
    `${name.padEnd(52)} AUROC ${row.auroc.toFixed(3)}  acc ${(row.inScopeAccuracy * 100).toFixed(1)}%  @95: cov ${(row.at95.inScopeCoverage * 100).toFixed(1)}% prec ${(row.at95.inScopePrecision * 100).toFixed(1)}% held-out esc ${(row.at95.heldOutEscalated * 100).toFixed(1)}%  esc@cov85 ${(row.escalatedAtCoverage85 * 100).toFixed(1)}%  ${row.modelsTrainCpuSeconds} s CPU`,
  );
}

const base = view({});
const m1 = softmaxModel(base, { seed: 1 });
measure('baseline: softmax regression, max-probability', [m1], base.cpuMs);
measure('same, 12 epochs instead of 6', [softmaxModel(base, { epochs: 12 })], base.cpuMs);

const seeds = [2, 3].map((seed) => softmaxModel(base, { seed }));
measure('average of 3 SGD seeds', [m1, ...seeds], base.cpuMs);
const boots = [11, 12, 13].map((seed) => softmaxModel(base, { seed, bootstrap: true }));
measure('average of 3 bootstrap samples', boots, base.cpuMs);
const minOfArgmax = (models) => (p, i, part) => Math.min(...models.map((m) => m[part][i][argmax(p)]));
measure('3 bootstrap samples, min prob. of the agreed label', boots, base.cpuMs, minOfArgmax(boots));

const words = view({ charWeight: 0 });
const chars = view({ wordWeight: 0 });
const mWords = softmaxModel(words);
const mChars = softmaxModel(chars);
measure('word n-grams only', [mWords], words.cpuMs);
measure('char n-grams only', [mChars], chars.cpuMs);
measure('average of word-only and char-only views', [mWords, mChars], words.cpuMs + chars.cpuMs);
measure('average of full, word-only and char-only views', [m1, mWords, mChars], base.cpuMs + words.cpuMs + chars.cpuMs);
measure('3 views, min prob. of the agreed label', [m1, mWords, mChars], base.cpuMs + words.cpuMs + chars.cpuMs, minOfArgmax([m1, mWords, mChars]));

// Leave-labels-out: the in-scope labels in 3 random groups; model g learns group g's examples as
// one "none of these" class, so it has seen in-scope-looking text that is none of its labels.
// Score of the base model's label k: P(k) under the 2 models that know k.
const K = 3;
const group = new Int32Array(C);
shuffled([...Array(C).keys()], seededRandom(5)).forEach((k, j) => (group[k] = j % K));
const lso = [...Array(K).keys()].map((g) => softmaxModel(base, { seed: 20 + g, relabel: Int32Array.from({ length: C }, (_, k) => (group[k] === g ? C : k)) }));
const knowing = (p, i, part) => {
  const k = argmax(p);
  let sum = 0;
  let n = 0;
  for (let g = 0; g < K; g++) if (group[k] !== g) (sum += lso[g][part][i][k]), n++;
  return sum / n;
};
const lsoCpu = lso.reduce((t, m) => t + m.cpuMs, 0);
measure('leave-labels-out ×3: P(label) of the models that know it', [m1], base.cpuMs + lsoCpu, knowing);
measure('… times the base max-probability', [m1], base.cpuMs + lsoCpu, (p, i, part) => p[argmax(p)] * knowing(p, i, part));
measure('… min with the base max-probability', [m1], base.cpuMs + lsoCpu, (p, i, part) => Math.min(p[argmax(p)], knowing(p, i, part)));

const mix = softmaxModel(base, { extra: mixups(base, 2000, 9), extraLabel: C });
measure('2,000 mixup texts as a "none of these" class', [mix], base.cpuMs);
measure('average of baseline and the mixup model', [m1, mix], base.cpuMs);

const mlp = mlpModel(base);
measure('hidden-layer network (64 ReLU, 8 epochs)', [mlp], base.cpuMs);
measure('average of softmax regression and network', [m1, mlp], base.cpuMs);
measure('softmax + network, min prob. of the agreed label', [m1, mlp], base.cpuMs, minOfArgmax([m1, mlp]));

// Leave-labels-out estimate, from training data only: 10 of the 67 in-scope labels (seeded) are
// removed from the fit part; the model's 95% threshold is chosen on the remaining labels'
// validation texts, and the estimate is the share of the removed labels' texts (fit and
// validation parts, never trained on) that escalate. Compare with the baseline's held-out
// escalation on test, which a deployment cannot measure.
const removed = new Set(shuffled([...Array(C).keys()], seededRandom(78)).slice(0, 10));
const keptRows = [...base.fit.keys()].filter((i) => !removed.has(yFit[i]));
const keptValidation = [...base.validation.keys()].filter((i) => !removed.has(yValidation[i]));
const outRows = [...[...base.fit.keys()].filter((i) => removed.has(yFit[i])).map((i) => base.fit[i]), ...[...base.validation.keys()].filter((i) => removed.has(yValidation[i])).map((i) => base.validation[i])];
const estimateView = { ...base, fit: keptRows.map((i) => base.fit[i]), validation: keptValidation.map((i) => base.validation[i]), testIn: [], testOut: outRows };
{
  // Labels keep their indices (removed ones never occur), so the class count stays C.
  const random = seededRandom(1);
  const run = trainSoftmax(toSparseDataset(estimateView.fit), Int32Array.from(keptRows, (i) => yFit[i]), { dimension: base.dimension, classes: C }, { epochs: 6, learningRate: 0.1, l2: 1e-6, random });
  const validationLabels = keptValidation.map((i) => yValidation[i]);
  const probs = calibrate(estimateView, (x, o) => scoreInto(run.model, x, o), C, validationLabels);
  const { threshold, coverage } = chooseThreshold(probs.validation.map((p, i) => ({ confidence: p[argmax(p)], correct: argmax(p) === validationLabels[i] })), 0.95, 1.645);
  const escalated = probs.testOut.filter((p) => p[argmax(p)] < threshold).length / probs.testOut.length;
  const trainingOnlyEstimate = { removedLabels: [...removed].map((k) => labels[k]).sort(), removedTexts: outRows.length, validationCoverageAt95: r4(coverage), removedLabelsEscalated: r4(escalated) };
  results.push({ variant: 'leave-labels-out estimate on training data only', ...trainingOnlyEstimate });
  console.log(`leave-labels-out estimate (training data only): ${(escalated * 100).toFixed(1)}% of ${outRows.length} texts of 10 removed in-scope labels escalate at the 95% threshold (validation coverage ${(coverage * 100).toFixed(1)}%)`);
}

mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results/local-oos.json'),
  `${JSON.stringify({ dataset: 'banking77, 67 in-scope labels, 10 held out of training', heldOutLabels: heldOut, when: new Date().toISOString(), node: process.version, fitExamples: fitPart.length, validationExamples: validation.length, inScopeTestRequests: testIn.length, heldOutTestRequests: testOut.length, variants: results }, null, 2)}\n`,
);
console.log('wrote bench/results/local-oos.json');
