// Trains the injection detector from the committed data and writes the shipped model file.
// Run: npm run build && node scripts/train-injection.mjs   (about half a minute on one core)
// --position-rules OUT: the document head with its position rules (see README), written to OUT.
import { writeFileSync } from 'node:fs';
import { DEFAULT_MODEL_PATH } from '../dist/guardrails/injection/load-detector.js';
import { DEFAULT_DATA_DIR } from '../dist/guardrails/injection/training/corpus.js';
import { trainInjectionDetector } from '../dist/guardrails/injection/training/train-detector.js';

const started = performance.now();
const positionRules = process.argv[2] === '--position-rules';
const out = positionRules ? process.argv[3] : DEFAULT_MODEL_PATH;
if (!out) throw new Error('usage: node scripts/train-injection.mjs [--position-rules OUT]');
const { bytes, validation, indirectCategoryCv } = trainInjectionDetector(DEFAULT_DATA_DIR, { positionRules });
writeFileSync(out, bytes);
const pct = (x) => `${(x * 100).toFixed(1)}%`;
for (const [source, point] of Object.entries(validation)) {
  const fpr = Object.entries(point.fpr).map(([name, rate]) => `${name} ${pct(rate)}`).join(', ');
  console.log(`${source.padEnd(8)} threshold ${point.threshold.toFixed(3)}  validation recall ${pct(point.recall)}  false positives: ${fpr}`);
}
if (indirectCategoryCv) console.log(`indirect off-topic weight ${indirectCategoryCv.offTopicWeight}, edge weight ${indirectCategoryCv.edgeWeight} (category-CV mean recall per pair: ${Object.entries(indirectCategoryCv.grid).map(([w, r]) => `${w} ${pct(r)}`).join(', ')})`);
for (const fold of indirectCategoryCv?.folds ?? []) {
  const cats = Object.entries(fold.perCategory).map(([name, r]) => `${name} ${pct(r)}`).join(', ');
  console.log(`indirect, categories held out: threshold ${fold.threshold.toFixed(3)} recall ${pct(fold.recall)} (${cats})`);
}
console.log(`wrote ${out} (${(bytes.length / 1024).toFixed(0)} KB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
