// Erasure benchmark: BENCH_TRACES (default 100,000) chat traces in a store, one user in 20 of them
// (`user: "alice"`), each with a monitoring signal; then an erasure request for that user (the
// admin API's eraseCopies) timed whole, with the longest event-loop delay while it runs (what a
// request on the same gateway would wait at most) and a second run (nothing left). Run with
// `node bench/erasure.mjs` (SQLite) or `node bench/erasure.mjs --store postgres` (a schema of its
// own on $BENCH_POSTGRES_URL or the local test server, dropped afterwards), after `npm run build`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { openStores } from '../dist/store/open-stores.js';
import { eraseCopies } from '../dist/store/erase-copies.js';
import { traceSignal } from '../dist/monitor/signals/trace-signal.js';

const TOTAL = Number(process.env.BENCH_TRACES ?? 100_000);
const EVERY = 20;
const BACKEND = process.argv.includes('--store') ? process.argv[process.argv.indexOf('--store') + 1] : 'sqlite';
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dir = mkdtempSync(join(tmpdir(), 'switchyard-erasure-'));
const schema = `sy_bench_erasure_${process.pid}`;
const stores = await openStores(BACKEND === 'postgres' ? { postgres: `${POSTGRES_URL}?schema=${schema}` } : { sqlite: join(dir, 'bench.db') });

const now = Date.now();
const trace = (i) => {
  const user = i % EVERY === 0 ? 'alice' : `user-${i % 997}`;
  return {
    id: `tr_${String(i).padStart(8, '0')}`, ts: now - (TOTAL - i) * 1000, requestId: `req_${i}`, endpoint: 'chat', keyName: 'app', keyId: null, team: null,
    requestedModel: 'small', provider: 'sim', upstreamModel: 'standin-small', status: 200, errorCode: null, errorMessage: null, stream: false,
    inputTokens: 40, outputTokens: 60, cachedTokens: 0, reasoningTokens: 0, usageEstimated: false, costUsd: 0.0001, ttftMs: null, latencyMs: 120,
    attempts: [{ provider: 'sim', model: 'standin-small', status: 200, latencyMs: 118 }], metadata: { feature: 'chat' }, decisions: null, session: null,
    request: { model: 'small', user, messages: [{ role: 'user', content: `Question ${i} from ${user}: where is my order number ${i * 7}, it was due last week?` }] },
    response: { choices: [{ index: 0, message: { role: 'assistant', content: `Order ${i * 7} ships tomorrow; we are sorry for the delay.` }, finish_reason: 'stop' }] },
  };
};
console.log(`loading ${TOTAL.toLocaleString()} traces into ${stores.backend}…`);
for (let i = 0; i < TOTAL; i += 5_000) {
  const batch = Array.from({ length: Math.min(5_000, TOTAL - i) }, (_, j) => trace(i + j));
  await stores.traces.insertTraces(batch);
  await stores.monitor.putSignals(batch.map(traceSignal));
}
stores.traces.indexAll?.();

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const t0 = performance.now();
const first = await eraseCopies({ stores }, { users: ['alice'] }, { at: now });
const ms = performance.now() - t0;
delay.disable();
const t1 = performance.now();
const again = await eraseCopies({ stores }, { users: ['alice'] }, { at: now });
const againMs = performance.now() - t1;
console.log(JSON.stringify({ backend: stores.backend, traces: TOTAL, erased: first.erased.traces, signals: first.erased.monitorSignals, standIns: first.spendKept.standIns, ms: Math.round(ms), maxLoopDelayMs: Math.round(delay.max / 1e6), againMs: Math.round(againMs), againTraces: again.erased.traces }));
await stores.close();
rmSync(dir, { recursive: true, force: true });
if (BACKEND === 'postgres') {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
