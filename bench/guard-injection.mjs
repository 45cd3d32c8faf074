// Injection and jailbreak detector benchmark, on held-out data only. The shipped model
// (data/injection-model/) was trained on the training splits and its thresholds were chosen on
// the validation splits by scripts/train-injection.mjs; this script measures it on:
//   - the test split of the jailbreak corpora (recall), split by near-duplicate group;
//   - BIPIA's test attacks (text file + held-out code categories) planted in held-out e-mails;
//   - XSTest's 250 safe prompts, banking77's official test split, our 235 benign technical
//     prompts, held-out BIPIA e-mails, our e-mails with questions to their reader, our benign
//     documents, SQuAD passages and a fresh set of our e-mails and documents that nothing was
//     split from or tuned on (false positives);
//   - held-out SQuAD passages pasted into a user turn with seven RAG prompt templates ("Context: …
//     Question: …", <document> tags, triple quotes, …), with the question SQuAD wrote for each
//     passage (false positives), and the test jailbreaks wrapped the same way (recall), with the
//     pasted-document split on and off (the split: src/guardrails/injection/pasted-documents.ts);
//   - for information, the document head's trade-off on the same test sets at other thresholds
//     (never used to choose one);
//   - obfuscated copies of the test jailbreaks (normalisation at work);
// plus load time and latency per 2 KB text.
//
//   npm run bench:guard-injection     (= npm run build && node bench/guard-injection.mjs)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { INSTRUCTION_FIRST, RAG_TEMPLATES, squadPassages } from './rag-pasted-prompts.mjs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dist = (path) => join(root, 'dist', path);

const { loadInjectionDetector, detectorFromModel, DEFAULT_MODEL_PATH } = await import(dist('guardrails/injection/load-detector.js'));
const { decodeModelFile } = await import(dist('guardrails/injection/model/model-file.js'));
const { buildInjectionCorpus } = await import(dist('guardrails/injection/training/datasets.js'));
const { DEFAULT_DATA_DIR } = await import(dist('guardrails/injection/training/corpus.js'));
const { injectionDataHash } = await import(dist('guardrails/injection/training/data-hash.js'));
const { combineHits } = await import(dist('guardrails/injection/heuristics.js'));
const { RULES_ALONE } = await import(dist('guardrails/injection/detector.js'));
const { seededRandom } = await import(dist('core/seeded-random.js'));
const { wilsonInterval } = await import(dist('evals/stats/wilson.js'));

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const started = performance.now();

// --- provenance: the model must have been trained on exactly this data -------------------------
const modelBytes = readFileSync(DEFAULT_MODEL_PATH);
const model = decodeModelFile(modelBytes);
const dataHash = injectionDataHash(DEFAULT_DATA_DIR);
if (model.meta.dataHash !== dataHash) {
  console.error('The shipped model was trained on different data: run `npm run build && node scripts/train-injection.mjs`.');
  process.exit(1);
}

// --- load time, in fresh processes (median of 5) ---------------------------------------------------
const loadProbe = `
const c0 = process.cpuUsage();
const t0 = performance.now();
const m = await import(${JSON.stringify(dist('guardrails/injection/load-detector.js'))});
const t1 = performance.now();
const c1 = process.cpuUsage();
await m.loadInjectionDetector();
const t2 = performance.now();
const c2 = process.cpuUsage();
const cpu = (a, b) => (b.user + b.system - a.user - a.system) / 1000;
console.log(JSON.stringify({ importMs: t1 - t0, loadMs: t2 - t1, importCpuMs: cpu(c0, c1), loadCpuMs: cpu(c1, c2) }));`;
const loads = [];
for (let i = 0; i < 5; i++) loads.push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', loadProbe], { encoding: 'utf8' })));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = Object.fromEntries(['importMs', 'loadMs', 'importCpuMs', 'loadCpuMs'].map((k) => [k, median(loads.map((l) => l[k]))]));

// --- accuracy on held-out data ----------------------------------------------------------------------
const detector = await loadInjectionDetector();
const thresholds = { user: detector.getThreshold('user'), indirect: detector.getThreshold('indirect') };
const corpus = buildInjectionCorpus(DEFAULT_DATA_DIR);

// The same model without the pasted-document split: the "before" figures and the paired cost.
const unsplit = detectorFromModel(model, { splitPasted: false });

// Held-out (test-split) SQuAD passages pasted into a user turn the way RAG apps do, each with the
// first question SQuAD wrote about it (data/squad-retrieval/queries.jsonl).
const { byText: squadByText, firstQuestion } = squadPassages(DEFAULT_DATA_DIR);
const squadTest = corpus.indirectTest.filter((e) => e.source === 'squad-passages').map((e) => squadByText.get(e.text));
const pastedPassages = Object.entries(RAG_TEMPLATES).flatMap(([template, fill]) =>
  squadTest.map((p) => ({ text: fill(p, firstQuestion.get(p.id)), label: 0, source: template })),
);
const wrappedJailbreaks = Object.entries(RAG_TEMPLATES).flatMap(([template, fill]) =>
  corpus.user.test.map((e) => ({ ...e, text: fill({ text: e.text, title: 'Notes' }, 'What do you think?'), source: template })),
);

function rate(examples, source, scorer = detector) {
  let flagged = 0;
  let classifierOnly = 0;
  let rulesOnly = 0;
  const threshold = thresholds[source];
  for (const e of examples) {
    const x = scorer.explain(e.text, { source });
    if (x.flagged) flagged++;
    if (x.classifier >= threshold) classifierOnly++;
    if (combineHits(x.hits) >= Math.min(threshold, RULES_ALONE)) rulesOnly++;
  }
  const n = examples.length;
  const interval = wilsonInterval(flagged, n);
  return { n, flagged, rate: flagged / n, ci95: [interval.low, interval.high], classifierOnly: classifierOnly / n, rulesOnly: rulesOnly / n };
}

const bySource = (examples) => {
  const groups = new Map();
  for (const e of examples) groups.set(e.source, [...(groups.get(e.source) ?? []), e]);
  return groups;
};

const recall = {};
recall['jailbreaks (all test)'] = rate(corpus.user.test, 'user');
for (const [source, list] of bySource(corpus.user.test)) recall[`jailbreaks: ${source}`] = rate(list, 'user');
const plantedTest = corpus.indirectTest.filter((e) => e.label === 1 && e.source.startsWith('bipia'));
recall['BIPIA indirect (all test)'] = rate(plantedTest, 'indirect');
for (const [source, list] of bySource(plantedTest)) recall[`BIPIA indirect: ${source}`] = rate(list, 'indirect');
// Not BIPIA: held-out MT-Bench requests planted the same way (a request to an assistant in an e-mail).
recall['MT-Bench requests in e-mails (indirect)'] = rate(corpus.indirectTest.filter((e) => e.label === 1 && e.source === 'mt-bench'), 'indirect');

const falsePositives = {
  'XSTest safe prompts': rate(corpus.heldOut.xstestSafe, 'user'),
  'banking77 test queries': rate(corpus.heldOut.bankingTest, 'user'),
  'benign technical prompts (ours)': rate(corpus.heldOut.benignTechnical, 'user'),
  // Greek letters as symbols, Turkish names, hyphenated e-mail domains, subdivision flags: written with the fix of the
  // look-alike and leetspeak signals (2026-12-05), so a regression set rather than a held-out one.
  'prompts with Greek symbols, Turkish names, e-mail domains, flag emoji (ours)': rate(corpus.heldOut.symbolsAndNames, 'user'),
  'BIPIA e-mails, clean (indirect)': rate(corpus.indirectTest.filter((e) => e.source === 'bipia-email'), 'indirect'),
  'benign documents (ours, indirect)': rate(corpus.indirectTest.filter((e) => e.source === 'benign-documents'), 'indirect'),
  'SQuAD Wikipedia passages (indirect)': rate(corpus.indirectTest.filter((e) => e.source === 'squad-passages'), 'indirect'),
  // Hand-written e-mails with questions and requests to their human reader, some off the e-mail's topic (a P.S.).
  'benign e-mails with questions (ours, indirect)': rate(corpus.indirectTest.filter((e) => e.source === 'benign-emails'), 'indirect'),
  // A fourth batch (e-mails, notes, wiki pages, chats), written after the third's test third had
  // been measured three times: never split, trained on or used to choose anything.
  'fresh e-mails and documents (ours, indirect)': rate(corpus.heldOut.freshEmails, 'indirect'),
  'fresh e-mails and documents as user turns': rate(corpus.heldOut.freshEmails, 'user'),
  // A fifth batch, written before the topic-coherence feature was scored (requests drifting off topic).
  'fifth fresh e-mails and documents (ours, indirect)': rate(corpus.heldOut.freshEmails5, 'indirect'),
  'fifth fresh e-mails and documents as user turns': rate(corpus.heldOut.freshEmails5, 'user'),
  // A sixth, written before the document head's L2 penalty was measured on test: correspondents'
  // requests phrased like BIPIA's task-style attacks ("Recommend a good book…").
  'sixth fresh e-mails and documents (ours, indirect)': rate(corpus.heldOut.freshEmails6, 'indirect'),
  'sixth fresh e-mails and documents as user turns': rate(corpus.heldOut.freshEmails6, 'user'),
  // A seventh, written before the planted-request rule was measured on test: the one request to the
  // reader stands alone as the first or last line (the shape that rule flags).
  'seventh fresh e-mails and documents (ours, indirect)': rate(corpus.heldOut.freshEmails7, 'indirect'),
  'seventh fresh e-mails and documents as user turns': rate(corpus.heldOut.freshEmails7, 'user'),
  // Documents about AI, prompts and instructions (AI product docs, prompt guides, security write-ups
  // that quote attacks, READMEs with shell commands; data/injection-hard-negatives/test.jsonl, 2026-12-06):
  // never trained or tuned on (its train file is used only by `train-injection.mjs --hard-negatives`).
  'documents about AI, prompts and instructions (ours, indirect)': rate(corpus.heldOut.hardNegatives, 'indirect'),
  'documents about AI, prompts and instructions as user turns': rate(corpus.heldOut.hardNegatives, 'user'),
  // The length bias: held-out e-mails and documents pasted into a user turn (long benign text).
  'e-mails and documents as user turns': rate(corpus.indirectTest.filter((e) => e.label === 0 && e.source !== 'squad-passages'), 'user'),
  // RAG context in the user turn: seven templates x the test passages.
  'SQuAD passages pasted in RAG prompts (user)': rate(pastedPassages, 'user'),
};
// Before and after the pasted-document split, per template (test data; the split's one tuned
// number, PASTED_USER_BAR, was chosen on the validation passages and jailbreaks).
const pasted = {};
for (const template of Object.keys(RAG_TEMPLATES)) {
  const list = pastedPassages.filter((e) => e.source === template);
  pasted[`FP ${template}: without split`] = rate(list, 'user', unsplit);
  pasted[`FP ${template}: with split`] = rate(list, 'user');
}
pasted['FP all seven templates: without split'] = rate(pastedPassages, 'user', unsplit);
pasted['FP all seven templates: with split'] = rate(pastedPassages, 'user');
pasted['FP the bare SQuAD questions (user)'] = rate(squadTest.map((p) => ({ text: firstQuestion.get(p.id), label: 0 })), 'user');
pasted['recall, test jailbreaks wrapped as pasted: without split'] = rate(wrappedJailbreaks, 'user', unsplit);
pasted['recall, test jailbreaks wrapped as pasted: with split'] = rate(wrappedJailbreaks, 'user');
pasted['recall, test jailbreaks (plain): without split'] = rate(corpus.user.test, 'user', unsplit);
// Material after a one-line instruction ending in a colon ("Summarise the following article:"),
// kept out of the seven templates above so their figures stay comparable with earlier runs.
const instructionFirst = Object.entries(INSTRUCTION_FIRST).flatMap(([template, fill]) => squadTest.map((p) => ({ text: fill(p), label: 0, source: template })));
pasted['FP instruction first (2 templates): without split'] = rate(instructionFirst, 'user', unsplit);
pasted['FP instruction first (2 templates): with split'] = rate(instructionFirst, 'user');
const wrappedAfterInstruction = corpus.user.test.map((e) => ({ ...e, text: INSTRUCTION_FIRST['Summarise the following article:']({ text: e.text }) }));
pasted['recall, test jailbreaks after "Summarise the following article:": without split'] = rate(wrappedAfterInstruction, 'user', unsplit);
pasted['recall, test jailbreaks after "Summarise the following article:": with split'] = rate(wrappedAfterInstruction, 'user');
const informational = {
  'XSTest unsafe (harmful requests, no injection)': rate(corpus.heldOut.xstestUnsafe, 'user'),
  // The user head never trained on encyclopaedic text: a pasted Wikipedia passage (RAG context put
  // in the user turn) is scored by it as a long prompt.
  'SQuAD passages as user turns': rate(corpus.indirectTest.filter((e) => e.source === 'squad-passages'), 'user'),
};

// The document head's trade-off at other thresholds (test data: for information only; the shipped
// threshold comes from validation).
const indirectSets = {
  'BIPIA attacks (recall)': plantedTest,
  'BIPIA e-mails': corpus.indirectTest.filter((e) => e.source === 'bipia-email'),
  'our e-mails': corpus.indirectTest.filter((e) => e.source === 'benign-emails'),
  'our documents': corpus.indirectTest.filter((e) => e.source === 'benign-documents'),
  'fresh e-mails and documents': corpus.heldOut.freshEmails,
  'fifth fresh e-mails and documents': corpus.heldOut.freshEmails5,
  'sixth fresh e-mails and documents': corpus.heldOut.freshEmails6,
  'seventh fresh e-mails and documents': corpus.heldOut.freshEmails7,
  'documents about AI, prompts and instructions': corpus.heldOut.hardNegatives,
  'SQuAD passages': corpus.indirectTest.filter((e) => e.source === 'squad-passages'),
};
const indirectScores = Object.fromEntries(Object.entries(indirectSets).map(([name, list]) => [name, list.map((e) => detector.explain(e.text, { source: 'indirect' }))]));
const tradeOff = [thresholds.indirect, 0.95, 0.9, 0.8, 0.7, 0.5].map((threshold) => ({
  threshold,
  ...Object.fromEntries(
    Object.entries(indirectScores).map(([name, scored]) => {
      // As the detector flags: the score reaches the threshold, or the rules alone reach min(threshold, RULES_ALONE).
      const flagged = scored.filter((x) => x.score >= threshold || combineHits(x.hits) >= Math.min(threshold, RULES_ALONE)).length;
      return [name, { flagged, n: scored.length, rate: flagged / scored.length }];
    }),
  ),
}));

const perCategory = {};
for (const e of plantedTest) {
  const key = `${e.source.replace('bipia-', '')}: ${e.category}`;
  perCategory[key] ??= { n: 0, flagged: 0 };
  perCategory[key].n++;
  if (detector.score(e.text, { source: 'indirect' }).flagged) perCategory[key].flagged++;
}
// Per attack string: each test attack is planted in every test e-mail at three positions, and a
// string is caught in nearly all of its plantings or nearly none (the document head scores the
// planted sentence much as it scores the string alone). So a category's 225 plantings are about
// five independent trials, not 225: its Wilson interval over plantings is far too narrow, and
// "strings caught" says how much of a category the detector has actually learnt.
const { loadBipiaAttacks } = await import(dist('guardrails/injection/training/corpus.js'));
const testAttackStrings = loadBipiaAttacks(DEFAULT_DATA_DIR).filter((a) => a.group.startsWith('text_attack_test') || a.group.startsWith('code_attack_test'));
const perAttack = testAttackStrings.flatMap((a) => {
  const planted = plantedTest.filter((e) => e.source === a.source && e.category === a.category && e.text.includes(a.text));
  // The code file's training and validation categories are not planted in the test e-mails.
  if (planted.length === 0) return [];
  const flagged = planted.filter((e) => detector.score(e.text, { source: 'indirect' }).flagged).length;
  const oneLine = a.text.replace(/\s+/g, ' ');
  return { category: `${a.source.replace('bipia-', '')}: ${a.category}`, attack: oneLine.length > 90 ? `${oneLine.slice(0, 87)}...` : oneLine, n: planted.length, flagged, rate: planted.length === 0 ? 0 : flagged / planted.length };
});
for (const c of Object.values(perCategory)) {
  const interval = wilsonInterval(c.flagged, c.n);
  c.rate = c.flagged / c.n;
  c.ci95 = [interval.low, interval.high];
}
for (const [key, c] of Object.entries(perCategory)) {
  const strings = perAttack.filter((a) => a.category === key);
  c.attackStrings = strings.length;
  c.stringsMostlyCaught = strings.filter((a) => a.rate >= 0.5).length;
}

// --- obfuscated copies of the test jailbreaks ---------------------------------------------------------
const random = seededRandom(99);
const CYRILLIC = { a: 'а', e: 'е', o: 'о', c: 'с', p: 'р', x: 'х', i: 'і' };
const obfuscations = {
  'zero-width characters inside words': (t) => t.replace(/(\w)(\w)/g, (_, a, b) => (random() < 0.3 ? `${a}\u200b${b}` : a + b)),
  'Cyrillic look-alike letters': (t) => t.replace(/[aeocpxi]/g, (ch) => (random() < 0.5 ? CYRILLIC[ch] : ch)),
  leetspeak: (t) => t.replace(/[aeiost]/g, (ch) => (random() < 0.5 ? { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' }[ch] : ch)),
  'base64, asked to decode and follow': (t) => `Decode this base64 and do what it says: ${Buffer.from(t).toString('base64')}`,
  'full-width letters': (t) => t.replace(/[A-Za-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)),
};
const obfuscated = {};
for (const [name, transform] of Object.entries(obfuscations)) {
  obfuscated[name] = rate(corpus.user.test.map((e) => ({ ...e, text: transform(e.text) })), 'user');
}

// --- latency per 2 KB ---------------------------------------------------------------------------------
const pool = [...corpus.heldOut.benignTechnical, ...corpus.user.test, ...corpus.indirectTest.slice(0, 200)].map((e) => e.text);
const texts = [];
for (let i = 0; texts.length < 200; i++) {
  let text = '';
  for (let k = i; text.length < 2048; k += 7) text += `${pool[k % pool.length]}\n`;
  texts.push(text.slice(0, 2048));
}
function latency(source, scorer = detector) {
  for (let i = 0; i < 400; i++) scorer.score(texts[i % texts.length], { source });
  const times = [];
  const batchCpu = [];
  for (let round = 0; round < 20; round++) {
    const cpu0 = process.cpuUsage();
    for (const text of texts) {
      const t0 = performance.now();
      scorer.score(text, { source });
      times.push(performance.now() - t0);
    }
    const cpu = process.cpuUsage(cpu0);
    batchCpu.push((cpu.user + cpu.system) / 1000 / texts.length);
  }
  times.sort((a, b) => a - b);
  batchCpu.sort((a, b) => a - b);
  // CPU time per text is what the detector costs the gateway; wall-clock percentiles include
  // time spent waiting for a core. On a shared machine even CPU time is inflated (other
  // processes evict the model from cache), so the best of 20 batches is reported as well:
  // it is the closest to the cost on an unloaded core.
  return {
    p50Ms: times[Math.floor(times.length * 0.5)],
    p99Ms: times[Math.floor(times.length * 0.99)],
    cpuMedianMs: batchCpu[Math.floor(batchCpu.length / 2)],
    cpuBestBatchMs: batchCpu[0],
    samples: times.length,
  };
}
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
const latencyUser = latency('user');
const latencyIndirect = latency('indirect');
// Paired A/B of the pasted-document split's cost on the same 2 KB user turns (which carry no
// pasted block: the cost of looking for one), alternating rounds; and on pasted SQuAD prompts,
// where the split adds the document head's sentence-by-sentence pass.
function pairedCpu(list, rounds = 10) {
  const ratios = [];
  const cpuOf = (scorer) => {
    const c0 = process.cpuUsage();
    for (const text of list) scorer.score(text, { source: 'user' });
    const c = process.cpuUsage(c0);
    return c.user + c.system;
  };
  for (let i = 0; i < 2; i++) (cpuOf(detector), cpuOf(unsplit));
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    let a;
    let b;
    if (round % 2 === 0) {
      a = cpuOf(unsplit);
      b = cpuOf(detector);
    } else {
      b = cpuOf(detector);
      a = cpuOf(unsplit);
    }
    ratios.push(b / a);
  }
  ratios.sort((x, y) => x - y);
  return { medianRatio: ratios[Math.floor(ratios.length / 2)], ratios };
}
const splitCost = { plain2KB: pairedCpu(texts), pastedSquad: pairedCpu(pastedPassages.slice(0, 300).map((e) => e.text)) };
const cpuShare = (process.cpuUsage(cpu0).user / 1000) / (performance.now() - wall0);

// --- report ---------------------------------------------------------------------------------------------
const table = (title, rows) => {
  console.log(`\n${title}`);
  for (const [name, r] of Object.entries(rows)) {
    const ci = `[${pct(r.ci95[0])}–${pct(r.ci95[1])}]`.padEnd(15);
    console.log(
      `  ${name.padEnd(44)} ${pct(r.rate).padStart(6)} ${ci} ${String(r.flagged).padStart(4)}/${String(r.n).padEnd(4)}  classifier alone ${pct(r.classifierOnly)}, rules alone ${pct(r.rulesOnly)}`,
    );
  }
};
console.log(`Injection detector on held-out data (thresholds from validation: user ${thresholds.user.toFixed(3)}, indirect ${thresholds.indirect.toFixed(3)})`);
console.log('Rates with 95% Wilson intervals and counts.');
table('Recall (share of attacks flagged)', recall);
table('False positives (share of benign texts flagged)', falsePositives);
table('For information', informational);
table('Pasted documents in the user turn (held-out SQuAD passages x 7 templates; jailbreaks from the test split)', pasted);
table('Recall on obfuscated test jailbreaks', obfuscated);
console.log('\nDocument head at other thresholds (test sets, for information; the shipped threshold is the first row, from validation)');
for (const row of tradeOff) {
  console.log(`  ${row.threshold.toFixed(3)}  ${Object.keys(indirectSets).map((name) => `${name} ${pct(row[name].rate)} (${row[name].flagged}/${row[name].n})`).join(', ')}`);
}
console.log('\nBIPIA indirect recall per attack category (test)');
for (const [name, c] of Object.entries(perCategory)) {
  console.log(`  ${name.padEnd(60)} ${pct(c.rate).padStart(6)} [${pct(c.ci95[0])}–${pct(c.ci95[1])}] ${c.flagged}/${c.n}; attack strings caught in at least half their plantings ${c.stringsMostlyCaught}/${c.attackStrings}`);
}
const missedStrings = perAttack.filter((a) => a.rate < 0.5);
console.log(`\nBIPIA test attack strings caught in fewer than half their plantings (${missedStrings.length} of ${perAttack.length})`);
for (const a of missedStrings) console.log(`  ${pct(a.rate).padStart(6)}  ${a.category}: ${a.attack}`);
const cv = model.meta.indirectCategoryCv;
if (cv) {
  console.log(`\nValidation (from training): document head on held-out training-file categories, off-topic weight ${cv.offTopicWeight}`);
  for (const fold of cv.folds) console.log(`  ${fold.categories.join(', ').padEnd(110)} recall ${pct(fold.recall)} at ${fold.threshold.toFixed(3)}`);
}
const load1 = loadavg()[0];
console.log(
  `\nModel file ${(modelBytes.length / 1024).toFixed(0)} KB; import ${load.importMs.toFixed(0)} ms + load ${load.loadMs.toFixed(0)} ms wall, ${load.importCpuMs.toFixed(0)} + ${load.loadCpuMs.toFixed(0)} ms CPU (median of 5 fresh processes)`,
);
const lat = (l) =>
  `p50 ${l.p50Ms.toFixed(3)} ms, p99 ${l.p99Ms.toFixed(3)} ms wall; CPU per text ${l.cpuMedianMs.toFixed(3)} ms (median batch), ${l.cpuBestBatchMs.toFixed(3)} ms (best batch)`;
console.log(`Latency per 2 KB text: user ${lat(latencyUser)}`);
console.log(`                       indirect ${lat(latencyIndirect)}`);
console.log(
  `Pasted-document split, paired CPU ratio with/without (median of 10 alternating rounds): 2 KB user turns without a block ${splitCost.plain2KB.medianRatio.toFixed(3)}x, pasted SQuAD prompts ${splitCost.pastedSquad.medianRatio.toFixed(3)}x`,
);
console.log(`(shared machine: load average ${load1.toFixed(1)} on ${(await import('node:os')).cpus().length} cores, this process got ${pct(cpuShare)} of a core while timing; figures are noisy)`);

const worst = Math.max(...Object.values(falsePositives).slice(0, 3).map((r) => r.rate));
const result = {
  generatedAt: new Date().toISOString(),
  model: {
    path: 'data/injection-model/injection-detector.bin',
    bytes: modelBytes.length,
    dataHash,
    training: model.meta.training,
    validation: model.meta.validation,
    indirectCategoryCv: model.meta.indirectCategoryCv,
  },
  thresholds,
  recall,
  falsePositives,
  informational,
  pasted,
  pastedSplitCost: splitCost,
  obfuscated,
  bipiaPerCategory: perCategory,
  bipiaPerAttack: perAttack,
  indirectTradeOff: tradeOff,
  load,
  latency: { user: latencyUser, indirect: latencyIndirect, textChars: 2048, loadAverage: load1, cpuShare },
  targets: {
    recallAtLeast: 0.9,
    falsePositivesAtMost: 0.02,
    jailbreakRecallMet: recall['jailbreaks (all test)'].rate >= 0.9,
    indirectRecallMet: recall['BIPIA indirect (all test)'].rate >= 0.9,
    userFalsePositivesMet: worst <= 0.02,
    indirectFalsePositivesMet: Math.max(...Object.entries(falsePositives).filter(([k]) => k.includes('indirect')).map(([, r]) => r.rate)) <= 0.02,
    loadUnder200Ms: load.loadMs < 200,
  },
  seconds: (performance.now() - started) / 1000,
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/guard-injection.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwrote bench/results/guard-injection.json in ${result.seconds.toFixed(0)} s`);
