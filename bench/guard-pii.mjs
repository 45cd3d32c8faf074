// PII guard benchmark: presidio-synth (held-out templates), harmless number-heavy prompts,
// pattern-layer throughput and added latency per 2 KB prompt. Run: npm run bench:guard-pii
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import {
  createPiiDetector, detectPatterns, emptyCounts, evaluateText, isHeldOutTemplate, readPresidioSynth, scoreCounts, defaultNameTagger,
} from '../dist/guardrails/pii/index.js';

// presidio-research's default mapping of the data set's labels; both address and place map to LOCATION.
const GOLD = { PERSON: 'PERSON', STREET_ADDRESS: 'LOCATION', GPE: 'LOCATION', EMAIL_ADDRESS: 'EMAIL_ADDRESS', PHONE_NUMBER: 'PHONE_NUMBER', CREDIT_CARD: 'CREDIT_CARD', IBAN_CODE: 'IBAN_CODE', US_SSN: 'US_SSN', IP_ADDRESS: 'IP_ADDRESS' };
const PRED = { PERSON: 'PERSON', STREET_ADDRESS: 'LOCATION', LOCATION: 'LOCATION', EMAIL: 'EMAIL_ADDRESS', PHONE: 'PHONE_NUMBER', CREDIT_CARD: 'CREDIT_CARD', IBAN: 'IBAN_CODE', US_SSN: 'US_SSN', IP_ADDRESS: 'IP_ADDRESS' };
const CHECKSUMMED = ['CREDIT_CARD', 'IBAN_CODE', 'US_SSN'];

const all = readPresidioSynth();
const heldOut = all.filter((s) => isHeldOutTemplate(s.template_id));
let t0 = performance.now();
defaultNameTagger();
const trainMs = performance.now() - t0;
const detector = createPiiDetector();

function evaluate(samples, iou) {
  const counts = emptyCounts();
  for (const s of samples) {
    const gold = s.spans.filter((g) => GOLD[g.entity_type]).map((g) => ({ type: GOLD[g.entity_type], start: g.start_position, end: g.end_position }));
    const pred = detector.detect(s.full_text).filter((f) => PRED[f.type]).map((f) => ({ type: PRED[f.type], start: f.start, end: f.end }));
    evaluateText(s.full_text, gold, pred, iou, counts);
  }
  const overall = scoreCounts(counts.truePositives, counts.predicted, counts.annotated);
  const perEntity = Object.fromEntries(Object.entries(counts.perType).map(([k, v]) => [k, { annotated: v.annotated, predicted: v.predicted, ...scoreCounts(v.truePositives, v.predicted, v.annotated) }]));
  return { samples: samples.length, annotated: counts.annotated, overall, perEntity };
}

const byIou = {};
for (const iou of [0.5, 0.75, 0.9]) byIou[iou] = evaluate(heldOut, iou);
// Checksummed ids involve no training, so their recall is measured on all 1,500 texts.
const checksummedAll = evaluate(all, 0.9);
const checksummedRecall = Object.fromEntries(CHECKSUMMED.map((k) => [k, checksummedAll.perEntity[k]?.recall ?? 0]));

const harmless = readFileSync(new URL('../data/harmless-numbers/prompts.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l).text);
const flaggedExamples = [];
let flagged = 0;
for (const text of harmless) {
  const found = detector.detect(text);
  if (found.length > 0) {
    flagged += 1;
    if (flaggedExamples.length < 15) flaggedExamples.push({ text, found: found.map((f) => `${f.type}:${text.slice(f.start, f.end)}`) });
  }
}

// Pattern layer throughput: every presidio text and harmless prompt, one call each (cold, then warm).
const corpus = [...all.map((s) => s.full_text), ...harmless];
const chars = corpus.reduce((n, t) => n + t.length, 0);
t0 = performance.now();
for (const t of corpus) detectPatterns(t);
const coldMs = performance.now() - t0;
t0 = performance.now();
for (let r = 0; r < 3; r += 1) for (const t of corpus) detectPatterns(t);
const warmMs = (performance.now() - t0) / 3;

// Added latency per 2 KB prompt (full detector, names included): prompts built from held-out and harmless texts.
const pool = [...heldOut.map((s) => s.full_text), ...harmless];
const prompts = [];
for (let i = 0; prompts.length < 400; i += 1) {
  let p = '';
  for (let j = i; p.length < 2048; j += 7) p += `${pool[j % pool.length]}\n`;
  prompts.push(p.slice(0, 2048));
}
for (const p of prompts.slice(0, 50)) detector.detect(p);
const times = prompts.map((p) => { const s = performance.now(); detector.detect(p); return performance.now() - s; }).sort((a, b) => a - b);
const pct = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];

const result = {
  dataset: 'presidio-synth (data/presidio-synth), held-out templates (template_id % 10 in {1,4,7})',
  conventions: 'presidio-research SpanEvaluator: IO tags per token, adjacent same-type spans merged across skip words, char IoU on skip-word-trimmed spans, predictions added while IoU improves; overall figures type-agnostic, per-entity type-specific; beta = 2',
  entities: Object.values(GOLD).filter((v, i, a) => a.indexOf(v) === i),
  trainMs: Math.round(trainMs),
  byIou,
  checksummedRecallAllTexts: checksummedRecall,
  harmless: { prompts: harmless.length, flagged, share: flagged / harmless.length, examples: flaggedExamples },
  patternLayer: { chars, coldCharsPerSecond: Math.round(chars / (coldMs / 1000)), warmCharsPerSecond: Math.round(chars / (warmMs / 1000)) },
  latencyPer2KbPrompt: { prompts: prompts.length, p50Ms: pct(0.5), p99Ms: pct(0.99), maxMs: times[times.length - 1] },
  machine: { cpus: os.cpus().length, loadavg: os.loadavg(), node: process.version, note: 'CPU shared with other agents; timings are noisy' },
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/guard-pii.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);

const f = (x) => (typeof x === 'number' ? x.toFixed(3) : String(x));
console.log(`PII guard — held-out presidio-synth: ${heldOut.length} texts, ${byIou[0.9].annotated} spans; tagger trained in ${Math.round(trainMs)} ms`);
console.log('IoU   precision recall  F2');
for (const [iou, r] of Object.entries(byIou)) console.log(`${iou.padEnd(5)} ${f(r.overall.precision)}     ${f(r.overall.recall)}   ${f(r.overall.fBeta)}`);
console.log('\nper entity (IoU 0.9)   spans  precision recall  F2');
for (const [k, v] of Object.entries(byIou[0.9].perEntity)) console.log(`${k.padEnd(22)} ${String(v.annotated).padStart(5)}  ${f(v.precision)}     ${f(v.recall)}   ${f(v.fBeta)}`);
console.log(`\nchecksummed-id recall (all 1,500 texts): ${Object.entries(checksummedRecall).map(([k, v]) => `${k} ${f(v)}`).join(', ')}`);
console.log(`harmless number-heavy prompts flagged: ${flagged}/${harmless.length} = ${(100 * flagged / harmless.length).toFixed(1)}%`);
console.log(`pattern layer: ${(result.patternLayer.coldCharsPerSecond / 1e6).toFixed(2)} M chars/s cold, ${(result.patternLayer.warmCharsPerSecond / 1e6).toFixed(2)} M chars/s warm`);
console.log(`added latency per 2 KB prompt: p50 ${pct(0.5).toFixed(3)} ms, p99 ${pct(0.99).toFixed(3)} ms (load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
console.log('wrote bench/results/guard-pii.json');
