// Sweeps the name tagger's decoding options (person boost, minimum score) on dev data only:
// cross-validation over presidio-synth's training templates (fold models from `train-main --cv
// --save-folds DIR`), the fresh templates' eval rows (dumps from `pii-fresh-templates.mjs eval
// --dump`) and the harmless sets (numbers, technical, pii-wild harmless dev half) with the shipped model.
// Held-out templates are never read. Run after a build:
//   node bench/pii-tagger-options.mjs FOLD_DIR FRESH_DIR personBoost=0.56,0.8 [minScore=0.5]
import { readdirSync, readFileSync } from 'node:fs';
const [foldDir, freshDir, ...grid] = process.argv.slice(2);
const { createPiiDetector, createNameTagger, loadTaggerModel, isHeldOutTemplate, readPresidioSynth, scorePresidio } = await import('../dist/guardrails/pii/index.js');
const jsonl = (p) => readFileSync(new URL(p, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const training = readPresidioSynth().filter((s) => !isHeldOutTemplate(s.template_id));
const fresh = readdirSync(freshDir).filter((n) => n.endsWith('-eval.json')).sort().map((n) => [n, JSON.parse(readFileSync(`${freshDir}/${n}`, 'utf8'))]);
const numbers = ['prompts', 'extension', 'extension-2', 'extension-3', 'extension-4'].flatMap((n) => jsonl(`../data/harmless-numbers/${n}.jsonl`).map((r) => r.text));
const technical = jsonl('../data/benign-technical/prompts.jsonl').map((r) => r.text);
const wildDev = jsonl('./data/pii-wild/harmless-dev.jsonl').map((r) => r.text);
const folds = new Map([0, 2, 3, 5, 6, 8, 9].map((r) => [r, loadTaggerModel(`${foldDir}/fold-${r}.bin.gz`)]));
const shipped = loadTaggerModel();
const options = grid.map((g) => { const [k, v] = g.split('='); return [k, v.split(',').map(Number)]; });
const combos = options.reduce((acc, [k, vs]) => acc.flatMap((c) => vs.map((v) => ({ ...c, [k]: v }))), [{}]);
const f3 = (x) => x.toFixed(3);
for (const o of combos) {
  const byFold = new Map([...folds].map(([r, m]) => [r, createPiiDetector({ nameTagger: createNameTagger(m, o) })]));
  const byText = new Map(training.map((s) => [s.full_text, byFold.get(s.template_id % 10)]));
  const cv = scorePresidio(training, (t) => byText.get(t).detect(t), 0.9);
  const d = createPiiDetector({ nameTagger: createNameTagger(shipped, o) });
  const detect = (t) => d.detect(t);
  const fr = fresh.map(([n, rows]) => scorePresidio(rows, detect, 0.9).overall.fBeta);
  const allFresh = scorePresidio(fresh.flatMap(([, r]) => r), detect, 0.9);
  const flagged = (xs) => xs.filter((t) => detect(t).length > 0).length;
  console.log(`${JSON.stringify(o)} CV ${f3(cv.overall.fBeta)} (P ${f3(cv.perEntity.PERSON.fBeta)} L ${f3(cv.perEntity.LOCATION.fBeta)}) | fresh all ${f3(allFresh.overall.fBeta)} (P ${f3(allFresh.perEntity.PERSON.fBeta)} L ${f3(allFresh.perEntity.LOCATION.fBeta)}) mean ${f3(fr.reduce((a, b) => a + b, 0) / fr.length)} [${fr.map((x, i) => `${fresh[i][0].replace('-eval.json', '')} ${f3(x)}`).join(', ')}] | numbers ${flagged(numbers)} technical ${flagged(technical)} wild-dev ${flagged(wildDev)}`);
}
