// Text-drift detectors side by side, on the drift benchmark's windows (see bench/drift.mjs), each
// judged alone at the per-test level a report holds it to (alpha 0.01 / 13 tests):
//
//   npm run bench:drift-text          (= npm run build && node bench/drift-text-detectors.mjs)
//   node bench/drift-text-detectors.mjs --trials 20 --sizes 1000 --datasets banking77-test,squad-dev-questions --seed 55000
//
// Defaults are the *tuning* data (Banking77's test split, SQuAD at seed offset 55,000): detectors
// are chosen here, and bench/drift.mjs reports the chosen one on other data (Banking77's train
// split, SQuAD's default seeds). Detectors:
//   naive-bayes        the shipped prompt_text test (testDomainClassifier): naive Bayes on word-stem
//                      presence, 5-fold cross-validated, AUC and 5% tails
//   logistic-tfidf     what shipped before: the same test with an L2 logistic regression on TF-IDF
//   mmd-kernel         kernel two-sample test (MMD², off-diagonal) on TF-IDF with the kernel
//                      exp(−(1 − cos)/0.3) over pairs with cosine > 0.3, permutation p-value
//   oracle-intents     χ² on the true intents / articles (a permutation p-value): the ceiling a text
//                      detector could reach if it knew the kinds of request
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const trials = Number(flag('--trials', '20'));
const sizes = flag('--sizes', '1000').split(',').map(Number);
const seedOffset = Number(flag('--seed', '55000'));
const datasetNames = flag('--datasets', 'banking77-test,squad-dev-questions').split(',');
const OUT = flag('--out', join(root, 'bench/results/drift-text-detectors.json'));
const conditions = [['none', 0], ['in', 0.05], ['in', 0.1], ['in', 0.2], ['out', 0.05], ['out', 0.1], ['out', 0.2]];
const LEVEL = 0.01 / 13;

const { seededRandom, shuffled } = await import(join(root, 'dist/core/seeded-random.js'));
const { topicTerms } = await import(join(root, 'dist/monitor/text/topic-terms.js'));
const { testDomainClassifier, rocAuc } = await import(join(root, 'dist/monitor/drift/domain-classifier.js'));
const { fitLogistic, linearScore } = await import(join(root, 'dist/routing/learned/logistic.js'));

// The windows of bench/drift.mjs (same construction, same seeds for the same offset).
const { banking77, squadQuestions, windows } = await import('./drift-windows.mjs');
const loaders = { 'banking77-test': () => banking77('test'), 'banking77-train': () => banking77('train'), 'squad-dev-questions': squadQuestions };

/** TF-IDF rows (sublinear tf, smoothed idf, unit length) over words in at least 2 prompts. */
function tfidf(texts, key) {
  const docs = texts.map((t) => topicTerms(t).map((x) => x[key]));
  const df = new Map();
  for (const d of docs) for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1);
  const terms = [...df].filter(([, c]) => c >= 2).map(([w]) => w).sort();
  const index = new Map(terms.map((w, i) => [w, i]));
  const idf = terms.map((w) => Math.log((1 + docs.length) / (1 + df.get(w))) + 1);
  const rows = docs.map((d) => {
    const c = new Map();
    for (const w of d) {
      const i = index.get(w);
      if (i !== undefined) c.set(i, (c.get(i) ?? 0) + 1);
    }
    const slots = Int32Array.from([...c.keys()].sort((a, b) => a - b));
    const values = Float32Array.from(slots, (i) => (1 + Math.log(c.get(i))) * idf[i]);
    const norm = Math.hypot(...values) || 1;
    for (let k = 0; k < values.length; k++) values[k] /= norm;
    return { slots, values };
  });
  return { rows, dim: terms.length };
}

const upperNormal = (z) => {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
};

/** The test that shipped before naive Bayes: L2 logistic regression on TF-IDF (l2 0.01, 60 L-BFGS steps), same AUC and tail statistics. */
function logisticTfidf(ref, cur, random) {
  const texts = [...ref, ...cur];
  const labels = texts.map((_, i) => (i < ref.length ? 0 : 1));
  const { rows, dim } = tfidf(texts, 'surface');
  const fold = new Int32Array(texts.length);
  for (const group of [shuffled([...Array(ref.length).keys()], random), shuffled([...Array(cur.length).keys()].map((i) => i + ref.length), random)]) group.forEach((d, k) => (fold[d] = k % 5));
  const scores = new Float64Array(texts.length);
  for (let f = 0; f < 5; f++) {
    const train = texts.map((_, i) => i).filter((i) => fold[i] !== f);
    const model = fitLogistic(train.map((i) => rows[i]), train.map((i) => labels[i]), dim, { l2: 1e-2, maxIterations: 60 });
    texts.forEach((_, i) => {
      if (fold[i] === f) scores[i] = linearScore(model.weights, model.bias, rows[i]);
    });
  }
  const auc = rocAuc(scores, labels);
  const pAuc = upperNormal((auc - 0.5) / Math.sqrt((texts.length + 1) / (12 * ref.length * cur.length)));
  const order = [...labels.keys()].sort((a, b) => scores[b] - scores[a]);
  const k = Math.max(20, Math.round(texts.length * 0.05));
  const tail = (ids, label, total) => {
    const hits = ids.filter((i) => labels[i] === label).length;
    const p0 = total / texts.length;
    const sd = Math.sqrt((k * p0 * (1 - p0) * (texts.length - k)) / (texts.length - 1));
    return { excess: hits / k - p0, p: upperNormal((hits - 0.5 - k * p0) / sd) };
  };
  const top = tail(order.slice(0, k), 1, cur.length);
  const bottom = tail(order.slice(texts.length - k), 0, ref.length);
  return { p: Math.min(1, 3 * Math.min(pAuc, top.p, bottom.p)), effect: Math.max(auc - 0.5, top.excess, bottom.excess, 0), auc };
}

/** Besag–Clifford sequential permutation p-value of `statistic(labels)` (labels: 1 = current). */
function permutationP(n, nRef, statistic, random) {
  const labels = new Uint8Array(n).fill(1, nRef);
  const observed = statistic(labels);
  const s = Uint8Array.from(labels);
  let reached = 0;
  let drawn = 0;
  while (drawn < 4000 && reached < 10) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = s[i];
      s[i] = s[j];
      s[j] = t;
    }
    drawn++;
    if (statistic(s) >= observed) reached++;
  }
  return reached >= 10 ? reached / drawn : (reached + 1) / (drawn + 1);
}

/** Kernel MMD² between the windows over a sparse cosine graph of TF-IDF rows. */
function mmdKernel(ref, cur, random) {
  const { rows, dim } = tfidf([...ref, ...cur], 'stem');
  const postings = Array.from({ length: dim }, () => []);
  rows.forEach((r, i) => r.slots.forEach((slot, k) => postings[slot].push(i, r.values[k])));
  const I = [];
  const J = [];
  const W = [];
  const dot = new Float64Array(rows.length);
  const touched = [];
  rows.forEach((r, i) => {
    r.slots.forEach((slot, k) => {
      const p = postings[slot];
      for (let q = 0; q < p.length; q += 2) {
        const j = p[q];
        if (j <= i) continue;
        if (dot[j] === 0) touched.push(j);
        dot[j] += r.values[k] * p[q + 1];
      }
    });
    for (const j of touched) {
      if (dot[j] > 0.3) {
        I.push(i);
        J.push(j);
        W.push(Math.exp(-(1 - dot[j]) / 0.3));
      }
      dot[j] = 0;
    }
    touched.length = 0;
  });
  const nRef = ref.length;
  const nCur = cur.length;
  const mmd = (labels) => {
    let cc = 0;
    let rr = 0;
    let rc = 0;
    for (let e = 0; e < I.length; e++) {
      const a = labels[I[e]];
      const b = labels[J[e]];
      if (a & b) cc += W[e];
      else if (a | b) rc += W[e];
      else rr += W[e];
    }
    return (2 * cc) / (nCur * (nCur - 1)) + (2 * rr) / (nRef * (nRef - 1)) - (2 * rc) / (nRef * nCur);
  };
  return { p: permutationP(nRef + nCur, nRef, mmd, random), effect: 1 };
}

/** χ² of the true groups between the windows, permutation p-value. */
function oracle(refGroups, curGroups, random) {
  const ids = new Map();
  const cats = [...refGroups, ...curGroups].map((g) => {
    if (!ids.has(g)) ids.set(g, ids.size);
    return ids.get(g);
  });
  const n = cats.length;
  const total = new Float64Array(ids.size);
  for (const c of cats) total[c]++;
  const nCur = curGroups.length;
  const inCur = new Float64Array(ids.size);
  const chi = (labels) => {
    inCur.fill(0);
    for (let i = 0; i < n; i++) if (labels[i]) inCur[cats[i]]++;
    let s = 0;
    for (let c = 0; c < total.length; c++) {
      const e1 = (total[c] * nCur) / n;
      const e0 = total[c] - e1;
      s += (inCur[c] - e1) ** 2 / e1 + (total[c] - inCur[c] - e0) ** 2 / e0;
    }
    return s;
  };
  return { p: permutationP(n, refGroups.length, chi, random), effect: 1 };
}

const signals = (items, prefix) => items.map((d, i) => ({ traceId: `${prefix}${i}`, ts: i, prompt: d.text, status: 200 }));
const thresholds = { alpha: 0.01, minPsi: 0.1, minKs: 0.1, minSamples: 30 };
const detectors = {
  'naive-bayes': (r, c, random) => {
    const f = testDomainClassifier(signals(r, 'r'), signals(c, 'c'), thresholds, LEVEL, random);
    return { p: f.pValue, effect: f.effect };
  },
  'logistic-tfidf': (r, c, random) => logisticTfidf(r.map((d) => d.text), c.map((d) => d.text), random),
  'mmd-kernel': (r, c, random) => mmdKernel(r.map((d) => d.text), c.map((d) => d.text), random),
  'oracle-intents': (r, c, random) => oracle(r.map((d) => d.group), c.map((d) => d.group), random),
};

const results = [];
const started = performance.now();
for (const name of datasetNames) {
  const data = await loaders[name]();
  for (const n of sizes) {
    for (const [condition, shift] of conditions) {
      const row = { dataset: name, n, condition, shift, trials, detectors: {} };
      for (let trial = 0; trial < trials; trial++) {
        const random = seededRandom(seedOffset + 1_000 * trial + n + Math.round(shift * 100) + (condition === 'out' ? 7 : 0) + (name.startsWith('squad') ? 500_000 : 0));
        const { reference, current } = windows(data, n, condition, shift, random);
        for (const [detector, run] of Object.entries(detectors)) {
          const t0 = performance.now();
          const { p, effect } = run(reference, current, seededRandom(trial));
          const entry = (row.detectors[detector] ??= { detected: 0, ms: 0 });
          entry.ms += performance.now() - t0;
          if (p < LEVEL && effect >= 0.05) entry.detected++;
        }
      }
      for (const entry of Object.values(row.detectors)) {
        entry.detectionRate = entry.detected / trials;
        entry.msPerTest = Math.round(entry.ms / trials);
        delete entry.ms;
      }
      results.push(row);
      console.log(`${name.padEnd(20)} n=${String(n).padEnd(5)} ${condition.padEnd(4)} ${String(shift).padEnd(5)} ${Object.entries(row.detectors).map(([d, e]) => `${d} ${(e.detectionRate * 100).toFixed(0)}% (${e.msPerTest} ms)`).join(' | ')}`);
    }
  }
}
const out = { benchmark: 'drift-text-detectors', date: new Date().toISOString(), node: process.version, loadAverage: loadavg()[0], seconds: Math.round((performance.now() - started) / 1000), seedOffset, level: LEVEL, results };
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${OUT} (${out.seconds} s)`);
