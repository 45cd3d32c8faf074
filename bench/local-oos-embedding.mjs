// Out-of-scope scores from a learnt low-dimensional embedding and from logit-normalised training,
// which the earlier out-of-scope benches (local-oos, -scores, -vectors, -views, -synthetic) had
// not measured (issue 9: ≥ 90% of the requests of labels held out of training escalated):
//
// (1) a small network trained in-process over the served featurizer's hashed TF-IDF features:
//     a sparse first layer to d dimensions (fastText-like, linear or tanh) and a softmax head,
//     trained with cross-entropy plus a centre loss (Wen et al. 2016), or with a large-margin
//     cosine loss (LMCL / CosFace; Lin & Xu 2019 used it for unknown intents); in that space:
//     - Mahalanobis distance to the nearest label mean, shared covariance (Lee et al. 2018;
//       Podolskiy et al. 2021 for intents);
//     - cosine to the nearest training text of the predicted label, and to the nearest at all
//       (kNN; Zhou et al. 2022's KNN-contrastive scores this way);
//     - an adaptive decision boundary per label (ADB, Zhang et al. 2021): a centroid and a radius
//       learnt with ADB's boundary loss, the score the radius minus the distance to the centroid
//       of the served model's label;
//     each alone and combined with the served max-probability (the smaller of the two validation
//     ranks, as the earlier benches combined scores);
// (2) the served softmax regression trained with LogitNorm (Wei et al. 2022: cross-entropy on
//     logits divided by τ‖logits‖), its max-probability; and on the served model itself the
//     energy score (T·logsumexp(logits/T)) and the max logit over the logits' norm.
//
//   npm run bench:local-oos-embedding  (= npm run build && node bench/local-oos-embedding.mjs;
//   SEEDS=77,7,2026, CLINC=0 skips CLINC150, NETWORKS=0,1 runs only those of NETWORKS below (by
//   index; the default is all but the two small ones), OUT_SUFFIX=-small names the results file, LOGITNORM=0
//   skips the LogitNorm models)
//
// Protocol as bench/local-oos-synthetic.mjs: heldOutLabelProtocol (bench/oos-common.mjs), once per
// held-out seed (10 of the 77 labels held out of training entirely); featurizer and every model on
// the 90% part of the in-scope training texts; temperatures, thresholds (95%/98% precision of the
// served label, z 1.645) and the rank transforms on the 10% validation part; the held-out labels
// enter the figures only. CLINC150: official training split 90/10 (seed 1), official test split as
// in-scope test, its 1,000 real out-of-scope test queries as the out-of-scope test (never tuned
// on). The networks' settings (d, epochs, step, loss weights; CosFace's published s and m) were
// set once, before any run, and not changed after seeing any held-out or out-of-scope figure (the
// two small networks were added after, for the training budget); each network's in-scope
// validation accuracy and loss are in the JSON (`networks`).
// Results: bench/results/local-oos-embedding.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuLaps, heldOutLabelProtocol, inverseCholesky, lowerTimes, perTextTiming, r4, scoreFigures, ecdf } from './oos-common.mjs';

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
const { seededRandom } = await dist('core/seeded-random.js');

const SEEDS = (process.env.SEEDS ?? '77,7,2026').split(',').map(Number);
const cfg = DEFAULT_FEATURIZER_CONFIG;
const load0 = loadavg()[0];

const argmax = (p, n = p.length) => {
  let b = 0;
  for (let k = 1; k < n; k++) if (p[k] > p[b]) b = k;
  return b;
};

// ---- the served model (softmax regression, as bench/local-oos-synthetic.mjs trains it) ---------

function trainServed(featurizer, X, y, validationX, validationY, C, { seed = 1, epochs = 6 } = {}) {
  const { model } = trainSoftmax(toSparseDataset(X), y, { dimension: featurizer.dimension, classes: C }, { epochs, learningRate: 0.1, l2: 1e-6, random: seededRandom(seed) });
  const temperature = fitTemperature(validationX.map((x) => scoreInto(model, x, new Float64Array(C))), validationY);
  return { model, temperature };
}

// ---- a sparse-input network ---------------------------------------------------------------------

/**
 * A network over sparse rows X (indices into `dimension` columns): a = xE + b0 (d wide), h = a or
 * tanh(a), then either a head (logits = W h + c; with `loss: 'lmcl'` the cosine of the normalised
 * h and W rows, scaled by s, the true label's minus the margin m) or, with `head: false`, the d = C
 * outputs are the logits themselves (a linear model; `loss: 'logitnorm'` divides them by τ‖·‖).
 * Centre loss (`center` > 0) pulls h towards a running mean of its label. Input dropout drops
 * each non-zero with probability `dropout`. AdaGrad throughout, one accumulator per row of E.
 */
function trainNetwork(X, y, dimension, C, o) {
  const { d, epochs, lr, head = true, act = 'none', loss = 'ce', center = 0, centerRate = 0.05, s = 30, m = 0.35, tau = 0.04, dropout = 0, seed = 1 } = o;
  const rnd = seededRandom(seed);
  const E = new Float32Array(dimension * d);
  const scale = head ? 1 / d : 0;
  for (let i = 0; i < E.length; i++) E[i] = (rnd() * 2 - 1) * scale;
  const b0 = new Float32Array(d);
  const W = head ? new Float32Array(C * d) : null;
  if (W) for (let i = 0; i < W.length; i++) W[i] = (rnd() * 2 - 1) * (loss === 'lmcl' ? 1 / Math.sqrt(d) : 0.01);
  const c = new Float32Array(C);
  const gE = new Float32Array(dimension).fill(1e-8);
  const gb0 = new Float32Array(d).fill(1e-8);
  const gW = W ? new Float32Array(W.length).fill(1e-8) : null;
  const gc = new Float32Array(C).fill(1e-8);
  const centres = new Float32Array(C * d);
  const a = new Float64Array(d);
  const h = new Float64Array(d);
  const gh = new Float64Array(d);
  const f = new Float64Array(C);
  const gf = new Float64Array(C);
  const wn = new Float64Array(C);
  const zt = new Float64Array(C);
  const gHat = new Float64Array(d);
  const order = Int32Array.from({ length: X.length }, (_, i) => i);
  const keep = new Uint8Array(4096);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const r of order) {
      const x = X[r];
      const t = y[r];
      const n = x.indices.length;
      const inv = 1 / (1 - dropout);
      for (let k = 0; k < d; k++) a[k] = b0[k];
      for (let i = 0; i < n; i++) {
        keep[i] = dropout === 0 || rnd() >= dropout ? 1 : 0;
        if (!keep[i]) continue;
        const v = x.values[i] * inv;
        const row = x.indices[i] * d;
        for (let k = 0; k < d; k++) a[k] += v * E[row + k];
      }
      for (let k = 0; k < d; k++) h[k] = act === 'tanh' ? Math.tanh(a[k]) : a[k];
      let hn = 1;
      if (!head) {
        for (let k = 0; k < C; k++) f[k] = h[k];
      } else if (loss === 'lmcl') {
        hn = 0;
        for (let k = 0; k < d; k++) hn += h[k] * h[k];
        hn = Math.sqrt(hn) || 1e-9;
        for (let j = 0; j < C; j++) {
          let dot = 0;
          let nn = 0;
          for (let k = 0; k < d; k++) {
            dot += W[j * d + k] * h[k];
            nn += W[j * d + k] * W[j * d + k];
          }
          wn[j] = Math.sqrt(nn) || 1e-9;
          f[j] = s * (dot / (hn * wn[j]) - (j === t ? m : 0));
        }
      } else {
        for (let j = 0; j < C; j++) {
          let dot = c[j];
          for (let k = 0; k < d; k++) dot += W[j * d + k] * h[k];
          f[j] = dot;
        }
      }
      // d loss / d logits
      let fnorm = 1;
      if (loss === 'logitnorm') {
        fnorm = 0;
        for (let k = 0; k < C; k++) fnorm += f[k] * f[k];
        fnorm = Math.sqrt(fnorm) + 1e-7;
        for (let k = 0; k < C; k++) zt[k] = f[k] / (tau * fnorm);
        softmaxInPlace(zt, 1);
        zt[t] -= 1;
        // through z = f / (τ‖f‖): g_f = (g_z − f̂ (f̂·g_z)) / (τ‖f‖)
        let dotz = 0;
        for (let k = 0; k < C; k++) dotz += (f[k] / fnorm) * zt[k];
        for (let k = 0; k < C; k++) gf[k] = (zt[k] - (f[k] / fnorm) * dotz) / (tau * fnorm);
      } else {
        for (let k = 0; k < C; k++) gf[k] = f[k];
        softmaxInPlace(gf, 1);
        gf[t] -= 1;
      }
      // d loss / d h, and the head's own step
      gh.fill(0);
      if (!head) {
        for (let k = 0; k < C; k++) gh[k] = gf[k];
      } else if (loss === 'lmcl') {
        // f_j = s (ĥ·ŵ_j) − margin: g_ĥ = s Σ g_j ŵ_j, g_ŵ_j = s g_j ĥ
        gHat.fill(0);
        for (let j = 0; j < C; j++) {
          const g = gf[j];
          if (g > -1e-6 && g < 1e-6) continue;
          let cosj = 0;
          for (let k = 0; k < d; k++) cosj += (W[j * d + k] / wn[j]) * (h[k] / hn);
          for (let k = 0; k < d; k++) {
            const what = W[j * d + k] / wn[j];
            gHat[k] += s * g * what;
            const gw = (s * g * (h[k] / hn - cosj * what)) / wn[j];
            const idx = j * d + k;
            gW[idx] += gw * gw;
            W[idx] -= (lr * gw) / Math.sqrt(gW[idx]);
          }
        }
        let dh = 0;
        for (let k = 0; k < d; k++) dh += gHat[k] * (h[k] / hn);
        for (let k = 0; k < d; k++) gh[k] = (gHat[k] - (h[k] / hn) * dh) / hn;
      } else {
        for (let j = 0; j < C; j++) {
          const g = gf[j];
          if (g > -1e-6 && g < 1e-6) continue;
          gc[j] += g * g;
          c[j] -= (lr * g) / Math.sqrt(gc[j]);
          for (let k = 0; k < d; k++) {
            const idx = j * d + k;
            gh[k] += g * W[idx];
            const gw = g * h[k];
            gW[idx] += gw * gw;
            W[idx] -= (lr * gw) / Math.sqrt(gW[idx]);
          }
        }
      }
      if (center > 0) {
        const cr = t * d;
        for (let k = 0; k < d; k++) {
          gh[k] += center * (h[k] - centres[cr + k]);
          centres[cr + k] += centerRate * (h[k] - centres[cr + k]);
        }
      }
      // through the activation into E and b0
      let gsq = 0;
      for (let k = 0; k < d; k++) {
        const g = act === 'tanh' ? gh[k] * (1 - h[k] * h[k]) : gh[k];
        gh[k] = g;
        gsq += g * g;
        gb0[k] += g * g;
        b0[k] -= (lr * g) / Math.sqrt(gb0[k]);
      }
      gsq /= d;
      for (let i = 0; i < n; i++) {
        if (!keep[i]) continue;
        const v = x.values[i] * inv;
        const feature = x.indices[i];
        const acc = (gE[feature] += gsq * v * v);
        const step = lr / Math.sqrt(acc);
        const row = feature * d;
        for (let k = 0; k < d; k++) E[row + k] -= step * v * gh[k];
      }
    }
  }
  /** The d-wide representation h and the logits of one sparse row. */
  const forward = (x) => {
    const hx = new Float64Array(d);
    for (let k = 0; k < d; k++) hx[k] = b0[k];
    for (let i = 0; i < x.indices.length; i++) {
      const v = x.values[i];
      const row = x.indices[i] * d;
      for (let k = 0; k < d; k++) hx[k] += v * E[row + k];
    }
    if (act === 'tanh') for (let k = 0; k < d; k++) hx[k] = Math.tanh(hx[k]);
    const logits = new Float64Array(C);
    if (!head) for (let k = 0; k < C; k++) logits[k] = hx[k];
    else if (loss === 'lmcl') {
      const hnx = norm2(hx) || 1e-9;
      for (let j = 0; j < C; j++) {
        let dot = 0;
        let nn = 0;
        for (let k = 0; k < d; k++) {
          dot += W[j * d + k] * hx[k];
          nn += W[j * d + k] ** 2;
        }
        logits[j] = (s * dot) / (hnx * (Math.sqrt(nn) || 1e-9));
      }
    } else {
      for (let j = 0; j < C; j++) {
        let dot = c[j];
        for (let k = 0; k < d; k++) dot += W[j * d + k] * hx[k];
        logits[j] = dot;
      }
    }
    return { h: hx, logits };
  };
  return { forward, d };
}

// ---- distances in the learnt space --------------------------------------------------------------

const norm2 = (v) => {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  return Math.sqrt(s);
};
const distance = (a, b) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
};
const unit = (v) => {
  const n = norm2(v) || 1e-9;
  return Float64Array.from(v, (x) => x / n);
};

/**
 * What the learnt space knows of the training texts: label means and a shared covariance (for a
 * Mahalanobis distance, whitened by the inverse Cholesky factor), the unit vectors of the texts by
 * label (for the nearest neighbours), and ADB's centroid and radius per label.
 */
function spaceStatistics(H, y, C, d, { adbEpochs = 100, adbLr = 0.05 } = {}) {
  const means = Array.from({ length: C }, () => new Float64Array(d));
  const counts = new Float64Array(C);
  H.forEach((h, i) => {
    counts[y[i]]++;
    for (let k = 0; k < d; k++) means[y[i]][k] += h[k];
  });
  means.forEach((mu, j) => mu.forEach((_, k) => (mu[k] /= counts[j] || 1)));
  const cov = new Float64Array(d * d);
  H.forEach((h, i) => {
    const mu = means[y[i]];
    for (let p = 0; p < d; p++) for (let q = 0; q <= p; q++) cov[p * d + q] += (h[p] - mu[p]) * (h[q] - mu[q]);
  });
  for (let p = 0; p < d; p++) for (let q = 0; q <= p; q++) {
    cov[p * d + q] /= H.length;
    cov[q * d + p] = cov[p * d + q];
  }
  let trace = 0;
  for (let p = 0; p < d; p++) trace += cov[p * d + p];
  for (let p = 0; p < d; p++) cov[p * d + p] += 1e-3 * (trace / d) + 1e-9;
  const L = inverseCholesky(cov, d);
  const whitenedMeans = means.map((mu) => lowerTimes(L, mu, d, new Float64Array(d)));
  // Nearest neighbours: unit vectors, one flat array, and each label's rows.
  const U = new Float32Array(H.length * d);
  H.forEach((h, i) => U.set(unit(h), i * d));
  const byLabel = Array.from({ length: C }, () => []);
  y.forEach((t, i) => byLabel[t].push(i));
  // ADB (Zhang et al. 2021): centroids are the label means; radius Δ = softplus(δ) learnt by their
  // boundary loss, mean over texts of (dist − Δ) when outside, (Δ − dist) when inside, weighted by
  // the same gradient rule (Δ grows while more texts are outside than inside, and vice versa).
  const dist = H.map((h, i) => distance(h, means[y[i]]));
  const delta = new Float64Array(C);
  for (let e = 0; e < adbEpochs; e++) {
    const g = new Float64Array(C);
    dist.forEach((dd, i) => {
      const j = y[i];
      const radius = Math.log1p(Math.exp(delta[j]));
      const sig = 1 / (1 + Math.exp(-delta[j]));
      g[j] += (dd > radius ? -1 : 1) * sig;
    });
    for (let j = 0; j < C; j++) delta[j] -= (adbLr * g[j]) / (counts[j] || 1);
  }
  const radius = Float64Array.from(delta, (v) => Math.log1p(Math.exp(v)));
  return { means, L, whitenedMeans, U, byLabel, radius, n: H.length };
}

function spaceScores(stats, h, label, d, only = null) {
  if (only === 'maha' || only === 'nearestOfLabel' || only === 'nearest' || only === 'adb') return oneSpaceScore(stats, h, label, d, only);
  return { maha: oneSpaceScore(stats, h, label, d, 'maha'), nearestOfLabel: oneSpaceScore(stats, h, label, d, 'nearestOfLabel'), nearest: oneSpaceScore(stats, h, label, d, 'nearest'), ...oneSpaceScore(stats, h, label, d, 'adb') };
}

/** One of the learnt space's scores (`which`), so each can be timed alone. */
function oneSpaceScore(stats, h, label, d, which) {
  if (which === 'adb') {
    const toCentroid = distance(h, stats.means[label]);
    return { adb: stats.radius[label] - toCentroid, adbRatio: -toCentroid / (stats.radius[label] || 1e-9) };
  }
  if (which === 'maha') {
  const z = lowerTimes(stats.L, h, d, new Float64Array(d));
  let maha = Infinity;
  for (const mu of stats.whitenedMeans) {
    let s = 0;
    for (let k = 0; k < d; k++) s += (z[k] - mu[k]) ** 2;
    if (s < maha) maha = s;
  }
  return -maha;
  }
  const u = unit(h);
  if (which === 'nearestOfLabel') {
  let nearestOfLabel = -1;
  for (const i of stats.byLabel[label]) {
    let s = 0;
    const o = i * d;
    for (let k = 0; k < d; k++) s += u[k] * stats.U[o + k];
    if (s > nearestOfLabel) nearestOfLabel = s;
  }
  return nearestOfLabel;
  }
  let nearest = -1;
  for (let i = 0, o = 0; i < stats.n; i++, o += d) {
    let s = 0;
    for (let k = 0; k < d; k++) s += u[k] * stats.U[o + k];
    if (s > nearest) nearest = s;
  }
  return nearest;
}


const auroc = (inScores, outScores) => rocAuc([...inScores, ...outScores], [...Array.from(inScores, () => 1), ...Array.from(outScores, () => 0)]);

// The networks measured (settings fixed before any run; see the header).
const NETWORKS = [
  { name: 'linear 64-d, CE', d: 64, epochs: 8, lr: 0.05 },
  { name: 'linear 64-d, CE + centre loss', d: 64, epochs: 8, lr: 0.05, center: 0.1 },
  { name: 'tanh 64-d, CE + centre loss, input dropout 0.2', d: 64, epochs: 8, lr: 0.05, act: 'tanh', center: 0.1, dropout: 0.2 },
  { name: 'linear 64-d, LMCL (s 30, m 0.35)', d: 64, epochs: 8, lr: 0.05, loss: 'lmcl' },
  // Smaller and shorter, for the 10 s training budget (NETWORKS=4,5 OUT_SUFFIX=-small).
  { name: 'linear 32-d, CE + centre loss, 4 epochs', d: 32, epochs: 4, lr: 0.05, center: 0.1 },
  { name: 'tanh 32-d, CE + centre loss, input dropout 0.2, 4 epochs', d: 32, epochs: 4, lr: 0.05, act: 'tanh', center: 0.1, dropout: 0.2 },
];
const ONLY = process.env.NETWORKS ? process.env.NETWORKS.split(',').map(Number) : [0, 1, 2, 3];

async function runProtocol({ tag, test, labels, fitPart, validation, testIn, testOut }) {
  const parts = { validation, testIn, testOut };
  const index = new Map(labels.map((l, i) => [l, i]));
  const C = labels.length;
  const variants = [];
  const timingTexts = test.map((e) => e.text).slice(0, 1000);
  const { cpu, lap } = cpuLaps();
  const featurizer = fitFeaturizer(fitPart.map((e) => e.text), cfg);
  const X = fitPart.map((e) => featurizer.transform(e.text));
  const y = Int32Array.from(fitPart, (e) => index.get(e.label));
  const VX = validation.map((e) => featurizer.transform(e.text));
  const VY = validation.map((e) => index.get(e.label));
  const PX = Object.fromEntries(Object.entries(parts).map(([k, rows]) => [k, rows.map((e) => featurizer.transform(e.text))]));
  lap('featurizer');
  trainServed(featurizer, X, y, VX, VY, C); // warm-up: the first run also pays for compiling
  lap('warm-up');
  const served = trainServed(featurizer, X, y, VX, VY, C);
  lap('served');
  const servedOut = (x) => {
    const raw = scoreInto(served.model, x, new Float64Array(C));
    const p = Float64Array.from(raw);
    softmaxInPlace(p, served.temperature);
    const b = argmax(p);
    return { raw, p, b };
  };
  const S = Object.fromEntries(Object.entries(PX).map(([k, xs]) => [k, xs.map(servedOut)]));
  const rowsOf = (fn) => Object.fromEntries(Object.entries(parts).map(([k, rows]) => [k, rows.map((e, i) => {
    const r = fn(k, i);
    return { ...r, correct: labels[S[k][i].b] === e.label ? 1 : 0 };
  })]));

  const addVariant = (name, F, score, extraCpuMs, timeIt, accuracyOf = null) => {
    const { scores: s, at95, at98, escalatedAtCoverage85 } = scoreFigures(chooseThreshold, F, score);
    const row = {
      variant: name,
      servedAccuracy: r4(F.testIn.filter((f) => f.correct === 1).length / F.testIn.length),
      ownAccuracy: accuracyOf,
      auroc: r4(auroc(s.testIn, s.testOut)),
      at95,
      at98,
      escalatedAtCoverage85,
      extraTrainCpuSeconds: Number((extraCpuMs / 1000).toFixed(2)),
      predictionPerTextMinUs: timeIt ? perTextTiming(timingTexts, timeIt).perTextMinUs : null,
    };
    variants.push(row);
    const pct = (v) => `${((v ?? 0) * 100).toFixed(1)}%`;
    console.log(`[${tag}] ${name.slice(0, 78).padEnd(78)} AUROC ${row.auroc.toFixed(3)} @95 cov ${pct(at95.inScopeCoverage)} prec ${pct(at95.inScopePrecision)} esc ${pct(at95.heldOutEscalated)} | esc@85 ${pct(escalatedAtCoverage85)} | +${row.extraTrainCpuSeconds} s | ${row.predictionPerTextMinUs ? `${row.predictionPerTextMinUs.p50}/${row.predictionPerTextMinUs.p99} µs` : '-'}`);
    return row;
  };

  const FS = rowsOf((k, i) => {
    const { raw, p, b } = S[k][i];
    const T = served.temperature;
    let mx = -Infinity;
    for (const v of raw) mx = Math.max(mx, v / T);
    let se = 0;
    for (const v of raw) se += Math.exp(v / T - mx);
    const norm = norm2(raw) || 1e-9;
    return { maxProb: p[b], energy: T * (mx + Math.log(se)), maxLogitOverNorm: raw[b] / norm };
  });
  addVariant('served: max-probability (as served)', FS, (r) => r.maxProb, 0, (t) => servedOut(featurizer.transform(t)).p[0]);
  addVariant('served: energy, T·logsumexp(logits / T)', FS, (r) => r.energy, 0, null);
  addVariant('served: max logit / ‖logits‖', FS, (r) => r.maxLogitOverNorm, 0, null);
  const rankP = ecdf(FS.validation.map((r) => r.maxProb));

  // LogitNorm: the served model's shape (a linear model over the same features), trained with
  // cross-entropy on logits / (τ‖logits‖); its max-probability (temperature fitted on validation).
  for (const tau of process.env.LOGITNORM === '0' ? [] : [0.04, 0.1]) {
    lap('idle');
    const ln = trainNetwork(X, y, featurizer.dimension, C, { d: C, head: false, loss: 'logitnorm', tau, epochs: 6, lr: 0.1, seed: 1 });
    lap(`logitnorm ${tau}`);
    const T = fitTemperature(VX.map((x) => ln.forward(x).logits), VY);
    const lnOut = (x) => {
      const p = ln.forward(x).logits;
      softmaxInPlace(p, T);
      const b = argmax(p);
      return { p, b };
    };
    // Served as its own classifier: correctness is its own label's.
    const F = Object.fromEntries(Object.entries(parts).map(([k, rows]) => [k, rows.map((e, i) => {
      const { p, b } = lnOut(PX[k][i]);
      return { maxProb: p[b], correct: labels[b] === e.label ? 1 : 0 };
    })]));
    const own = r4(F.testIn.filter((f) => f.correct === 1).length / F.testIn.length);
    addVariant(`LogitNorm (τ ${tau}) linear model instead of the served one: its max-probability`, F, (r) => r.maxProb, cpu[`logitnorm ${tau}`], (t) => lnOut(featurizer.transform(t)).b, own);
  }

  // The learnt embeddings.
  const networks = [];
  for (const [ni, net] of NETWORKS.entries()) {
    if (!ONLY.includes(ni)) continue;
    lap('idle');
    const nw = trainNetwork(X, y, featurizer.dimension, C, { ...net, seed: 1 });
    lap(`net ${ni}`);
    const H = X.map((x) => nw.forward(x).h);
    const stats = spaceStatistics(H, Array.from(y), C, nw.d);
    lap(`net ${ni} statistics`);
    const netCpu = cpu[`net ${ni}`] + cpu[`net ${ni} statistics`];
    const T = fitTemperature(VX.map((x) => nw.forward(x).logits), VY);
    const valLoss = VX.reduce((s, x, i) => {
      const p = nw.forward(x).logits;
      softmaxInPlace(p, T);
      return s - Math.log(Math.max(1e-12, p[VY[i]]));
    }, 0) / VX.length;
    const netOut = (k, i) => {
      const { h, logits } = nw.forward(PX[k][i]);
      const p = Float64Array.from(logits);
      softmaxInPlace(p, T);
      const own = argmax(p);
      const sb = S[k][i].b;
      return { maxProb: S[k][i].p[sb], netMaxProb: p[own], netOwn: own, ...spaceScores(stats, h, sb, nw.d) };
    };
    const F = rowsOf(netOut);
    const netAcc = r4(F.testIn.filter((r, i) => labels[r.netOwn] === testIn[i].label).length / testIn.length);
    const valAcc = r4(F.validation.filter((r, i) => labels[r.netOwn] === validation[i].label).length / validation.length);
    networks.push({ network: net.name, settings: net, validationAccuracy: valAcc, validationLoss: r4(valLoss), testAccuracy: netAcc, trainCpuSeconds: Number((netCpu / 1000).toFixed(2)) });
    console.log(`[${tag}] network "${net.name}": validation accuracy ${valAcc}, loss ${valLoss.toFixed(3)}, test accuracy ${netAcc}, ${(netCpu / 1000).toFixed(1)} s CPU`);
    // Served cost of a score: featurize, the served model, the network's first layer, the score.
    const timeSpace = (which) => (t) => {
      const x = featurizer.transform(t);
      const { b } = servedOut(x);
      return spaceScores(stats, nw.forward(x).h, b, nw.d, which);
    };
    const ranks = Object.fromEntries(['maha', 'nearestOfLabel', 'nearest', 'adb', 'adbRatio', 'netMaxProb'].map((key) => [key, ecdf(F.validation.map((r) => r[key]))]));
    const pre = `${net.name}:`;
    addVariant(`${pre} its own max-probability (gates the served label)`, F, (r) => r.netMaxProb, netCpu, null, netAcc);
    addVariant(`${pre} Mahalanobis to the nearest label mean`, F, (r) => r.maha, netCpu, timeSpace('maha'));
    addVariant(`${pre} cosine to the nearest training text of the served label`, F, (r) => r.nearestOfLabel, netCpu, timeSpace('nearestOfLabel'));
    addVariant(`${pre} cosine to the nearest training text`, F, (r) => r.nearest, netCpu, timeSpace('nearest'));
    addVariant(`${pre} ADB: radius − distance to the served label's centroid`, F, (r) => r.adb, netCpu, timeSpace('adb'));
    addVariant(`${pre} ADB: −distance / radius`, F, (r) => r.adbRatio, netCpu, null);
    for (const key of ['maha', 'nearestOfLabel', 'adbRatio', 'netMaxProb']) {
      addVariant(`${pre} min of validation ranks of max-prob. and ${key}`, F, (r) => Math.min(rankP(r.maxProb), ranks[key](r[key])), netCpu, null);
    }
  }
  return { featurizerDimension: featurizer.dimension, servedTrainCpuSeconds: Number((cpu.served / 1000).toFixed(2)), trainCpuSeconds: Object.fromEntries(Object.entries(cpu).filter(([k]) => k !== 'idle').map(([k, v]) => [k, Number((v / 1000).toFixed(2))])), networks, variants };
}

/** CLINC150 with its real out-of-scope queries, as bench/local-oos-synthetic.mjs reads it. */
async function clincProtocol() {
  const { readExamples } = await dist('local/index.js');
  const { stratifiedSplit } = await dist('local/train/split.js');
  const data = join(root, 'data/clinc150');
  const train = await readExamples(join(data, 'train.csv'), { labelColumn: 'intent' });
  const test = await readExamples(join(data, 'test.csv'), { labelColumn: 'intent' });
  const testOut = await readExamples(join(data, 'oos-test.csv'), { labelColumn: 'intent' });
  const labels = [...new Set(train.map((e) => e.label))].sort();
  const { train: fitPart, validation } = stratifiedSplit(train, 0.1, seededRandom(1));
  return { tag: 'clinc150', test, labels, fitPart, validation, testIn: test, testOut };
}

const seeds = [];
for (const heldOutSeed of SEEDS) {
  const p = await heldOutLabelProtocol(root, { heldOutSeed });
  seeds.push({ heldOutSeed, heldOut: p.heldOut, ...(await runProtocol({ ...p, tag: heldOutSeed })) });
}
const clinc150 = process.env.CLINC === '0' ? null : await runProtocol(await clincProtocol());
const out = join(here, `results/local-oos-embedding${process.env.OUT_SUFFIX ?? ''}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ script: 'bench/local-oos-embedding.mjs', when: new Date().toISOString(), node: process.version, loadAverage1m: { start: Number(load0.toFixed(2)), end: Number(loadavg()[0].toFixed(2)) }, seeds, clinc150 }, null, 2)}\n`);
console.log(`load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}; wrote ${out}`);
