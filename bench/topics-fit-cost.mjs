// What a topic fit costs, TF-IDF against embeddings, and how well each recovers Banking77's
// intents. The monitor worker shares `serve`'s event loop: a TF-IDF fit is one synchronous call
// (its wall time is how long it holds the loop); an embeddings fit clusters with pauses, and the
// longest stall of a 10 ms timer says how long a request could wait behind it.
// Embeddings are the simulator's (feature-hashed words, 1,536 dimensions: what
// `POST /v1/embeddings` of `switchyard simulate` returns), so the cost figures carry over to a
// real model's vectors of that size; the purity of a real embedding model will differ.
//
//   npm run bench:topics -- --n 5000 --k 40
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
};
const n = Number(flag('--n', '5000'));
const k = Number(flag('--k', '40'));
const OUT = flag('--out', join(root, 'bench/results/topics-fit-cost.json'));

const { seededRandom, shuffled } = await import(join(root, 'dist/core/seeded-random.js'));
const { readExamples } = await import(join(root, 'dist/local/index.js'));
const { fitTopicModel, fitTopicModelOnEmbeddings, TopicAssigner } = await import(join(root, 'dist/monitor/topics/topic-model.js'));
const { embedText } = await import(join(root, 'dist/simulate/openai-embeddings.js'));

const examples = shuffled(await readExamples(join(root, 'data/banking77/train.csv'), { labelColumn: 'category' }), seededRandom(7)).slice(0, n);
const prompts = examples.map((e) => e.text);

/** Share of prompts in their cluster's most common intent (1 = every cluster one intent). */
function purity(assignment) {
  const counts = new Map();
  assignment.forEach((topic, i) => {
    const byLabel = counts.get(topic) ?? new Map();
    byLabel.set(examples[i].label, (byLabel.get(examples[i].label) ?? 0) + 1);
    counts.set(topic, byLabel);
  });
  let majority = 0;
  for (const byLabel of counts.values()) majority += Math.max(...byLabel.values());
  return majority / assignment.length;
}

async function measure(name, fit, assign) {
  // A timer that should fire every 10 ms: how late it gets is how long requests would wait.
  let longestGapMs = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const t = performance.now();
    longestGapMs = Math.max(longestGapMs, t - last);
    last = t;
  }, 10);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const model = await fit();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  longestGapMs = Math.max(longestGapMs, performance.now() - last);
  clearInterval(ticker);

  const assigner = new TopicAssigner(model);
  const assignment = prompts.map((p, i) => assign(assigner, p, i));
  const row = { name, n, k: model.topics.length, fitWallMs: Math.round(wallMs), fitCpuMs: Math.round((used.user + used.system) / 1000), longestLoopStallMs: Math.round(longestGapMs), purity: Number(purity(assignment).toFixed(3)), modelJsonKb: Math.round(JSON.stringify(model).length / 1024), labels: model.topics.slice(0, 5).map((t) => t.label) };
  console.log(`${name.padEnd(12)} fit ${String(row.fitWallMs).padStart(6)} ms wall, ${String(row.fitCpuMs).padStart(6)} ms CPU, loop held ≤ ${row.longestLoopStallMs} ms; purity ${row.purity}; model ${row.modelJsonKb} KB; e.g. ${row.labels.slice(0, 3).join(' | ')}`);
  return row;
}

const embedStarted = performance.now();
const vectors = prompts.map((p) => Array.from(embedText(p, 'standin-embed', 1536)));
console.log(`${n} Banking77 train prompts, k ${k}; simulator vectors made in ${Math.round(performance.now() - embedStarted)} ms (not counted)`);
const rows = [
  await measure('tfidf', () => fitTopicModel(prompts, { route: 'bench', k, random: seededRandom(1), now: 0 }), (a, p) => a.assign(p).topic),
  await measure('embeddings', () => fitTopicModelOnEmbeddings(prompts, { route: 'bench', k, random: seededRandom(1), now: 0, embeddings: { model: 'standin-embed', vectors } }), (a, p, i) => a.assign(p, vectors[i]).topic),
];
const result = { bench: 'topics-fit-cost', at: new Date().toISOString(), loadavg: loadavg().map((l) => Number(l.toFixed(2))), node: process.version, rows };
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
console.log(`load ${result.loadavg.join(' ')}; wrote ${OUT}`);
