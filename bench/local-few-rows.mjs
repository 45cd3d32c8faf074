// How many labelled rows per label a certified threshold needs before its precision carries over
// to rows the file did not hold (issue #9, CLINC150 with 10 per intent). No test split is read:
// for each set with many rows per label, the model is trained on the first k rows of each label in
// the training file's order (what a user who labelled a small file has) and measured on the rest
// of that training file's rows of the same labels (what the route sees next).
//
//   node bench/local-few-rows.mjs [--k 5,10,20,30,50] [--seeds 1] [--datasets banking77,clinc150] [--options '{}'] [--out NAME]
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dataSources } from './local-datasets-sources.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: { k: { type: 'string', default: '5,10,20,30,50' }, seeds: { type: 'string', default: '1' }, datasets: { type: 'string', default: 'banking77,clinc150,mmlu-subject,squad-title' }, options: { type: 'string', default: '{}' }, out: { type: 'string', default: 'local-few-rows' } },
});
const ks = flags.k.split(',').map(Number);
const seeds = flags.seeds.split(',').map(Number);
const only = flags.datasets.split(',');
const options = JSON.parse(flags.options);
const outName = flags.out;
const { readExamples, trainClassifier, evaluateClassifier } = await import(join(root, 'dist/local/index.js'));
const read = (path, labelColumn, textColumn = 'text') => readExamples(path, { labelColumn, textColumn });
const r4 = (v) => (v === null || v === undefined ? null : Math.round(v * 10_000) / 10_000);
const pct = (v) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);

/** The first k rows of each label (file order) and the rest of the rows of those labels. */
function firstK(rows, k) {
  const seen = new Map();
  const fit = [];
  const rest = [];
  for (const r of rows) {
    const n = seen.get(r.label) ?? 0;
    seen.set(r.label, n + 1);
    (n < k ? fit : rest).push(r);
  }
  return { fit, rest };
}

const results = [];
for (const source of dataSources(root).filter((s) => only.includes(s.name))) {
  const train = source.files ? await read(source.files.train.path, source.files.train.labelColumn) : (await source.build(read)).train;
  for (const k of ks) {
    const { fit, rest } = firstK(train, k);
    const counts = new Map();
    for (const r of fit) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
    // Labels with fewer than the minimum rows cannot train; drop them (and their rest) for this k.
    const keep = new Set([...counts].filter(([, n]) => n >= 5).map(([l]) => l));
    const fitKept = fit.filter((r) => keep.has(r.label));
    const restKept = rest.filter((r) => keep.has(r.label));
    for (const seed of seeds) {
      let row;
      try {
        const model = trainClassifier(fitKept, { minPrecision: 0.95, seed, ...options });
        const v = model.info.metrics;
        const e = evaluateClassifier(model, restKept);
        row = { dataset: source.name, k, seed, fit: fitKept.length, labels: keep.size, rest: restKept.length, validation: { accuracy: r4(v.accuracy), coverage: r4(v.coverage), precision: r4(v.precision), threshold: r4(model.info.threshold) }, rest_: { accuracy: r4(e.accuracy), coverage: r4(e.coverage), precision: r4(e.precision) } };
      } catch (err) {
        row = { dataset: source.name, k, seed, fit: fitKept.length, error: String(err.message ?? err) };
      }
      results.push(row);
      console.error(row.error ? `${source.name} k ${k} seed ${seed}: ${row.error}` : `${source.name.padEnd(14)} k ${String(k).padStart(3)} seed ${seed}: fit ${row.fit} | val acc ${pct(row.validation.accuracy)} cov ${pct(row.validation.coverage)} prec ${pct(row.validation.precision)} | rest (${row.rest}) acc ${pct(row.rest_.accuracy)} cov ${pct(row.rest_.coverage)} prec ${pct(row.rest_.precision)}`);
    }
  }
}
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, `bench/results/${outName}.json`), `${JSON.stringify({ when: new Date().toISOString(), node: process.version, loadAverage1m: Number(loadavg()[0].toFixed(2)), ks, seeds, options, results }, null, 2)}\n`);
