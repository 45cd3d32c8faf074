// `npm run bench:semantic-cache`: how precise a semantic cache is at each similarity threshold,
// on banking77 (questions labelled with one of 77 intents). Half of the test questions fill the
// cache; each question of the other half looks up its nearest cached question. A hit at threshold
// t is a nearest neighbour with similarity ≥ t; it is right when both questions share an intent
// (the cached answer fits), wrong otherwise. Precision = right hits / hits; hit rate = hits / lookups.
// The safe default is the lowest threshold whose precision is at least 0.99.
//
// Embedders: `hashed` (the built-in lexical embedder the gateway offers offline: shared words,
// no synonyms). A semantic embedding model through a gateway can be measured with
// BENCH_GATEWAY=http://127.0.0.1:4000 BENCH_EMBED_MODEL=embed (BENCH_API_KEY if needed).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsvRecords } from '../dist/core/parse-csv.js';
import { hashedEmbedder } from '../dist/knowledge/embed/hashed-embedder.js';
import { gatewayEmbedder } from '../dist/knowledge/embed/gateway-embedder.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = process.env.BENCH_DATA ?? join(ROOT, 'data/banking77/test.csv');
const OUT = process.env.BENCH_OUT ?? join(ROOT, 'bench/results/semantic-cache.json');
const THRESHOLDS = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.92, 0.95, 0.97, 0.99];

const rows = parseCsvRecords(readFileSync(DATA, 'utf8')).slice(1).map((r) => ({ text: r.fields[0], label: r.fields[1] }));
// A fixed interleaving, so every intent is on both sides.
const cached = rows.filter((_, i) => i % 2 === 0);
const lookups = rows.filter((_, i) => i % 2 === 1);

const embedders = [{ name: 'hashed-bow-256', embedder: hashedEmbedder(256) }];
if (process.env.BENCH_GATEWAY && process.env.BENCH_EMBED_MODEL) {
  embedders.push({ name: `gateway:${process.env.BENCH_EMBED_MODEL}`, embedder: gatewayEmbedder({ url: process.env.BENCH_GATEWAY, model: process.env.BENCH_EMBED_MODEL, apiKey: process.env.BENCH_API_KEY }) });
}

function unit(vector) {
  const norm = Math.hypot(...vector) || 1;
  return Float32Array.from(vector, (x) => x / norm);
}

async function embedAll(embedder, texts) {
  const out = [];
  for (let i = 0; i < texts.length; i += 64) out.push(...(await embedder.embed(texts.slice(i, i + 64))).map(unit));
  return out;
}

const results = {};
for (const { name, embedder } of embedders) {
  const started = performance.now();
  const cacheVectors = await embedAll(embedder, cached.map((r) => r.text));
  const lookupVectors = await embedAll(embedder, lookups.map((r) => r.text));
  const nearest = lookupVectors.map((v, i) => {
    let best = -2;
    let label = '';
    for (let j = 0; j < cacheVectors.length; j++) {
      const c = cacheVectors[j];
      let dot = 0;
      for (let k = 0; k < v.length; k++) dot += v[k] * c[k];
      if (dot > best) {
        best = dot;
        label = cached[j].label;
      }
    }
    return { similarity: best, right: label === lookups[i].label };
  });
  const curve = THRESHOLDS.map((t) => {
    const hits = nearest.filter((n) => n.similarity >= t);
    const right = hits.filter((n) => n.right).length;
    return { threshold: t, hitRate: round(hits.length / nearest.length), precision: hits.length ? round(right / hits.length) : null, hits: hits.length };
  });
  const safe = curve.find((c) => c.precision !== null && c.precision >= 0.99 && c.hits >= 10);
  results[name] = { lookups: nearest.length, cached: cached.length, curve, safeThreshold: safe?.threshold ?? null, safeHitRate: safe?.hitRate ?? null, ms: Math.round(performance.now() - started) };
  console.log(`${name}: ${curve.map((c) => `t=${c.threshold} hit ${c.hitRate} precision ${c.precision}`).join('; ')}`);
  console.log(`${name}: safe threshold (precision ≥ 0.99): ${safe ? `${safe.threshold}, hit rate ${safe.hitRate}` : 'none'}`);
}

function round(x) {
  return Math.round(x * 1000) / 1000;
}

writeFileSync(OUT, `${JSON.stringify({ bench: 'semantic-cache', date: new Date().toISOString(), data: 'banking77 test split: even rows cached, odd rows looked up', results }, null, 2)}\n`);
console.log(`written to ${OUT}`);
