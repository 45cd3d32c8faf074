// PII guard benchmark: presidio-synth (held-out templates), harmless number-heavy prompts,
// pattern-layer throughput, tagger load time and added latency per 2 KB prompt.
// Run: npm run bench:guard-pii   (pin to one core and note the load: taskset -c 1 node bench/guard-pii.mjs)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';

const loadStarted = performance.now();
const pii = await import('../dist/guardrails/pii/index.js');
const importMs = performance.now() - loadStarted;
const { createPiiDetector, detectPatterns, isHeldOutTemplate, readPresidioSynth, scorePresidio, defaultNameTagger } = pii;

const CHECKSUMMED = ['CREDIT_CARD', 'IBAN_CODE', 'US_SSN'];
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

let t0 = performance.now();
const loadCpu0 = cpuMs();
const tagger = defaultNameTagger();
const taggerLoadMs = performance.now() - t0;
const taggerLoadCpuMs = cpuMs() - loadCpu0;
if (!tagger) throw new Error('the shipped tagger model did not load; run npm run train:pii');
const detector = createPiiDetector();

const all = readPresidioSynth();
const heldOut = all.filter((s) => isHeldOutTemplate(s.template_id));
const byIou = {};
for (const iou of [0.5, 0.75, 0.9]) byIou[iou] = scorePresidio(heldOut, (t) => detector.detect(t), iou);
// Checksummed ids involve no training, so their recall is measured on all 1,500 texts.
const checksummedAll = scorePresidio(all, (t) => detector.detect(t), 0.9);
const checksummedRecall = Object.fromEntries(CHECKSUMMED.map((k) => [k, checksummedAll.perEntity[k]?.recall ?? 0]));

const readJsonl = (name) => readFileSync(new URL(`../data/harmless-numbers/${name}`, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l).text);
function harmlessRate(texts) {
  const examples = [];
  let flagged = 0;
  for (const text of texts) {
    const found = detector.detect(text);
    if (found.length === 0) continue;
    flagged += 1;
    if (examples.length < 10) examples.push({ text, found: found.map((f) => `${f.type}:${text.slice(f.start, f.end)} (${f.score.toFixed(2)})`) });
  }
  return { prompts: texts.length, flagged, share: flagged / texts.length, examples };
}
const harmlessOriginal = readJsonl('prompts.jsonl');
const harmlessExtension = readJsonl('extension.jsonl');
const harmlessExtension2 = readJsonl('extension-2.jsonl');
const harmlessExtension3 = readJsonl('extension-3.jsonl');
const harmlessExtension4 = readJsonl('extension-4.jsonl');
// original: seen during tuning; extension, extension2 and extension3: each measured before its
// false positives informed rules (so now seen); extension4: written after all tuning, never tuned on.
const harmless = {
  original: harmlessRate(harmlessOriginal),
  extension: harmlessRate(harmlessExtension),
  extension2: harmlessRate(harmlessExtension2),
  extension3: harmlessRate(harmlessExtension3),
  extension4: harmlessRate(harmlessExtension4),
  all: harmlessRate([...harmlessOriginal, ...harmlessExtension, ...harmlessExtension2, ...harmlessExtension3, ...harmlessExtension4]),
};
// Short prompts opening with a verb or word that name lists also hold ("Say hello", "Grant access"),
// data/harmless-imperatives: the dev half chose the rule against them, the test half was scored
// after. Kept apart from the number-heavy sets above (and out of the speed corpora below).
const imperativeRows = readFileSync(new URL('../data/harmless-imperatives/prompts.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const imperatives = {
  dev: harmlessRate(imperativeRows.filter((r) => r.split === 'dev').map((r) => r.text)),
  test: harmlessRate(imperativeRows.filter((r) => r.split === 'test').map((r) => r.text)),
  all: harmlessRate(imperativeRows.map((r) => r.text)),
};

// Pattern layer throughput over every presidio text and harmless prompt, one call each. Each
// pass runs on a copy with every digit shifted (same shapes, other values): the JIT is warm but
// value caches are cold, as for new numbers in real traffic. Best of five passes, because other
// agents share the CPU (a pass only gets slower from contention, never faster).
const corpus = [...all.map((s) => s.full_text), ...harmlessOriginal, ...harmlessExtension, ...harmlessExtension2, ...harmlessExtension3, ...harmlessExtension4];
const shift = (k) => (t) => t.replace(/\d/g, (d) => String((Number(d) + k) % 10));
function throughput(texts) {
  const chars = texts.reduce((n, t) => n + t.length, 0);
  for (let k = 5; k < 10; k += 1) for (const t of texts.map(shift(k))) detectPatterns(t);
  let wall = Infinity;
  let cpu = Infinity;
  for (let k = 0; k < 5; k += 1) {
    const pass = texts.map(shift(k));
    const c = cpuMs();
    const w = performance.now();
    for (const t of pass) detectPatterns(t);
    wall = Math.min(wall, performance.now() - w);
    cpu = Math.min(cpu, cpuMs() - c);
  }
  return { texts: texts.length, chars, wallCharsPerSecond: Math.round(chars / (wall / 1000)), cpuCharsPerSecond: Math.round(chars / (cpu / 1000)) };
}
const longCorpus = [];
for (let i = 0, p = ''; i < corpus.length; i += 1) {
  p += `${corpus[i]}\n`;
  if (p.length >= 2048) { longCorpus.push(p); p = ''; }
}
const patternLayer = { shortTexts: throughput(corpus), prompts2Kb: throughput(longCorpus) };

// Added latency per 2 KB prompt (full detector, names and addresses included): 400 prompts built
// from held-out and harmless texts, after a warm-up on other prompts. Reported two ways: one run
// per prompt, and each prompt's best of three runs (what the code costs without the other agents'
// load; a run is only slowed by contention).
const pool = [...heldOut.map((s) => s.full_text), ...harmlessOriginal, ...harmlessExtension, ...harmlessExtension2, ...harmlessExtension3, ...harmlessExtension4];
const build = (offset) => {
  const out = [];
  for (let i = offset; out.length < 400; i += 1) {
    let p = '';
    for (let j = i; p.length < 2048; j += 7) p += `${pool[j % pool.length]}\n`;
    out.push(p.slice(0, 2048));
  }
  return out;
};
for (const p of build(5000)) detector.detect(p);
const prompts = build(0);
const timings = { wall: [], cpu: [], bestWall: [], bestCpu: [] };
for (let run = 0; run < 3; run += 1) {
  prompts.forEach((raw, i) => {
    const p = shift(run)(raw);
    const c = cpuMs();
    const s = performance.now();
    detector.detect(p);
    const w = performance.now() - s;
    const u = cpuMs() - c;
    if (run === 0) { timings.wall.push(w); timings.cpu.push(u); timings.bestWall.push(w); timings.bestCpu.push(u); }
    else { timings.bestWall[i] = Math.min(timings.bestWall[i], w); timings.bestCpu[i] = Math.min(timings.bestCpu[i], u); }
  });
}
const pct = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const summary = (xs) => ({ p50Ms: pct(xs, 0.5), p99Ms: pct(xs, 0.99), maxMs: Math.max(...xs) });
const modelFile = new URL('../data/pii-tagger/name-tagger.bin.gz', import.meta.url);

const result = {
  dataset: 'presidio-synth (data/presidio-synth), held-out templates (template_id % 10 in {1,4,7})',
  conventions: 'presidio-research SpanEvaluator: IO tags per token, adjacent same-type spans merged across skip words, char IoU on skip-word-trimmed spans, predictions added while IoU improves; overall figures type-agnostic, per-entity type-specific; beta = 2',
  startup: { importMs: Math.round(importMs), taggerLoadMs: Math.round(taggerLoadMs), taggerLoadCpuMs: Math.round(taggerLoadCpuMs), modelFileBytes: readFileSync(modelFile).length },
  byIou,
  checksummedRecallAllTexts: checksummedRecall,
  harmless,
  harmlessImperatives: imperatives,
  patternLayer,
  latencyPer2KbPrompt: { prompts: prompts.length, oneRun: { wall: summary(timings.wall), cpu: summary(timings.cpu) }, bestOfThree: { wall: summary(timings.bestWall), cpu: summary(timings.bestCpu) } },
  machine: { cpus: os.cpus().length, loadavg: os.loadavg(), node: process.version, note: 'CPU shared with other agents; wall-clock timings are inflated by contention, CPU-time figures less so' },
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/guard-pii.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);

const f = (x) => (typeof x === 'number' ? x.toFixed(3) : String(x));
const m = (x) => (x / 1e6).toFixed(2);
console.log(`PII guard — held-out presidio-synth: ${heldOut.length} texts, ${byIou[0.9].annotated} spans`);
console.log(`startup: import ${result.startup.importMs} ms, tagger model load ${result.startup.taggerLoadMs} ms wall / ${result.startup.taggerLoadCpuMs} ms CPU (${(result.startup.modelFileBytes / 1024).toFixed(0)} KiB file), no training`);
console.log('IoU   precision recall  F2');
for (const [iou, r] of Object.entries(byIou)) console.log(`${iou.padEnd(5)} ${f(r.overall.precision)}     ${f(r.overall.recall)}   ${f(r.overall.fBeta)}`);
console.log('\nper entity (IoU 0.9)   spans  precision recall  F2');
for (const [k, v] of Object.entries(byIou[0.9].perEntity)) console.log(`${k.padEnd(22)} ${String(v.annotated).padStart(5)}  ${f(v.precision)}     ${f(v.recall)}   ${f(v.fBeta)}`);
console.log(`\nchecksummed-id recall (all 1,500 texts): ${Object.entries(checksummedRecall).map(([k, v]) => `${k} ${f(v)}`).join(', ')}`);
for (const [k, v] of Object.entries(harmless)) console.log(`harmless prompts flagged (${k}): ${v.flagged}/${v.prompts} = ${(100 * v.share).toFixed(1)}%`);
for (const [k, v] of Object.entries(imperatives)) console.log(`harmless short imperative prompts flagged (${k}): ${v.flagged}/${v.prompts} = ${(100 * v.share).toFixed(1)}%`);
const pl = result.patternLayer;
console.log(`pattern layer, short texts: ${m(pl.shortTexts.wallCharsPerSecond)} M chars/s wall, ${m(pl.shortTexts.cpuCharsPerSecond)} M chars/s CPU`);
console.log(`pattern layer, 2 KB prompts: ${m(pl.prompts2Kb.wallCharsPerSecond)} M chars/s wall, ${m(pl.prompts2Kb.cpuCharsPerSecond)} M chars/s CPU`);
const l = result.latencyPer2KbPrompt;
const line = (x) => `p50 ${x.p50Ms.toFixed(3)} ms, p99 ${x.p99Ms.toFixed(3)} ms`;
console.log(`added latency per 2 KB prompt, one run: wall ${line(l.oneRun.wall)}; CPU ${line(l.oneRun.cpu)}`);
console.log(`added latency per 2 KB prompt, best of 3: wall ${line(l.bestOfThree.wall)}; CPU ${line(l.bestOfThree.cpu)}`);
console.log(`machine: load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs (shared with other agents)`);
console.log('wrote bench/results/guard-pii.json');
