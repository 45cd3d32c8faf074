// How a semantic-cache lookup's CPU grows with the entries of one partition: 10,000 and 100,000
// cached questions (banking77, CLINC150, SQuAD and MMLU questions, ~58,000 distinct; past those, each
// again with "please" in front, a rewording the cache is for), 1,000 banking77 test questions looked
// up, embedded beforehand (not counted): `hashed-v2` (sparse) and the dense-1536 stand-in for an
// embedding model of bench/semantic-cache-lookup.mjs (hashed-v2 through a fixed Gaussian projection).
// Prints per case the median of 3 passes per lookup, the rows computed exactly per lookup, and the
// hits (so two builds can be checked to answer alike). BENCH_DIST=/other/dist measures another build;
// ENTRIES=10000,100000 and EMBED=hashed-v2,dense-1536 choose the cases; LOOKUPS=1000.
// Run: `npm run build && node bench/semantic-cache-scale.mjs`.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = resolve(process.env.BENCH_DIST ?? join(ROOT, 'dist'));
const SIZES = (process.env.ENTRIES ?? '10000,100000').split(',').map(Number);
const EMBEDS = (process.env.EMBED ?? 'hashed-v2,dense-1536').split(',');
const LOOKUPS = Number(process.env.LOOKUPS ?? 1000);
const THRESHOLD = Number(process.env.THRESHOLD ?? 0.95);
const { meaningConflict, meaningFacts } = await import(`${DIST}/cache/semantic-guard.js`);
const { SemanticIndex, unitVector } = await import(`${DIST}/cache/semantic-index.js`);
const { seededRandom } = await import(`${DIST}/core/seeded-random.js`);
const { parseCsvRecords } = await import(`${DIST}/core/parse-csv.js`);
const { meaningHashedEmbedder } = await import(`${DIST}/knowledge/embed/hashed-embedder.js`);

const data = (file) => readFileSync(join(ROOT, 'data', file), 'utf8');
const csv = (file) => parseCsvRecords(data(file)).slice(1).map((r) => r.fields[0]);
const jsonl = (text, field) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line)[field]);
const distinct = [...new Set([
  ...csv('banking77/train.csv'),
  ...csv('clinc150/train.csv'),
  ...csv('clinc150/test.csv'),
  ...jsonl(data('squad-retrieval/queries.jsonl'), 'question'),
  ...jsonl(gunzipSync(readFileSync(join(ROOT, 'data/routellm/mmlu.jsonl.gz'))).toString('utf8'), 'prompt').map((p) => String(p).slice(0, 300)),
].filter((q) => typeof q === 'string' && q.trim() !== ''))];
const corpus = [...distinct, ...distinct.map((q) => `please, ${q}`)];
const lookups = csv('banking77/test.csv').slice(0, LOOKUPS);
const embedder = meaningHashedEmbedder(256);
const projection = gaussianMatrix(256, 1536, 42);

async function embed(texts, dense) {
  const out = [];
  for (let i = 0; i < texts.length; i += 256) {
    for (const v of await embedder.embed(texts.slice(i, i + 256))) out.push(unitVector(dense ? project(v) : v));
  }
  return out;
}

const results = [];
for (const kind of EMBEDS) {
  const dense = kind === 'dense-1536';
  const queries = await embed(lookups, dense);
  for (const size of SIZES) {
    if (size > corpus.length) throw new Error(`ENTRIES=${size}: the corpus has ${corpus.length} questions`);
    const texts = corpus.slice(0, size);
    const index = new SemanticIndex(size, (facts) => facts.words ?? []);
    const vectors = await embed(texts, dense);
    texts.forEach((text, i) => index.add('p', String(i), vectors[i], meaningFacts(text)));
    const slots = index.partitions?.get('p')?.get(queries[0].length)?.vectors;
    let hits = 0;
    let computed = 0;
    const pass = () => {
      hits = 0;
      computed = 0;
      const started = process.cpuUsage();
      for (let i = 0; i < queries.length; i++) {
        const facts = meaningFacts(lookups[i]);
        const weights = index.weights;
        const { accepted } = index.nearest('p', queries[i], (other) => meaningConflict(facts, other, weights) === undefined, THRESHOLD);
        if (accepted) hits++;
        computed += slots?.computed ?? 0;
      }
      const used = process.cpuUsage(started);
      return (used.user + used.system) / queries.length / 1000;
    };
    pass();
    const passes = [pass(), pass(), pass()].sort((a, b) => a - b);
    const row = { embed: kind, entries: size, lookupMs: round(passes[1]), passesMs: passes.map(round), computedRows: Math.round(computed / queries.length), hits, loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 100) / 100) };
    results.push(row);
    console.log(JSON.stringify(row));
  }
}

function round(x) {
  return Math.round(x * 10_000) / 10_000;
}

/** rows × columns of N(0, 1) from core/seeded-random (mulberry32) and Box–Muller, as bench/semantic-cache-lookup.mjs. */
function gaussianMatrix(rows, columns, seed) {
  const uniform = seededRandom(seed);
  return Array.from({ length: rows }, () => Float64Array.from({ length: columns }, () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())));
}

/** The sparse vector times the projection, reading only its non-zero positions. */
function project(vector) {
  const out = new Float64Array(1536);
  for (let i = 0; i < vector.length; i++) {
    const x = vector[i];
    if (x === 0) continue;
    const row = projection[i];
    for (let j = 0; j < 1536; j++) out[j] += x * row[j];
  }
  return Array.from(out);
}
