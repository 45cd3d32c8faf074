// Out-of-domain requests: what share a route's local model escalates, with and without the
// unfamiliarity check (a request too many of whose word n-grams are new to the training data
// escalates; cut-off chosen on the model's own in-scope validation split, no out-of-domain text
// used). "before" trains with maxUnfamiliarShare 0 (the check off: main's behaviour), "after"
// with the default. Every out-of-domain set is used for the figures only.
//
//   npm run bench:local-ood                (= npm run build && node bench/local-ood.mjs)
//   node bench/local-ood.mjs --mmlu        (adds a model on MMLU subjects: ~20 s per training)
//
// Models: banking77 (train.csv → test.csv), CLINC150's 150 in-scope intents (train → test), and
// with --mmlu MMLU questions by subject (seeded 80/20 split). Out-of-domain sets: SQuAD questions
// (all 10,570, and the first 500), MT-bench first turns, XSTest prompts, CLINC150's 1,000
// out-of-scope test queries, and for the CLINC150 model the banking77 test queries. Held-out
// labels: banking77 with 10 labels never trained on (bench/oos-common.mjs, seeds 77, 7, 2026).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { cpuMs, heldOutLabelProtocol, r4 } from './oos-common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const withMmlu = process.argv.includes('--mmlu');
const { readExamples, trainClassifier, serializeModel, parseModel, evaluateClassifier } = await import(join(root, 'dist/local/index.js'));
const { stratifiedSplit } = await import(join(root, 'dist/local/train/split.js'));
const { seededRandom } = await import(join(root, 'dist/core/seeded-random.js'));

const jsonl = (p) => readFileSync(join(root, p), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const read = (p, options) => readExamples(join(root, p), options);

const squad = jsonl('data/squad-retrieval/queries.jsonl').map((q) => q.question);
const outOfDomain = {
  'squad (all)': squad,
  'squad (first 500)': squad.slice(0, 500),
  'mt-bench first turns': jsonl('data/routellm/mt-bench-questions.jsonl').map((q) => q.turns[0]),
  xstest: (await read('data/xstest/xstest_prompts.csv', { textColumn: 'prompt', labelColumn: 'label' })).map((e) => e.text),
  'clinc150 out-of-scope test': (await read('data/clinc150/oos-test.csv', { labelColumn: 'intent' })).map((e) => e.text),
};
const banking = { train: await read('data/banking77/train.csv', { labelColumn: 'category' }), test: await read('data/banking77/test.csv', { labelColumn: 'category' }) };
const clinc = { train: await read('data/clinc150/train.csv', { labelColumn: 'intent' }), test: await read('data/clinc150/test.csv', { labelColumn: 'intent' }) };

const domains = [
  { name: 'banking77', ...banking, outOfDomain },
  {
    name: 'clinc150 (150 intents, 10 domains)',
    ...clinc,
    outOfDomain: { ...outOfDomain, 'banking77 test': banking.test.map((e) => e.text) },
  },
];
if (withMmlu) {
  const all = gunzipSync(readFileSync(join(root, 'data/routellm/mmlu.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .map((r) => ({ text: r.prompt, label: r.subject }));
  const { train, validation: test } = stratifiedSplit(all, 0.2, seededRandom(5));
  domains.push({ name: 'mmlu (57 subjects)', train, test, outOfDomain: { ...outOfDomain, 'banking77 test': banking.test.map((e) => e.text) } });
}

/** The model as served (decoded from its own file), trained with the check on or off. */
function train(examples, check) {
  const cpu0 = cpuMs();
  const trained = trainClassifier(examples, { seed: 1, maxUnfamiliarShare: check ? 0.01 : 0 });
  const trainCpuMs = cpuMs() - cpu0;
  return { model: parseModel(serializeModel(trained)), trainCpuMs };
}

const escalated = (model, texts) => r4(texts.filter((t) => model.predict(t).escalate).length / texts.length);

const results = { date: new Date().toISOString(), load: loadavg()[0], domains: [], heldOutLabels: [] };
for (const d of domains) {
  const row = { name: d.name, trainExamples: d.train.length, testExamples: d.test.length };
  for (const [key, check] of [['before', false], ['after', true]]) {
    const { model, trainCpuMs } = train(d.train, check);
    const e = evaluateClassifier(model, d.test);
    const unfamiliarInScope = d.test.filter((x) => model.predict(x.text).unfamiliar).length / d.test.length;
    row[key] = {
      cutoff: model.info.maxUnseenWordShare,
      trainCpuMs: Math.round(trainCpuMs),
      threshold: r4(model.info.threshold),
      accuracy: r4(e.accuracy),
      coverage: r4(e.coverage),
      precision: r4(e.precision),
      inScopeUnfamiliar: r4(unfamiliarInScope),
      outOfDomainEscalated: Object.fromEntries(Object.entries(d.outOfDomain).map(([name, texts]) => [name, escalated(model, texts)])),
    };
    console.error(`${d.name} ${key}: cut-off ${model.info.maxUnseenWordShare}, coverage ${r4(e.coverage)} at ${r4(e.precision)}, accuracy ${r4(e.accuracy)}; escalated ${JSON.stringify(row[key].outOfDomainEscalated)}`);
  }
  results.domains.push(row);
}

for (const heldOutSeed of [77, 7, 2026]) {
  const p = await heldOutLabelProtocol(root, { heldOutSeed });
  const row = { heldOutSeed, heldOut: p.heldOut };
  for (const [key, check] of [['before', false], ['after', true]]) {
    const { model } = train(p.inScope, check);
    const e = evaluateClassifier(model, p.testIn);
    row[key] = { coverage: r4(e.coverage), precision: r4(e.precision), heldOutEscalated: escalated(model, p.testOut.map((x) => x.text)) };
  }
  console.error(`held-out labels seed ${heldOutSeed}: ${JSON.stringify(row.before)} → ${JSON.stringify(row.after)}`);
  results.heldOutLabels.push(row);
}

mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/local-ood.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
