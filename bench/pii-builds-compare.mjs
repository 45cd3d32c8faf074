// Two builds' PII detectors (shipped model, default options) over the dev sets or the held-out
// sets: texts whose findings differ and each build's scores. Dev mode lists the differing texts;
// held-out mode prints counts only (held-out items are never read while choosing).
//   node bench/pii-builds-compare.mjs dev|held-out BUILD_A BUILD_B   (each a checkout with dist/ built)
// Data is read from this checkout, so both builds see the same rows.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
const [mode, a, b] = process.argv.slice(2);
if ((mode !== 'dev' && mode !== 'held-out') || !a || !b) throw new Error('usage: node bench/pii-builds-compare.mjs dev|held-out BUILD_A BUILD_B');
const load = async (root) => import(join(resolve(root), 'dist/guardrails/pii/index.js'));
const [pa, pb] = [await load(a), await load(b)];
const det = [pa.createPiiDetector(), pb.createPiiDetector()];
const { scorePresidio, GOLD_TYPES, PREDICTED_TYPES, NATIONAL_ID_TYPES } = pb;
const jsonl = (p) => readFileSync(new URL(p, import.meta.url), 'utf8').trim().split('\n').map((l, i) => ({ ...JSON.parse(l), line: i + 1 }));
const f4 = (x) => x.toFixed(4);
const key = (d, t) => JSON.stringify(d.detect(t).map((f) => [f.type, f.start, f.end]));
const show = (d, t) => d.detect(t).map((f) => `${f.type}:${t.slice(f.start, f.end)}`).join(' ');
const flagged = (d, texts) => texts.filter((t) => d.detect(t).length > 0).length;
function compare(name, texts) {
  const diff = texts.filter((t) => key(det[0], t) !== key(det[1], t));
  console.log(`${name}: ${diff.length} of ${texts.length} differ; flagged ${flagged(det[0], texts)} → ${flagged(det[1], texts)}`);
  if (mode === 'dev') for (const t of diff) console.log(`    ${JSON.stringify(t.slice(0, 160))}\n      A: ${show(det[0], t)}\n      B: ${show(det[1], t)}`);
}
// pii-wild's scoring (bench/pii-wild.mjs).
const WILD_TYPES = { gold: { ...GOLD_TYPES, DATE_OF_BIRTH: 'DATE_OF_BIRTH', SECRET: 'SECRET' }, predicted: { ...PREDICTED_TYPES, POSTAL_CODE: 'LOCATION', DATE_OF_BIRTH: 'DATE_OF_BIRTH', SECRET: 'SECRET', URL_CREDENTIALS: 'SECRET', MAC_ADDRESS: 'MAC_ADDRESS', ...Object.fromEntries(NATIONAL_ID_TYPES.filter((t) => t !== 'US_SSN').map((t) => [t, t])) } };
const dev = mode === 'dev';
const presidio = pb.readPresidioSynth().filter((s) => pb.isHeldOutTemplate(s.template_id) !== dev);
for (const [i, d] of det.entries()) {
  const s = scorePresidio(presidio, (t) => d.detect(t), 0.9);
  console.log(`presidio-synth ${dev ? 'training' : 'held-out'} templates, build ${'AB'[i]}: F2 ${f4(s.overall.fBeta)} precision ${f4(s.overall.precision)} recall ${f4(s.overall.recall)} (PERSON F2 ${f4(s.perEntity.PERSON.fBeta)})`);
}
compare(`presidio-synth ${dev ? 'training' : 'held-out'}`, presidio.map((s) => s.full_text));
const half = dev ? 'dev' : 'test';
const wild = jsonl(`./data/pii-wild/pii-${half}.jsonl`);
for (const [i, d] of det.entries()) console.log(`pii-wild ${half}, build ${'AB'[i]}: F2 ${f4(scorePresidio(wild, (t) => d.detect(t), 0.9, WILD_TYPES).overall.fBeta)}`);
compare(`pii-wild ${half}`, wild.map((s) => s.full_text));
compare(`pii-wild harmless ${half}`, jsonl(`./data/pii-wild/harmless-${half}.jsonl`).map((r) => r.text));
for (const f of dev ? ['dev.jsonl', 'dev-2.jsonl'] : ['held-out.jsonl', 'held-out-2.jsonl']) compare(`harmless-multilingual ${f}`, jsonl(`../data/harmless-multilingual/${f}`).map((r) => r.text));
compare(`pii-multilingual ${dev ? 'dev' : 'held-out'}`, jsonl(`../data/pii-multilingual/${dev ? 'dev' : 'held-out'}.jsonl`).map((r) => r.text));
if (dev) compare('benign-technical', jsonl('../data/benign-technical/prompts.jsonl').map((r) => r.text));
else compare('harmless-numbers', ['prompts', 'extension', 'extension-2', 'extension-3', 'extension-4'].flatMap((n) => jsonl(`../data/harmless-numbers/${n}.jsonl`).map((r) => r.text)));
const imperatives = jsonl('../data/harmless-imperatives/prompts.jsonl').filter((r) => r.split === half);
compare(`harmless-imperatives ${half} lines 1-358`, imperatives.filter((r) => r.line <= 358).map((r) => r.text));
compare(`harmless-imperatives ${half} lines 359-`, imperatives.filter((r) => r.line > 358).map((r) => r.text));
const persons = jsonl('../data/harmless-imperatives/persons.jsonl').filter((r) => r.split === half);
const found = (d, r) => d.detect(r.text).some((f) => f.type === 'PERSON' && r.text.slice(f.start, f.end) === r.person);
console.log(`harmless-imperatives persons ${half}: found ${persons.filter((r) => found(det[0], r)).length} → ${persons.filter((r) => found(det[1], r)).length} of ${persons.length}`);
compare(`harmless-imperatives persons ${half}`, persons.map((r) => r.text));
