// Out-of-scope scores not tried by the earlier out-of-scope benches (issue 9): (1) outlier exposure
// with synthetic out-of-scope texts made from the training texts themselves, learnt as an extra
// class; (2) ensembles of the classifier itself, each member trained without a different part of
// the labels (leave-labels-out) or on a different bootstrap sample; (3) a class-conditional
// multinomial naive Bayes likelihood ratio of the request under its predicted label against all
// labels, combined with the probability; (4) the evidence against the predicted label in the served
// model's weights (features favouring a rival label over it).
//
//   npm run bench:local-oos-synthetic   (= npm run build && node bench/local-oos-synthetic.mjs; SEEDS=77,7,2026,
//   SYNTHETIC_SHARE=0.15 writes results/local-oos-synthetic-share0.15.json, CLINC=0 skips CLINC150)
//
// Protocol: heldOutLabelProtocol (bench/oos-common.mjs), once per held-out seed (10 of the 77
// labels held out of training entirely). Featurizer and models are fitted on the 90% part of the
// in-scope training texts (plus the synthetic texts where a variant has them); temperatures and the
// 95%/98%-precision thresholds on the 10% validation part (in-scope texts only). The synthetic
// texts, keywords and naive Bayes counts come from the 90% part alone. The held-out labels are used
// only for the reported figures. Per variant and seed: in-scope test accuracy, AUROC (in-scope test
// vs held-out-label test), coverage / precision / held-out escalated at the 95% and 98% thresholds,
// held-out escalated when 85% of in-scope test requests are answered (scores compared at one
// coverage), the extra training CPU (for an OE model: its CPU minus the base model's, which is
// within the noise; `trainCpuSeconds` has each model's) and the prediction cost (per-text minimum
// of 3 passes, µs).
// Results: bench/results/local-oos-synthetic.json.
//
// Synthetic out-of-scope texts (GENERATORS; each a seeded draw of SYNTHETIC_SHARE × the 90% part):
// - splice: the first half of the words of a text of one label, then the second half of a text of another;
// - swap: a text with each of its label's keywords replaced by a keyword of another label (a
//   keyword: seen ≥ 3 times, and ≥ 50% of its texts are of that label), the shape of a near
//   neighbour intent ("limit" on a disposable-card text);
// - swap1: the same with one of those keywords replaced (the rest of the text still says its label);
// - insert: a text with one keyword of another label inserted at a random place;
// - drop: a text with its label's keywords left out (what is left says little about any label);
// - shuffle: a text's words in a random order.
// Words are split on whitespace, so punctuation and case stay as the originals had them (else the
// extra class could learn "no punctuation").
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuLaps, ecdf, heldOutLabelProtocol, perTextTiming, r4, scoreFigures } from './oos-common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dist = (p) => import(join(root, 'dist', p));
const { rocAuc } = await dist('monitor/drift/domain-classifier.js');
const { fitFeaturizer } = await dist('local/features/featurizer.js');
const { DEFAULT_FEATURIZER_CONFIG } = await dist('local/features/featurizer-config.js');
const { tokenize } = await dist('local/features/tokenize.js');
const { toSparseDataset } = await dist('local/sparse-dataset.js');
const { trainSoftmax } = await dist('local/train/train-softmax.js');
const { scoreInto, softmaxInPlace } = await dist('local/train/linear-model.js');
const { fitTemperature } = await dist('local/calibration/temperature.js');
const { chooseThreshold } = await dist('local/calibration/threshold.js');
const { seededRandom, shuffled } = await dist('core/seeded-random.js');

const SEEDS = (process.env.SEEDS ?? '77,7,2026').split(',').map(Number);
const SYNTHETIC_SHARE = Number(process.env.SYNTHETIC_SHARE ?? '0.15');
const ENSEMBLE = 3;
const NB_ALPHA = 0.1;
const cfg = DEFAULT_FEATURIZER_CONFIG;
const load0 = loadavg()[0];
const OOS = '__synthetic_out_of_scope__';

// ---- synthetic out-of-scope texts -------------------------------------------------------------

const norm = (w) => w.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '');

/** Per label, its keywords: words seen ≥ 3 times in training of which ≥ 50% are in this label's texts. */
function labelKeywords(rows) {
  const byWord = new Map();
  for (const e of rows) {
    for (const w of new Set(e.text.split(/\s+/).map(norm).filter(Boolean))) {
      let m = byWord.get(w);
      if (!m) byWord.set(w, (m = new Map()));
      m.set(e.label, (m.get(e.label) ?? 0) + 1);
    }
  }
  const keywords = new Map();
  for (const [w, m] of byWord) {
    let total = 0;
    for (const c of m.values()) total += c;
    if (total < 3) continue;
    for (const [label, c] of m) {
      if (c / total < 0.5) continue;
      if (!keywords.has(label)) keywords.set(label, []);
      keywords.get(label).push(w);
    }
  }
  return keywords;
}

const pick = (xs, rnd) => xs[Math.floor(rnd() * xs.length)];

/** `n` texts from `gen` (which may decline a draw by returning null), at most 20n draws. */
function draw(n, gen) {
  const out = [];
  for (let tries = 0; out.length < n && tries < 20 * n; tries++) {
    const t = gen();
    if (t !== null && t.trim() !== '') out.push(t);
  }
  return out;
}

const GENERATORS = {
  splice(rows, n, rnd) {
    return draw(n, () => {
      const a = pick(rows, rnd);
      const b = pick(rows, rnd);
      if (a.label === b.label) return null;
      const wa = a.text.split(/\s+/);
      const wb = b.text.split(/\s+/);
      if (wa.length < 2 || wb.length < 2) return null;
      return [...wa.slice(0, Math.ceil(wa.length / 2)), ...wb.slice(Math.ceil(wb.length / 2))].join(' ');
    });
  },
  swap(rows, n, rnd, keywords) {
    const labels = [...keywords.keys()];
    return draw(n, () => {
      const a = pick(rows, rnd);
      const own = new Set(keywords.get(a.label) ?? []);
      const words = a.text.split(/\s+/);
      if (!words.some((w) => own.has(norm(w)))) return null;
      const other = pick(labels, rnd);
      if (other === a.label) return null;
      const theirs = keywords.get(other);
      return words.map((w) => (own.has(norm(w)) ? pick(theirs, rnd) : w)).join(' ');
    });
  },
  swap1(rows, n, rnd, keywords) {
    const labels = [...keywords.keys()];
    return draw(n, () => {
      const a = pick(rows, rnd);
      const own = new Set(keywords.get(a.label) ?? []);
      const words = a.text.split(/\s+/);
      const at = words.map((w, i) => (own.has(norm(w)) ? i : -1)).filter((i) => i >= 0);
      const other = pick(labels, rnd);
      if (at.length === 0 || other === a.label) return null;
      words[pick(at, rnd)] = pick(keywords.get(other), rnd);
      return words.join(' ');
    });
  },
  insert(rows, n, rnd, keywords) {
    const labels = [...keywords.keys()];
    return draw(n, () => {
      const a = pick(rows, rnd);
      const other = pick(labels, rnd);
      if (other === a.label) return null;
      const words = a.text.split(/\s+/);
      words.splice(Math.floor(rnd() * (words.length + 1)), 0, pick(keywords.get(other), rnd));
      return words.join(' ');
    });
  },
  drop(rows, n, rnd, keywords) {
    return draw(n, () => {
      const a = pick(rows, rnd);
      const own = new Set(keywords.get(a.label) ?? []);
      const words = a.text.split(/\s+/);
      const kept = words.filter((w) => !own.has(norm(w)));
      return kept.length === words.length || kept.length < 2 ? null : kept.join(' ');
    });
  },
  shuffle(rows, n, rnd) {
    return draw(n, () => {
      const words = pick(rows, rnd).text.split(/\s+/);
      return words.length < 3 ? null : shuffled(words, rnd).join(' ');
    });
  },
};

// ---- models -----------------------------------------------------------------------------------

const argmax = (p, n = p.length) => {
  let b = 0;
  for (let k = 1; k < n; k++) if (p[k] > p[b]) b = k;
  return b;
};

/**
 * A softmax regression over `rows` (6 epochs, AdaGrad 0.1, l2 1e-6, as trainClassifier) with its
 * temperature fitted on `validationRows`; `classLabels` may end with the synthetic class.
 */
function trainModel(featurizer, rows, validationRows, classLabels, { seed = 1, epochs = 6 } = {}) {
  const index = new Map(classLabels.map((l, i) => [l, i]));
  const C = classLabels.length;
  const X = rows.map((e) => featurizer.transform(e.text));
  const y = Int32Array.from(rows, (e) => index.get(e.label));
  const { model } = trainSoftmax(toSparseDataset(X), y, { dimension: featurizer.dimension, classes: C }, { epochs, learningRate: 0.1, l2: 1e-6, random: seededRandom(seed) });
  const kept = validationRows.filter((e) => index.has(e.label));
  const temperature = fitTemperature(
    kept.map((e) => scoreInto(model, featurizer.transform(e.text), new Float64Array(C))),
    kept.map((e) => index.get(e.label)),
  );
  const probs = (x) => {
    const s = scoreInto(model, x, new Float64Array(C));
    softmaxInPlace(s, temperature);
    return s;
  };
  return { classLabels, index, probs, model };
}

/** Word uni- and bigrams of a text (as the featurizer's word block sees them). */
function wordGrams(text) {
  const w = tokenize(text, cfg.maxChars);
  const g = [...w];
  for (let i = 1; i < w.length; i++) g.push(`${w[i - 1]} ${w[i]}`);
  return g;
}

/** Multinomial naive Bayes counts per label over word uni+bigrams; `ratio(text, label)` is the mean log p(g|label) − log p(g|all). */
function naiveBayes(rows, labels) {
  const byLabel = new Map(labels.map((l) => [l, { counts: new Map(), total: 0 }]));
  const all = new Map();
  let total = 0;
  for (const e of rows) {
    const t = byLabel.get(e.label);
    for (const g of wordGrams(e.text)) {
      t.counts.set(g, (t.counts.get(g) ?? 0) + 1);
      t.total++;
      all.set(g, (all.get(g) ?? 0) + 1);
      total++;
    }
  }
  const V = all.size + 1;
  const ratio = (text, label) => {
    const t = byLabel.get(label);
    const gs = wordGrams(text);
    if (gs.length === 0) return { mean: 0, least: 0 };
    let s = 0;
    let least = Infinity;
    for (const g of gs) {
      const r = Math.log(((t.counts.get(g) ?? 0) + NB_ALPHA) / (t.total + NB_ALPHA * V)) - Math.log(((all.get(g) ?? 0) + NB_ALPHA) / (total + NB_ALPHA * V));
      s += r;
      if (r < least) least = r;
    }
    return { mean: s / gs.length, least };
  };
  return { ratio };
}

// ---- one held-out seed ------------------------------------------------------------------------

const auroc = (inScores, outScores) => rocAuc([...inScores, ...outScores], [...Array.from(inScores, () => 1), ...Array.from(outScores, () => 0)]);

/**
 * Every variant on one protocol: `fitPart` / `validation` in-scope training texts, `testIn` in-scope
 * and `testOut` out-of-scope test texts; `tag` names it in the output, `seed` draws the synthetic texts.
 */
async function runProtocol({ tag, seed, test, labels, fitPart, validation, testIn, testOut }, { ensembles = true } = {}) {
  const parts = { validation, testIn, testOut };
  const keywords = labelKeywords(fitPart);
  const variants = [];
  const timingTexts = test.map((e) => e.text).slice(0, 1000);

  /** Rows of features for every part: `f(text)` → { best (label string), ...scores }. */
  const featureRows = (f) => Object.fromEntries(Object.entries(parts).map(([k, rows]) => [k, rows.map((e) => {
    const r = f(e.text);
    return { ...r, correct: r.label === e.label ? 1 : 0 };
  })]));

  const addVariant = (name, F, score, extraCpuMs, timeIt) => {
    const { scores: s, at95, at98, escalatedAtCoverage85 } = scoreFigures(chooseThreshold, F, score);
    const row = {
      variant: name,
      inScopeAccuracy: r4(F.testIn.filter((f) => f.correct === 1).length / F.testIn.length),
      auroc: r4(auroc(s.testIn, s.testOut)),
      at95,
      at98,
      escalatedAtCoverage85,
      extraTrainCpuSeconds: Number((extraCpuMs / 1000).toFixed(2)),
      predictionPerTextMinUs: timeIt ? perTextTiming(timingTexts, timeIt).perTextMinUs : null,
    };
    variants.push(row);
    const pct = (v) => `${((v ?? 0) * 100).toFixed(1)}%`;
    console.log(
      `[${tag}] ${name.slice(0, 70).padEnd(70)} acc ${pct(row.inScopeAccuracy)} AUROC ${row.auroc.toFixed(3)} @95 cov ${pct(at95.inScopeCoverage)} prec ${pct(at95.inScopePrecision)} esc ${pct(at95.heldOutEscalated)} | esc@85 ${pct(escalatedAtCoverage85)} | +${row.extraTrainCpuSeconds} s | ${row.predictionPerTextMinUs ? `${row.predictionPerTextMinUs.p50}/${row.predictionPerTextMinUs.p99} µs` : '-'}`,
    );
    return row;
  };

  // Baseline: the served model (max-probability).
  const { cpu, lap } = cpuLaps();
  // Trained twice, timed the second time: the first run of a process also pays for compiling the code.
  trainModel(fitFeaturizer(fitPart.map((e) => e.text), cfg), fitPart, validation, labels);
  lap('warm-up');
  const baseFeaturizer = fitFeaturizer(fitPart.map((e) => e.text), cfg);
  const base = trainModel(baseFeaturizer, fitPart, validation, labels);
  lap('base');
  const baseF = (text) => {
    const p = base.probs(baseFeaturizer.transform(text));
    const b = argmax(p);
    return { label: labels[b], maxProb: p[b], p };
  };
  const FB = featureRows(baseF);
  addVariant('max-probability (as served)', FB, (f) => f.maxProb, 0, (t) => baseF(t).maxProb);

  // (1) Outlier exposure: the synthetic texts as an extra class.
  const oeMix = {
    splice: ['splice'],
    swap: ['swap'],
    drop: ['drop'],
    shuffle: ['shuffle'],
    swap1: ['swap1'],
    insert: ['insert'],
    'all four': ['splice', 'swap', 'drop', 'shuffle'],
  };
  const syntheticCounts = {};
  for (const [mixName, gens] of Object.entries(oeMix)) {
    lap('idle');
    const rnd = seededRandom(seed * 31 + 5);
    const n = Math.round((SYNTHETIC_SHARE * fitPart.length) / gens.length);
    const synthetic = gens.flatMap((g) => GENERATORS[g](fitPart, n, rnd, keywords)).map((text) => ({ text, label: OOS }));
    syntheticCounts[mixName] = synthetic.length;
    const rows = [...fitPart, ...synthetic];
    const featurizer = fitFeaturizer(rows.map((e) => e.text), cfg);
    const m = trainModel(featurizer, rows, validation, [...labels, OOS]);
    lap(`oe ${mixName}`);
    const C = labels.length;
    const f = (text) => {
      const p = m.probs(featurizer.transform(text));
      const b = argmax(p, C); // the in-scope label it would give
      const all = argmax(p);
      return { label: labels[b], inScopeMax: p[b], pOos: p[C], served: all === C ? -p[C] : p[b] };
    };
    const F = featureRows(f);
    const extra = cpu[`oe ${mixName}`] - cpu.base;
    addVariant(`OE ${mixName}: served (synthetic class predicted → escalate)`, F, (r) => r.served, extra, (t) => f(t).served);
    addVariant(`OE ${mixName}: 1 − p(out of scope)`, F, (r) => 1 - r.pOos, extra, null);
  }

  // (2) Ensembles of the classifier itself.
  lap('idle');
  if (ensembles) {
  const groups = Array.from({ length: ENSEMBLE }, () => []);
  shuffled(labels, seededRandom(seed + 1)).forEach((l, i) => groups[i % ENSEMBLE].push(l));
  const leaveOut = groups.map((g, k) => {
    const drop = new Set(g);
    const kept = labels.filter((l) => !drop.has(l));
    return trainModel(baseFeaturizer, fitPart.filter((e) => !drop.has(e.label)), validation, kept, { seed: 2 + k });
  });
  lap('leave-labels-out');
  const bags = Array.from({ length: ENSEMBLE }, (_, k) => {
    const rnd = seededRandom(100 + k);
    const sample = fitPart.filter(() => rnd() < 0.7);
    return trainModel(baseFeaturizer, sample, validation, labels, { seed: 10 + k });
  });
  lap('bagging');
  const ensF = (text) => {
    const x = baseFeaturizer.transform(text);
    const p = base.probs(x);
    const b = argmax(p);
    const label = labels[b];
    let sawSum = 0;
    let saw = 0;
    let sawAgree = 0;
    let blindMax = 0;
    for (const m of leaveOut) {
      const q = m.probs(x);
      if (m.index.has(label)) {
        const v = q[m.index.get(label)];
        sawSum += v;
        saw++;
        if (argmax(q) === m.index.get(label)) sawAgree++;
      } else blindMax = Math.max(blindMax, q[argmax(q)]);
    }
    let bagSum = 0;
    let bagMin = 1;
    let bagSq = 0;
    for (const m of bags) {
      const v = m.probs(x)[b];
      bagSum += v;
      bagSq += v * v;
      if (v < bagMin) bagMin = v;
    }
    const bagMean = bagSum / bags.length;
    return { label, maxProb: p[b], sawMean: sawSum / saw, sawAgree: sawAgree / saw, blindMax, bagMean, bagMin, bagSd: Math.sqrt(Math.max(0, bagSq / bags.length - bagMean * bagMean)) };
  };
  const FE = featureRows(ensF);
  const lloCpu = cpu['leave-labels-out'];
  const bagCpu = cpu.bagging;
  addVariant(`leave-labels-out ×${ENSEMBLE}: mean p(label) over members that saw the label`, FE, (r) => r.sawMean, lloCpu, (t) => ensF(t).sawMean);
  addVariant(`leave-labels-out ×${ENSEMBLE}: max-prob. × mean p(label) of members that saw it`, FE, (r) => r.maxProb * r.sawMean, lloCpu, null);
  addVariant(`leave-labels-out ×${ENSEMBLE}: max-prob. × (1 − max-prob. of the member that never saw it)`, FE, (r) => r.maxProb * (1 - r.blindMax), lloCpu, null);
  addVariant(`leave-labels-out ×${ENSEMBLE}: max-prob. × share of members that saw it agreeing`, FE, (r) => r.maxProb * (r.sawAgree + 1), lloCpu, null);
  addVariant(`bagging ×${ENSEMBLE} (70% samples): mean p(label) of full + members`, FE, (r) => (r.maxProb + ENSEMBLE * r.bagMean) / (ENSEMBLE + 1), bagCpu, null);
  addVariant(`bagging ×${ENSEMBLE}: min p(label) of full + members`, FE, (r) => Math.min(r.maxProb, r.bagMin), bagCpu, null);
  addVariant(`bagging ×${ENSEMBLE}: max-prob. − 2 × sd of the members' p(label)`, FE, (r) => r.maxProb - 2 * r.bagSd, bagCpu, null);
  }

  // (3) Naive Bayes likelihood ratio of the predicted label.
  lap('idle');
  const nb = naiveBayes(fitPart, labels);
  lap('nb');
  const nbF = (text) => {
    const r = baseF(text);
    const { mean, least } = nb.ratio(text, r.label);
    return { label: r.label, maxProb: r.maxProb, nbMean: mean, nbLeast: least };
  };
  const FN = featureRows(nbF);
  const rankP = ecdf(FN.validation.map((r) => r.maxProb));
  const rankNb = ecdf(FN.validation.map((r) => r.nbMean));
  const sigmoid = (v) => 1 / (1 + Math.exp(-v));
  addVariant('naive Bayes: mean log-likelihood ratio, predicted label vs all labels', FN, (r) => r.nbMean, cpu.nb, (t) => nbF(t).nbMean);
  addVariant('naive Bayes: max-prob. × σ(mean log ratio)', FN, (r) => r.maxProb * sigmoid(r.nbMean), cpu.nb, null);
  addVariant('naive Bayes: max-prob. × σ(least per-n-gram log ratio)', FN, (r) => r.maxProb * sigmoid(r.nbLeast), cpu.nb, null);
  addVariant('naive Bayes: mean of validation ranks of max-prob. and mean log ratio', FN, (r) => (rankP(r.maxProb) + rankNb(r.nbMean)) / 2, cpu.nb, null);
  addVariant('naive Bayes: min of validation ranks of max-prob. and mean log ratio', FN, (r) => Math.min(rankP(r.maxProb), rankNb(r.nbMean)), cpu.nb, null);

  // (4) Evidence against the predicted label, read off the served model's weights (no training):
  // per feature, how much it favours the label over its strongest rival; a near-neighbour intent
  // should carry a word that pulls towards another label ("limit" on a disposable-card text).
  const W = base.model.weights;
  const C0 = labels.length;
  const evidenceF = (text) => {
    const x = baseFeaturizer.transform(text);
    const p = base.probs(x);
    const b = argmax(p);
    let against = 0;
    let favour = 0;
    let worst = 0;
    for (let i = 0; i < x.indices.length; i++) {
      const row = x.indices[i] * C0;
      let rival = -Infinity;
      for (let k = 0; k < C0; k++) if (k !== b && W[row + k] > rival) rival = W[row + k];
      const d = x.values[i] * (W[row + b] - rival);
      if (d < 0) {
        against -= d;
        if (-d > worst) worst = -d;
      } else favour += d;
    }
    return { label: labels[b], maxProb: p[b], against, worst, supportShare: favour + against === 0 ? 0 : favour / (favour + against) };
  };
  const FV = featureRows(evidenceF);
  const rankP2 = ecdf(FV.validation.map((r) => r.maxProb));
  const rankAgainst = ecdf(FV.validation.map((r) => -r.against));
  addVariant('evidence against the label: −Σ features favouring a rival over it', FV, (r) => -r.against, 0, (t) => -evidenceF(t).against);
  addVariant('evidence against: max-prob. × exp(−Σ against)', FV, (r) => r.maxProb * Math.exp(-r.against), 0, null);
  addVariant('evidence against: max-prob. × exp(−strongest single feature against)', FV, (r) => r.maxProb * Math.exp(-r.worst), 0, null);
  addVariant('evidence against: max-prob. × share of evidence for the label', FV, (r) => r.maxProb * r.supportShare, 0, null);
  addVariant('evidence against: min of validation ranks of max-prob. and −Σ against', FV, (r) => Math.min(rankP2(r.maxProb), rankAgainst(-r.against)), 0, null);

  return {
    syntheticShare: SYNTHETIC_SHARE,
    syntheticCounts,
    baseTrainCpuSeconds: Number((cpu.base / 1000).toFixed(2)),
    trainCpuSeconds: Object.fromEntries(Object.entries(cpu).filter(([k]) => k !== 'idle').map(([k, v]) => [k, Number((v / 1000).toFixed(2))])),
    variants,
  };
}

/**
 * CLINC150 with its real out-of-scope queries: the official training split (150 intents) split
 * 90/10 (seed 1) into fit and validation parts, the official test split as in-scope test and its
 * 1,000 out-of-scope test queries as the out-of-scope test. Nothing here is held out by label.
 */
async function clincProtocol() {
  const { readExamples } = await dist('local/index.js');
  const { stratifiedSplit } = await dist('local/train/split.js');
  const data = join(root, 'data/clinc150');
  const train = await readExamples(join(data, 'train.csv'), { labelColumn: 'intent' });
  const test = await readExamples(join(data, 'test.csv'), { labelColumn: 'intent' });
  const testOut = await readExamples(join(data, 'oos-test.csv'), { labelColumn: 'intent' });
  const labels = [...new Set(train.map((e) => e.label))].sort();
  const { train: fitPart, validation } = stratifiedSplit(train, 0.1, seededRandom(1));
  return { tag: 'clinc150', seed: 1, test, labels, fitPart, validation, testIn: test, testOut };
}

const seeds = [];
for (const heldOutSeed of SEEDS) {
  const p = await heldOutLabelProtocol(root, { heldOutSeed });
  seeds.push({ heldOutSeed, heldOut: p.heldOut, ...(await runProtocol({ ...p, tag: heldOutSeed, seed: heldOutSeed })) });
}
const clinc150 = process.env.CLINC === '0' ? null : await runProtocol(await clincProtocol(), { ensembles: false });
const out = join(here, `results/local-oos-synthetic${process.env.SYNTHETIC_SHARE ? `-share${SYNTHETIC_SHARE}` : ''}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ script: 'bench/local-oos-synthetic.mjs', when: new Date().toISOString(), node: process.version, loadAverage1m: { start: Number(load0.toFixed(2)), end: Number(loadavg()[0].toFixed(2)) }, seeds, clinc150 }, null, 2)}\n`);
console.log(`load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}; wrote ${out}`);
