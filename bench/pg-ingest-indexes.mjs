// Server CPU per trace of the PostgreSQL trace store (128-trace COPY batches: traces and word blocks) and
// of the monitoring signals (1,024 a batch) with one index dropped at a time, on one connection,
// variants alternated round by round: what each index costs the server (backend CPU from /proc).
// Usage: npm run build && node bench/pg-ingest-indexes.mjs [TRACES=40000] [ROUNDS=3] [VARIANT REGEXP]   ($BENCH_POSTGRES_URL unused: the local test server)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { openStores } from '../dist/store/open-stores.js';
import { JsonText } from '../dist/core/json-text.js';
import { traceSignal } from '../dist/monitor/signals/trace-signal.js';
import { supportTrace } from './support-trace.mjs';
const N = Number(process.argv[2] ?? 40000), ROUNDS = Number(process.argv[3] ?? 3);
const APP = `pgw_var_${process.pid}`;
const variants = {
  all: null,
  'no traces_model_ts': 'DROP INDEX traces_model_ts',
  'no traces_key_ts': 'DROP INDEX traces_key_ts',
  'no traces_ts': 'DROP INDEX traces_ts',
  'no blocks GIN': 'DROP INDEX trace_word_blocks_words',
  'no signals needs_topic': 'DROP INDEX monitor_signals_needs_topic',
  'no signals route_ts': 'DROP INDEX monitor_signals_route_ts',
  'no signals brin': 'DROP INDEX monitor_signals_ts_brin',
};
const only = process.argv[4] ? new RegExp(process.argv[4]) : /./;
async function cpu(pool) {
  const { rows } = await pool.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [APP]);
  let us = 0; for (const { pid } of rows) { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); us += (Number(f[11]) + Number(f[12])) * 10000; } return us;
}
const t0 = Date.UTC(2026, 0, 1);
const res = {};
let k = 0;
for (let r = 0; r < ROUNDS; r++) for (const [name, sql] of Object.entries(variants)) {
  if (!only.test(name)) continue;
  const schema = `pgw_var_${process.pid}_${k++}`;
  const stores = await openStores({ postgres: `postgres://postgres@127.0.0.1:5432/test?schema=${schema}&pool_size=1&application_name=${APP}` });
  try {
    if (sql) await stores.pool.query(sql);
    let traces = Array.from({ length: 4096 }, (_, i) => supportTrace(JsonText, i, t0 + i * 5));
    for (let i = 0; i < traces.length; i += 128) await stores.traces.insertTraces(traces.slice(i, i + 128));
    const sig0 = traces.map(traceSignal); for (let i = 0; i < sig0.length; i += 1024) await stores.monitor.putSignals(sig0.slice(i, i + 1024));
    traces = Array.from({ length: N }, (_, i) => supportTrace(JsonText, 4096 + i, t0 + (4096 + i) * 5));
    const sig = traces.map(traceSignal);
    const c0 = await cpu(stores.pool);
    for (let i = 0; i < traces.length; i += 128) await stores.traces.insertTraces(traces.slice(i, i + 128));
    const c1 = await cpu(stores.pool);
    for (let i = 0; i < sig.length; i += 1024) await stores.monitor.putSignals(sig.slice(i, i + 1024));
    await stores.pool.query("SELECT gin_clean_pending_list(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'trace_word_blocks_words' AND n.nspname = current_schema()");
    const c2 = await cpu(stores.pool);
    (res[name] ??= []).push([(c1 - c0) / N, (c2 - c1) / N]);
  } finally { await stores.pool.query(`DROP SCHEMA "${schema}" CASCADE`); await stores.close(); }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [n, xs] of Object.entries(res)) console.log(`${n.padEnd(26)} traces ${med(xs.map((x) => x[0])).toFixed(1)} µs, signals ${med(xs.map((x) => x[1])).toFixed(1)} µs, sum ${med(xs.map((x) => x[0] + x[1])).toFixed(1)}  runs ${xs.map((x) => (x[0] + x[1]).toFixed(1)).join(' ')}`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/pg-ingest-indexes.json', import.meta.url), `${JSON.stringify({ at: new Date().toISOString(), traces: N, rounds: ROUNDS, note: 'server µs of CPU per trace: traces = the store (traces + word blocks), signals = the monitoring signals', results: Object.fromEntries(Object.entries(res).map(([n, xs]) => [n, { traces: med(xs.map((x) => x[0])), signals: med(xs.map((x) => x[1])), runs: xs }])) }, null, 2)}\n`);
