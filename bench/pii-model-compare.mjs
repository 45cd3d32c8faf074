// Compares PII tagger model files on every set the acceptance bar names, without replacing the
// shipped one: held-out presidio-synth (F2 at IoU 0.9), pii-wild test (F2, harmless flagged),
// harmless-numbers (672), harmless-multilingual held-out, benign technical prompts, and the fresh
// templates' eval rows when a dump directory is given (pii-fresh-templates.mjs eval --dump), and
// the sets choices are made on: pii-wild dev (F2, harmless dev flagged) and each further --fresh
// directory (one F2 per directory, e.g. a batch of templates kept out of training).
// --dev-only leaves held-out presidio-synth and pii-wild test out, so candidates can be ranked
// without the held-out figures in sight.
// Run after a build: node bench/pii-model-compare.mjs [--dev-only] [--fresh DIR]… MODEL.bin.gz [MODEL2.bin.gz …]
//   ("shipped" names data/pii-tagger/name-tagger.bin.gz)
import { readdirSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const freshDirs = args.flatMap((a, i) => (a === '--fresh' ? [args[i + 1]] : []));
const devOnly = args.includes('--dev-only');
const models = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--fresh');
if (models.length === 0) throw new Error('usage: node bench/pii-model-compare.mjs [--fresh DIR] MODEL.bin.gz|shipped …');
const { createPiiDetector, isHeldOutTemplate, readPresidioSynth, scorePresidio, GOLD_TYPES, PREDICTED_TYPES, NATIONAL_ID_TYPES } = await import('../dist/guardrails/pii/index.js');

const jsonl = (url) => readFileSync(url, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const data = (p) => new URL(`../data/${p}`, import.meta.url);
const WILD_TYPES = {
  gold: { ...GOLD_TYPES, DATE_OF_BIRTH: 'DATE_OF_BIRTH', SECRET: 'SECRET' },
  predicted: { ...PREDICTED_TYPES, POSTAL_CODE: 'LOCATION', DATE_OF_BIRTH: 'DATE_OF_BIRTH', SECRET: 'SECRET', URL_CREDENTIALS: 'SECRET', MAC_ADDRESS: 'MAC_ADDRESS',
    ...Object.fromEntries(NATIONAL_ID_TYPES.filter((t) => t !== 'US_SSN').map((t) => [t, t])) },
};
const heldOut = readPresidioSynth().filter((s) => isHeldOutTemplate(s.template_id));
const wild = (name) => jsonl(new URL(`./data/pii-wild/${name}.jsonl`, import.meta.url));
const wildTest = wild('pii-test');
const wildHarmless = wild('harmless-test').map((r) => r.text);
const wildDev = wild('pii-dev');
const wildHarmlessDev = wild('harmless-dev').map((r) => r.text);
const numbers = ['prompts', 'extension', 'extension-2', 'extension-3', 'extension-4'].flatMap((n) => jsonl(data(`harmless-numbers/${n}.jsonl`)).map((r) => r.text));
const multilingual = jsonl(data('harmless-multilingual/held-out.jsonl')).map((r) => r.text);
const technical = jsonl(data('benign-technical/prompts.jsonl')).map((r) => r.text);
const freshOf = (dir) => readdirSync(dir).filter((n) => n.endsWith('-eval.json')).sort().flatMap((n) => JSON.parse(readFileSync(`${dir}/${n}`, 'utf8')));
const freshSets = freshDirs.map((dir) => ({ dir, samples: freshOf(dir) }));

const f3 = (x) => x.toFixed(3);
const f4 = (x) => x.toFixed(4);
for (const model of models) {
  const detector = createPiiDetector(model === 'shipped' ? {} : { taggerModelPath: model });
  const detect = (t) => detector.detect(t);
  const flagged = (texts) => texts.filter((t) => detect(t).length > 0).length;
  const fresh = freshSets.map(({ dir, samples }) => `${dir.split('/').pop()} ${f4(scorePresidio(samples, detect, 0.9).overall.fBeta)}`).join(', ') || '-';
  const wd = scorePresidio(wildDev, detect, 0.9, WILD_TYPES);
  const dev = `pii-wild dev F2 ${f3(wd.overall.fBeta)}, harmless ${flagged(wildHarmlessDev)}/${wildHarmlessDev.length} | numbers ${flagged(numbers)}/${numbers.length} | multilingual ${flagged(multilingual)}/${multilingual.length} | technical ${flagged(technical)}/${technical.length} | fresh eval ${fresh}`;
  if (devOnly) {
    console.log(`${model}: ${dev}`);
    continue;
  }
  const h = scorePresidio(heldOut, detect, 0.9);
  const w = scorePresidio(wildTest, detect, 0.9, WILD_TYPES);
  console.log(`${model}: held-out F2 ${f4(h.overall.fBeta)} (PERSON ${f3(h.perEntity.PERSON.fBeta)}, LOCATION ${f3(h.perEntity.LOCATION.fBeta)}) | pii-wild test F2 ${f3(w.overall.fBeta)}, harmless ${flagged(wildHarmless)}/${wildHarmless.length} | ${dev}`);
}
