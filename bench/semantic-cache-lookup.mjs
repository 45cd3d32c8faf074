// CPU of a semantic-cache lookup's own work, as the gateway's probe does it: the guard's facts of the
// question, then the scan of one partition of cached questions with the guard judging the entries at
// the threshold. banking77: the first ENTRIES (10,000) train.csv questions cached, the 3,080 test.csv
// questions looked up, embedded with `hashed-v2` beforehand (embedding is not counted). Prints the
// median of 3 passes, per lookup, and the facts alone. BENCH_DIST=/other/checkout/dist measures another
// build (an A/B in the same minutes). Run: `npm run build && node bench/semantic-cache-lookup.mjs`.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = resolve(process.env.BENCH_DIST ?? join(ROOT, 'dist'));
const ENTRIES = Number(process.env.ENTRIES ?? 10_000);
const THRESHOLD = 0.95;
const { meaningConflict, meaningFacts } = await import(`${DIST}/cache/semantic-guard.js`);
const { SemanticIndex, unitVector } = await import(`${DIST}/cache/semantic-index.js`);
const { parseCsvRecords } = await import(`${DIST}/core/parse-csv.js`);
const { meaningHashedEmbedder } = await import(`${DIST}/knowledge/embed/hashed-embedder.js`);

const questions = (file) => parseCsvRecords(readFileSync(join(ROOT, 'data/banking77', file), 'utf8')).slice(1).map((r) => r.fields[0]);
const cached = questions('train.csv').slice(0, ENTRIES);
const lookups = questions('test.csv');
const embedder = meaningHashedEmbedder(256);
const embed = async (texts) => {
  const out = [];
  for (let i = 0; i < texts.length; i += 64) out.push(...(await embedder.embed(texts.slice(i, i + 64))).map(unitVector));
  return out;
};
const cachedVectors = await embed(cached);
const lookupVectors = await embed(lookups);
// A build before the word check takes no `termsOf` and has no `weights`: both are then ignored.
const index = new SemanticIndex(cached.length, (facts) => facts.words ?? []);
cached.forEach((text, i) => index.add('p', String(i), cachedVectors[i], meaningFacts(text)));

function pass() {
  const started = process.cpuUsage();
  for (let i = 0; i < lookups.length; i++) {
    const facts = meaningFacts(lookups[i]);
    const weights = index.weights;
    index.nearest('p', lookupVectors[i], (other) => meaningConflict(facts, other, weights) === undefined, THRESHOLD);
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / lookups.length / 1000;
}
pass();
const passes = [pass(), pass(), pass()].sort((a, b) => a - b);
const started = process.cpuUsage();
for (const text of lookups) meaningFacts(text);
const used = process.cpuUsage(started);
console.log(JSON.stringify({ dist: DIST, entries: cached.length, lookups: lookups.length, lookupMs: round(passes[1]), passesMs: passes.map(round), factsMs: round((used.user + used.system) / lookups.length / 1000) }));

function round(x) {
  return Math.round(x * 10_000) / 10_000;
}
