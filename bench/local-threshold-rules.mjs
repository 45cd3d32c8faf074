// How the threshold rule alone changes realised precision, on models that are otherwise the same:
// each set's training split is cut into fit and dev (20% by text hash, or by groups of
// near-paraphrases with --dev-grouped J, as bench:local-datasets --dev does; no test split is
// read), a model is trained on fit per seed, and two thresholds are chosen on its own validation
// outcomes: the lowest of all thresholds whose Wilson lower bound passes ("scan", the rule before
// 2026-12-02) and fixed-sequence testing (`chooseThreshold`: from the most confident down, one
// threshold per 2% of coverage, stop at the first failure). Both are measured on dev.
//
//   npm run build && node bench/local-threshold-rules.mjs --seeds 1,2,3 [--dev-grouped 0.4] [--datasets banking77,squad-title]
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataSources, groupedHashSplit, hashSplit } from './local-datasets-sources.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const seeds = flag('--seeds', '1,2,3').split(',').map(Number);
const devGrouped = Number(flag('--dev-grouped', '0'));
const only = flag('--datasets', 'banking77,clinc150,clinc150-10shot,squad-title').split(',');
const outName = flag('--out', devGrouped > 0 ? 'local-threshold-rules-devg' : 'local-threshold-rules-dev');

const { readExamples, trainClassifier, nearDuplicateGroups } = await import(join(root, 'dist/local/index.js'));
const { chooseThreshold } = await import(join(root, 'dist/local/calibration/threshold.js'));
const { wilsonBounds } = await import(join(root, 'dist/core/wilson.js'));
const read = (path, labelColumn, textColumn = 'text') => readExamples(path, { labelColumn, textColumn });
const TARGET = 0.95;

/** The rule before: every distinct confidence tested, the lowest that passes kept (same stop on a credible failure at ≥ 20 answered). */
function lowestPassing(outcomes, z) {
  const sorted = outcomes.slice().sort((a, b) => b.confidence - a.confidence);
  let [answered, correct, best] = [0, 0, Infinity];
  for (let i = 0; i < sorted.length; i++) {
    answered++;
    if (sorted[i].correct) correct++;
    if (i + 1 < sorted.length && sorted[i + 1].confidence === sorted[i].confidence) continue;
    const bounds = wilsonBounds(correct, answered, z);
    if (bounds.high < TARGET && answered >= 20) break;
    if (bounds.low >= TARGET) best = Math.max(0, sorted[i].confidence);
  }
  return best;
}

/** Coverage and realised precision on dev at a threshold (unfamiliar and out-of-scope requests escalate as served). */
function measure(predictions, threshold) {
  let answered = 0;
  let right = 0;
  for (const p of predictions) {
    if (p.unfamiliar || p.confidence < threshold) continue;
    answered++;
    if (p.right) right++;
  }
  return { coverage: answered / predictions.length, precision: answered === 0 ? null : right / answered };
}

const r4 = (v) => (v === null ? null : Math.round(v * 10_000) / 10_000);
const pct = (v) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const results = [];
for (const source of dataSources(root).filter((s) => only.includes(s.name))) {
  const all = source.files ? await read(source.files.train.path, source.files.train.labelColumn) : (await source.build(read)).train;
  const { train, test: dev } = devGrouped > 0 ? groupedHashSplit(all, 0.2, `dev-${source.name}`, nearDuplicateGroups(all, devGrouped, 0.2)) : hashSplit(all, 0.2, `dev-${source.name}`);
  for (const seed of seeds) {
    const model = trainClassifier(train, { minPrecision: TARGET, seed, ...(devGrouped > 0 ? { minExamplesPerLabel: 2 } : {}) });
    const z = model.info.precisionZ;
    const predictions = dev.map((e) => {
      const p = model.predict(e.text);
      return { confidence: p.confidence, unfamiliar: p.unfamiliar || p.label === model.info.outOfScopeLabel, right: p.label === e.label };
    });
    const scan = lowestPassing(model.validation, z);
    const sequence = chooseThreshold(model.validation, TARGET, z).threshold;
    const row = { dataset: source.name, seed, validation: model.validation.length, scan: { threshold: r4(scan), ...measure(predictions, scan) }, fixedSequence: { threshold: r4(sequence), ...measure(predictions, sequence) } };
    for (const k of ['scan', 'fixedSequence']) for (const m of ['coverage', 'precision']) row[k][m] = r4(row[k][m]);
    results.push(row);
    console.log(`${source.name.padEnd(16)} seed ${seed}: scan ${pct(row.scan.coverage)} / ${pct(row.scan.precision)} (t ${row.scan.threshold}) | fixed-sequence ${pct(row.fixedSequence.coverage)} / ${pct(row.fixedSequence.precision)} (t ${row.fixedSequence.threshold})`);
  }
}
const out = { when: new Date().toISOString(), node: process.version, loadAverage1m: Number(loadavg()[0].toFixed(2)), mode: `dev: 20% of each training split${devGrouped > 0 ? ` carved by near-paraphrase groups (word Jaccard ≥ ${devGrouped})` : ' by text hash'}; coverage / realised precision on dev at a 95% target`, seeds, results };
writeFileSync(join(here, `results/${outName}.json`), `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote bench/results/${outName}.json`);
