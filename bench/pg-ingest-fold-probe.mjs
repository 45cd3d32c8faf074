// Probe: server CPU and WAL per trace of the traces + signals as two tables (main) against the signal's own
// columns folded into the trace row (emulated with column defaults of a support trace's signal values, so the
// row is as wide and the partial needs-topic index gets its entries), one connection, variants alternated.
// Then topic upkeep's assignment of TOPICS of those signals (setTopics' UPDATE, 250 a statement) where each layout keeps them.
// Usage: npm run build && node bench/pg-ingest-fold-probe.mjs [TRACES=40000] [ROUNDS=3] [TOPICS=10000] [VARIANTS REGEXP='^(separate|folded)$']
import { readFileSync } from 'node:fs';
import { openStores } from '../dist/store/open-stores.js';
import { JsonText } from '../dist/core/json-text.js';
import { traceSignal } from '../dist/monitor/signals/trace-signal.js';
import { supportTrace } from './support-trace.mjs';
const N = Number(process.argv[2] ?? 40000), ROUNDS = Number(process.argv[3] ?? 3);
const APP = `pgw_fold_${process.pid}`;
const FOLD = `ALTER TABLE traces ADD COLUMN has_prompt BOOLEAN DEFAULT true, ADD COLUMN topic INTEGER, ADD COLUMN scores JSONB,
  ADD COLUMN signal_prompt TEXT DEFAULT 'Question 5: how do I cancel my data and keep my refund after the tax?',
  ADD COLUMN signal_answer TEXT DEFAULT 'Answer 5: open Settings, then upgrade, and choose password. Your plan stays as it is.',
  ADD COLUMN input_chars INTEGER DEFAULT 69, ADD COLUMN output_chars INTEGER DEFAULT 85, ADD COLUMN refused BOOLEAN DEFAULT false,
  ADD COLUMN finish_reason TEXT DEFAULT 'stop', ADD COLUMN local_label TEXT, ADD COLUMN local_confidence DOUBLE PRECISION;
  CREATE INDEX traces_signals_need_topic ON traces (requested_model, ts) WHERE has_prompt AND topic IS NULL;`;
// What a topic-upkeep redesign could buy: topic in no index (pending signals found some other way) and pages
// with room, so assigning a topic is a HOT update of the trace row (no index entries).
const FOLD_HOT = `ALTER TABLE traces SET (fillfactor = 90); ${FOLD.replace('WHERE has_prompt AND topic IS NULL', 'WHERE has_prompt')}`;
const variants = {
  separate: [null, 128],
  folded: [FOLD, 128],
  'folded, topic in no index, fillfactor 90': [FOLD_HOT, 128],
  // 90% leaves ~800 B a page, less than a ~1.7 kB trace row's new version needs to stay on its page.
  'folded, topic in no index, fillfactor 70': [FOLD_HOT.replace('fillfactor = 90', 'fillfactor = 70'), 128],
};
const only = new RegExp(process.argv[5] ?? '^(separate|folded)$');
const TOPICS = Number(process.argv[4] ?? 10000);
async function cpu(pool) {
  const { rows } = await pool.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [APP]);
  let us = 0; for (const { pid } of rows) { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); us += (Number(f[11]) + Number(f[12])) * 10000; } return us;
}
const lsn = async (pool) => (await pool.query('SELECT pg_current_wal_lsn() AS l')).rows[0].l;
const t0 = Date.UTC(2026, 0, 1);
const res = {};
let k = 0;
const chosen = Object.entries(variants).filter(([name]) => only.test(name));
for (let r = 0; r < ROUNDS; r++) for (const [name, [sql, batch]] of (r % 2 ? [...chosen].reverse() : chosen)) {
  const schema = `pgw_fold_${process.pid}_${k++}`;
  const stores = await openStores({ postgres: `postgres://postgres@127.0.0.1:5432/test?schema=${schema}&pool_size=1&application_name=${APP}` });
  try {
    if (sql) await stores.pool.query(sql);
    const write = async (traces) => {
      for (let i = 0; i < traces.length; i += batch) await stores.traces.insertTraces(traces.slice(i, i + batch));
      // The fold still derives each signal (its columns would ride in the trace's COPY row).
      const sig = traces.map(traceSignal);
      if (!sql) for (let i = 0; i < sig.length; i += 1024) await stores.monitor.putSignals(sig.slice(i, i + 1024));
    };
    await write(Array.from({ length: 4096 }, (_, i) => supportTrace(JsonText, i, t0 + i * 5)));
    const traces = Array.from({ length: N }, (_, i) => supportTrace(JsonText, 4096 + i, t0 + (4096 + i) * 5));
    const l0 = await lsn(stores.pool); const c0 = await cpu(stores.pool); const p0 = process.cpuUsage();
    await write(traces);
    await stores.pool.query("SELECT gin_clean_pending_list(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'trace_word_blocks_words' AND n.nspname = current_schema()");
    const p1 = process.cpuUsage(p0); const c1 = await cpu(stores.pool); const l1 = await lsn(stores.pool);
    const wal = Number((await stores.pool.query('SELECT pg_wal_lsn_diff($1, $2) AS d', [l1, l0])).rows[0].d);
    // Topic upkeep's assignments (setTopics: 250 a statement) on the newest TOPICS traces' signals, where they are stored.
    const ids = traces.slice(-TOPICS).map((t) => t.id);
    const table = sql ? 'traces s SET topic = a.topic FROM jsonb_to_recordset($1::jsonb) AS a(trace_id TEXT, topic INTEGER) WHERE s.id = a.trace_id' : 'monitor_signals s SET topic = a.topic FROM jsonb_to_recordset($1::jsonb) AS a(trace_id TEXT, topic INTEGER) WHERE s.trace_id = a.trace_id';
    const l2 = await lsn(stores.pool); const c2 = await cpu(stores.pool);
    for (let i = 0; i < ids.length; i += 250) await stores.pool.query(`UPDATE ${table}`, [JSON.stringify(ids.slice(i, i + 250).map((id, j) => ({ trace_id: id, topic: j % 7 })))]);
    const c3 = await cpu(stores.pool); const l3 = await lsn(stores.pool);
    const twal = Number((await stores.pool.query('SELECT pg_wal_lsn_diff($1, $2) AS d', [l3, l2])).rows[0].d);
    (res[name] ??= []).push([(c1 - c0) / N, wal / N, (c3 - c2) / ids.length, twal / ids.length, (p1.user + p1.system) / N]);
    console.log(`${new Date().toISOString()} ${name} server ${((c1 - c0) / N).toFixed(1)} + client ${((p1.user + p1.system) / N).toFixed(1)} µs/trace, WAL ${(wal / N).toFixed(0)} B/trace; topic assignment ${((c3 - c2) / ids.length).toFixed(1)} µs, ${(twal / ids.length).toFixed(0)} B per signal`);
  } finally { await stores.pool.query(`DROP SCHEMA "${schema}" CASCADE`); await stores.close(); }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [n, xs] of Object.entries(res)) console.log(`${n.padEnd(10)} ingest: server ${med(xs.map((x) => x[0])).toFixed(1)} µs/trace (runs ${xs.map((x) => x[0].toFixed(1)).join(' ')}), client ${med(xs.map((x) => x[4])).toFixed(1)} µs (runs ${xs.map((x) => x[4].toFixed(1)).join(' ')}), WAL ${med(xs.map((x) => x[1])).toFixed(0)} B/trace; topic assignment: server ${med(xs.map((x) => x[2])).toFixed(1)} µs (runs ${xs.map((x) => x[2].toFixed(1)).join(' ')}), WAL ${med(xs.map((x) => x[3])).toFixed(0)} B per signal`);
