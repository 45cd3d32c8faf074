// Dashboard benchmark: 1,000,000 synthetic traces in the store, written through the batched
// TraceWriter (the store, then rollups and review sampling), then the server time of the overview
// aggregates and of filtered trace-list pages. Run with `npm run bench:dashboard` (SQLite) or
// `npm run bench:dashboard -- --store postgres` (a schema of its own on $BENCH_POSTGRES_URL or
// the local test server, dropped afterwards). BENCH_TRACES=100000 measures a smaller store
// (results in bench/results/dashboard[-postgres]-100000.json).
// Targets: overview ≤ 300 ms, filtered page ≤ 50 ms, inserts ≥ 20,000 traces/s.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeOverview } from '../dist/monitor/overview.js';
import { openStores } from '../dist/store/open-stores.js';
import { traceSinks } from '../dist/store/trace-sinks.js';
import { TraceWriter } from '../dist/store/trace-writer.js';
import { feedWriter } from './feed-writer.mjs';

const TOTAL = Number(process.env.BENCH_TRACES ?? 1_000_000);
const BACKEND = process.argv.includes('--store') ? process.argv[process.argv.indexOf('--store') + 1] : 'sqlite';
if (BACKEND !== 'sqlite' && BACKEND !== 'postgres') throw new Error(`--store must be sqlite or postgres, got "${BACKEND}"`);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DAYS = 30;
const RUNS = 7;
const here = dirname(fileURLToPath(import.meta.url));

const MODELS = [
  ['gpt-4o-mini', 'openai', 0.00015],
  ['gpt-4o', 'openai', 0.0025],
  ['claude-sonnet-4-5', 'anthropic', 0.003],
  ['claude-haiku-4-5', 'anthropic', 0.0008],
  ['support-triage', 'openai', 0.0002],
  ['llama-3.1-8b', 'vllm', 0.00005],
];
const KEYS = Array.from({ length: 20 }, (_, i) => [`app-${i}`, `team-${i % 4}`]);
const FEATURES = ['chat', 'search', 'triage', 'summarise', 'extract'];

// A small seeded generator, so every run measures the same store.
let seed = 42;
const random = () => {
  seed = (seed * 1_664_525 + 1_013_904_223) >>> 0;
  return seed / 0x1_0000_0000;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const logNormal = (median, spread) => median * Math.exp(spread * Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random()));

function syntheticTrace(i, ts) {
  const [model, provider, price] = pick(MODELS);
  const [keyName, team] = pick(KEYS);
  const failed = random() < 0.02;
  const stream = random() < 0.4;
  const inputTokens = Math.round(logNormal(400, 0.8));
  const outputTokens = failed ? 0 : Math.round(logNormal(150, 0.7));
  const latencyMs = logNormal(model.includes('mini') || model.includes('haiku') ? 450 : 1200, 0.6);
  const feature = pick(FEATURES);
  return {
    id: `tr_${ts.toString(36).padStart(9, '0')}${i.toString(36).padStart(12, '0')}`,
    ts,
    requestId: `req_${i}`,
    endpoint: 'chat',
    keyName,
    team,
    requestedModel: model,
    provider: failed && random() < 0.5 ? null : provider,
    upstreamModel: model,
    status: failed ? pick([429, 500, 502, 504]) : 200,
    errorCode: failed ? 'upstream_error' : null,
    errorMessage: failed ? 'upstream answered 502' : null,
    stream,
    inputTokens,
    outputTokens,
    cachedTokens: random() < 0.2 ? Math.round(inputTokens / 2) : 0,
    reasoningTokens: 0,
    usageEstimated: false,
    costUsd: ((inputTokens + 4 * outputTokens) * price) / 1000,
    ttftMs: stream && !failed ? latencyMs * 0.25 : null,
    latencyMs,
    attempts: [{ provider: provider, model, status: failed ? 502 : 200, latencyMs }],
    metadata: { feature, user: `u${i % 5000}` },
    decisions: null,
    request: { model, messages: [{ role: 'user', content: `Question ${i} about ${feature}: how do I change my plan and keep my data?` }] },
    response: failed ? null : { id: `chatcmpl-${i}`, choices: [{ index: 0, message: { role: 'assistant', content: `Answer ${i}: open Settings, then Billing, and choose a plan.` }, finish_reason: 'stop' }] },
  };
}

function timeIt(fn) {
  const times = [];
  let result;
  return (async () => {
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      result = await fn();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { medianMs: times[Math.floor(times.length / 2)], maxMs: times[times.length - 1], result };
  })();
}

const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
const file = join(dir, 'bench.db');
const schema = `sy_bench_${process.pid}_${Date.now().toString(36)}`;
const stores = await openStores(BACKEND === 'postgres' ? { postgres: `${POSTGRES_URL}?schema=${schema}` } : { sqlite: file });
// A 2% sampling rule, as a team would have one: the sampler sees every stored batch.
await stores.reviews.saveRule({ id: 'rule_triage', name: 'triage 2%', rate: 0.02, match: { model: 'support-triage' }, reviewsWanted: 1, enabled: true, createdAt: 0 });
const sinks = traceSinks(stores);
const writer = new TraceWriter(sinks, { batchSize: 500, flushIntervalMs: 100, onError: (error, sink) => console.error(`${sink}: ${error.message}`) });

const now = Date.now();
const start = now - DAYS * 86_400_000;
const step = (now - start) / TOTAL;
// A month of history goes in through every sink in large batches (rollups and sampling included):
// backdated traces spread one batch over many minutes, which live traffic never does.
console.log(`loading ${TOTAL.toLocaleString()} traces over ${DAYS} days into ${stores.backend} ${stores.location}…`);
const t0 = performance.now();
const CHUNK = 20_000;
for (let i = 0; i < TOTAL; i += CHUNK) {
  const chunk = [];
  for (let j = i; j < Math.min(i + CHUNK, TOTAL); j++) chunk.push(syntheticTrace(j, Math.floor(start + j * step)));
  await sinks.store.write(chunk);
  for (const sink of sinks.derived) await sink.write(chunk);
}
const loadSeconds = (performance.now() - t0) / 1000;
// The load leaves a gigabyte of dirty pages (and, in SQLite, a full WAL): checkpoint or analyse
// and let the disk settle, so the live measurement sees a store in steady state.
if (stores.backend === 'sqlite') stores.db.pragma('wal_checkpoint(TRUNCATE)');
else await stores.pool.query('VACUUM ANALYZE');
await new Promise((resolve) => setTimeout(resolve, 3_000));

// Live traffic: what the gateway writes, traces stamped "now", into the store that already holds
// the month above. This is the throughput the ≥ 20,000/s target is about.
const LIVE = Math.min(200_000, TOTAL);
// Traces are made before the clock starts: making them is the gateway's work, not the writer's.
// The first 10,000 warm the statements and the page cache and are not timed.
for (let j = 0; j < 10_000; j++) writer.write(syntheticTrace(TOTAL + LIVE + j, Math.floor(now - 1_000 + j / 100)));
await writer.flush();
let insertSeconds = 0;
for (let i = 0; i < LIVE; i += CHUNK) {
  const chunk = [];
  for (let j = i; j < Math.min(i + CHUNK, LIVE); j++) chunk.push(syntheticTrace(TOTAL + j, Math.floor(now + (j * 5) / 1000)));
  const t1 = performance.now();
  await feedWriter(writer, chunk);
  insertSeconds += (performance.now() - t1) / 1000;
}
const insertPerSecond = LIVE / insertSeconds;

const overviewCases = [
  ['overview, last 24 h, by model', { since: now - 86_400_000, until: now, by: 'model' }],
  ['overview, last 7 days, by key', { since: now - 7 * 86_400_000, until: now, by: 'key' }],
  ['overview, last 30 days, by provider', { since: now - 30 * 86_400_000, until: now, by: 'provider' }],
  ['overview, last 30 days, by key', { since: now - 30 * 86_400_000, until: now, by: 'key' }],
];
const listCases = [
  ['traces: newest page, no filter', { limit: 50 }],
  ['traces: model + errors, 7 days', { limit: 50, model: 'gpt-4o', status: 'error', since: now - 7 * 86_400_000 }],
  ['traces: key + model, page 2', { limit: 50, keyName: 'app-3', model: 'claude-sonnet-4-5' }],
  ['traces: metadata feature=triage', { limit: 50, metadata: { feature: 'triage' } }],
  ['traces: min latency 3 s + provider', { limit: 50, minLatencyMs: 3000, provider: 'anthropic' }],
  ['traces: text search "Billing"', { limit: 50, text: 'Billing' }],
];

const rows = [];
for (const [name, query] of overviewCases) {
  const { medianMs, maxMs, result } = await timeIt(async () => JSON.stringify(await computeOverview(stores.rollups, query)));
  rows.push({ name, medianMs, maxMs, targetMs: 300, detail: `${JSON.parse(result).totals.requests.toLocaleString()} requests` });
}
for (const [name, query] of listCases) {
  let q = query;
  if (name.includes('page 2')) q = { ...query, before: (await stores.traces.listTraces(query)).next ?? undefined };
  const { medianMs, maxMs, result } = await timeIt(async () => JSON.stringify(await stores.traces.listTraces(q)));
  rows.push({ name, medianMs, maxMs, targetMs: name.includes('text search') ? null : 50, detail: `${JSON.parse(result).traces.length} rows` });
}

console.log('');
console.log('| measurement | median | max | target | result |');
console.log('|---|---:|---:|---:|---|');
console.log(`| ${stores.backend}: live trace inserts through the batched writer (${LIVE.toLocaleString()}) | ${Math.round(insertPerSecond).toLocaleString()}/s | | ≥ 20,000/s | ${insertSeconds.toFixed(1)} s |`);
console.log(`| loading a month of history (20,000-trace transactions) (${TOTAL.toLocaleString()}) | ${Math.round(TOTAL / loadSeconds).toLocaleString()}/s | | - | ${loadSeconds.toFixed(1)} s |`);
for (const r of rows) console.log(`| ${r.name} | ${r.medianMs.toFixed(1)} ms | ${r.maxMs.toFixed(1)} ms | ${r.targetMs ? `≤ ${r.targetMs} ms` : '-'} | ${r.detail} |`);

const pass = insertPerSecond >= 20_000 && rows.every((r) => r.targetMs === null || r.medianMs <= r.targetMs);
const results = {
  store: stores.backend,
  traces: TOTAL,
  days: DAYS,
  node: process.version,
  insertPerSecond: Math.round(insertPerSecond),
  historyLoadPerSecond: Math.round(TOTAL / loadSeconds),
  measurements: rows.map(({ name, medianMs, maxMs, targetMs, detail }) => ({ name, medianMs: Number(medianMs.toFixed(2)), maxMs: Number(maxMs.toFixed(2)), targetMs, detail })),
  pass,
  at: new Date().toISOString(),
};
mkdirSync(join(here, 'results'), { recursive: true });
// A smaller store (BENCH_TRACES) gets a file of its own, so it never replaces the 1M figures.
const name = `${stores.backend === 'sqlite' ? 'dashboard' : 'dashboard-postgres'}${TOTAL === 1_000_000 ? '' : `-${TOTAL}`}`;
writeFileSync(join(here, 'results', `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
if (stores.backend === 'postgres' && !process.env.BENCH_KEEP) await stores.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
await stores.close();
if (process.env.BENCH_KEEP) console.log(`store kept at ${stores.backend === 'sqlite' ? file : `${POSTGRES_URL}?schema=${schema}`}`);
rmSync(dir, { recursive: true, force: true });
console.log(`\n${pass ? 'all targets met' : 'TARGETS MISSED'}; results in bench/results/${name}.json`);
