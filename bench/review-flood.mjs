// How many review items the local-model demo's traffic puts in the human review queue, and of
// which kinds, under the rule before 2026-12-01 (every decision with confidence < 0.5 became a
// flag) and under the review sampler as built (explicit flags always; low-confidence traces
// capped per route per hour and day, one per text, the least confident kept).
// Deterministic once the traces exist: it replays the stored traces of a demo database, in time
// order, through the sampler in batches of 128 (the SQLite writer's batch size), into an empty
// in-memory review store (which keeps the caps). Without --db it first runs `switchyard demo local`
// (rate 100/s, the whole Banking77 replay: 13,083 requests) into a temporary database.
// `--minutes N` keeps the first N minutes of traffic (the newcomer's report was of a 3-minute run).
// Usage: node bench/review-flood.mjs [--db FILE] [--minutes N] [--per-hour 10] [--per-day 50] [--json FILE]
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const DIST = resolve(fileURLToPath(new URL('../dist', import.meta.url)));
const load = (path) => import(pathToFileURL(join(DIST, path)).href);
const { openStores } = await load('store/open-stores.js');
const { openSqliteStores } = await load('store/sqlite/open-sqlite-stores.js');
const { reviewSampler, DEFAULT_LOW_CONFIDENCE } = await load('review/review-sampler.js');
const { flagsOf, lowConfidenceOf, textKeyOf } = await load('review/sampling.js');

const limits = { ...DEFAULT_LOW_CONFIDENCE, per_hour: Number(arg('per-hour', DEFAULT_LOW_CONFIDENCE.per_hour)), per_day: Number(arg('per-day', DEFAULT_LOW_CONFIDENCE.per_day)) };
let db = arg('db', undefined);
if (!db) {
  const { runLocalDemo } = await load('cli/demo/local-demo.js');
  db = join(mkdtempSync(join(tmpdir(), 'sy-review-flood-')), 'demo.db');
  await runLocalDemo({ port: 0, rate: 100, limit: 0, db, teacherLatencyMs: 300, log: (line) => console.error(line) });
}

const stores = await openStores({ sqlite: db });
const summaries = [];
for (let before; ; ) {
  const page = await stores.traces.listTraces({ limit: 500, ...(before ? { before } : {}) });
  summaries.push(...page.traces);
  if (!page.next) break;
  before = page.next;
}
summaries.sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : 1));
const minutes = Number(arg('minutes', Infinity));
if (summaries.length > 0 && Number.isFinite(minutes)) summaries.splice(summaries.findIndex((s) => s.ts >= summaries[0].ts + minutes * 60_000) >>> 0);
// Bodies only for the traces the sampler reads text from (low confidence).
const traces = [];
for (const s of summaries) traces.push(lowConfidenceOf(s.decisions, limits.below) ? await stores.traces.getTrace(s.id) : { ...s, request: null, response: null });
await stores.close();

// The rule before: a trace with a flag or any confidence under 0.5 was one "flag" item.
const oldFlags = traces.filter((t) => flagsOf(t.decisions).length > 0 || lowConfidenceOf(t.decisions, 0.5));
const candidates = traces.filter((t) => flagsOf(t.decisions).length === 0 && lowConfidenceOf(t.decisions, limits.below));
const queue = openSqliteStores(':memory:');
const sampler = reviewSampler({ listRules: async () => [], enqueueSampled: (items) => queue.reviews.enqueueSampled(items), enqueueCapped: (...args) => queue.reviews.enqueueCapped(...args) }, limits);
for (let i = 0; i < traces.length; i += 128) await sampler.write(traces.slice(i, i + 128));
const queued = queue.db.prepare('SELECT trace_id AS traceId, source, reason FROM review_items ORDER BY rowid').all();
await queue.close();

const byId = new Map(traces.map((t) => [t.id, t]));
const confidence = (t) => lowConfidenceOf(t.decisions, 1)?.confidence;
const median = (xs) => (xs.length === 0 ? null : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
const kinds = (items) => {
  const counts = {};
  for (const i of items) {
    const kind = `${i.source}: ${/low confidence/.test(i.reason) ? 'low confidence' : i.reason.slice(0, 40)}`;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
};
const hours = new Set(candidates.map((t) => Math.floor(t.ts / 3_600_000)));
// What the caps could keep at best: each clock hour's per_hour least confident candidates.
const bestPerHour = [...hours].flatMap((hour) => candidates.filter((t) => Math.floor(t.ts / 3_600_000) === hour).map(confidence).sort((a, b) => a - b).slice(0, limits.per_hour));
const result = {
  at: new Date().toISOString(),
  load: loadavg().map((l) => Number(l.toFixed(2))),
  db,
  traces: traces.length,
  spanMinutes: Number(((traces.at(-1).ts - traces[0].ts) / 60_000).toFixed(1)),
  clockHoursSpanned: hours.size,
  escalated: traces.filter((t) => t.decisions?.local?.answered === false).length,
  before: { items: oldFlags.length, kinds: { 'flag: low confidence': oldFlags.filter((t) => flagsOf(t.decisions).length === 0).length, 'flag: explicit': oldFlags.filter((t) => flagsOf(t.decisions).length > 0).length } },
  candidates: { traces: candidates.length, distinctTexts: new Set(candidates.map((t) => textKeyOf(t.request))).size, medianConfidence: median(candidates.map(confidence)), leastConfidentPerHourMedian: median(bestPerHour) },
  limits,
  after: { items: queued.length, kinds: kinds(queued), medianConfidence: median(queued.filter((i) => i.source === 'sample').map((i) => confidence(byId.get(i.traceId)))), distinctTexts: new Set(queued.map((i) => textKeyOf(byId.get(i.traceId)?.request))).size },
};
console.log(JSON.stringify(result, null, 2));
const out = arg('json', undefined);
if (out) writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
