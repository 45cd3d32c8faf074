// Trains the injection detector from the committed data and writes the shipped model file.
// Run: npm run build && node scripts/train-injection.mjs   (about half a minute on one core)
// --max-indirect-fpr X: the document head's validation rule (every source at most X; default 0.02).
// --out FILE: write the model there instead of the shipped path (for experiments).
// --reader-instructions: the document head also learns data/injection-reader-instructions/train.jsonl
//   (measured 2026-12-06, not adopted; the shipped model is trained without it).
// --hard-negatives off|train|indirect|split: how data/injection-hard-negatives/train.jsonl is used (default off).
// --verify: train, and compare with the model file (the shipped one, or --out) instead of writing it:
//   exit 0 when it comes out the same (if only the recorded code hash differs, the edits since changed
//   nothing the model learns or is tuned on, and the new hash is written into the file), exit 1 with
//   what differs otherwise (then retrain, re-measure and update the figures, or undo the change).
// Training is deterministic: the same data and code give the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_MODEL_PATH } from '../dist/guardrails/injection/load-detector.js';
import { DEFAULT_DATA_DIR } from '../dist/guardrails/injection/training/corpus.js';
import { trainInjectionDetector } from '../dist/guardrails/injection/training/train-detector.js';
import { buildInjectionCorpus } from '../dist/guardrails/injection/training/datasets.js';
import { wrappedValidationJailbreaks } from '../bench/rag-pasted-prompts.mjs';

const started = performance.now();
const usage = 'usage: node scripts/train-injection.mjs [--max-indirect-fpr X] [--out FILE] [--reader-instructions] [--hard-negatives off|train|indirect|split] [--verify]';
const args = process.argv.slice(2);
const valueOf = (flag) => {
  const i = args.indexOf(flag);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value; ${usage}`);
  return value;
};
const known = new Set(['--max-indirect-fpr', '--out', '--reader-instructions', '--hard-negatives', '--verify']);
for (const [i, arg] of args.entries()) {
  if (arg.startsWith('--') && !known.has(arg)) throw new Error(`unknown option ${arg}; ${usage}`);
  if (!arg.startsWith('--') && !['--max-indirect-fpr', '--out', '--hard-negatives'].includes(args[i - 1])) throw new Error(`unexpected argument ${arg}; ${usage}`);
}
const out = valueOf('--out') ?? DEFAULT_MODEL_PATH;
const fprArg = valueOf('--max-indirect-fpr');
const maxIndirectValidationFpr = fprArg === undefined ? undefined : Number(fprArg);
if (maxIndirectValidationFpr !== undefined && !(maxIndirectValidationFpr >= 0 && maxIndirectValidationFpr < 1)) {
  throw new Error(`--max-indirect-fpr must be a number in [0, 1), got ${fprArg}`);
}
const hardNegatives = valueOf('--hard-negatives');
if (hardNegatives !== undefined && !['off', 'train', 'indirect', 'split'].includes(hardNegatives)) throw new Error(`--hard-negatives must be off, train, indirect or split, got ${hardNegatives}`);
const { bytes, validation, readerValidation, indirectCategoryCv } = trainInjectionDetector(DEFAULT_DATA_DIR, { maxIndirectValidationFpr, readerInstructions: args.includes('--reader-instructions'), ...(hardNegatives ? { hardNegatives } : {}), firstStagePositives: wrappedValidationJailbreaks(buildInjectionCorpus(DEFAULT_DATA_DIR)) });
const verify = args.includes('--verify');
if (!verify) writeFileSync(out, bytes);
const pct = (x) => `${(x * 100).toFixed(1)}%`;
for (const [source, point] of Object.entries(validation)) {
  const fpr = Object.entries(point.fpr).map(([name, rate]) => `${name} ${pct(rate)}`).join(', ');
  console.log(`${source.padEnd(8)} threshold ${point.threshold.toFixed(3)}  validation recall ${pct(point.recall)}  false positives: ${fpr}`);
}
console.log(`indirect, synthetic instructions to the AI reader planted in validation e-mails: recall ${pct(readerValidation.recall)}, look-alikes flagged ${pct(readerValidation.fpr['reader-lookalikes'] ?? 0)}`);
if (indirectCategoryCv) console.log(`indirect off-topic weight ${indirectCategoryCv.offTopicWeight} (category-CV mean recall per weight: ${Object.entries(indirectCategoryCv.grid).map(([w, r]) => `${w} ${pct(r)}`).join(', ')})`);
for (const fold of indirectCategoryCv?.folds ?? []) {
  const cats = Object.entries(fold.perCategory).map(([name, r]) => `${name} ${pct(r)}`).join(', ');
  console.log(`indirect, categories held out: threshold ${fold.threshold.toFixed(3)} recall ${pct(fold.recall)} (${cats})`);
}
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
if (!verify) {
  console.log(`wrote ${out} (${(bytes.length / 1024).toFixed(0)} KB) in ${seconds()} s`);
} else {
  // A model file is gzip of: a 4-byte little-endian header length, the JSON header, the weights.
  const parts = (file) => {
    const raw = gunzipSync(file);
    const length = raw.readUInt32LE(0);
    return { header: JSON.parse(raw.subarray(4, 4 + length).toString('utf8')), body: raw.subarray(4 + length) };
  };
  const flat = (value, prefix = '', into = {}) => {
    if (value !== null && typeof value === 'object') for (const [key, inner] of Object.entries(value)) flat(inner, prefix === '' ? key : `${prefix}.${key}`, into);
    else into[prefix] = value;
    return into;
  };
  const trained = parts(bytes);
  const existing = parts(readFileSync(out));
  const a = flat(existing.header);
  const b = flat(trained.header);
  const differing = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => a[key] !== b[key]);
  const weightsSame = Buffer.compare(existing.body, trained.body) === 0;
  if (weightsSame && differing.length === 0) {
    console.log(`verified: training reproduces ${out} byte for byte (${seconds()} s)`);
  } else if (weightsSame && differing.length === 1 && differing[0] === 'meta.codeHash') {
    writeFileSync(out, bytes);
    console.log(`verified: training reproduces ${out} except its recorded code hash (${a['meta.codeHash'] ?? 'none'} -> ${b['meta.codeHash']}): the code changed, the model did not; wrote the new hash (${seconds()} s)`);
  } else {
    const shown = differing.slice(0, 20).map((key) => `  ${key}: ${JSON.stringify(a[key])} in the file, ${JSON.stringify(b[key])} trained now`);
    console.error(`NOT reproduced: training today gives a different model than ${out}${weightsSame ? '' : ' (weights differ)'}; ${differing.length} header fields differ:\n${shown.join('\n')}`);
    console.error('Retrain (node scripts/train-injection.mjs), re-measure and update the figures, or undo the change that moved it.');
    process.exitCode = 1;
  }
}
