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
// Then data/semantic-cache-heldout: 119 minimal pairs from travel, HR and IT support, written before
// the content-word guard was measured, never used to choose it: every distinct cached question in
// one index (as a FAQ cache would hold them, so the words' weights mean something), each lookup
// answered by its nearest; a must-miss lookup's hit is wrong, a rewording's hit is right only on
// its own cached question (or on a cached question identical to it).
//
// Embedders: `hashed` (the first built-in lexical embedder: drops negations and question words),
// `hashed-v2` (keeps them, and numbers); each without a guard, with the guard on negation and
// numbers only (`+guard`), and with the whole guard (`+guard+words`: also refused when more than a
// quarter of the content words' weight differs, words weighed by their rarity in the index), through
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
const jsonl = (file) => readFileSync(join(ROOT, file), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const PAIRS = jsonl('data/semantic-cache-pairs/pairs.jsonl');
const HELDOUT = jsonl('data/semantic-cache-heldout/pairs.jsonl');
/** none; negation and numbers (the facts' words left out, so the word check passes); the whole guard. */
const GUARDS = ['', '+guard', '+guard+words'];

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

function factsOf(text, guard) {
  const facts = meaningFacts(text);
  return guard === '+guard' ? { ...facts, words: [] } : facts;
}

/** The nearest cached question of each lookup, as the gateway finds it (guard: one of GUARDS). */
function nearestOf(cached, cachedVectors, lookups, lookupVectors, guard) {
  const index = new SemanticIndex(cached.length, (facts) => facts.words);
  cached.forEach((row, i) => index.add('p', String(i), cachedVectors[i], factsOf(row.text, guard)));
  return lookups.map((row, i) => {
    const facts = factsOf(row.text, guard);
    const { accepted } = index.nearest('p', lookupVectors[i], guard ? (other) => meaningConflict(facts, other, index.weights) === undefined : undefined);
    return accepted ? { similarity: accepted.similarity, key: Number(accepted.key), right: cached[Number(accepted.key)].label === row.label } : { similarity: -1, right: false };
  });
}

const results = {};
const pairs = {};
const heldout = {};
for (const { name, embedder } of embedders) {
  for (const [split, { rows }] of Object.entries(SPLITS)) {
    const cached = rows.filter((_, i) => i % 2 === 0);
    const lookups = rows.filter((_, i) => i % 2 === 1);
    const cachedVectors = await embedAll(embedder, cached.map((r) => r.text));
    const lookupVectors = await embedAll(embedder, lookups.map((r) => r.text));
    for (const guard of GUARDS) {
      const started = performance.now();
      const nearest = nearestOf(cached, cachedVectors, lookups, lookupVectors, guard);
      const curve = THRESHOLDS.map((t) => {
        const hits = nearest.filter((n) => n.similarity >= t);
        const right = hits.filter((n) => n.right).length;
        return { threshold: t, hitRate: round(hits.length / nearest.length), precision: hits.length ? round(right / hits.length) : null, hits: hits.length };
      });
      const safe = curve.find((c) => c.precision !== null && c.precision >= 0.99 && c.hits >= 10);
      const label = `${name}${guard}`;
      (results[split] ??= {})[label] = { lookups: nearest.length, cached: cached.length, curve, safeThreshold: safe?.threshold ?? null, safeHitRate: safe?.hitRate ?? null, ms: Math.round(performance.now() - started) };
      console.log(`${split} ${label}: ${curve.filter((c) => c.threshold >= 0.75).map((c) => `t=${c.threshold} hit ${c.hitRate} precision ${c.precision}`).join('; ')}`);
    }
  }
  const cachedVectors = await embedAll(embedder, PAIRS.map((p) => p.cached));
  const lookupVectors = await embedAll(embedder, PAIRS.map((p) => p.lookup));
  for (const guard of GUARDS) {
    const similarity = PAIRS.map((p, i) => nearestOf([{ text: p.cached }], [cachedVectors[i]], [{ text: p.lookup }], [lookupVectors[i]], guard)[0].similarity);
    const curve = THRESHOLDS.map((t) => {
      const wrong = {};
      for (const [i, p] of PAIRS.entries()) if (p.expect === 'miss' && similarity[i] >= t) wrong[p.kind] = (wrong[p.kind] ?? 0) + 1;
      const rewordedHits = PAIRS.filter((p, i) => p.expect === 'hit' && similarity[i] >= t).length;
      return { threshold: t, wrongHits: Object.values(wrong).reduce((a, b) => a + b, 0), wrongByKind: wrong, rewordedHits };
    });
    const label = `${name}${guard}`;
    pairs[label] = { mustMiss: PAIRS.filter((p) => p.expect === 'miss').length, shouldHit: PAIRS.filter((p) => p.expect === 'hit').length, curve };
    console.log(`pairs ${label}: ${curve.filter((c) => c.threshold >= 0.8).map((c) => `t=${c.threshold} wrong ${c.wrongHits} reworded hits ${c.rewordedHits}`).join('; ')}`);
  }
  const heldoutCached = [...new Set(HELDOUT.map((p) => p.cached))].map((text) => ({ text, label: text }));
  const heldoutCachedVectors = await embedAll(embedder, heldoutCached.map((r) => r.text));
  const heldoutLookupVectors = await embedAll(embedder, HELDOUT.map((p) => p.lookup));
  for (const guard of GUARDS) {
    const nearest = nearestOf(heldoutCached, heldoutCachedVectors, HELDOUT.map((p) => ({ text: p.lookup, label: p.cached })), heldoutLookupVectors, guard);
    const curve = THRESHOLDS.map((t) => {
      const wrong = {};
      let rewordedHits = 0;
      for (const [i, p] of HELDOUT.entries()) {
        if (nearest[i].similarity < t) continue;
        // A lookup can be word for word another pair's cached question ("How many days of sick leave
        // do I get?" is both): that answer is the right one, whatever the pair expected.
        if (heldoutCached[nearest[i].key].text === p.lookup) continue;
        if (p.expect === 'hit' && nearest[i].right) rewordedHits++;
        else wrong[p.kind] = (wrong[p.kind] ?? 0) + 1;
      }
      return { threshold: t, wrongHits: Object.values(wrong).reduce((a, b) => a + b, 0), wrongByKind: wrong, rewordedHits };
    });
    const label = `${name}${guard}`;
    heldout[label] = { mustMiss: HELDOUT.filter((p) => p.expect === 'miss').length, shouldHit: HELDOUT.filter((p) => p.expect === 'hit').length, cached: heldoutCached.length, curve };
    console.log(`heldout ${label}: ${curve.filter((c) => c.threshold >= 0.7).map((c) => `t=${c.threshold} wrong ${c.wrongHits} reworded hits ${c.rewordedHits}`).join('; ')}`);
  }
}

function round(x) {
  return Math.round(x * 1000) / 1000;
}

const data = Object.fromEntries(Object.entries(SPLITS).map(([k, v]) => [k, v.data]));
writeFileSync(OUT, `${JSON.stringify({ bench: 'semantic-cache', date: new Date().toISOString(), data: { ...data, pairs: 'data/semantic-cache-pairs/pairs.jsonl (50 must miss, 16 rewordings should hit), each pair alone in an index', heldout: 'data/semantic-cache-heldout/pairs.jsonl (travel, HR, IT support; 79 must miss, 40 rewordings should hit), the distinct cached questions in one index' }, results, pairs, heldout }, null, 2)}\n`);
console.log(`written to ${OUT}`);
