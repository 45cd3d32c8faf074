// PostgreSQL trace ingest: the WAL each stored trace costs, by table and index, in the steady state
// where the server takes checkpoints. The gateway's writer as bench:pg-ingest runs it in-process
// (store lanes, rollups, review sampler, monitor signals) writes `--warm` traces, then the server
// takes a CHECKPOINT, then `--traces` more are written and their WAL is read back with
// pg_walinspect, record by record: after a checkpoint the first change to each page logs the whole
// 8 kB page (full_page_writes), so the "full-page images" column says which tables and indexes
// touch pages all over themselves (a B-tree on random keys, free space left in old heap pages)
// rather than only their newest ones. Unlike traces/s this is deterministic: it does not move with
// the machine's load, and only this run's schema is counted (other clients' WAL is listed apart).
// Needs a superuser (CHECKPOINT, pg_walinspect; the extension is created in the database if
// missing) and a database of its own is best: `createdb sy_wal` and BENCH_POSTGRES_URL=…/sy_wal.
// `--short-every N`: every Nth measured trace a short exchange (~150 B of bodies where the others
// carry ~750), as traffic of mixed sizes has: a short row fits in the space longer rows left free
// at the end of pages written before the checkpoint, and the free space map hands those out.
// Usage: node bench/pg-ingest-wal.mjs [--warm 100000] [--traces 30000] [--short-every N] [--no-checkpoint] [--prepare "SQL run on the new schema first"] [--keep]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStores } from '../dist/store/open-stores.js';
import { traceSinks } from '../dist/store/trace-sinks.js';
import { TraceWriter } from '../dist/store/trace-writer.js';
import { DERIVED_FAN_OUT_ON_POSTGRES, ROLLUPS_GATHERED_ON_POSTGRES, STORE_LANES_ON_POSTGRES } from '../dist/store/open-trace-writer.js';
import { JsonText } from '../dist/core/json-text.js';
import { supportTrace } from './support-trace.mjs';
import { feedWriter } from './feed-writer.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const WARM = Number(option('warm', 100_000));
const TRACES = Number(option('traces', 30_000));
const CHECKPOINT = !process.argv.includes('--no-checkpoint');
const PREPARE = option('prepare', '');
const SHORT_EVERY = Number(option('short-every', 0));
const URL_BASE = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sy_bench_wal_${process.pid}`;
const stores = await openStores({ postgres: `${URL_BASE}?schema=${schema}&pool_size=6` });
const t0 = Date.UTC(2026, 0, 1);
let next = 0;
/** `count` more support traces through a writer as the gateway's (its thread aside), fed as traffic would. */
async function write(count, shortEvery = 0) {
  const writer = new TraceWriter(traceSinks(stores, undefined, { gatherRollups: ROLLUPS_GATHERED_ON_POSTGRES }), {
    batchSize: 128, maxBatchSize: 128, fanOut: DERIVED_FAN_OUT_ON_POSTGRES, storeLanes: STORE_LANES_ON_POSTGRES, flushIntervalMs: 100,
    onError: (error, sink) => console.error(`${sink}: ${error.message}`),
  });
  const traces = Array.from({ length: count }, (_, j) => (shortEvery > 0 && j % shortEvery === 0 ? shortTrace : supportTrace)(JsonText, next + j, t0 + (next + j) * 5));
  next += count;
  await feedWriter(writer, traces);
}
/** A short exchange: the support trace with a one-line question and answer and no system prompt. */
function shortTrace(Text, i, ts) {
  const trace = supportTrace(Text, i, ts);
  const kept = (value) => new Text(JSON.stringify(value));
  return { ...trace, request: kept({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Ping ${i}` }] }), response: kept({ id: `chatcmpl-${i}`, choices: [{ index: 0, message: { role: 'assistant', content: 'Pong.' }, finish_reason: 'stop' }] }) };
}
const lsn = async () => (await stores.pool.query('SELECT pg_current_wal_insert_lsn() AS lsn')).rows[0].lsn;
try {
  await stores.pool.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect SCHEMA public');
  if (PREPARE) await stores.pool.query(PREPARE);
  await write(WARM);
  if (CHECKPOINT) await stores.pool.query('CHECKPOINT');
  const from = await lsn();
  const start = performance.now();
  await write(TRACES, SHORT_EVERY);
  // The word index's pending list merged, as bench:pg-ingest counts it.
  await stores.pool.query("SELECT gin_clean_pending_list(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relam = (SELECT oid FROM pg_am WHERE amname = 'gin') AND n.nspname = current_schema()");
  const seconds = (performance.now() - start) / 1000;
  const to = await lsn();
  // pg_walinspect reads only WAL already flushed (asynchronous commits are flushed within wal_writer_delay).
  while (!(await stores.pool.query('SELECT pg_current_wal_flush_lsn() >= $1::pg_lsn AS flushed', [to])).rows[0].flushed) await new Promise((resolve) => setTimeout(resolve, 50));
  const { rows } = await stores.pool.query(
    `WITH r AS (
       SELECT record_length, fpi_length, resource_manager, m[1]::oid AS db, m[2]::oid AS node
       FROM public.pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn), regexp_match(coalesce(block_ref, ''), 'rel \\d+/(\\d+)/(\\d+)') AS m)
     SELECT CASE WHEN r.node IS NULL THEN '(no page: ' || r.resource_manager || ')' ELSE coalesce(c.relname, '(other clients)') END AS relation,
            count(*)::int AS records, sum(record_length)::bigint AS bytes, sum(fpi_length)::bigint AS fpi
     FROM r LEFT JOIN pg_class c ON r.db = (SELECT oid FROM pg_database WHERE datname = current_database()) AND c.relfilenode = r.node
                                  AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
     GROUP BY 1 ORDER BY 3 DESC`,
    [from, to],
  );
  const perTrace = (bytes) => Math.round(Number(bytes) / TRACES);
  const ours = rows.filter((r) => r.relation !== '(other clients)');
  const relations = ours.map((r) => ({ relation: r.relation, records: r.records, bytesPerTrace: perTrace(r.bytes), fullPageImageBytesPerTrace: perTrace(r.fpi) }));
  const total = perTrace(ours.reduce((sum, r) => sum + Number(r.bytes), 0));
  const images = perTrace(ours.reduce((sum, r) => sum + Number(r.fpi), 0));
  const others = perTrace(rows.filter((r) => r.relation === '(other clients)').reduce((sum, r) => sum + Number(r.bytes), 0));
  console.log(`${TRACES.toLocaleString()} traces after ${WARM.toLocaleString()}${CHECKPOINT ? ' and a CHECKPOINT' : ''}${SHORT_EVERY ? `, every ${SHORT_EVERY}th short` : ''}${PREPARE ? ` (prepared: ${PREPARE})` : ''}: ${total.toLocaleString()} B of WAL per trace, ${images.toLocaleString()} of it full-page images (other clients meanwhile: ${others.toLocaleString()} B per trace); ${Math.round(TRACES / seconds).toLocaleString()} traces/s (load-dependent)`);
  for (const r of relations) console.log(`  ${r.relation.padEnd(34)} ${String(r.bytesPerTrace).padStart(6)} B/trace  (full-page images ${r.fullPageImageBytesPerTrace}, ${r.records.toLocaleString()} records)`);
  const out = { at: new Date().toISOString(), warm: WARM, traces: TRACES, shortEvery: SHORT_EVERY || null, checkpoint: CHECKPOINT, prepare: PREPARE || null, walBytesPerTrace: total, fullPageImageBytesPerTrace: images, otherClientsBytesPerTrace: others, relations };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'pg-ingest-wal.json'), `${JSON.stringify(out, null, 2)}\n`);
} finally {
  if (!process.argv.includes('--keep')) await stores.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
  await stores.close();
}
