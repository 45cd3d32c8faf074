// The injection detector's first stage (a cascade, issue #10), measured on validation turns only,
// and written into the shipped model file's header (weights and thresholds byte for byte the same).
// The bar is the lowest word logit of any validation injection (`chooseFirstStage`, as
// scripts/train-injection.mjs chooses it); printed: the benign share it clears per validation
// source, the bench's gateway prompts, and what a margin under the bar would cost.
//   npm run build && node scripts/injection-first-stage.mjs [--write] [MODEL_FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_MODEL_PATH } from '../dist/guardrails/injection/load-detector.js';
import { decodeModelFile, withFirstStage } from '../dist/guardrails/injection/model/model-file.js';
import { buildInjectionCorpus } from '../dist/guardrails/injection/training/datasets.js';
import { DEFAULT_DATA_DIR } from '../dist/guardrails/injection/training/corpus.js';
import { chooseFirstStage, firstStageAt, turnWordLogits } from '../dist/guardrails/injection/training/first-stage.js';
import { variedPrompts } from '../bench/guard-prompts.mjs';
import { wrappedValidationJailbreaks } from '../bench/rag-pasted-prompts.mjs';

const write = process.argv.includes('--write');
const path = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? DEFAULT_MODEL_PATH;
const bytes = readFileSync(path);
const file = decodeModelFile(bytes, path);
const corpus = buildInjectionCorpus(DEFAULT_DATA_DIR);
const point = chooseFirstStage(file, corpus.user.val, wrappedValidationJailbreaks(corpus));
const pct = (n, of) => `${String(n).padStart(4)}/${String(of).padEnd(4)} ${((100 * n) / of).toFixed(1).padStart(5)}%`;
console.log(`Validation only. First-stage bar (word logit) ${point.bar.toFixed(4)} = p ${(1 / (1 + Math.exp(-point.bar))).toFixed(4)}; validation injections cleared ${pct(point.positivesCleared, point.positives)}`);
const scored = corpus.user.val.map((e) => ({ e, logits: turnWordLogits(file, e.text) }));
const benchSets = { 'bench prompts (bench/guard-prompts.mjs)': variedPrompts(400, 4242) };
for (const margin of [0, 0.25, 0.5, 1]) {
  const at = firstStageAt(scored, point.bar - margin);
  console.log(`bar - ${margin}: validation injections cleared ${pct(at.positivesCleared, at.positives)}`);
  let all = 0;
  let of = 0;
  for (const [source, row] of Object.entries(at.cleared)) {
    console.log(`  ${source.padEnd(36)} cleared ${pct(row.cleared, row.of)}`);
    all += row.cleared;
    of += row.of;
  }
  console.log(`  ${'all validation benign turns'.padEnd(36)} cleared ${pct(all, of)}`);
  for (const [name, prompts] of Object.entries(benchSets)) {
    const cleared = prompts.filter((p) => turnWordLogits(file, p.text).every((l) => l < point.bar - margin)).length;
    console.log(`  ${name.padEnd(36)} cleared ${pct(cleared, prompts.length)}`);
  }
}
if (write) {
  writeFileSync(path, withFirstStage(bytes, point.bar, { chosenOn: 'user validation turns: the lowest word logit of any injection', createdBy: 'scripts/injection-first-stage.mjs', ...point }, path));
  console.log(`wrote the first stage into ${path}`);
}
