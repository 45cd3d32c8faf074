// CPU of a semantic-cache lookup's own work, as the gateway's probe does it: the guard's facts of the
// question, then the scan of one partition of cached questions with the guard judging the entries at
// the threshold. banking77: the first ENTRIES (10,000) train.csv questions cached, the 3,080 test.csv
// questions looked up, embedded with `hashed-v2` beforehand (embedding is not counted). Prints the
// median of 3 passes, per lookup, and the facts alone. BENCH_DIST=/other/checkout/dist measures another
// build (an A/B in the same minutes). EMBED=dense-1536 stands in for an embedding model: each hashed-v2
// vector through one fixed random Gaussian projection to 1,536 dense dimensions (the similarities stay
// close to hashed-v2's, so the guard judges about as many entries); EMBED=dense-1536-decay the same with
// dimension j scaled by 1/sqrt(1 + j) before normalising (a decaying spectrum, along the axes: two thirds
// of the energy in the first tenth of the dimensions, the hardest case for a per-row int8 scale);
// EMBED=dense-1536-crowded the same as dense-1536 plus one direction common to every vector, so two
// unrelated questions sit at ~0.75 instead of ~0 (similarities crowded in a band, as some models give). Where
// the build says so, also the rows computed exactly per lookup (`computedRows`; the rest were bounded
// below the threshold and the closest by their int8 copy). With `node --expose-gc`, also the
// memory the index keeps per entry (vectors, keys, facts, word counts, an int8 copy). Run: `npm run build && node
// --expose-gc bench/semantic-cache-lookup.mjs` (ENTRIES=1000 EMBED=dense-1536 for the other cases;
// LOOKUPS=300 looks up only the first 300).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = resolve(process.env.BENCH_DIST ?? join(ROOT, 'dist'));
const ENTRIES = Number(process.env.ENTRIES ?? 10_000);
const THRESHOLD = 0.95;
const { meaningConflict, meaningFacts } = await import(`${DIST}/cache/semantic-guard.js`);
const { SemanticIndex, unitVector } = await import(`${DIST}/cache/semantic-index.js`);
const { seededRandom } = await import(`${DIST}/core/seeded-random.js`);
const { parseCsvRecords } = await import(`${DIST}/core/parse-csv.js`);
const { meaningHashedEmbedder } = await import(`${DIST}/knowledge/embed/hashed-embedder.js`);

const questions = (file) => parseCsvRecords(readFileSync(join(ROOT, 'data/banking77', file), 'utf8')).slice(1).map((r) => r.fields[0]);
const cached = questions('train.csv').slice(0, ENTRIES);
const lookups = questions('test.csv').slice(0, Number(process.env.LOOKUPS ?? Infinity));
const EMBED = process.env.EMBED ?? 'hashed-v2';
if (!['hashed-v2', 'dense-1536', 'dense-1536-decay', 'dense-1536-crowded'].includes(EMBED)) throw new Error(`EMBED=${EMBED}: expected hashed-v2, dense-1536, dense-1536-decay or dense-1536-crowded`);
const embedder = meaningHashedEmbedder(256);
const projection = EMBED.startsWith('dense-1536') ? gaussianMatrix(256, 1536, 42) : undefined;
// The common direction: N(0, 1) per dimension like a projected unit vector's, √3 times as long (cos ≈ 3/4).
const common = EMBED === 'dense-1536-crowded' ? gaussianMatrix(1, 1536, 7)[0].map((x) => x * Math.sqrt(3)) : undefined;
const decay = EMBED === 'dense-1536-decay' ? (x, j) => x / Math.sqrt(1 + j) : common ? (x, j) => x + common[j] : (x) => x;
const embed = async (texts) => {
  const out = [];
  for (let i = 0; i < texts.length; i += 64) out.push(...(await embedder.embed(texts.slice(i, i + 64))).map((v) => unitVector(projection ? project(v, projection).map(decay) : v)));
  return out;
};
const lookupVectors = await embed(lookups);
const before = await memory();
let cachedVectors = await embed(cached);
// A build before the word check takes no `termsOf` and has no `weights`: both are then ignored.
const index = new SemanticIndex(cached.length, (facts) => facts.words ?? []);
cached.forEach((text, i) => index.add('p', String(i), cachedVectors[i], meaningFacts(text)));
cachedVectors = undefined;

// The partition's slots (a private field: read here only to count the rows computed exactly).
const slots = index.partitions?.get('p')?.get(lookupVectors[0].length)?.vectors;
let computedRows = 0;
// WebAssembly memory (the int8 copy of a dense partition's rows) is in neither heapUsed nor arrayBuffers.
const wasmBytes = slots?.filter?.memory?.buffer.byteLength ?? 0;
const bytesPerEntry = globalThis.gc ? Math.round(((await memory()) - before + wasmBytes) / cached.length) : undefined;
function pass() {
  const started = process.cpuUsage();
  computedRows = 0;
  for (let i = 0; i < lookups.length; i++) {
    const facts = meaningFacts(lookups[i]);
    const weights = index.weights;
    index.nearest('p', lookupVectors[i], (other) => meaningConflict(facts, other, weights) === undefined, THRESHOLD);
    computedRows += slots?.computed ?? 0;
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / lookups.length / 1000;
}
pass();
const passes = [pass(), pass(), pass()].sort((a, b) => a - b);
const started = process.cpuUsage();
for (const text of lookups) meaningFacts(text);
const used = process.cpuUsage(started);
console.log(JSON.stringify({ dist: DIST, embed: EMBED, bytesPerEntry, loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 100) / 100), entries: cached.length, lookups: lookups.length, lookupMs: round(passes[1]), passesMs: passes.map(round), ...(slots?.computed === undefined ? {} : { computedRows: round(computedRows / lookups.length) }), factsMs: round((used.user + used.system) / lookups.length / 1000) }));

function round(x) {
  return Math.round(x * 10_000) / 10_000;
}

/** Heap and typed-array bytes after full collections (0 without --expose-gc). */
async function memory() {
  if (!globalThis.gc) return 0;
  // A dropped typed array's memory is given back after the collection, by a task of its own: let it run.
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** rows × columns of N(0, 1) from core/seeded-random (mulberry32) and Box–Muller, so every run projects alike. */
function gaussianMatrix(rows, columns, seed) {
  const uniform = seededRandom(seed);
  return Array.from({ length: rows }, () => Float64Array.from({ length: columns }, () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())));
}

/** The vector times the matrix, reading only its non-zero positions (hashed vectors are sparse). */
function project(vector, matrix) {
  const out = new Array(matrix[0].length).fill(0);
  vector.forEach((x, i) => {
    if (x !== 0) for (let j = 0; j < out.length; j++) out[j] += x * matrix[i][j];
  });
  return out;
}
