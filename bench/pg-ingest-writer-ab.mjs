// The gateway's PostgreSQL trace writer (openTraceWriter: its trace-write thread, store lanes and
// derived views) of two or more builds in one process, their measured chunks alternated round by
// round (order reversed every other round), so the machine's load falls on each alike; by process,
// bench:pg-ingest's writer case swung by more than the changes it was meant to show. Each build gets
// its own schema and thread, warmed with WARM traces first. Prints traces/s and the server's
// (backends from /proc) and this process's CPU per trace, per round and as medians.
// Usage: node bench/pg-ingest-writer-ab.mjs /abs/path/main-dist /abs/path/this/dist   (a build's compiled dist/, copied
//        where node_modules resolves; env N = traces a chunk (20,000), WARM (30,000), ROUNDS (6), $BENCH_POSTGRES_URL)
import { readFileSync } from 'node:fs';
import { supportTrace } from './support-trace.mjs';
import { feedWriter } from './feed-writer.mjs';
const variants = process.argv.slice(2);
const N = Number(process.env.N ?? 20000), WARM = Number(process.env.WARM ?? 30000), ROUNDS = Number(process.env.ROUNDS ?? 6);
const t0 = Date.UTC(2026, 0, 1);
const opened = [];
for (const [k, dir] of variants.entries()) {
  const { openStores } = await import(`${dir}/store/open-stores.js`);
  const { openTraceWriter } = await import(`${dir}/store/open-trace-writer.js`);
  const { tracesSchema } = await import(`${dir}/config/schema.js`);
  const { JsonText } = await import(`${dir}/core/json-text.js`);
  const app = `sy_ab_${process.pid}_${k}`;
  const schema = app;
  const url = `${process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'}?schema=${schema}&pool_size=10&application_name=${app}`;
  const stores = await openStores({ postgres: url });
  const w = await openTraceWriter(stores, tracesSchema.parse({}), { postgres: url }, (l) => console.error(l));
  await feedWriter(w.writer, Array.from({ length: WARM }, (_, i) => supportTrace(JsonText, i, t0 + i * 5)));
  opened.push({ dir, app, schema, stores, w, JsonText, next: WARM, results: [] });
}
async function backendCpu(v) {
  const { rows } = await v.stores.pool.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [v.app]);
  let us = 0; for (const { pid } of rows) { try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); us += (Number(f[11]) + Number(f[12])) * 10_000; } catch {} }
  return us;
}
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? [...opened].reverse() : opened;
  for (const v of order) {
    const batch = Array.from({ length: N }, (_, j) => supportTrace(v.JsonText, v.next + j, t0 + (v.next + j) * 5)); v.next += N;
    const s0 = await backendCpu(v); const c0 = process.cpuUsage(); const s = performance.now();
    await feedWriter(v.w.writer, batch);
    const sec = (performance.now() - s) / 1000; const c = process.cpuUsage(c0); const s1 = await backendCpu(v);
    const x = { rate: Math.round(N / sec), server: (s1 - s0) / N, client: (c.user + c.system) / N, load: Number((readFileSync('/proc/loadavg', 'utf8').split(' ')[0])) };
    v.results.push(x);
    console.log(`round ${r + 1} ${v.dir.split('/').pop()}: ${x.rate} traces/s, server ${x.server.toFixed(1)} client ${x.client.toFixed(1)} µs/trace, load ${x.load}`);
  }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const v of opened) {
  console.log(`${v.dir.split('/').pop()}: median ${med(v.results.map((x) => x.rate))} traces/s (runs ${v.results.map((x) => x.rate).join(' ')}), server ${med(v.results.map((x) => x.server)).toFixed(1)} client ${med(v.results.map((x) => x.client)).toFixed(1)} µs`);
  await v.w.close(); await v.stores.pool.query(`DROP SCHEMA "${v.schema}" CASCADE`); await v.stores.close();
}
const wins = opened[0].results.map((x, i) => opened.slice(1).map((o) => (o.results[i].rate / x.rate).toFixed(2)).join('/'));
console.log(`ratio to ${opened[0].dir.split('/').pop()} per round: ${wins.join(' ')}`);
