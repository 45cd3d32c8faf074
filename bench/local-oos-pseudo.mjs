// Leave-labels-out ("pseudo out-of-scope") calibration of the distance gate, on bench:local's own
// protocol (banking77, newest 10% of each label held out). Exploration, not the product: it runs
// training's hold-out steps from dist/ (labels in first-appearance order, the served classifier
// int8-rounded as the model file stores it, labels under minExamplesToAnswer escalated) so that every validation row's features are at hand,
// and adds one fold model (softmax + centre-loss gate) trained on the train part without ~13% of
// its labels (FOLD_SHARE), whose train and validation rows stand in for out-of-scope traffic.
// Every rule is chosen on validation or on that fold only; test, and the 10 labels held out of
// training entirely (seeded shuffles 77 (bench:local's set), 7 and 2026), enter the figures only.
// Its absolute coverage differs from bench:local's by up to 2 points (another random stream, and
// the certificate moves in 2% steps); compare rules within one run.
//
//   npm run bench:local-oos-pseudo   (writes bench/results/local-oos-pseudo.json)
//
// Rules (each answers iff the request is not unfamiliar, confidence ≥ t and the gate's value ≤ r,
// or, for `lr`, a combined score ≥ t):
//   share-2.5%             the default (certifyWithGate, maxDistantShare 0.025);
//   share-S% (frontier)    certifyByShare at share S, 1–30%: the trade-off the share buys;
//   pseudo-share           the share whose certified (t, r) escalates the most pseudo-OOS rows,
//                          among those within 2.5 points of max-probability's validation coverage;
//   lr                     a logistic "in scope and right" score over log-odds of confidence, margin,
//                          log distance ratio and unseen-word share, fitted on the fold, certified
//                          on validation like a confidence;
//   oos-lr-gate(-distances) the gate's value replaced by a fold-fitted out-of-scope probability
//                          (all five features, or the two distances and unseen share), cut by the
//                          default share rule: the same coverage cost by construction;
//   gate-nearest, gate-ratio×nearest  fixed formulas: distance / radius to the nearest centre of
//                          any label, and its product with the predicted label's ratio.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMs, escalatedAtCoverage, fitLogistic, r4 } from './oos-common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dist = (p) => import(join(root, 'dist', p));
const { readExamples } = await dist('local/index.js');
const { resolveTrainOptions } = await dist('local/train/resolve-options.js');
const { seededRandom, shuffled } = await dist('core/seeded-random.js');
const { nearDuplicateGroups } = await dist('local/train/near-duplicates.js');
const { stratifiedSplit } = await dist('local/train/split.js');
const { fitAndFeaturize, SparseBuffer } = await dist('local/features/featurizer.js');
const { rowOf, rowRange, reorderRows } = await dist('local/sparse-dataset.js');
const { trainSoftmax } = await dist('local/train/train-softmax.js');
const { scoreInto, softmaxInPlace } = await dist('local/train/linear-model.js');
const { fitTemperature } = await dist('local/calibration/temperature.js');
const { WordVocabulary } = await dist('local/features/word-vocabulary.js');
const { chooseUnseenCutoff } = await dist('local/calibration/unseen-cutoff.js');
const { trainCentreLossEmbedding } = await dist('local/train/centre-loss-embedding.js');
const { fitDistanceGate, certifyWithGate, certifyByShare } = await dist('local/distance-gate.js');
const { chooseThreshold, atThreshold } = await dist('local/calibration/threshold.js');
const { quantizeRows, dequantizeRows } = await dist('local/model-file/quantize.js');

const data = join(root, 'data/banking77');
const trainAll = await readExamples(join(data, 'train.csv'), { labelColumn: 'category' });
const test = await readExamples(join(data, 'test.csv'), { labelColumn: 'category' });
const allLabels = [...new Set(trainAll.map((e) => e.label))].sort();
const FOLD_SHARE = Number(process.env.FOLD_SHARE ?? 0.13);
const Z = 1.645;

/** Calibrated confidence, label, margin of a score vector (consumed in place). */
function summary(s, temperature) {
  const best = softmaxInPlace(s, temperature);
  let second = 0;
  for (let k = 0; k < s.length; k++) if (k !== best && s[k] > second) second = s[k];
  return { label: best, conf: Math.fround(s[best]), margin: s[best] - second };
}

/** A softmax, its temperature and a distance gate trained on `rows` of `all` (labels `y`, `classes`). */
function fitPair(all, rowsIdx, y, classes, dimension, o, seed) {
  const part = reorderRows(all, Int32Array.from(rowsIdx));
  const yy = Int32Array.from(rowsIdx, (r) => y[r]);
  const sgd = { learningRate: o.learningRate, l2: o.l2, random: seededRandom(seed) };
  const run = trainSoftmax(part, yy, { dimension, classes }, { ...sgd, epochs: o.epochs });
  const gate = fitDistanceGate(trainCentreLossEmbedding(part, yy, dimension, classes, seededRandom(seed)), part, yy, classes);
  return { run, gate };
}

function features(model, gate, temperature, x, vocabulary, text, truth) {
  const s = scoreInto(model, x, new Float64Array(model.classes));
  const { label, conf, margin } = summary(s, temperature);
  return { label, conf, margin, ratio: gate.ratio(x, x.indices.length, label), nearest: nearestRatio(gate, x, x.indices.length), unseen: vocabulary.unseenShare(text), correct: label === truth };
}

/** The smallest distance / radius over every label's centre (the nearest label in the gate's space, whatever the classifier says). */
function nearestRatio(gate, x, n) {
  const h = gate.embed(x, n);
  const d = gate.embedding.dimensions;
  let best = Infinity;
  for (let j = 0; j < gate.radii.length; j++) {
    let sum = 0;
    for (let k = 0; k < d; k++) sum += (h[k] - gate.centres[j * d + k]) ** 2;
    best = Math.min(best, Math.sqrt(sum) / Math.max(gate.radii[j], 1e-9));
  }
  return best;
}

/** Trains as holdOut does (plus a leave-labels-out fold) and returns the served parts and every row's features. */
function train(examples, seed) {
  const cpu0 = cpuMs();
  const { train: o, featurizer: config } = resolveTrainOptions({ seed });
  // Labels sorted, as validateExamples gives them to training; those with too few examples to
  // certify (minExamplesToAnswer) are learnt but always escalate.
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const counts = new Map();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  const escalatedLabels = new Set(labels.filter((l) => counts.get(l) < o.minExamplesToAnswer).map((l) => labelIndex.get(l)));
  const C = labels.length;
  const random = seededRandom(o.seed);
  const groups = nearDuplicateGroups(examples, o.nearDuplicateJaccard, o.validationShare);
  const { train: part, validation, rows } = stratifiedSplit(examples, o.validationShare, random, groups, o.validationOrder);
  const { featurizer, data: all } = fitAndFeaturize(examples.map((e) => e.text), config, true, rows);
  const trainData = rowRange(all, 0, part.length);
  const valData = rowRange(all, part.length, all.rows);
  const yTrain = Int32Array.from(part, (e) => labelIndex.get(e.label));
  const truth = validation.map((e) => labelIndex.get(e.label));
  const shape = { dimension: featurizer.dimension, classes: C };
  const sgd = { learningRate: o.learningRate, l2: o.l2, random };
  const heldOut = trainSoftmax(trainData, yTrain, shape, { ...sgd, epochs: o.epochs });
  const valScores = truth.map((_, i) => scoreInto(heldOut.model, rowOf(valData, i), new Float64Array(C)));
  const temperature = fitTemperature(valScores, truth);
  const vocabulary = new WordVocabulary(part.map((e) => e.text), config);
  const gate = fitDistanceGate(trainCentreLossEmbedding(trainData, yTrain, featurizer.dimension, C, seededRandom(o.seed)), trainData, yTrain, C);
  const val = validation.map((e, i) => features(heldOut.model, gate, temperature, rowOf(valData, i), vocabulary, e.text, truth[i]));
  for (const f of val) f.never = escalatedLabels.has(f.label);
  const maxUnseen = chooseUnseenCutoff(val.map((f) => f.unseen), o.maxUnfamiliarShare);
  const baseCpu = cpuMs() - cpu0;

  // The fold: ~13% of the labels left out of a second softmax and gate trained on the train part.
  const cpu1 = cpuMs();
  const out = new Set(shuffled(labels, seededRandom(o.seed + 1000)).slice(0, Math.max(2, Math.round(FOLD_SHARE * C))));
  const kept = labels.filter((l) => !out.has(l));
  const keptIndex = new Map(kept.map((l, i) => [l, i]));
  const yAll = Int32Array.from([...part, ...validation], (e) => keptIndex.get(e.label) ?? -1);
  const foldRows = [];
  part.forEach((e, r) => { if (!out.has(e.label)) foldRows.push(r); });
  const fold = fitPair(all, foldRows, yAll, kept.length, featurizer.dimension, o, o.seed + 1);
  const foldVocabulary = new WordVocabulary(foldRows.map((r) => part[r].text), config);
  const inRows = [];
  validation.forEach((e, i) => { if (!out.has(e.label)) inRows.push(part.length + i); });
  const oosRows = [];
  [...part, ...validation].forEach((e, r) => { if (out.has(e.label)) oosRows.push(r); });
  const textOf = (r) => (r < part.length ? part[r].text : validation[r - part.length].text);
  const inScores = inRows.map((r) => scoreInto(fold.run.model, rowOf(all, r), new Float64Array(kept.length)));
  const foldTemperature = fitTemperature(inScores, inRows.map((r) => yAll[r]));
  const foldIn = inRows.map((r) => features(fold.run.model, fold.gate, foldTemperature, rowOf(all, r), foldVocabulary, textOf(r), yAll[r]));
  const foldOut = oosRows.map((r) => features(fold.run.model, fold.gate, foldTemperature, rowOf(all, r), foldVocabulary, textOf(r), -2));
  const foldCpu = cpuMs() - cpu1;

  let final = heldOut;
  if (o.refitEpochs > 0) final = trainSoftmax(all, Int32Array.from([...yTrain, ...truth]), shape, { ...sgd, epochs: o.refitEpochs, resume: heldOut });
  // Served as the model file stores it: int8 rows.
  const q = quantizeRows(final.model.weights, C);
  const served = { ...final.model, weights: dequantizeRows(q.values, q.scales, C) };
  const buffer = new SparseBuffer();
  const serve = (text) => {
    const n = featurizer.transformInto(text, buffer);
    const x = { indices: buffer.indices.subarray(0, n), values: buffer.values.subarray(0, n) };
    const s = scoreInto(served, x, new Float64Array(C), n);
    const { label, conf, margin } = summary(s, temperature);
    return { label: labels[label], never: escalatedLabels.has(label), conf, margin, ratio: n === 0 ? Infinity : gate.ratio(x, n, label), nearest: n === 0 ? Infinity : nearestRatio(gate, x, n), unseen: buffer.unseenWordShare, empty: n === 0 };
  };
  return { val, maxUnseen, foldIn, foldOut, serve, o, baseCpu, foldCpu, foldLabelsOut: [...out] };
}

const logit = (p) => Math.log(Math.max(p, 1e-6) / Math.max(1 - p, 1e-6));
const lrRow = (f) => ({ lc: logit(f.conf), margin: f.margin, lr: Math.log(Math.max(f.ratio, 1e-6)), unseen: f.unseen });
const LR_KEYS = ['lc', 'margin', 'lr', 'unseen'];

/** Each rule: a function of a row's features → answer (true) or escalate. */
function rules(t) {
  const { val, maxUnseen, foldIn, foldOut } = t;
  // Unfamiliar, or of a label with too few examples to answer: escalated whatever the rule.
  const unfamiliar = (f) => f.never === true || (maxUnseen !== null && f.unseen > maxUnseen);
  const outcomes = val.map((f) => ({ confidence: unfamiliar(f) ? -1 : f.conf, correct: f.correct }));
  const ratios = val.map((f) => f.ratio);
  const out = {};
  const floor = atThreshold(outcomes, chooseThreshold(outcomes, 0.95, Z).threshold).coverage;
  const plain = chooseThreshold(outcomes, 0.95, Z).threshold;
  out['max-probability'] = { answer: (f) => !unfamiliar(f) && f.conf >= plain, detail: { threshold: r4(plain) } };
  const cur = certifyWithGate(outcomes, ratios, 0.95, Z, t.o.maxDistantShare);
  out['share-2.5%'] = { answer: (f) => !unfamiliar(f) && f.conf >= cur.threshold && f.ratio <= cur.maxRatio, detail: { threshold: r4(cur.threshold), maxRatio: r4(cur.maxRatio), rule: cur.rule, share: cur.share } };
  // Pseudo-share: candidates by share, each (t, r) certified on validation, pseudo-OOS escalation measured on the fold.
  const candidates = [];
  for (const share of [0.01, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3]) {
    const c = certifyByShare(outcomes, ratios, 0.95, Z, share);
    if (!c || c.share !== share) continue;
    const answer = (f) => !unfamiliar(f) && f.conf >= c.threshold && f.ratio <= c.maxRatio;
    const coverage = atThreshold(c.outcomes, c.threshold).coverage;
    const oosEscalated = foldOut.filter((f) => !answer(f)).length / foldOut.length;
    const foldCoverage = foldIn.filter(answer).length / foldIn.length;
    candidates.push({ share, threshold: r4(c.threshold), maxRatio: r4(c.maxRatio), coverage: r4(coverage), foldCoverage: r4(foldCoverage), pseudoOosEscalated: r4(oosEscalated), answer });
    out[`share-${share * 100}% (frontier)`] = { answer, detail: { threshold: r4(c.threshold), maxRatio: r4(c.maxRatio), validationCoverage: r4(coverage), pseudoOosEscalated: r4(oosEscalated) } };
  }
  const eligible = candidates.filter((c) => c.coverage >= floor - 0.025);
  const best = eligible.reduce((a, c) => (c.pseudoOosEscalated > a.pseudoOosEscalated ? c : a), eligible[0]);
  out['pseudo-share'] = { answer: best.answer, detail: { floor: r4(floor), chosen: best.share, candidates: candidates.map(({ answer, ...c }) => c) } };
  // Logistic in-scope score fitted on the fold.
  const rowsLr = [...foldIn, ...foldOut].map(lrRow);
  const targets = [...foldIn.map((f) => (f.correct ? 1 : 0)), ...foldOut.map(() => 0)];
  const { score, weights } = fitLogistic(rowsLr, LR_KEYS, targets);
  const lrOutcomes = val.map((f) => ({ confidence: unfamiliar(f) ? -1 : score(lrRow(f)), correct: f.correct }));
  const lrT = chooseThreshold(lrOutcomes, 0.95, Z).threshold;
  out.lr = { answer: (f) => !unfamiliar(f) && score(lrRow(f)) >= lrT, score: (f) => score(lrRow(f)), detail: { threshold: r4(lrT), weights, validationCoverage: r4(atThreshold(lrOutcomes, lrT).coverage) } };
  // The gate's value replaced by a fold-fitted out-of-scope probability, cut by the same share rule:
  // the same coverage cost by construction, more escalated only if it separates better than the ratio.
  for (const [name, keys] of [['oos-lr-gate', OOS_KEYS], ['oos-lr-gate-distances', ['lr', 'lnear', 'unseen']]]) {
    const { score: pOos, weights: w } = fitLogistic([...foldIn, ...foldOut].map(oosRow), keys, [...foldIn.map(() => 0), ...foldOut.map(() => 1)]);
    const values = val.map((f) => pOos(oosRow(f)));
    const c = certifyWithGate(outcomes, values, 0.95, Z, t.o.maxDistantShare);
    out[name] = { answer: (f) => !unfamiliar(f) && f.conf >= c.threshold && pOos(oosRow(f)) <= c.maxRatio, score: (f) => -pOos(oosRow(f)), detail: { threshold: r4(c.threshold), maxValue: r4(c.maxRatio), rule: c.rule, share: c.share, weights: w } };
  }
  // Fixed formulas (no fold): the gate's value from the two distances.
  for (const [name, value] of [['gate-nearest', (f) => f.nearest], ['gate-ratio×nearest', (f) => f.ratio * f.nearest]]) {
    const c = certifyWithGate(outcomes, val.map(value), 0.95, Z, t.o.maxDistantShare);
    out[name] = { answer: (f) => !unfamiliar(f) && f.conf >= c.threshold && value(f) <= c.maxRatio, score: (f) => -value(f), detail: { threshold: r4(c.threshold), maxValue: r4(c.maxRatio), rule: c.rule, share: c.share } };
  }
  return out;
}

const oosRow = (f) => ({ ...lrRow(f), lnear: Math.log(Math.max(f.nearest, 1e-6)) });
const OOS_KEYS = ['lc', 'margin', 'lr', 'lnear', 'unseen'];

const load0 = loadavg()[0];
const results = { when: new Date().toISOString(), loadAverage1m: r4(load0), foldShare: FOLD_SHARE, heldOutSets: [], fullLabels: [] };
for (const heldOutSeed of [77, 7, 2026]) {
  const heldOut = shuffled(allLabels, seededRandom(heldOutSeed)).slice(0, 10);
  const inScope = trainAll.filter((e) => !heldOut.includes(e.label));
  const t = train(inScope, 1);
  const testIn = test.filter((e) => !heldOut.includes(e.label)).map((e) => ({ ...t.serve(e.text), truth: e.label }));
  const testOut = test.filter((e) => heldOut.includes(e.label)).map((e) => t.serve(e.text));
  const figures = {};
  for (const [name, rule] of Object.entries(rules(t))) {
    const answered = testIn.filter((f) => !f.empty && rule.answer(f));
    figures[name] = {
      inScopeCoverage: r4(answered.length / testIn.length),
      inScopePrecision: r4(answered.filter((f) => f.label === f.truth).length / answered.length),
      heldOutEscalated: r4(testOut.filter((f) => f.empty || !rule.answer(f)).length / testOut.length),
      ...(rule.score ? { escalatedAtCoverage85: escalatedAtCoverage(testIn.map(rule.score), testOut.map(rule.score)) } : {}),
      ...rule.detail,
    };
  }
  results.heldOutSets.push({ heldOutSeed, baseCpuS: r4(t.baseCpu / 1000), foldCpuS: r4(t.foldCpu / 1000), foldLabelsOut: t.foldLabelsOut.length, figures });
  console.error(`held-out set ${heldOutSeed}:`, Object.entries(figures).map(([k, v]) => `${k} ${v.inScopeCoverage}/${v.inScopePrecision}/${v.heldOutEscalated}`).join('; '), `fold ${r4(t.foldCpu / 1000)} s`);
}
for (const seed of [1, 2, 3]) {
  const t = train(trainAll, seed);
  const served = test.map((e) => ({ ...t.serve(e.text), truth: e.label }));
  const figures = {};
  for (const [name, rule] of Object.entries(rules(t))) {
    const answered = served.filter((f) => !f.empty && rule.answer(f));
    figures[name] = { coverage: r4(answered.length / served.length), precision: r4(answered.filter((f) => f.label === f.truth).length / answered.length), ...(name === 'pseudo-share' ? { chosen: rule.detail.chosen } : rule.detail) };
  }
  results.fullLabels.push({ seed, figures });
  console.error(`all labels seed ${seed}:`, Object.entries(figures).map(([k, v]) => `${k} ${v.coverage}/${v.precision}`).join('; '));
}
results.loadAverageEnd = r4(loadavg()[0]);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, `results/local-oos-pseudo${process.env.OUT_SUFFIX ?? ''}.json`), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results.heldOutSets.map((h) => ({ seed: h.heldOutSeed, ...Object.fromEntries(Object.entries(h.figures).map(([k, v]) => [k, [v.inScopeCoverage, v.heldOutEscalated, v.chosen ?? v.threshold]])) }))));
console.log(JSON.stringify(results.fullLabels.map((h) => ({ seed: h.seed, ...Object.fromEntries(Object.entries(h.figures).map(([k, v]) => [k, [v.coverage, v.precision]])) }))));
