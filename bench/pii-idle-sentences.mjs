// The name tagger with its idle-sentence gate (`idleSentencePad`, default 0) against the tagger
// reading every sentence (`idleSentencePad: false`), same shipped model:
//   node bench/pii-idle-sentences.mjs dev        presidio-synth training templates, pii-wild dev half,
//                                                multilingual dev sets: outputs that differ, scores
//   node bench/pii-idle-sentences.mjs held-out   presidio-synth held-out F2, harmless numbers,
//                                                pii-wild test half, multilingual held-out sets
// Cross-validation and the fresh templates' eval rows: bench/pii-tagger-options.mjs FOLD_DIR
// FRESH_DIR idleSentencePad=0 (and without the last argument for the tagger as configured).
// Choose on dev; held-out only confirms.
import { readFileSync } from 'node:fs';
const mode = process.argv[2];
if (mode !== 'dev' && mode !== 'held-out') throw new Error(`usage: node bench/pii-idle-sentences.mjs dev|held-out (got ${JSON.stringify(mode)})`);
const pii = await import('../dist/guardrails/pii/index.js');
const { createPiiDetector, createNameTagger, loadTaggerModel, scorePresidio, GOLD_TYPES, PREDICTED_TYPES, NATIONAL_ID_TYPES } = pii;
const model = loadTaggerModel();
const det = { every: createPiiDetector({ nameTagger: createNameTagger(model, { idleSentencePad: false }) }), gated: createPiiDetector({ nameTagger: createNameTagger(model, { idleSentencePad: 0 }) }) };
const jsonl = (p) => readFileSync(new URL(p, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const f4 = (x) => x.toFixed(4);
const key = (d, t) => JSON.stringify(d.detect(t).map((f) => [f.type, f.start, f.end]));
const differing = (texts) => texts.filter((t) => key(det.every, t) !== key(det.gated, t)).length;
const flagged = (d, texts) => texts.filter((t) => d.detect(t).length > 0).length;
// pii-wild's scoring (bench/pii-wild.mjs).
const WILD_TYPES = { gold: { ...GOLD_TYPES, DATE_OF_BIRTH: 'DATE_OF_BIRTH', SECRET: 'SECRET' }, predicted: { ...PREDICTED_TYPES, POSTAL_CODE: 'LOCATION', DATE_OF_BIRTH: 'DATE_OF_BIRTH', SECRET: 'SECRET', URL_CREDENTIALS: 'SECRET', MAC_ADDRESS: 'MAC_ADDRESS', ...Object.fromEntries(NATIONAL_ID_TYPES.filter((t) => t !== 'US_SSN').map((t) => [t, t])) } };
const split = mode === 'dev' ? { presidio: (s) => !pii.isHeldOutTemplate(s.template_id), wild: 'dev', multi: ['dev.jsonl', 'dev-2.jsonl'], piiMulti: 'dev.jsonl' } : { presidio: (s) => pii.isHeldOutTemplate(s.template_id), wild: 'test', multi: ['held-out.jsonl', 'held-out-2.jsonl'], piiMulti: 'held-out.jsonl' };
const presidio = pii.readPresidioSynth().filter(split.presidio);
for (const [k, d] of Object.entries(det)) { const s = scorePresidio(presidio, (t) => d.detect(t), 0.9); console.log(`presidio-synth ${mode === 'dev' ? 'training' : 'held-out'} templates, ${k}: F2 ${f4(s.overall.fBeta)} precision ${f4(s.overall.precision)} recall ${f4(s.overall.recall)}`); }
console.log(`  outputs differ on ${differing(presidio.map((s) => s.full_text))} of ${presidio.length}`);
const wild = jsonl(`./data/pii-wild/pii-${split.wild}.jsonl`);
const wildHarmless = jsonl(`./data/pii-wild/harmless-${split.wild}.jsonl`).map((r) => r.text);
for (const [k, d] of Object.entries(det)) console.log(`pii-wild ${split.wild}, ${k}: F2 ${f4(scorePresidio(wild, (t) => d.detect(t), 0.9, WILD_TYPES).overall.fBeta)}, harmless flagged ${flagged(d, wildHarmless)} of ${wildHarmless.length}`);
console.log(`  outputs differ on ${differing([...wild.map((s) => s.full_text), ...wildHarmless])} of ${wild.length + wildHarmless.length}`);
if (mode === 'held-out') {
  const nums = ['prompts', 'extension', 'extension-2', 'extension-3', 'extension-4'].flatMap((n) => jsonl(`../data/harmless-numbers/${n}.jsonl`).map((r) => r.text));
  console.log(`harmless numbers: flagged ${flagged(det.every, nums)} / ${flagged(det.gated, nums)} of ${nums.length} (every / gated)`);
}
for (const f of split.multi) {
  const t = jsonl(`../data/harmless-multilingual/${f}`).map((r) => r.text);
  console.log(`harmless-multilingual ${f}: flagged ${flagged(det.every, t)} / ${flagged(det.gated, t)} of ${t.length} (every / gated); outputs differ on ${differing(t)}`);
}
const p = jsonl(`../data/pii-multilingual/${split.piiMulti}`).map((r) => r.text);
console.log(`pii-multilingual ${split.piiMulti}: outputs differ on ${differing(p)} of ${p.length}`);
