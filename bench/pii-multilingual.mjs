// PII on text that is not English: how many harmless business prompts in German, French, Spanish,
// Italian, Portuguese and Dutch get anything redacted (data/harmless-multilingual), and
// how many persons and street addresses are found in labelled texts in the same languages
// (data/pii-multilingual; a found span counts when its type matches and it overlaps the gold span
// by IoU >= 0.5), each as a dev split (the rules for foreign sentences were written against it)
// and a held-out split (60 prompts, 24 labelled texts, written after the rules and measured once).
// Run: npm run build && node bench/pii-multilingual.mjs   (BENCH_DIST=/other/checkout/dist compares another build)
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const dist = resolve(process.env.BENCH_DIST ?? new URL('../dist', import.meta.url).pathname);
const { createPiiDetector } = await import(`${dist}/guardrails/pii/index.js`);
const detector = createPiiDetector();
const read = (path) => readFileSync(new URL(`../data/${path}`, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

function measure(split) {
const harmless = {};
const harmlessExamples = [];
for (const { lang, text } of read(`harmless-multilingual/${split}.jsonl`)) {
  const found = detector.detect(text);
  harmless[lang] ??= { prompts: 0, flagged: 0 };
  harmless[lang].prompts += 1;
  if (found.length === 0) continue;
  harmless[lang].flagged += 1;
  if (harmlessExamples.length < 12) harmlessExamples.push(`${lang}: ${found.map((f) => `${f.type}:${text.slice(f.start, f.end)}`).join(' | ')}`);
}

const iou = (a, b) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start)) / (Math.max(a.end, b.end) - Math.min(a.start, b.start));
const NAME_TYPES = new Set(['PERSON', 'STREET_ADDRESS', 'LOCATION', 'POSTAL_CODE']);
const perType = {};
const misses = [];
let spurious = 0;
const labelled = existsSync(new URL(`../data/pii-multilingual/${split}.jsonl`, import.meta.url)) ? read(`pii-multilingual/${split}.jsonl`) : [];
for (const { lang, text, entities } of labelled) {
  const found = detector.detect(text).filter((f) => NAME_TYPES.has(f.type));
  for (const gold of entities) {
    perType[gold.type] ??= { gold: 0, found: 0 };
    perType[gold.type].gold += 1;
    if (found.some((f) => f.type === gold.type && iou(f, gold) >= 0.5)) perType[gold.type].found += 1;
    else misses.push(`${lang}: ${gold.type}:${text.slice(gold.start, gold.end)} → ${found.map((f) => `${f.type}:${text.slice(f.start, f.end)}`).join(' | ') || 'nothing'}`);
  }
  spurious += found.filter((f) => !entities.some((g) => iou(f, g) > 0)).length;
}

const flagged = Object.values(harmless).reduce((n, h) => n + h.flagged, 0);
const prompts = Object.values(harmless).reduce((n, h) => n + h.prompts, 0);
const result = {
  harmless: { prompts, flagged, share: flagged / prompts, byLanguage: harmless, examples: harmlessExamples },
  labelled: { recall: Object.fromEntries(Object.entries(perType).map(([k, v]) => [k, { ...v, recall: v.found / v.gold }])), spuriousFindings: spurious, misses },
};
console.log(`${split}: harmless prompts in 6 languages with something redacted: ${flagged}/${prompts} = ${((100 * flagged) / prompts).toFixed(1)}%`);
for (const [lang, h] of Object.entries(harmless)) console.log(`  ${lang}: ${h.flagged}/${h.prompts}`);
for (const e of harmlessExamples) console.log(`    ${e}`);
for (const [type, v] of Object.entries(result.labelled.recall)) console.log(`${split}: labelled ${type}: ${v.found}/${v.gold} found (recall ${(100 * v.recall).toFixed(1)}%)`);
if (labelled.length > 0) console.log(`${split}: findings overlapping no gold span: ${spurious}`);
for (const m of misses) console.log(`    missed ${m}`);
return result;
}

// dev: the sets the rules for foreign sentences were written against; held-out: written after
// them and measured once. dev-2 (240 prompts, 2026-12-04) showed 19 redacted on the build of that
// day and the rules were then fitted to it; held-out-2 (180 prompts) was written after those rules.
const result = { when: new Date().toISOString(), dist, dev: measure('dev'), dev2: measure('dev-2'), heldOut: measure('held-out'), heldOut2: measure('held-out-2') };
const heldOut = [result.heldOut, result.heldOut2].reduce((t, r) => ({ prompts: t.prompts + r.harmless.prompts, flagged: t.flagged + r.harmless.flagged }), { prompts: 0, flagged: 0 });
result.heldOutHarmless = { ...heldOut, share: heldOut.flagged / heldOut.prompts };
console.log(`held-out + held-out-2: harmless prompts with something redacted: ${heldOut.flagged}/${heldOut.prompts} = ${((100 * heldOut.flagged) / heldOut.prompts).toFixed(1)}% (target < 1%)`);
if (!process.env.BENCH_DIST) {
  mkdirSync(new URL('results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('results/pii-multilingual.json', import.meta.url), `${JSON.stringify(result, null, 1)}\n`);
}
