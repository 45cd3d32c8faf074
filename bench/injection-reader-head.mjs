// A second document head for instructions addressed to the AI reading a document, measured beside
// the shipped detector (not shipped; docs/measurements.md, 2026-12-06, helper injdoc).
//
// The head is trained here, in-process, on the synthetic sentences of
// data/injection-reader-instructions/train.jsonl (written by scripts/generate-reader-instructions.mjs)
// and the training jailbreaks as positives, against every negative the shipped document head learns
// from plus the synthetic look-alikes (orders to people, sentences about AI). It scores a document
// as the document head does (its highest piece, addressee markers on, no off-topic boost). Its
// threshold is chosen on validation only: the lowest at which every validation source of the document
// head, and the synthetic validation look-alikes planted in validation e-mails, stay at or under 2%.
// A document is flagged when the shipped detector flags it or the reader head reaches its threshold.
//
// Reported, shipped detector alone vs with the reader head: the synthetic validation set; the
// indirect-fresh development set and the even (read) half of its blind set; the odd half (never read:
// counts only, no text printed); BIPIA's test plantings and every false-positive set the document
// head is measured on in bench:guard-injection; the red-team corpus's tool results; CPU per 2 KB.
//
// Run: npm run build && node bench/injection-reader-head.mjs   (about a minute; writes bench/results/injection-reader-head.json)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => join(root, 'dist', path);
const { loadInjectionDetector } = await import(dist('guardrails/injection/load-detector.js'));
const { InjectionDetector } = await import(dist('guardrails/injection/detector.js'));
const { buildInjectionCorpus } = await import(dist('guardrails/injection/training/datasets.js'));
const { DEFAULT_DATA_DIR } = await import(dist('guardrails/injection/training/corpus.js'));
const { chooseThreshold } = await import(dist('guardrails/injection/training/thresholds.js'));
const { SHIPPED_HEAD_OPTIONS } = await import(dist('guardrails/injection/training/train-detector.js'));
const { indirectTrainingExamples, trainHead } = await import(dist('guardrails/injection/training/train-heads.js'));

const started = performance.now();
const pct = (x) => `${(100 * x).toFixed(1)}%`;
const shipped = await loadInjectionDetector();
const corpus = buildInjectionCorpus(DEFAULT_DATA_DIR, { readerInstructions: true });

// --- the reader head: trained and thresholded on training and validation data only ------------------
const JAILBREAKS = new Set(['in-the-wild', 'gptfuzz', 'tap']);
const examples = corpus.indirectTrain.filter((e) => e.label === 0 || e.source.startsWith('reader-instructions') || JAILBREAKS.has(e.source));
const groupOf = (e) => {
  if (e.label === 1) return e.source.startsWith('reader') ? 'reader' : 'jailbreaks';
  if (e.source.startsWith('reader')) return 'reader-lookalikes';
  return e.source.startsWith('squad') ? 'squad' : e.source.replace(/-sentences$/, '');
};
// L2 1e-5: on validation (threshold by the rule below), 1e-5 and 1e-6 found 28.7% of the synthetic
// validation instructions, 3e-4 (the shipped document head's) 22.1%; BIPIA's strings as more positives 36-37%
// but fewer of the development set's. Two seeds (example orders), weights averaged; float weights.
const trained = trainHead(indirectTrainingExamples(examples), { ...SHIPPED_HEAD_OPTIONS, l2: 1e-5, markers: true, groupOf, seeds: [7, 8] });
const head = { model: trained.model, vectorizer: trained.vectorizer, threshold: 0.5, markers: true, offTopicWeight: 0 };
// No rules: the shipped detector brings them.
const reader = new InjectionDetector({ user: head, indirect: head }, []);
const readerScore = (text) => reader.explain(text, { source: 'indirect' }).classifier;
const validation = [...corpus.indirectVal.filter((e) => e.label === 0), ...corpus.readerVal];
const point = chooseThreshold(validation.map((e) => ({ score: readerScore(e.text), label: e.label, source: e.source })), 0.02, 'max');
const threshold = point.threshold;

function measure(texts) {
  let base = 0;
  let alone = 0;
  let either = 0;
  for (const text of texts) {
    const b = shipped.score(text, { source: 'indirect' }).flagged;
    const r = readerScore(text) >= threshold;
    base += b ? 1 : 0;
    alone += r ? 1 : 0;
    either += b || r ? 1 : 0;
  }
  return { n: texts.length, shipped: base, readerAlone: alone, withReader: either };
}

const read = (path) => readFileSync(join(root, 'data', path), 'utf8').trim().split('\n').map((l) => JSON.parse(l).text);
const even = (rows) => rows.filter((_, i) => i % 2 === 0);
const odd = (rows) => rows.filter((_, i) => i % 2 === 1);
const blindAttacks = read('injection-indirect-fresh/held-out-attacks.jsonl');
const blindBenign = read('injection-indirect-fresh/held-out-benign.jsonl');
const texts = (list) => list.map((e) => e.text);
const plantedTest = corpus.indirectTest.filter((e) => e.label === 1 && e.source.startsWith('bipia'));
const testSource = (source) => texts(corpus.indirectTest.filter((e) => e.label === 0 && e.source === source));
const sets = {
  recall: {
    'synthetic validation instructions, planted (reader-instructions val)': texts(corpus.readerVal.filter((e) => e.label === 1)),
    'indirect-fresh development attacks': read('injection-indirect-fresh/attacks.jsonl'),
    'blind set, even half (read) attacks': even(blindAttacks),
    'blind set, odd half (never read) attacks': odd(blindAttacks),
    'red-team corpus, tool results': readFileSync(join(root, 'data/redteam/builtin.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.via === 'tool').map((r) => r.text),
    'BIPIA indirect (all test)': texts(plantedTest),
    'MT-Bench requests in e-mails (indirect, test)': texts(corpus.indirectTest.filter((e) => e.label === 1 && e.source === 'mt-bench')),
  },
  falsePositives: {
    'synthetic validation look-alikes, planted (chosen on)': texts(corpus.readerVal.filter((e) => e.label === 0)),
    'indirect-fresh development benign': read('injection-indirect-fresh/benign.jsonl'),
    'blind set, even half (read) benign': even(blindBenign),
    'blind set, odd half (never read) benign': odd(blindBenign),
    'BIPIA e-mails, clean (test)': testSource('bipia-email'),
    'benign documents (ours, test)': testSource('benign-documents'),
    'SQuAD Wikipedia passages (test)': testSource('squad-passages'),
    'benign e-mails with questions (ours, test)': testSource('benign-emails'),
    'fresh e-mails and documents (fourth set)': texts(corpus.heldOut.freshEmails),
    'fifth fresh e-mails and documents': texts(corpus.heldOut.freshEmails5),
    'sixth fresh e-mails and documents': texts(corpus.heldOut.freshEmails6),
    'seventh fresh e-mails and documents': texts(corpus.heldOut.freshEmails7),
  },
};
const results = Object.fromEntries(Object.entries(sets).map(([kind, group]) => [kind, Object.fromEntries(Object.entries(group).map(([name, list]) => [name, measure(list)]))]));

// --- CPU per 2 KB document: the shipped detector, and the reader head's extra pass -------------------
const pool = [...testSource('benign-emails'), ...testSource('benign-documents'), ...testSource('squad-passages')];
const docs = [];
for (let i = 0; docs.length < 200; i++) {
  let text = '';
  for (let k = i; text.length < 2048; k += 7) text += `${pool[k % pool.length]}\n`;
  docs.push(text.slice(0, 2048));
}
const cpuPerDoc = (score) => {
  for (const d of docs) score(d);
  const runs = [];
  for (let round = 0; round < 7; round++) {
    const c0 = process.cpuUsage();
    for (const d of docs) score(d);
    const c = process.cpuUsage(c0);
    runs.push((c.user + c.system) / 1000 / docs.length);
  }
  return runs.sort((a, b) => a - b)[3];
};
const cpu = { shippedMs: cpuPerDoc((d) => shipped.score(d, { source: 'indirect' })), readerPassMs: cpuPerDoc(readerScore) };

console.log(`Reader head: threshold ${threshold.toFixed(3)} (validation: every source at most 2%: ${Object.entries(point.fpr).map(([s, r]) => `${s} ${pct(r)}`).join(', ')}; synthetic validation recall ${pct(point.recall)})`);
console.log(`Shipped document threshold ${shipped.getThreshold('indirect').toFixed(3)}. Columns: shipped detector / reader head alone / shipped OR reader head`);
for (const [kind, group] of Object.entries(results)) {
  console.log(`\n${kind === 'recall' ? 'Recall' : 'False positives'}`);
  for (const [name, r] of Object.entries(group)) {
    const cell = (x) => `${String(x).padStart(4)}/${r.n} ${pct(x / r.n).padStart(6)}`;
    console.log(`  ${name.padEnd(70)} ${cell(r.shipped)}  ${cell(r.readerAlone)}  ${cell(r.withReader)}`);
  }
}
console.log(`\nCPU per 2 KB document (median of 7 batches of 200): shipped ${cpu.shippedMs.toFixed(3)} ms; the reader head's pass ${cpu.readerPassMs.toFixed(3)} ms more (${((cpu.shippedMs + cpu.readerPassMs) / cpu.shippedMs).toFixed(2)}x)`);
const out = join(root, 'bench/results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'injection-reader-head.json'), `${JSON.stringify({ generatedAt: new Date().toISOString(), threshold, validation: point, results, cpu, seconds: (performance.now() - started) / 1000 }, null, 2)}\n`);
console.log(`wrote bench/results/injection-reader-head.json in ${((performance.now() - started) / 1000).toFixed(0)} s`);
