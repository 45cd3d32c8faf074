/**
 * `npm run train:pii`: trains the person/address tagger and writes the shipped model file
 * (data/pii-tagger/name-tagger.bin.gz). Deterministic: the same data, code and seed give the same
 * model bytes. `--dev` trains without the development templates and scores on them instead of
 * writing the model — the only place where features and settings are tuned; the benchmark's
 * held-out templates are never used here.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { seededRandom } from '../../../../core/seeded-random.js';
import { createPiiDetector } from '../../create-pii-detector.js';
import { scorePresidio } from '../../evaluation/presidio-score.js';
import { encodeTaggerModel, type TaggerModel } from '../model-file.js';
import { createNameTagger, NAME_TAGGER_MODEL_PATH } from '../name-tagger.js';
import { isHeldOutTemplate, readPresidioSynth } from '../presidio-synth.js';
import { TokenSheet } from '../token-sheet.js';
import { buildLexicons } from './lexicon-sources.js';
import { syntheticSamples } from './synthetic.js';
import { encodeSample, fitConfidenceScale, trainChain } from './train-chain.js';

/** Development templates: carved out of the training templates for tuning (never the held-out ones). */
export function isDevTemplate(templateId: number): boolean {
  const r = templateId % 10;
  return r === 3 || r === 8;
}

const args = process.argv.slice(2);
const dev = args.includes('--dev');
const arg = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const bits = arg('--bits', 16);
const epochs = arg('--epochs', 10);
const syntheticCount = arg('--synthetic', 6000);
const seed = arg('--seed', 7);

const started = performance.now();
const lexicons = buildLexicons();
const all = readPresidioSynth();
const trainPresidio = all.filter((s) => !isHeldOutTemplate(s.template_id) && !(dev && isDevTemplate(s.template_id)));
const samples = [...trainPresidio, ...syntheticSamples(syntheticCount, seed)];
const sheet = new TokenSheet();
const data = samples.map((s) => encodeSample(s, lexicons, bits, sheet));
console.log(`lexicon ${lexicons.size} words; ${trainPresidio.length} presidio + ${syntheticCount} synthetic sentences; ${Math.round(performance.now() - started)} ms to prepare`);
const weights = trainChain(data, { bits, epochs, random: seededRandom(seed), onEpoch: (e, errors) => console.log(`epoch ${e + 1}: ${errors} sentences wrong`) });
const calibration = syntheticSamples(1500, seed + 1000).map((s) => encodeSample(s, lexicons, bits, sheet));
const confidenceScale = fitConfidenceScale(weights, calibration);
const model: TaggerModel = { weights, lexicons, confidenceScale };
console.log(`trained in ${Math.round(performance.now() - started)} ms; confidence scale ${confidenceScale}`);

if (dev) {
  const detector = createPiiDetector({ nameTagger: createNameTagger(model, args.includes('--min-score') ? { minScore: arg('--min-score', 0.6) } : {}) });
  const devSamples = all.filter((s) => isDevTemplate(s.template_id));
  for (const iou of [0.5, 0.75, 0.9]) {
    const r = scorePresidio(devSamples, (t) => detector.detect(t), iou);
    const per = Object.entries(r.perEntity).map(([k, v]) => `${k} ${v.fBeta.toFixed(3)} (p ${v.precision.toFixed(2)} r ${v.recall.toFixed(2)})`).join(', ');
    console.log(`dev IoU ${iou}: F2 ${r.overall.fBeta.toFixed(3)} p ${r.overall.precision.toFixed(3)} r ${r.overall.recall.toFixed(3)} | ${per}`);
  }
  const harmlessPath = fileURLToPath(new URL('../../../../../data/harmless-numbers/prompts.jsonl', import.meta.url));
  const harmless = readFileSync(harmlessPath, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
  const flagged = harmless.filter((t) => detector.detect(t).length > 0);
  console.log(`harmless (original 336, seen): ${flagged.length} flagged`);
  for (const t of flagged.slice(0, 12)) console.log(`  ${t} → ${detector.detect(t).map((f) => `${f.type}:${t.slice(f.start, f.end)}`).join(' | ')}`);
}
if (!dev || args.includes('--out')) {
  const out = args.includes('--out') ? args[args.indexOf('--out') + 1]! : NAME_TAGGER_MODEL_PATH;
  const file = encodeTaggerModel(model);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, file);
  const digest = createHash('sha256').update(gunzipSync(file)).digest('hex').slice(0, 16);
  console.log(`wrote ${out}: ${(file.length / 1024).toFixed(0)} KiB (content sha256 ${digest})`);
}
