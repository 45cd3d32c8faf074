// Validation-only analysis of the injection detector's document head on attack categories it has
// not seen (the trainer's category cross-validation, one seed, the shipped off-topic weight): per
// BIPIA training-file attack string, its score alone and planted in the validation e-mails, how many
// plantings pass the fold's threshold, and per fold the validation negatives that set that threshold
// with the piece that scored highest. Never reads BIPIA's test file, the test splits or the held-out sets
// unless --pool-fresh is given: that adds the fourth to sixth fresh e-mail sets as one more
// validation source (the check of docs/measurements.md, 2026-12-02 and 2026-12-04; a variant chosen
// with it must then be measured on a benign set written after it, since those sets are reported).
// Run: npm run build && node scripts/injection-category-cv.mjs [--pool-fresh] [--json FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_MODEL_PATH } from '../dist/guardrails/injection/load-detector.js';
import { decodeModelFile } from '../dist/guardrails/injection/model/model-file.js';
import { InjectionDetector } from '../dist/guardrails/injection/detector.js';
import { documentPieces, documentWords, markAddressee, OFF_TOPIC_ADDRESSED } from '../dist/guardrails/injection/addressee-markers.js';
import { predictText } from '../dist/guardrails/injection/model/logistic.js';
import { normalizeText } from '../dist/guardrails/injection/normalize/normalize-text.js';
import { buildInjectionCorpus } from '../dist/guardrails/injection/training/datasets.js';
import { DEFAULT_DATA_DIR, loadBipiaAttacks } from '../dist/guardrails/injection/training/corpus.js';
import { chooseThreshold } from '../dist/guardrails/injection/training/thresholds.js';
import { INDIRECT_L2, INDIRECT_MAX_SOURCE_FPR, indirectGroup, scoreExamples, SHIPPED_HEAD_OPTIONS } from '../dist/guardrails/injection/training/train-detector.js';
import { indirectTrainingExamples, trainHead } from '../dist/guardrails/injection/training/train-heads.js';

const usage = 'usage: node scripts/injection-category-cv.mjs [--pool-fresh] [--json FILE]';
const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt === -1 ? undefined : args[jsonAt + 1];
if (jsonAt !== -1 && (jsonFile === undefined || jsonFile.startsWith('--'))) throw new Error(`--json needs a file; ${usage}`);
for (const [i, arg] of args.entries()) if (arg !== '--pool-fresh' && arg !== '--json' && args[i - 1] !== '--json') throw new Error(`unexpected argument ${arg}; ${usage}`);
const poolFresh = args.includes('--pool-fresh');

const offTopicWeight = decodeModelFile(readFileSync(DEFAULT_MODEL_PATH)).heads.indirect.offTopicWeight;
const corpus = buildInjectionCorpus(DEFAULT_DATA_DIR);
if (poolFresh) {
  const fresh = [...corpus.heldOut.freshEmails, ...corpus.heldOut.freshEmails5, ...corpus.heldOut.freshEmails6].map((e) => ({ ...e, source: 'fresh-4-6' }));
  for (const fold of corpus.indirectFolds) fold.val.push(...fresh);
}
const settings = { ...SHIPPED_HEAD_OPTIONS, l2: INDIRECT_L2, markers: true, groupOf: indirectGroup, seeds: SHIPPED_HEAD_OPTIONS.seeds.slice(0, 1) };
const attacks = loadBipiaAttacks(DEFAULT_DATA_DIR).filter((a) => a.group.startsWith('text_attack_train'));

/** The piece of a document the head scores highest, scored as `maxOverSegments` scores it. */
function bestPiece(head, document) {
  const text = normalizeText(document).text;
  const words = documentWords(text);
  let best = { score: -1, piece: '' };
  for (const [start, end] of documentPieces(text, { lines: true })) {
    const marked = markAddressee(text.slice(start, end), words);
    const p = predictText(head.model, head.vectorizer, marked);
    const score = marked.endsWith(OFF_TOPIC_ADDRESSED) ? 1 - (1 - p) * (1 - head.offTopicWeight) : p;
    if (score > best.score) best = { score, piece: text.slice(start, end) };
  }
  return best;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const folds = corpus.indirectFolds.map((fold) => {
  const trained = trainHead(indirectTrainingExamples(fold.train), settings);
  const head = { model: trained.model, vectorizer: trained.vectorizer, threshold: 0.5, markers: true, offTopicWeight };
  const detector = new InjectionDetector({ user: head, indirect: head });
  const scored = scoreExamples(detector, fold.val, 'indirect');
  const { threshold } = chooseThreshold(scored, INDIRECT_MAX_SOURCE_FPR, 'max');
  const strings = attacks
    .filter((a) => fold.categories.includes(a.category))
    .map((a) => {
      const planted = scored.filter((s, i) => s.label === 1 && fold.val[i].text.includes(a.text)).map((s) => s.score);
      return { category: a.category, attack: a.text, alone: detector.score(a.text, { source: 'indirect' }).score, plantedMin: Math.min(...planted), plantedMedian: median(planted), caught: planted.filter((s) => s >= threshold).length, planted: planted.length };
    });
  const negatives = scored
    .map((s, i) => ({ ...s, text: fold.val[i].text }))
    .filter((s) => s.label === 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 5)
    .map((s) => ({ source: s.source, score: s.score, piece: bestPiece(head, s.text).piece }));
  return { categories: fold.categories, threshold, strings, topNegatives: negatives };
});

const f3 = (x) => x.toFixed(3);
for (const fold of folds) {
  console.log(`categories held out: ${fold.categories.join(', ')}; threshold ${f3(fold.threshold)}`);
  for (const s of fold.strings) console.log(`  ${s.category.padEnd(26)} alone ${f3(s.alone)} planted ${f3(s.plantedMin)}–${f3(s.plantedMedian)} caught ${String(s.caught).padStart(2)}/${s.planted}  ${s.attack.slice(0, 70)}`);
  for (const n of fold.topNegatives) console.log(`  top negative ${n.source.padEnd(18)} ${f3(n.score)}  ${n.piece.replace(/\s+/g, ' ').slice(0, 100)}`);
}
const recall = folds.map((f) => f.strings.reduce((sum, s) => sum + s.caught, 0) / f.strings.reduce((sum, s) => sum + s.planted, 0));
console.log(`mean recall ${(100 * (recall.reduce((a, b) => a + b, 0) / recall.length)).toFixed(1)}% (off-topic weight ${offTopicWeight}${poolFresh ? '; fourth to sixth fresh sets pooled as validation' : ''})`);
if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify({ generatedAt: new Date().toISOString(), poolFresh, offTopicWeight, folds }, null, 1)}\n`);
