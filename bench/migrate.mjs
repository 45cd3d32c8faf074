// `migrate --from` on a big store: BENCH_TRACES (default 200,000) chat traces, each with its
// monitoring signal and bodies, written to a SQLite store, then `switchyard migrate --from FILE
// --db URL --json` run as a user runs it (a child process) into a schema of its own on
// $BENCH_POSTGRES_URL or the local test server. Prints and writes (BENCH_OUT, default
// bench/results/migrate.json): wall time, traces a second, the child's CPU and peak RSS, the WAL
// PostgreSQL wrote and the schema's size on disk. The copy is one transaction, so the WAL is what a
// replica or an archive receives. Run after `npm run build`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStores } from '../dist/store/open-stores.js';
import { traceSignal } from '../dist/monitor/signals/trace-signal.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TOTAL = Number(process.env.BENCH_TRACES ?? 200_000);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const OUT = process.env.BENCH_OUT ?? join(ROOT, 'bench/results/migrate.json');
const dir = mkdtempSync(join(tmpdir(), 'switchyard-migrate-'));
const file = join(dir, 'switchyard.db');
const schema = `sy_bench_migrate_${process.pid}`;

const now = Date.now();
const trace = (i) => {
  const user = `user-${i % 997}`;
  return {
    id: `tr_${String(i).padStart(9, '0')}`, ts: now - (TOTAL - i) * 1000, requestId: `req_${i}`, endpoint: 'chat', keyName: 'app', keyId: null, team: null,
    requestedModel: 'small', provider: 'sim', upstreamModel: 'standin-small', status: 200, errorCode: null, errorMessage: null, stream: false,
    inputTokens: 40, outputTokens: 60, cachedTokens: 0, reasoningTokens: 0, usageEstimated: false, costUsd: 0.0001, ttftMs: null, latencyMs: 120,
    attempts: [{ provider: 'sim', model: 'standin-small', status: 200, latencyMs: 118 }], metadata: { feature: 'chat' }, decisions: null, session: null,
    request: { model: 'small', user, messages: [{ role: 'system', content: 'You are a helpful support agent for an online shop. Answer briefly.' }, { role: 'user', content: `Question ${i} from ${user}: where is my order number ${i * 7}, it was due last week and the tracking page says nothing?` }] },
    response: { choices: [{ index: 0, message: { role: 'assistant', content: `Order ${i * 7} ships tomorrow; we are sorry for the delay. You will get a tracking e-mail as soon as it leaves the warehouse.` }, finish_reason: 'stop' }] },
  };
};

const t0 = performance.now();
const stores = await openStores({ sqlite: file });
for (let i = 0; i < TOTAL; i += 5_000) {
  const batch = Array.from({ length: Math.min(5_000, TOTAL - i) }, (_, j) => trace(i + j));
  await stores.traces.insertTraces(batch);
  await stores.monitor.putSignals(batch.map(traceSignal));
  process.stdout.write(`\rwriting the SQLite store: ${Math.min(i + 5_000, TOTAL).toLocaleString()} of ${TOTAL.toLocaleString()} traces`);
}
stores.traces.indexAll?.();
await stores.close();
const sqliteBytes = statSync(file).size;
console.log(`\nSQLite store: ${(sqliteBytes / 2 ** 20).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

const client = new pg.Client({ connectionString: POSTGRES_URL });
await client.connect();
const lsn = async () => (await client.query('SELECT pg_current_wal_lsn() AS lsn')).rows[0].lsn;
const walBefore = await lsn();
const started = performance.now();
const run = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, join(ROOT, 'bin/switchyard.js'), 'migrate', '--from', file, '--db', `${POSTGRES_URL}?schema=${schema}`, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
const wallMs = performance.now() - started;
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  process.exitCode = 1;
}
const [userS, systemS, peakKb] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
const walBytes = Number((await client.query('SELECT pg_wal_lsn_diff($1, $2) AS bytes', [await lsn(), walBefore])).rows[0].bytes);
const schemaBytes = Number((await client.query("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')", [schema])).rows[0].bytes);
const copiedTraces = Number((await client.query(`SELECT count(*) AS n FROM "${schema}".traces`)).rows[0].n);
await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
await client.end();
rmSync(dir, { recursive: true, force: true });

const result = {
  at: new Date().toISOString(),
  load: Number(execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ')[0]),
  traces: TOTAL,
  copiedTraces,
  sqliteMb: Math.round(sqliteBytes / 2 ** 20),
  wallS: Math.round(wallMs / 100) / 10,
  tracesPerS: Math.round(TOTAL / (wallMs / 1000)),
  cpuS: Math.round((userS + systemS) * 10) / 10,
  peakRssMb: Math.round(peakKb / 1024),
  walMb: Math.round(walBytes / 2 ** 20),
  postgresMb: Math.round(schemaBytes / 2 ** 20),
};
console.table([result]);
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${OUT}`);
