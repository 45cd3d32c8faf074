// Drift detection benchmark: power and false alarms on real text with known, injected shifts.
//
//   npm run bench:drift                 (= npm run build && node bench/drift.mjs)
//   node bench/drift.mjs --trials 20 --sizes 200,500 [--datasets squad-dev-questions] [--seed 55000] [--out FILE]
//
// Data the detector was not tuned on: Banking77's *train* split (10,003 support requests, 77
// intents; development and unit tests used a few intents of the test split) and SQuAD v1.1 dev
// questions (10,570, grouped by their 48 Wikipedia articles). Per trial, a seeded 10% of the
// groups (intents / articles) are "novel". A reference window and a current window of n requests
// are drawn without overlap from the other groups; then:
//   none     both windows from the same traffic: every detection is a false alarm
//   in f     a share f of the current window comes from the novel groups (new kinds of request)
//   out f    groups making up a share f of traffic vanish from the current window
// Latency, cost and output length are drawn from one log-normal distribution in both windows, so
// those tests run (and count in the Bonferroni divisor) as on real traffic, without drifting.
// Default thresholds, as shipped (alpha 0.01 per report, PSI ≥ 0.1, KS D ≥ 0.1).
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const trials = Number(flag('--trials', '20'));
const sizes = flag('--sizes', '500,1000').split(',').map(Number);
const shifts = [0.05, 0.1, 0.2];
// Seeds: the default (0) is the reported range; changes were tuned with other offsets (55,000, 77,000).
const seedOffset = Number(flag('--seed', '0'));
const only = flag('--datasets', undefined)?.split(',');
const OUT = flag('--out', join(root, 'bench/results/drift.json'));
// --dump: every trial's per-feature p-values and effects, to compare ways of combining the tests afterwards.
const dump = args.includes('--dump');
const conditionFilter = flag('--conditions', undefined)?.split(',');

const { driftReportOf } = await import(join(root, 'dist/monitor/drift/drift-report.js'));
const { seededRandom, shuffled } = await import(join(root, 'dist/core/seeded-random.js'));

const { banking77, squadQuestions, windows } = await import('./drift-windows.mjs');
const banking = await banking77('train');
const squad = squadQuestions();
const datasets = Object.fromEntries(Object.entries({ 'banking77-train': banking, 'squad-dev-questions': squad }).filter(([name]) => !only || only.includes(name)));

function logNormal(random, median, sigma) {
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return median * Math.exp(sigma * z);
}

function signals(items, prefix, random) {
  return items.map((item, i) => {
    const outputTokens = Math.round(logNormal(random, 120, 0.5));
    return {
      traceId: `${prefix}${i}`,
      ts: i,
      route: 'bench',
      keyName: 'app',
      team: null,
      status: 200,
      latencyMs: logNormal(random, 800, 0.4),
      ttftMs: logNormal(random, 300, 0.3),
      costUsd: outputTokens * 6e-7,
      inputTokens: Math.round(item.text.length / 4),
      outputTokens,
      prompt: item.text,
      answer: 'ok',
      inputChars: item.text.length,
      outputChars: outputTokens * 4,
      refused: random() < 0.02,
      finishReason: 'stop',
      topic: null,
      scores: null,
    };
  });
}

/** Whether a report would say "drift" at another family-wise alpha (same effect floors as shipped). */
function driftedAt(report, alpha) {
  const tested = report.features.filter((f) => !f.skipped && !f.constant);
  const floor = (f) => (f.test === 'domain-classifier' ? 0.05 : 0.1);
  return tested.some((f) => f.pValue < alpha / tested.length && f.effect >= floor(f));
}

const results = [];
const started = performance.now();
for (const [name, data] of Object.entries(datasets)) {
  for (const n of sizes) {
    const conditions = [['none', 0], ...shifts.map((f) => ['in', f]), ...shifts.map((f) => ['out', f])].filter(([c, f]) => !conditionFilter || conditionFilter.includes(`${c}:${f}`));
    for (const [condition, shift] of conditions) {
      let detected = 0;
      let detected05 = 0;
      let explained = 0;
      let ms = 0;
      const byFeature = {};
      const trialFeatures = [];
      for (let trial = 0; trial < trials; trial++) {
        const random = seededRandom(seedOffset + 1_000 * trial + n + Math.round(shift * 100) + (condition === 'out' ? 7 : 0) + (name.startsWith('squad') ? 500_000 : 0));
        const { reference, current, novel } = windows(data, n, condition, shift, random);
        const t0 = performance.now();
        const report = driftReportOf(signals(reference, 'r', random), signals(current, 'c', random), {
          route: 'bench',
          reference: { since: 0, until: 1 },
          current: { since: 1, until: 2 },
          now: 0,
          random: seededRandom(trial),
        });
        ms += performance.now() - t0;
        if (dump) trialFeatures.push(report.features.filter((f) => !f.skipped && !f.constant).map((f) => ({ feature: f.feature, test: f.test, p: f.pValue, effect: f.effect })));
        if (driftedAt(report, 0.05)) detected05++;
        if (!report.drifted) continue;
        detected++;
        for (const f of report.features.filter((x) => x.drifted)) byFeature[f.feature] = (byFeature[f.feature] ?? 0) + 1;
        // Explained: for mixed-in requests, most examples the report shows are of the novel groups.
        if (condition === 'in') {
          const texts = new Map(current.map((d) => [d.text, d.group]));
          const examples = report.features.filter((f) => f.drifted).flatMap((f) => f.examples ?? []);
          const novelShown = examples.filter((e) => novel.has(texts.get(e.prompt ?? ''))).length;
          if (examples.length > 0 && novelShown / examples.length >= 0.5) explained++;
        }
      }
      const row = { dataset: name, n, condition, shift, trials, detectionRate: detected / trials, detectionRateAlpha05: detected05 / trials, ...(condition === 'in' ? { explainedRate: explained / trials } : {}), driftedFeatures: byFeature, msPerReport: Math.round((ms / trials) * 10) / 10, ...(dump ? { trialFeatures } : {}) };
      results.push(row);
      console.log(`${name.padEnd(20)} n=${String(n).padEnd(5)} ${condition.padEnd(4)} ${String(shift).padEnd(5)} detected ${(row.detectionRate * 100).toFixed(1).padStart(5)}% (alpha 0.05: ${(row.detectionRateAlpha05 * 100).toFixed(1)}%)${row.explainedRate === undefined ? '' : `  explained ${(row.explainedRate * 100).toFixed(1)}%`}  ${row.msPerReport} ms/report  ${JSON.stringify(byFeature)}`);
    }
  }
}
const out = {
  benchmark: 'drift',
  date: new Date().toISOString(),
  node: process.version,
  loadAverage: loadavg()[0],
  seconds: Math.round((performance.now() - started) / 1000),
  seedOffset,
  thresholds: { alpha: 0.01, minPsi: 0.1, minKs: 0.1, minAucGain: 0.05, minSamples: 30, alsoReported: 'detectionRateAlpha05: the same reports judged at alpha 0.05' },
  novelGroups: '10% of the groups per trial (banking77: 8 of 77 intents; SQuAD: 5 of 48 articles)',
  results,
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${OUT} (${out.seconds} s)`);
