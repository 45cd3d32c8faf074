// What the out-of-scope benches (bench/local-oos.mjs, local-oos-scores.mjs, local-oos-vectors.mjs, local-ood.mjs,
// local-oos-views.mjs) share: the data protocol, the summary of a softmax, whitening for a Mahalanobis distance and a
// logistic meta-scorer over a few standardised features.
import { join } from 'node:path';

const dist = (root, p) => import(join(root, 'dist', p));

/**
 * Banking77 with 10 labels held out of training entirely (a seeded shuffle, seed 77 unless
 * `heldOutSeed` says otherwise, of the 77 sorted labels): the in-scope training examples split
 * 90/10 (seed 1) into a fit part and a validation part that chooses thresholds, and the test
 * split into in-scope and held-out-label requests, which are used only for the reported figures.
 */
export async function heldOutLabelProtocol(root, { heldOutSeed = 77 } = {}) {
  const { readExamples } = await dist(root, 'local/index.js');
  const { stratifiedSplit } = await dist(root, 'local/train/split.js');
  const { seededRandom, shuffled } = await dist(root, 'core/seeded-random.js');
  const data = join(root, 'data/banking77');
  const train = await readExamples(join(data, 'train.csv'), { labelColumn: 'category' });
  const test = await readExamples(join(data, 'test.csv'), { labelColumn: 'category' });
  const allLabels = [...new Set(train.map((e) => e.label))].sort();
  const heldOut = shuffled(allLabels, seededRandom(heldOutSeed)).slice(0, 10).sort();
  const inScope = train.filter((e) => !heldOut.includes(e.label));
  const labels = [...new Set(inScope.map((e) => e.label))].sort();
  const { train: fitPart, validation } = stratifiedSplit(inScope, 0.1, seededRandom(1));
  const testIn = test.filter((e) => !heldOut.includes(e.label));
  const testOut = test.filter((e) => heldOut.includes(e.label));
  return { train, test, heldOut, inScope, labels, fitPart, validation, testIn, testOut };
}

/** The runner-up class and the entropy of probabilities `p` whose top class is `best`. */
export function runnerUpAndEntropy(p, best) {
  let second = best === 0 ? 1 : 0;
  let entropy = 0;
  for (let k = 0; k < p.length; k++) {
    if (k !== best && p[k] > p[second]) second = k;
    if (p[k] > 0) entropy -= p[k] * Math.log(p[k]);
  }
  return { second, entropy };
}
/** A figure rounded to four decimals, as the benches' JSON keeps them. */
export const r4 = (v) => Math.round(v * 10_000) / 10_000;

/** This process's CPU time so far, in ms (user + system). */
export const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * The training matrix column by column (rows `X` of sparse vectors over `dimension` columns): the
 * rows and values holding column c are postRow / postVal[start[c] .. start[c + 1]).
 */
export function invertedIndex(X, dimension) {
  const start = new Int32Array(dimension + 1);
  for (const x of X) for (const c of x.indices) start[c + 1]++;
  for (let c = 0; c < dimension; c++) start[c + 1] += start[c];
  const postRow = new Int32Array(start[dimension]);
  const postVal = new Float32Array(start[dimension]);
  const fill = start.slice(0, dimension);
  X.forEach((x, r) => x.indices.forEach((c, k) => {
    postRow[fill[c]] = r;
    postVal[fill[c]++] = x.values[k];
  }));
  return { start, postRow, postVal };
}

/**
 * CPU time by part of a piece of work: each `lap(name)` adds the CPU since the previous lap (or
 * since the call) to `cpu[name]`.
 *
 * @example const { cpu, lap } = cpuLaps(); fit(); lap('fit'); index(); lap('index');
 */
export function cpuLaps() {
  const cpu = {};
  let t = cpuMs();
  const lap = (name) => {
    const now = cpuMs();
    cpu[name] = (cpu[name] ?? 0) + now - t;
    t = now;
  };
  return { cpu, lap };
}

/**
 * One score's operating point: the threshold chosen on in-scope validation outcomes
 * (`{ confidence, correct }`) for `target` precision (z 1.645, as training does), then the
 * in-scope test requests it answers (coverage, precision) and the held-out-label requests it
 * escalates. `testIn` and `testOut` are scores, `testInCorrect` whether each in-scope answer is right.
 */
export function operatingPoint(chooseThreshold, target, validation, testIn, testInCorrect, testOut) {
  const { threshold } = chooseThreshold(validation, target, 1.645);
  const answered = testIn.map((c) => c >= threshold);
  const n = answered.filter(Boolean).length;
  return {
    inScopeCoverage: r4(n / answered.length),
    inScopePrecision: n === 0 ? null : r4(answered.filter((a, i) => a && testInCorrect[i]).length / n),
    heldOutEscalated: r4(testOut.filter((c) => c < threshold).length / testOut.length),
  };
}

/**
 * One score over the protocol's feature rows `F` ({ validation, testIn, testOut }, each row with
 * `correct` 1 or 0): the score of every row, its operating points at 95% and 98% precision and
 * its escalation at 85% in-scope coverage.
 */
export function scoreFigures(chooseThreshold, F, score) {
  const s = Object.fromEntries(Object.entries(F).map(([part, fs]) => [part, fs.map(score)]));
  const validationOutcomes = F.validation.map((f, i) => ({ confidence: s.validation[i], correct: f.correct === 1 }));
  const testInCorrect = F.testIn.map((f) => f.correct === 1);
  const at = (target) => operatingPoint(chooseThreshold, target, validationOutcomes, s.testIn, testInCorrect, s.testOut);
  return { scores: s, at95: at(0.95), at98: at(0.98), escalatedAtCoverage85: escalatedAtCoverage(s.testIn, s.testOut) };
}

/** The share of held-out-label requests escalated at the cut that answers `coverage` of the in-scope ones. */
export function escalatedAtCoverage(testIn, testOut, coverage = 0.85) {
  const byScore = [...testIn].sort((a, b) => b - a);
  const cut = byScore[Math.floor(coverage * byScore.length) - 1];
  return r4(testOut.filter((c) => c < cut).length / testOut.length);
}

/**
 * What scoring one text costs when served: `run(text)` over `texts` after `warm` of them, three
 * passes; per text the minimum of its passes (its intrinsic cost) and every pass (the wall-clock
 * tail), p50 and p99 in µs.
 */
export function perTextTiming(texts, run, warm = 300) {
  for (const t of texts.slice(0, warm)) run(t);
  const perText = new Float64Array(texts.length).fill(Infinity);
  const wall = [];
  for (let pass = 0; pass < 3; pass++) {
    texts.forEach((t, i) => {
      const t0 = performance.now();
      run(t);
      const ms = performance.now() - t0;
      wall.push(ms);
      if (ms < perText[i]) perText[i] = ms;
    });
  }
  const q = (xs, p) => Math.round(xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] * 1000);
  const intrinsic = [...perText].sort((a, b) => a - b);
  wall.sort((a, b) => a - b);
  return { perTextMinUs: { p50: q(intrinsic, 0.5), p99: q(intrinsic, 0.99) }, wallUs: { p50: q(wall, 0.5), p99: q(wall, 0.99) } };
}

/** L⁻¹ of the Cholesky factor of a symmetric positive definite P×P matrix (row-major, lower). */
export function inverseCholesky(a, P) {
  const L = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * P + j];
      for (let k = 0; k < j; k++) s -= L[i * P + k] * L[j * P + k];
      L[i * P + j] = i === j ? Math.sqrt(s) : s / L[j * P + j];
    }
  }
  const inv = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    inv[i * P + i] = 1 / L[i * P + i];
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= L[i * P + k] * inv[k * P + j];
      inv[i * P + j] = s / L[i * P + i];
    }
  }
  return inv;
}

export function lowerTimes(L, v, P, out) {
  for (let i = 0; i < P; i++) {
    let s = 0;
    for (let j = 0; j <= i; j++) s += L[i * P + j] * v[j];
    out[i] = s;
  }
  return out;
}

/** Logistic regression on standardised features (full-batch gradient descent, l2 0.01): returns the score function. */
export function fitLogistic(rows, keys, targets) {
  const n = rows.length;
  const mean = keys.map((k) => rows.reduce((s, r) => s + r[k], 0) / n);
  const sd = keys.map((k, j) => Math.sqrt(rows.reduce((s, r) => s + (r[k] - mean[j]) ** 2, 0) / n) || 1);
  const Z = rows.map((r) => keys.map((k, j) => (r[k] - mean[j]) / sd[j]));
  const w = new Float64Array(keys.length);
  let b = 0;
  for (let it = 0; it < 1500; it++) {
    const g = new Float64Array(keys.length);
    let gb = 0;
    Z.forEach((z, i) => {
      let s = b;
      for (let j = 0; j < z.length; j++) s += w[j] * z[j];
      const e = 1 / (1 + Math.exp(-s)) - targets[i];
      for (let j = 0; j < z.length; j++) g[j] += e * z[j];
      gb += e;
    });
    for (let j = 0; j < w.length; j++) w[j] -= 0.5 * (g[j] / n + 0.01 * w[j]);
    b -= (0.5 * gb) / n;
  }
  const score = (r) => {
    let s = b;
    for (let j = 0; j < keys.length; j++) s += (w[j] * (r[keys[j]] - mean[j])) / sd[j];
    return 1 / (1 + Math.exp(-s));
  };
  return { score, weights: Object.fromEntries(keys.map((k, j) => [k, r4(w[j])])) };
}

/** Empirical CDF of `reference` values, as a function: maps scores of different kinds onto one scale (the rank transform fitted on validation). */
export function ecdf(reference) {
  const sorted = Float64Array.from(reference).sort();
  return (v) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo / sorted.length;
  };
}
