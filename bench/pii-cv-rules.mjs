// Cross-validates the rules after the PII tagger without retraining: each training text of
// presidio-synth is scored with the model of the fold that left its template residue out
// (written by `node dist/guardrails/pii/ner/train/train-main.js --cv --save-folds DIR`).
// Held-out templates (residues 1, 4, 7) are never read here.
// Run after a build: node bench/pii-cv-rules.mjs DIR
import { readFileSync } from 'node:fs';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node bench/pii-cv-rules.mjs FOLD_MODEL_DIR');
const { createPiiDetector, isHeldOutTemplate, readPresidioSynth, scorePresidio } = await import('../dist/guardrails/pii/index.js');

const training = readPresidioSynth().filter((s) => !isHeldOutTemplate(s.template_id));
const detectors = new Map([0, 2, 3, 5, 6, 8, 9].map((r) => [r, createPiiDetector({ taggerModelPath: `${dir}/fold-${r}.bin.gz` })]));
const byText = new Map(training.map((s) => [s.full_text, detectors.get(s.template_id % 10)]));
const detect = (t) => byText.get(t).detect(t);
for (const iou of [0.5, 0.75, 0.9]) {
  const r = scorePresidio(training, detect, iou);
  const per = Object.entries(r.perEntity).map(([k, v]) => `${k} ${v.fBeta.toFixed(3)} (p ${v.precision.toFixed(2)} r ${v.recall.toFixed(2)})`).join(', ');
  console.log(`CV IoU ${iou}: F2 ${r.overall.fBeta.toFixed(3)} p ${r.overall.precision.toFixed(3)} r ${r.overall.recall.toFixed(3)} | ${per}`);
}
// Harmless prompts written before tuning, with one fold model (the rules are what changes).
const harmless = ['prompts', 'extension', 'extension-2', 'extension-3', 'extension-4'].flatMap((n) => readFileSync(new URL(`../data/harmless-numbers/${n}.jsonl`, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l).text));
const flagged = harmless.filter((t) => detectors.get(0).detect(t).length > 0);
console.log(`harmless flagged (fold-0 model): ${flagged.length}/${harmless.length}`);
