// `router train --from-reviews` and `--from-judged` on a big store, as a user runs them (a child
// process under /usr/bin/time): BENCH_SOURCE=reviews writes BENCH_N (default 142,000) reviewed
// traces, 100,000 of them answers of a model neither target names and the rest strong answers of
// one prompt; BENCH_SOURCE=judged writes BENCH_N (default 100,000) traces with their monitoring
// signals, one in ten a cascade step a judge scored and one in twenty scored by online evaluation
// (of models neither target names). Either way the records are too few to train on, so the command reads the
// whole source and is refused: the figures are the read's. BENCH_DB=postgres writes to a schema of
// its own on $BENCH_POSTGRES_URL or the local test server instead of a SQLite file. Prints and
// writes (BENCH_OUT, default bench/results/router-train-store-SOURCE.json): wall time, the child's
// CPU and peak RSS. BENCH_RUN=export runs `export finetune --out FILE` on the reviewed store instead
// (every review scores 5, so each trace is an example; BENCH_OUT defaults to
// bench/results/export-finetune-store.json) and adds the file's lines. Run after `npm run build`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStores } from '../dist/store/open-stores.js';
import { traceSignal } from '../dist/monitor/signals/trace-signal.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = process.env.BENCH_SOURCE ?? 'reviews';
const TOTAL = Number(process.env.BENCH_N ?? (SOURCE === 'reviews' ? 142_000 : 100_000));
const ON_POSTGRES = process.env.BENCH_DB === 'postgres';
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EXPORT = process.env.BENCH_RUN === 'export';
if (EXPORT && SOURCE !== 'reviews') throw new Error('BENCH_RUN=export reads reviews: leave BENCH_SOURCE unset or set it to reviews');
const OUT = process.env.BENCH_OUT ?? join(ROOT, EXPORT ? 'bench/results/export-finetune-store.json' : `bench/results/router-train-store-${SOURCE}.json`);
const dir = mkdtempSync(join(tmpdir(), 'switchyard-router-train-'));
const schema = `sy_bench_router_${process.pid}`;
const db = ON_POSTGRES ? `${POSTGRES_URL}?schema=${schema}` : join(dir, 'switchyard.db');
const OTHERS = Math.min(TOTAL, 100_000);
const now = Date.now();

const trace = (i, model, prompt, decisions = null) => ({
  id: `tr_${String(i).padStart(9, '0')}`, ts: now - (TOTAL - i) * 1000, requestId: `req_${i}`, endpoint: 'chat', keyName: 'app', keyId: null, team: null,
  requestedModel: 'support', provider: 'sim', upstreamModel: model, status: 200, errorCode: null, errorMessage: null, stream: false,
  inputTokens: 40, outputTokens: 60, cachedTokens: 0, reasoningTokens: 0, usageEstimated: false, costUsd: 0.0001, ttftMs: null, latencyMs: 120,
  attempts: [{ provider: 'sim', model, status: 200, latencyMs: 118 }], metadata: null, session: null,
  decisions: decisions ?? { route: { steps: [{ route: 'support', policy: 'static', target: model, reason: 'static route' }], model } },
  request: { model: 'support', messages: [{ role: 'system', content: 'You are a helpful support agent for an online shop. Answer briefly.' }, { role: 'user', content: prompt }] },
  response: { choices: [{ index: 0, message: { role: 'assistant', content: `We are sorry for the delay on that order. You will get a tracking e-mail as soon as it leaves the warehouse (${i}).` }, finish_reason: 'stop' }] },
});
const question = (i) => `Question ${i}: where is my order number ${i * 7}, it was due last week and the tracking page says nothing?`;
const reviewedTrace = (i) => (i < OTHERS ? trace(i, 'gpt-4o', question(i)) : trace(i, 'large', 'What are your opening hours?'));
const judgedTrace = (i) => {
  if (i % 20 === 5) return trace(i, 'other', question(i));
  if (i % 10 !== 0) return trace(i, 'mini', question(i));
  // A cascade step of a model neither target names, scored by the judge: read, and no record.
  const cascade = [{ target: 'cheap', model: 'cheap', action: 'accept', judge: { score: 0.8, traceId: `tr_judge_${i}`, costUsd: 0.0002 } }];
  return trace(i, 'cheap', question(i), { route: { steps: [{ route: 'extract', policy: 'cascade', target: 'cheap', reason: 'r' }], model: 'cheap', cascade } });
};

const t0 = performance.now();
const stores = await openStores(ON_POSTGRES ? { postgres: db } : { sqlite: db });
for (let i = 0; i < TOTAL; i += 5_000) {
  const ids = Array.from({ length: Math.min(5_000, TOTAL - i) }, (_, j) => i + j);
  const batch = ids.map(SOURCE === 'reviews' ? reviewedTrace : judgedTrace);
  await stores.traces.insertTraces(batch);
  // Online evaluation's scores are on the traces' signals.
  if (SOURCE === 'judged') await stores.monitor.putSignals(batch.map((t, j) => ({ ...traceSignal(t), ...(ids[j] % 20 === 5 ? { scores: { judge: 0.9 } } : {}) })));
  if (SOURCE === 'reviews') {
    const items = await stores.reviews.enqueue(ids.map((n) => ({ traceId: `tr_${String(n).padStart(9, '0')}`, source: 'sample', reason: 'sampled by rule support 10%' })));
    // One review each, written in one statement a batch (addReview is a durable write per review).
    const values = items.map((item, j) => [`rv_${item.id}`, item.id, item.traceId, 'ana', 5, now - (TOTAL - ids[j]) * 1000]);
    if (ON_POSTGRES) {
      await stores.pool.query('INSERT INTO reviews (id, item_id, trace_id, reviewer, score, created_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[])', values[0].map((_, c) => values.map((v) => v[c])));
      await stores.pool.query("UPDATE review_items SET review_count = 1, status = 'done' WHERE id = ANY($1::text[])", [items.map((item) => item.id)]);
    } else {
      const insert = stores.db.prepare('INSERT INTO reviews (id, item_id, trace_id, reviewer, score, created_at) VALUES (?, ?, ?, ?, ?, ?)');
      const done = stores.db.prepare("UPDATE review_items SET review_count = 1, status = 'done' WHERE id = ?");
      stores.db.transaction(() => values.forEach((v) => (insert.run(...v), done.run(v[1]))))();
    }
  }
  process.stdout.write(`\rwriting the store: ${Math.min(i + 5_000, TOTAL).toLocaleString()} of ${TOTAL.toLocaleString()} ${SOURCE === 'reviews' ? 'reviewed traces' : 'traces'}`);
}
stores.traces.indexAll?.();
await stores.close();
console.log(`\nstore written in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

const started = performance.now();
const source = SOURCE === 'reviews' ? '--from-reviews' : '--from-judged';
const exported = join(dir, 'finetune.jsonl');
const command = EXPORT ? ['export', 'finetune', '--db', db, '--out', exported] : ['router', 'train', source, '--weak', 'mini', '--strong', 'large', '--db', db, '--out', join(dir, 'router.json')];
const run = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, join(ROOT, 'bin/switchyard.js'), ...command], { encoding: 'utf8', maxBuffer: 64 << 20 });
const wallMs = performance.now() - started;
const lines = run.stderr.trim().split('\n');
console.log(lines.slice(0, -1).join('\n'));
const [userS, systemS, peakKb] = lines.at(-1).split(' ').map(Number);
const examples = EXPORT ? Number(execFileSync('wc', ['-l', exported], { encoding: 'utf8' }).trim().split(' ')[0]) : undefined;
if (ON_POSTGRES) {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
rmSync(dir, { recursive: true, force: true });

const result = {
  at: new Date().toISOString(),
  load: Number(execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ')[0]),
  source,
  ...(EXPORT ? { command: 'export finetune', examples } : {}),
  store: ON_POSTGRES ? 'postgres' : 'sqlite',
  n: TOTAL,
  wallS: Math.round(wallMs / 100) / 10,
  cpuS: Math.round((userS + systemS) * 10) / 10,
  peakRssMb: Math.round(peakKb / 1024),
};
console.table([result]);
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${OUT}`);
