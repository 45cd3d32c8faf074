// `npm run bench:semantic-cache`: how precise a semantic cache is at each similarity threshold,
// on banking77 (questions labelled with one of 77 intents). Half of a split's questions fill the
// cache; each question of the other half looks up its nearest cached question. A hit at threshold
// t is a nearest neighbour with similarity ≥ t; it is right when both questions share an intent
// (the cached answer fits), wrong otherwise. Precision = right hits / hits; hit rate = hits / lookups.
// The safe default is the lowest threshold whose precision is at least 0.99.
//
// Splits: `dev` (every third row of banking77's train.csv: where embedders and thresholds are
// chosen) and `test` (test.csv: what the docs report). Then data/semantic-cache-pairs: hand-written
// minimal pairs (negation, numbers, entities, opposite actions, question words) that must miss,
// and rewordings that should hit, each pair alone in an empty index.
//
// Embedders: `hashed` (the first built-in lexical embedder: drops negations and question words),
// `hashed-v2` (keeps them, and numbers); each without and with the guard (src/cache/semantic-guard.ts:
// a close question negated where the other is not, or naming other numbers, is refused), through
// the gateway's own SemanticIndex. A semantic embedding model through a gateway can be measured too
// with BENCH_GATEWAY=http://127.0.0.1:4000 BENCH_EMBED_MODEL=embed (BENCH_API_KEY if needed).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { meaningConflict, meaningFacts } from '../dist/cache/semantic-guard.js';
import { SemanticIndex, unitVector } from '../dist/cache/semantic-index.js';
import { parseCsvRecords } from '../dist/core/parse-csv.js';
import { gatewayEmbedder } from '../dist/knowledge/embed/gateway-embedder.js';
import { hashedEmbedder, meaningHashedEmbedder } from '../dist/knowledge/embed/hashed-embedder.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = process.env.BENCH_OUT ?? join(ROOT, 'bench/results/semantic-cache.json');
const THRESHOLDS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.92, 0.95, 0.97, 0.99];

const csv = (file) => parseCsvRecords(readFileSync(join(ROOT, 'data/banking77', file), 'utf8')).slice(1).map((r) => ({ text: r.fields[0], label: r.fields[1] }));
const SPLITS = {
  dev: { data: 'banking77 train.csv, every third row (3,335): even ones cached, odd ones looked up', rows: csv('train.csv').filter((_, i) => i % 3 === 0) },
  test: { data: 'banking77 test.csv (3,080): even rows cached, odd rows looked up', rows: csv('test.csv') },
};
const PAIRS = readFileSync(join(ROOT, 'data/semantic-cache-pairs/pairs.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));

const embedders = [
  { name: 'hashed', embedder: hashedEmbedder(256) },
  { name: 'hashed-v2', embedder: meaningHashedEmbedder(256) },
];
if (process.env.BENCH_GATEWAY && process.env.BENCH_EMBED_MODEL) {
  embedders.push({ name: `gateway:${process.env.BENCH_EMBED_MODEL}`, embedder: gatewayEmbedder({ url: process.env.BENCH_GATEWAY, model: process.env.BENCH_EMBED_MODEL, apiKey: process.env.BENCH_API_KEY }) });
}

async function embedAll(embedder, texts) {
  const out = [];
  for (let i = 0; i < texts.length; i += 64) out.push(...(await embedder.embed(texts.slice(i, i + 64))).map(unitVector));
  return out;
}

/** The nearest cached question of each lookup, as the gateway finds it (guard on or off). */
function nearestOf(cached, cachedVectors, lookups, lookupVectors, guard) {
  const index = new SemanticIndex(cached.length);
  cached.forEach((row, i) => index.add('p', String(i), cachedVectors[i], meaningFacts(row.text)));
  return lookups.map((row, i) => {
    const facts = meaningFacts(row.text);
    const { accepted } = index.nearest('p', lookupVectors[i], guard ? (other) => meaningConflict(facts, other) === undefined : undefined);
    return accepted ? { similarity: accepted.similarity, right: cached[Number(accepted.key)].label === row.label } : { similarity: -1, right: false };
  });
}

const results = {};
const pairs = {};
for (const { name, embedder } of embedders) {
  for (const [split, { rows }] of Object.entries(SPLITS)) {
    const cached = rows.filter((_, i) => i % 2 === 0);
    const lookups = rows.filter((_, i) => i % 2 === 1);
    const cachedVectors = await embedAll(embedder, cached.map((r) => r.text));
    const lookupVectors = await embedAll(embedder, lookups.map((r) => r.text));
    for (const guard of [false, true]) {
      const started = performance.now();
      const nearest = nearestOf(cached, cachedVectors, lookups, lookupVectors, guard);
      const curve = THRESHOLDS.map((t) => {
        const hits = nearest.filter((n) => n.similarity >= t);
        const right = hits.filter((n) => n.right).length;
        return { threshold: t, hitRate: round(hits.length / nearest.length), precision: hits.length ? round(right / hits.length) : null, hits: hits.length };
      });
      const safe = curve.find((c) => c.precision !== null && c.precision >= 0.99 && c.hits >= 10);
      const label = `${name}${guard ? '+guard' : ''}`;
      (results[split] ??= {})[label] = { lookups: nearest.length, cached: cached.length, curve, safeThreshold: safe?.threshold ?? null, safeHitRate: safe?.hitRate ?? null, ms: Math.round(performance.now() - started) };
      console.log(`${split} ${label}: ${curve.filter((c) => c.threshold >= 0.8).map((c) => `t=${c.threshold} hit ${c.hitRate} precision ${c.precision}`).join('; ')}`);
    }
  }
  const cachedVectors = await embedAll(embedder, PAIRS.map((p) => p.cached));
  const lookupVectors = await embedAll(embedder, PAIRS.map((p) => p.lookup));
  for (const guard of [false, true]) {
    const similarity = PAIRS.map((p, i) => nearestOf([{ text: p.cached }], [cachedVectors[i]], [{ text: p.lookup }], [lookupVectors[i]], guard)[0].similarity);
    const curve = THRESHOLDS.map((t) => {
      const wrong = {};
      for (const [i, p] of PAIRS.entries()) if (p.expect === 'miss' && similarity[i] >= t) wrong[p.kind] = (wrong[p.kind] ?? 0) + 1;
      const rewordedHits = PAIRS.filter((p, i) => p.expect === 'hit' && similarity[i] >= t).length;
      return { threshold: t, wrongHits: Object.values(wrong).reduce((a, b) => a + b, 0), wrongByKind: wrong, rewordedHits };
    });
    const label = `${name}${guard ? '+guard' : ''}`;
    pairs[label] = { mustMiss: PAIRS.filter((p) => p.expect === 'miss').length, shouldHit: PAIRS.filter((p) => p.expect === 'hit').length, curve };
    console.log(`pairs ${label}: ${curve.filter((c) => c.threshold >= 0.8).map((c) => `t=${c.threshold} wrong ${c.wrongHits} reworded hits ${c.rewordedHits}`).join('; ')}`);
  }
}

function round(x) {
  return Math.round(x * 1000) / 1000;
}

const data = Object.fromEntries(Object.entries(SPLITS).map(([k, v]) => [k, v.data]));
writeFileSync(OUT, `${JSON.stringify({ bench: 'semantic-cache', date: new Date().toISOString(), data: { ...data, pairs: 'data/semantic-cache-pairs/pairs.jsonl (50 must miss, 16 rewordings should hit)' }, results, pairs }, null, 2)}\n`);
console.log(`written to ${OUT}`);
