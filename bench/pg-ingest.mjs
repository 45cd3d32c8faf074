// PostgreSQL trace ingest: traces per second into the trace store (one connection, batches of the
// writer's default size and larger; two connections at once) and through the whole batched
// TraceWriter (store, rollups, review sampler, monitor signals; the gateway's two store lanes, one
// as before, three; the two-lane writer also from warmed connections), with the server's CPU and
// page faults per trace
// beside the wall-clock rate: on a machine shared with other jobs the rate says as much about the
// neighbours as about the code, while CPU time per trace does not. Also the store as it was
// before COPY (one jsonb_populate_recordset upsert per batch, a (status, ts, id) index on every
// trace, the word index per trace), replayed here in the same run, the word index per trace as it
// was before word blocks, and the store with no search index, to show what the word index costs; and ~4.6 kB conversations, past the ~2 kB where the server compresses a row's long values, with lz4 (the schema's) and pglz (as before). The gateway's writer (openTraceWriter, default settings) beside the writer as
// it was before (derived views written every batch of 128; rollups written with every view delivery instead of gathered). Bodies are kept JSON text, as the
// gateway hands them over. The store's cases on one and two connections run twice: from fresh connections and in their steady state
// (connections warmed until they stop page-faulting on the server's shared buffers, see steadyWarmUp). The word index's pending list is merged inside the timed part (a GIN
// index defers filing new entries; that work is counted, not left to autovacuum after the run).
// (The writer cases hand traces over as traffic would, never 10,000 waiting: see feed-writer.mjs; a case that stores a trace without its bodies fails.)
// Usage: npm run bench:pg-ingest [-- --traces 30000 --rounds 3 --only "TraceWriter|before" --previous DIR]   (--only: a regular expression over the case names;
//          --previous: the compiled dist/ of another build, whose trace store is measured beside this one's in the same rounds, alone and under this build's in-process writer)
//          ($BENCH_POSTGRES_URL or the local test server)
// Target (issue #11): ≥ 20,000 traces/s batched.
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openStores } from '../dist/store/open-stores.js';
import { traceSinks } from '../dist/store/trace-sinks.js';
import { TraceWriter } from '../dist/store/trace-writer.js';
import { DERIVED_FAN_OUT_ON_POSTGRES, ROLLUPS_GATHERED_ON_POSTGRES, STORE_LANES_ON_POSTGRES, openTraceWriter } from '../dist/store/open-trace-writer.js';
import { tracesSchema } from '../dist/config/schema.js';
import { traceWords } from '../dist/store/trace-words.js';
import { BLOCK_TRACES, MAX_BLOCK_WORDS, tsvectorText } from '../dist/store/postgres/pg-trace-search.js';
import { jsonb, pgInt, pgText } from '../dist/store/postgres/pg-values.js';
import { copyIn } from '../dist/store/postgres/pg-copy.js';
import { JsonText } from '../dist/core/json-text.js';
import { traceSignal } from '../dist/monitor/signals/trace-signal.js';
import { SYSTEM, supportTrace, WORDS } from './support-trace.mjs';
import { feedWriter } from './feed-writer.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const TRACES = arg('traces', 30_000);
const ROUNDS = arg('rounds', 3);
const URL_BASE = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const APP = `sy_bench_ingest_${process.pid}`;
// A support conversation of ~1 kB of JSON (bench/support-trace.mjs), bodies kept as JSON text.
const kept = (value) => new JsonText(JSON.stringify(value));
const trace = (i, ts) => supportTrace(JsonText, i, ts);

// A longer conversation (~4.6 kB of request: the system prompt and twelve turns of history), past
// the ~2 kB where PostgreSQL compresses a row's long values (TOAST), as chats with some history are.
function longTrace(i, ts) {
  const t = trace(i, ts);
  const turn = (k) => `Turn ${k} of ${i}: ${Array.from({ length: 40 }, (_, j) => WORDS[(i * 7 + k * 13 + j * j) % WORDS.length]).join(' ')}. Order #${(i * 31 + k) % 100_000}.`;
  const history = Array.from({ length: 12 }, (_, k) => ({ role: k % 2 ? 'assistant' : 'user', content: turn(k) }));
  return { ...t, request: kept({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: SYSTEM }, ...history] }) };
}
// The same traces with their long values compressed by the server's default (pglz), as before lz4 (pg-compression.ts).
const pglzColumns = async (stores) =>
  stores.pool.query(`ALTER TABLE traces ALTER COLUMN request_json SET COMPRESSION pglz, ALTER COLUMN response_json SET COMPRESSION pglz, ALTER COLUMN search_text SET COMPRESSION pglz;
    ALTER TABLE trace_word_blocks ALTER COLUMN words SET COMPRESSION pglz`);

/**
 * CPU time (µs) and minor page faults of the server's backends serving this benchmark so far, by
 * pid (a backend's first touch of each 4 kB page of shared buffers is a fault: see steadyWarmUp).
 */
async function serverCpu(pool) {
  const { rows } = await pool.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [APP]);
  const used = new Map();
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      used.set(pid, { us: (Number(fields[11]) + Number(fields[12])) * 10_000, faults: Number(fields[7]) }); // utime + stime in 1/100 s; minflt
    } catch {
      return undefined; // the server runs elsewhere: no per-process CPU
    }
  }
  return used;
}
/** What the backends used between two readings (a backend that started in between counts from zero). */
function serverUse(before, after) {
  if (before === undefined || after === undefined) return undefined;
  let us = 0;
  let faults = 0;
  for (const [pid, now] of after) {
    const then = before.get(pid) ?? { us: 0, faults: 0 };
    us += now.us - then.us;
    faults += now.faults - then.faults;
  }
  return { us, faults };
}

/**
 * This process's CPU time (µs) by thread: the event loop (the main thread), the trace-write
 * thread (named `sy-trace-write`, see trace-write-worker.ts) and the rest (V8's GC and compiler
 * helpers, libuv), so a run says which side of the hand-over the client CPU went to.
 */
function threadCpu() {
  const used = { loop: 0, traceThread: 0, other: 0 };
  for (const tid of readdirSync('/proc/self/task')) {
    let raw;
    try {
      raw = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended in between
    }
    const name = raw.slice(raw.indexOf('(') + 1, raw.lastIndexOf(')'));
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    const us = (Number(fields[11]) + Number(fields[12])) * 10_000;
    if (Number(tid) === process.pid) used.loop += us;
    else if (name === 'sy-trace-write') used.traceThread += us;
    else used.other += us;
  }
  return used;
}
/** WAL the server wrote, in bytes, since `from` (server-wide: other clients' writes count too, so read it on a quiet server). */
async function walSince(pool, from) {
  const { rows } = await pool.query('SELECT pg_current_wal_insert_lsn() AS lsn, pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn) AS bytes', [from ?? '0/0']);
  return { lsn: rows[0].lsn, bytes: Number(rows[0].bytes) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let serial = 0;

/** One measured run: a fresh schema, `TRACES` traces written by `write`, the schema dropped. */
/**
 * Traces that warm one connection to its steady state: a fresh backend pays a page fault the first
 * time it touches each 4 kB page of the server's shared buffers (on this VM ~20 µs each, ~0.55 per
 * trace stored: ~11 µs of the ~31 µs of server CPU per trace of a cold backend), and stops paying
 * once it has written about `shared_buffers` worth of heap and index pages (~2.2 kB per trace here).
 * The gateway's pooled connections live as long as traffic keeps them busy (no maximum lifetime),
 * so a long-running writer sees the warm figure; a fresh connection the cold one for its first
 * ~60,000 traces (128 MB of shared buffers), a few seconds at these rates. (At 12:53 the same
 * ~0.6 faults per trace cost next to nothing: fresh and warmed backends took the same server CPU
 * per trace; the fault count is printed beside the CPU so a run shows which it was.)
 */
const STEADY_BYTES_PER_TRACE = 2_000;
let sharedBufferBytes;
async function steadyWarmUp(pool, connections) {
  if (sharedBufferBytes === undefined) {
    const { rows } = await pool.query("SELECT setting::bigint * 8192 AS bytes FROM pg_settings WHERE name = 'shared_buffers'");
    sharedBufferBytes = Number(rows[0].bytes);
  }
  return Math.ceil(sharedBufferBytes / STEADY_BYTES_PER_TRACE) * connections;
}
/** Warm-up traces are made and written in chunks of this many (a steady warm-up of two connections is ~130,000 traces). */
const WARM_CHUNK = 8_192;

// `steady`: true warms the pool's `poolSize` connections, a number that many (the writer's lanes and views share a pool of more).
async function run(name, { poolSize, prepare, write, convert = (t) => t, make = trace, warmUp = 2_000, steady = false }) {
  const schema = `sy_bench_ingest_${process.pid}_${serial++}`;
  // What a case's writer keeps between its warm-up and measured calls (the gateway's writer and its thread).
  const context = { url: `${URL_BASE}?schema=${schema}&pool_size=${poolSize}&application_name=${APP}`, kept: undefined };
  const stores = await openStores({ postgres: context.url });
  try {
    if (prepare) await prepare(stores);
    const t0 = Date.UTC(2026, 0, 1);
    // The first 2,000 (or `warmUp`) open the connections, prepare the statements and warm the caches,
    // untimed; a `steady` case warms its connections until they stop faulting (steadyWarmUp).
    const warm = steady ? await steadyWarmUp(stores.pool, steady === true ? poolSize : steady) : warmUp;
    for (let from = 0; from < warm; from += WARM_CHUNK) {
      const to = Math.min(warm, from + WARM_CHUNK);
      await write(stores, Array.from({ length: to - from }, (_, j) => convert(make(from + j, t0 + (from + j) * 5))), context);
    }
    const measured = Array.from({ length: TRACES }, (_, j) => convert(make(warm + j, t0 + (warm + j) * 5)));
    const server0 = await serverCpu(stores.pool);
    const wal0 = await walSince(stores.pool);
    const threads0 = threadCpu();
    const client0 = process.cpuUsage();
    const start = performance.now();
    await write(stores, measured, context);
    await stores.pool.query("SELECT gin_clean_pending_list(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname IN ('trace_word_blocks_words', 'traces_words') AND n.nspname = current_schema()");
    const seconds = (performance.now() - start) / 1000;
    const client = process.cpuUsage(client0);
    const threads1 = threadCpu();
    const server = serverUse(server0, await serverCpu(stores.pool));
    const wal = await walSince(stores.pool, wal0.lsn);
    // Every trace is stored with its bodies (a writer fed too fast keeps them without: feed-writer.mjs).
    const { rows: bare } = await stores.pool.query('SELECT count(*)::int AS n FROM traces WHERE request_json IS NULL AND request IS NULL');
    if (bare[0].n > 0) throw new Error(`${name}: ${bare[0].n} traces were stored without their bodies`);
    return {
      name,
      perSecond: Math.round(TRACES / seconds),
      serverCpuUsPerTrace: server === undefined ? null : Number((server.us / TRACES).toFixed(1)),
      serverFaultsPerTrace: server === undefined ? null : Number((server.faults / TRACES).toFixed(3)),
      clientCpuUsPerTrace: Number(((client.user + client.system) / TRACES).toFixed(1)),
      // The client's CPU by thread (µs per trace): the event loop, the trace-write thread, V8's helpers and the rest.
      clientThreadsUsPerTrace: Object.fromEntries(Object.keys(threads1).map((k) => [k, Number(((threads1[k] - threads0[k]) / TRACES).toFixed(1))])),
      walBytesPerTrace: Math.round(wal.bytes / TRACES),
    };
  } finally {
    await context.kept?.close();
    await stores.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    await stores.close();
  }
}

const storeOnly = (batch, options) => async (stores, traces) => {
  for (let i = 0; i < traces.length; i += batch) await stores.traces.insertTraces(traces.slice(i, i + batch), options);
};
/** `writers` loops at once, each taking the next batch when its last one is stored (needs a pool that large). */
const storeParallel = (batch, writers) => async (stores, traces) => {
  let next = 0;
  const loop = async () => {
    while (next < traces.length) {
      const start = next;
      next += batch;
      await stores.traces.insertTraces(traces.slice(start, start + batch));
    }
  };
  await Promise.all(Array.from({ length: writers }, loop));
};
/** The gateway's own writer, as `openTraceWriter` opens it with the default `traces:` settings. */
// Opened once per run (its thread starts in the untimed warm-up); the thread opens its own pool on
// the case's schema, under the bench's application name, so the server CPU counted includes it.
const throughGatewayWriter = async (stores, traces, context) => {
  context.kept ??= await openTraceWriter(stores, tracesSchema.parse({}), { postgres: context.url }, (line) => console.error(line));
  await feedWriter(context.kept.writer, traces);
};
// `gatherRollups`: the rollups summed over view deliveries and written at once, as the gateway's thread does on PostgreSQL.
const throughWriter = (maxBatchSize, fanOut, storeLanes = 1, gatherRollups = undefined) => async (stores, traces) => {
  const writer = new TraceWriter(traceSinks(stores, undefined, gatherRollups ? { gatherRollups } : {}), { batchSize: 128, maxBatchSize, fanOut, storeLanes, flushIntervalMs: 100, onError: (error, sink) => console.error(`${sink}: ${error.message}`) });
  await feedWriter(writer, traces);
};
/** Monitoring signals alone, as the writer's fan-out hands them over (1,024 traces at a time), each derived from its trace (bodies parsed) in the timed part, as the signal sink does. */
const signalsOnly = (batch, monitor = (stores) => stores.monitor) => async (stores, traces) => {
  const signals = traces.map(traceSignal);
  for (let i = 0; i < signals.length; i += batch) await monitor(stores).putSignals(signals.slice(i, i + batch));
};
const dropWordIndex = async (stores) => stores.pool.query('DROP INDEX trace_word_blocks_words');
// The blocks' GIN index filing each block's words at once instead of through its pending list.
const noPendingList = async (stores) => stores.pool.query('ALTER INDEX trace_word_blocks_words SET (fastupdate = off)');

// The store as it was before COPY: its index on (status, ts, id) and its one statement per batch,
// the whole batch as one JSON document turned into rows by the server, upserting.
const statusIndex = async (stores) =>
  stores.pool.query('DROP INDEX traces_errors_ts; CREATE INDEX traces_status_ts ON traces (status, ts, id); DROP INDEX trace_word_blocks_words; CREATE INDEX traces_words ON traces USING gin (search_words)');
// The word index per trace, as before word blocks (its 1 MB pending list included); the blocks are still written, unindexed.
const wordIndexPerTrace = async (stores) => stores.pool.query('DROP INDEX trace_word_blocks_words; CREATE INDEX traces_words ON traces USING gin (search_words) WITH (gin_pending_list_limit = 1024)');
const WRITTEN = 'id, ts, request_id, endpoint, key_name, team, requested_model, provider, upstream_model, status, error_code, error_message, stream, input_tokens, output_tokens, cached_tokens, reasoning_tokens, usage_estimated, cost_usd, ttft_ms, latency_ms, attempts, metadata, decisions, otel, request, response, search_words';
const UPSERT = {
  name: 'bench_upsert_traces',
  text: `INSERT INTO traces (${WRITTEN}) SELECT ${WRITTEN} FROM jsonb_populate_recordset(NULL::traces, $1::jsonb)
  ON CONFLICT (id) DO UPDATE SET ${WRITTEN.split(', ').slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}`,
};
const jsonRow = (t) => ({
  id: t.id, ts: t.ts, request_id: t.requestId, endpoint: t.endpoint, key_name: t.keyName, team: t.team, requested_model: t.requestedModel, provider: t.provider,
  upstream_model: t.upstreamModel, status: t.status, error_code: t.errorCode, error_message: t.errorMessage, stream: t.stream, input_tokens: t.inputTokens,
  output_tokens: t.outputTokens, cached_tokens: t.cachedTokens, reasoning_tokens: t.reasoningTokens, usage_estimated: t.usageEstimated, cost_usd: t.costUsd,
  ttft_ms: t.ttftMs, latency_ms: t.latencyMs, attempts: t.attempts ?? [], metadata: t.metadata, decisions: t.decisions, request: t.request, response: t.response,
  otel: t.otel ?? null, search_words: tsvectorText(traceWords(t)),
});
const jsonUpsert = (batch) => async (stores, traces) => {
  for (let i = 0; i < traces.length; i += batch) {
    const unique = new Map(traces.slice(i, i + batch).map((t) => [t.id, t]));
    await stores.pool.query({ ...UPSERT, values: [jsonb([...unique.values()].map(jsonRow))] });
  }
};

// The store as it was before COPY's binary format: the same word blocks, the traces as COPY text
// rows (every field escaped by the writer, split and unescaped by the server, the words as
// tsvector text the server tokenises).
const finite = (n) => (Number.isFinite(n) ? n : 0);
const ESCAPES = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const copyText = (value) => {
  const text = pgText(value);
  if (text === null) return '\\N';
  return /[\\\n\r\t]/.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]) : text;
};
const copyJson = (value) => {
  const text = jsonb(value);
  if (text === null) return '\\N';
  return text.includes('\\') ? text.replaceAll('\\', '\\\\') : text;
};
const copyScalar = (value) => (value === null ? '\\N' : typeof value === 'boolean' ? (value ? 't' : 'f') : String(value));
const textRow = (t, words) =>
  `${copyText(t.id)}\t${pgInt(t.ts)}\t${copyText(t.requestId)}\t${copyText(t.endpoint)}\t${copyText(t.keyName)}\t${copyText(t.team)}\t${copyText(t.requestedModel)}\t${copyText(t.provider)}\t${copyText(t.upstreamModel)}\t` +
  `${pgInt(t.status)}\t${copyText(t.errorCode)}\t${copyText(t.errorMessage)}\t${copyScalar(t.stream)}\t${pgInt(t.inputTokens)}\t${pgInt(t.outputTokens)}\t${pgInt(t.cachedTokens)}\t${pgInt(t.reasoningTokens)}\t` +
  `${copyScalar(t.usageEstimated)}\t${finite(t.costUsd)}\t${t.ttftMs === null ? '\\N' : finite(t.ttftMs)}\t${finite(t.latencyMs)}\t${copyJson(t.attempts ?? [])}\t${copyJson(t.metadata)}\t${copyJson(t.decisions)}\t` +
  `${copyJson(t.otel ?? null)}\t${copyJson(t.request)}\t${copyJson(t.response)}\t${tsvectorText(words)}\n`;
const INSERT_BLOCKS = 'INSERT INTO trace_word_blocks (min_ts, max_ts, ids, words) SELECT min_ts, max_ts, ids, words FROM jsonb_to_recordset($1::jsonb) AS r(min_ts BIGINT, max_ts BIGINT, ids TEXT[], words tsvector)';
// The word blocks as they were made then: each block's union a set of strings, sorted on its own.
function wordBlocksBefore(traces, words) {
  const blocks = [];
  let union = new Set();
  let block;
  const close = () => {
    if (block) blocks.push({ ...block, words: tsvectorText(union) });
    union = new Set();
    block = undefined;
  };
  traces.forEach((trace, i) => {
    const own = words[i];
    if (block && (block.ids.length >= BLOCK_TRACES || union.size + own.length > MAX_BLOCK_WORDS)) close();
    const ts = pgInt(trace.ts);
    block ??= { minTs: ts, maxTs: ts, ids: [] };
    block.minTs = Math.min(block.minTs, ts);
    block.maxTs = Math.max(block.maxTs, ts);
    block.ids.push(trace.id);
    for (const word of own) union.add(word);
  });
  close();
  return blocks;
}
const textCopy = (batch) => async (stores, traces) => {
  for (let i = 0; i < traces.length; i += batch) {
    const slice = traces.slice(i, i + batch);
    const words = slice.map((t) => traceWords(t));
    const blocks = wordBlocksBefore(slice, words).map((b) => ({ min_ts: b.minTs, max_ts: b.maxTs, ids: b.ids, words: b.words }));
    await stores.pool.query(INSERT_BLOCKS, [jsonb(blocks)]);
    await copyIn(stores.pool, `COPY traces (${WRITTEN}) FROM STDIN`, slice.map((t, j) => textRow(t, words[j])).join(''));
  }
};

const cases = [
  ['store before binary COPY: COPY text rows, words sorted per trace and per block, batches of 128, word index', { poolSize: 1, write: textCopy(128) }],
  ['before: one JSON upsert per batch of 128, (status, ts, id) index', { poolSize: 1, prepare: statusIndex, write: jsonUpsert(128) }],
  ['store, batches of 128 (the writer default), word index', { poolSize: 1, write: storeOnly(128) }],
  ['store, batches of 128, word index per trace (before word blocks)', { poolSize: 1, prepare: wordIndexPerTrace, write: storeOnly(128) }],
  // What asynchronous commit saves: each batch then followed by a commit that waits for the WAL flush (the durable path).
  ['store, batches of 128, each commit waiting for the WAL flush (`durability: sync`)', { poolSize: 1, write: storeOnly(128, { durable: true }) }],
  ['store, batches of 1,000, word index', { poolSize: 1, write: storeOnly(1_000) }],
  ['store, batches of 128, word index without its pending list (fastupdate off)', { poolSize: 1, prepare: noPendingList, write: storeOnly(128) }],
  ['store, batches of 128, no search index', { poolSize: 1, prepare: dropWordIndex, write: storeOnly(128) }],
  ['store, batches of 128 on 2 connections at once', { poolSize: 2, write: storeParallel(128, 2) }],
  // Long conversations (longTrace), their long values compressed with lz4 (the schema's) and, as before, with pglz.
  ['store, batches of 128, ~4.6 kB conversations (compressed: lz4)', { poolSize: 1, write: storeOnly(128), make: longTrace }],
  ['store, batches of 128, ~4.6 kB conversations compressed with pglz (before)', { poolSize: 1, prepare: pglzColumns, write: storeOnly(128), make: longTrace }],
  // The same two on connections warmed to their steady state first (steadyWarmUp): what a gateway's long-lived pooled connections cost.
  ['store, batches of 128, steady state (connection warmed)', { poolSize: 1, write: storeOnly(128), steady: true }],
  ['store, batches of 128 on 2 connections at once, steady state (connections warmed)', { poolSize: 2, write: storeParallel(128, 2), steady: true }],
  ['monitor signals alone, batches of 1,024 (the derived views\' fan-out)', { poolSize: 1, write: signalsOnly(1_024) }],
  // The gateway's thread starts cold in every run (an isolate of its own: its code compiled anew,
  // its heap grown from the smallest), where a gateway's thread lives as long as the process: it
  // is warmed with 40,000 traces (in one run of 200,000 after 2,000, the first 40,000 took 53.6 µs
  // of client CPU per trace, the next four 40-43 µs; warmed with 12,000, a 30,000-trace run still
  // read ~49 µs). The in-process writer beside it gets the same warm-up.
  [`TraceWriter: store + rollups + review sampler + signals, batches of 128, ${STORE_LANES_ON_POSTGRES} store lanes (the gateway default)`, { poolSize: 6, write: throughGatewayWriter, warmUp: 40_000 }],
  [`TraceWriter in-process, ${STORE_LANES_ON_POSTGRES} store lanes (the gateway's writer without its thread)`, { poolSize: 6, write: throughWriter(128, DERIVED_FAN_OUT_ON_POSTGRES, STORE_LANES_ON_POSTGRES, ROLLUPS_GATHERED_ON_POSTGRES), warmUp: 40_000 }],
  [`TraceWriter in-process, ${STORE_LANES_ON_POSTGRES} store lanes, rollups written with every view delivery (before they were gathered)`, { poolSize: 6, write: throughWriter(128, DERIVED_FAN_OUT_ON_POSTGRES, STORE_LANES_ON_POSTGRES), warmUp: 40_000 }],
  // The same two with their connections in their steady state, as a gateway's are after its first
  // seconds of traffic (the thread's pool has 4 connections, the lanes and the views' writes take
  // three of them in turn; the fault count per trace says whether they were warm).
  [`TraceWriter: store + rollups + review sampler + signals, ${STORE_LANES_ON_POSTGRES} store lanes (the gateway default), steady state (connections warmed)`, { poolSize: 6, write: throughGatewayWriter, steady: 3 }],
  [`TraceWriter in-process, ${STORE_LANES_ON_POSTGRES} store lanes (the gateway's writer without its thread), steady state (connections warmed)`, { poolSize: 6, write: throughWriter(128, DERIVED_FAN_OUT_ON_POSTGRES, STORE_LANES_ON_POSTGRES, ROLLUPS_GATHERED_ON_POSTGRES), steady: 3 }],
  ['TraceWriter with one store lane (the gateway default before lanes)', { poolSize: 6, write: throughWriter(128, DERIVED_FAN_OUT_ON_POSTGRES, 1) }],
  ['TraceWriter with 3 store lanes', { poolSize: 6, write: throughWriter(128, DERIVED_FAN_OUT_ON_POSTGRES, 3) }],
  ['TraceWriter before: derived views written every batch of 128', { poolSize: 4, write: throughWriter(128) }],
  ['TraceWriter with maxBatchSize 1,024: a backlog written 1,024 at a time', { poolSize: 4, write: throughWriter(1_024, DERIVED_FAN_OUT_ON_POSTGRES) }],
];

// The store of another build (`--previous DIR`, e.g. a copy of dist/ made before a change), on the same pool and schema.
const previousDir = process.argv.includes('--previous') ? process.argv[process.argv.indexOf('--previous') + 1] : undefined;
if (previousDir) {
  const { PgTraceStore: PreviousStore } = await import(pathToFileURL(resolve(previousDir, 'store/postgres/pg-trace-store.js')).href);
  const { PgMonitorStore: PreviousMonitor } = await import(pathToFileURL(resolve(previousDir, 'store/postgres/pg-monitor-store.js')).href);
  // Bodies as the previous build's own JsonText (made before the timed part): its store recognises
  // kept text by its own class, and would otherwise parse and serialise every body again.
  const { JsonText: PreviousJsonText } = await import(pathToFileURL(resolve(previousDir, 'core/json-text.js')).href);
  const rekept = (value) => (value instanceof JsonText ? new PreviousJsonText(value.text) : value);
  const convert = (t) => ({ ...t, request: rekept(t.request), response: rekept(t.response) });
  const previous = (batch, writers) => async (stores, traces) => storeParallel(batch, writers)({ ...stores, traces: new PreviousStore(stores.pool) }, traces);
  cases.push(
    [`previous build (${previousDir}): store, batches of 128`, { poolSize: 1, write: previous(128, 1), convert }],
    [`previous build (${previousDir}): store, batches of 128 on 2 connections at once`, { poolSize: 2, write: previous(128, 2), convert }],
    [`previous build (${previousDir}): store, batches of 128, steady state (connection warmed)`, { poolSize: 1, write: previous(128, 1), convert, steady: true }],
    [`previous build (${previousDir}): store, batches of 128 on 2 connections at once, steady state (connections warmed)`, { poolSize: 2, write: previous(128, 2), convert, steady: true }],
    // This build's writer (rollups, review sampler, signals as they are here) over the previous build's trace store.
    [
      `previous build (${previousDir}): TraceWriter in-process, ${STORE_LANES_ON_POSTGRES} store lanes, its trace store`,
      { poolSize: 6, write: (stores, traces) => throughWriter(128, DERIVED_FAN_OUT_ON_POSTGRES, STORE_LANES_ON_POSTGRES)({ ...stores, traces: new PreviousStore(stores.pool) }, traces), warmUp: 40_000, convert },
    ],
    [`previous build (${previousDir}): monitor signals alone, batches of 1,024`, { poolSize: 1, write: signalsOnly(1_024, (stores) => new PreviousMonitor(stores.pool)) }],
  );
}
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '';
const loadBefore = loadavg();
// Rounds go over every case in turn, so the before and after of a round share the machine's load.
const chosen = cases.filter(([name]) => new RegExp(only).test(name));
const runs = new Map(chosen.map(([name]) => [name, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, options] of chosen) {
    const x = await run(name, options);
    runs.get(name).push({ ...x, loadavg1: loadavg()[0] });
    const t = x.clientThreadsUsPerTrace;
    console.log(`  round ${r + 1}: ${name}: ${x.perSecond.toLocaleString()} traces/s, server ${x.serverCpuUsPerTrace} µs CPU/trace (${x.serverFaultsPerTrace} faults), client ${x.clientCpuUsPerTrace} µs (loop ${t.loop}, thread ${t.traceThread}, other ${t.other}), WAL ${x.walBytesPerTrace} B/trace, load ${loadavg()[0].toFixed(1)}`);
  }
}
const results = chosen.map(([name]) => {
  const xs = runs.get(name);
  return {
    name,
    perSecond: median(xs.map((x) => x.perSecond)),
    runs: xs.map((x) => x.perSecond),
    serverCpuUsPerTrace: xs[0].serverCpuUsPerTrace === null ? null : median(xs.map((x) => x.serverCpuUsPerTrace)),
    serverCpuRuns: xs.map((x) => x.serverCpuUsPerTrace),
    serverFaultsPerTrace: xs[0].serverFaultsPerTrace === null ? null : median(xs.map((x) => x.serverFaultsPerTrace)),
    clientCpuUsPerTrace: median(xs.map((x) => x.clientCpuUsPerTrace)),
    clientThreadsUsPerTrace: Object.fromEntries(Object.keys(xs[0].clientThreadsUsPerTrace).map((k) => [k, median(xs.map((x) => x.clientThreadsUsPerTrace[k]))])),
    walBytesPerTrace: median(xs.map((x) => x.walBytesPerTrace)),
    // Server and client CPU together: 1e6 / it is the traces/s one core would take for both.
    cpuUsPerTrace: xs[0].serverCpuUsPerTrace === null ? null : Number(median(xs.map((x) => x.serverCpuUsPerTrace + x.clientCpuUsPerTrace)).toFixed(1)),
    loadavg1: Number(median(xs.map((x) => x.loadavg1)).toFixed(1)),
  };
});
for (const row of results) console.log(`${row.name}: ${row.perSecond.toLocaleString()} traces/s (runs ${row.runs.join(', ')}), server ${row.serverCpuUsPerTrace} µs CPU/trace (${row.serverFaultsPerTrace} faults), client ${row.clientCpuUsPerTrace} µs (loop ${row.clientThreadsUsPerTrace.loop}, thread ${row.clientThreadsUsPerTrace.traceThread}, other ${row.clientThreadsUsPerTrace.other}), both ${row.cpuUsPerTrace} µs, WAL ${row.walBytesPerTrace} B/trace, load ${row.loadavg1}`);
const out = {
  at: new Date().toISOString(),
  node: process.version,
  traces: TRACES,
  rounds: ROUNDS,
  machine: { loadavgBefore: loadBefore.map((x) => Number(x.toFixed(1))), loadavgAfter: loadavg().map((x) => Number(x.toFixed(1))) },
  note: 'perSecond is the median wall-clock rate; serverCpuUsPerTrace is the CPU time of the PostgreSQL backends serving the benchmark (1e6 / it = traces/s one core of the server could take); clientThreadsUsPerTrace splits the client CPU by thread (loop: the event loop, traceThread: the trace-write thread, other: V8 and libuv helpers); walBytesPerTrace is the WAL the server wrote per trace (server-wide: other clients count too)',
  targetPerSecond: 20_000,
  results,
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'pg-ingest.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(`results in bench/results/pg-ingest.json (load average ${out.machine.loadavgBefore.join(' ')} → ${out.machine.loadavgAfter.join(' ')})`);
