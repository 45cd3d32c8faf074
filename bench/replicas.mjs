// `npm run bench:replicas`: two gateway processes on one PostgreSQL and one Redis.
//  1. Overspend: 64 concurrent streams (official openai client) spread over both replicas against
//     a $0.01 budget, each worker streaming until refused; spend is the traces' sum in PostgreSQL
//     after both replicas flushed (SIGTERM).
//  2. Runtime key propagation: a key created / revoked through replica A's admin API, timed until
//     replica B accepts / refuses it (limits.keys_poll_ms = 500).
//  3. Limit and budget check cost through Redis: admit + settle of a key with a budget and both
//     rate limits, sequential (what one request adds) and at 64 in flight, against the memory store.
// Options (env): BENCH_POSTGRES (postgres://postgres@127.0.0.1:5432/test), BENCH_REDIS
// (redis://127.0.0.1:6379), BENCH_BUDGET_USD (0.01), BENCH_CHECKS (5000), BENCH_OUT,
// BENCH_PORT (the first replica's port; the second takes the next one).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import pg from 'pg';
import { Redis } from 'ioredis';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const POSTGRES = process.env.BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.BENCH_REDIS ?? 'redis://127.0.0.1:6379';
const BUDGET = Number(process.env.BENCH_BUDGET_USD ?? 0.01);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 5000);
const OUT = process.env.BENCH_OUT ?? join(ROOT, 'bench/results/replicas.json');
const ADMIN = 'bench-admin-key';
const POLL_MS = 500;

const { startSimulator } = await import(join(ROOT, 'dist/simulate/simulator.js'));
const { RedisLimitStore } = await import(join(ROOT, 'dist/limits/redis-limit-store.js'));
const { MemoryLimitStore } = await import(join(ROOT, 'dist/limits/memory-limit-store.js'));
const { toVirtualKey } = await import(join(ROOT, 'dist/limits/keys.js'));

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: +pct(sorted, 50).toFixed(4), p99: +pct(sorted, 99).toFixed(4), max: +sorted.at(-1).toFixed(4) };
};

const run = `${process.pid}_${Date.now().toString(36)}`;
const schema = `sy_bench_replicas_${run}`;
const prefix = `switchyard-bench:replicas:${run}`;
const dir = mkdtempSync(join(os.tmpdir(), 'switchyard-bench-replicas-'));
const sim = await startSimulator({ port: 0, ttftMs: 20, tokensPerSecond: 2000 });
const configFile = join(dir, 'replicas.yaml');
writeFileSync(
  configFile,
  `server: { admin_key: ${ADMIN} }
providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }
models: { small: { provider: sim, model: s, price: { input_per_mtok: 0.5, output_per_mtok: 1.5 } } }
keys: [ { key: sk-sy-bench-budget, name: budgeted, budget: { usd: ${BUDGET} } } ]
limits: { store: redis, redis_url: "${REDIS}", redis_prefix: "${prefix}", keys_poll_ms: ${POLL_MS} }
store: { postgres: "${POSTGRES}?schema=${schema}" }
`,
);

async function startReplica(port) {
  const child = spawn(process.execPath, [join(ROOT, 'bin/switchyard.js'), 'serve', '--config', configFile, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`replica on ${port} exited: ${err}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return { child, url };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`replica on ${port} did not start: ${err}`);
}

// BENCH_PORT lets a shared machine keep the replicas inside its allotted port range.
const basePort = Number(process.env.BENCH_PORT ?? 20000 + (process.pid % 20000));
const a = await startReplica(basePort);
const b = await startReplica(basePort + 1);
const replicas = [a, b];
const result = { machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((l) => +l.toFixed(1)) }, budgetUsd: BUDGET };

// 1. Overspend under 64 concurrent streams.
{
  let answered = 0;
  let refused = 0;
  const started = performance.now();
  const worker = async (w) => {
    for (let n = 0; ; n++) {
      const client = new OpenAI({ apiKey: 'sk-sy-bench-budget', baseURL: `${replicas[(w + n) % 2].url}/v1`, maxRetries: 0 });
      try {
        const stream = await client.chat.completions.create({ model: 'small', max_tokens: 48, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: `worker ${w} request ${n}: tell me about budgets` }] });
        for await (const _ of stream) void _;
        answered++;
      } catch (error) {
        if (error.status !== 429) throw error;
        refused++;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: 64 }, (_, w) => worker(w)));
  result.overspend = { streams: 64, replicas: 2, answered, refused, seconds: +((performance.now() - started) / 1000).toFixed(2) };
}

// 2. Runtime key propagation.
{
  const admin = (r, method, path, body) => fetch(`${r.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const status = (r, secret) => fetch(`${r.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'small', max_tokens: 4, messages: [{ role: 'user', content: 'x' }] }) }).then((res) => res.status);
  const until = async (r, secret, want) => {
    const t0 = performance.now();
    while ((await status(r, secret)) !== want) {
      if (performance.now() - t0 > 10_000) throw new Error('no propagation in 10 s');
      await new Promise((res) => setTimeout(res, 5));
    }
    return performance.now() - t0;
  };
  const created = [];
  const revoked = [];
  for (let i = 0; i < 10; i++) {
    const { key } = await (await admin(a, 'POST', '/api/keys', { name: `bench-${i}` })).json();
    created.push(await until(b, key, 200));
    await admin(a, 'DELETE', `/api/keys/bench-${i}`);
    revoked.push(await until(b, key, 401));
  }
  result.keyPropagation = { pollMs: POLL_MS, createdVisibleMs: stats(created), revokedRefusedMs: stats(revoked) };
}

for (const r of replicas) r.child.kill('SIGTERM');
await Promise.all(replicas.map((r) => new Promise((res) => r.child.once('exit', res))));
const pool = new pg.Pool({ connectionString: POSTGRES });
// Decisions are written as JSON text (decisions_json), older rows as JSONB (decisions), as the store reads them.
const { rows } = await pool.query(`SELECT COALESCE(SUM(cost_usd), 0) AS spent, COUNT(*) FILTER (WHERE status = 200) AS ok, COUNT(*) FILTER (WHERE status = 429) AS refused, MAX((coalesce(decisions_json::text, decisions::text)::json->'limits'->>'reservedUsd')::float) AS worst FROM "${schema}".traces WHERE key_name = 'budgeted'`);
const spent = Number(rows[0].spent);
Object.assign(result.overspend, {
  spentUsd: +spent.toFixed(8),
  overspendUsd: +Math.max(0, spent - BUDGET).toFixed(8),
  unusedUsd: +(BUDGET - spent).toFixed(8),
  worstCasePerRequestUsd: +Number(rows[0].worst).toFixed(8),
  tracesOk: Number(rows[0].ok),
  traces429: Number(rows[0].refused),
});
await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
await pool.end();
await sim.close();

// 3. What the limit check adds per request.
{
  const redis = new Redis(REDIS);
  const key = toVirtualKey({ key: 'sk-sy-xxxxxxxx', name: 'check', budget: { usd: 1e9, period: 'monthly' }, rate_limit: { requests_per_minute: 1e9, tokens_per_minute: 1e12 } });
  const measure = async (store, concurrency) => {
    const times = [];
    for (let i = 0; i < 200; i++) await store.settle(key, await store.admit(key, { estimatedTokens: 100, reserveUsd: 0.001 }, Date.now()), 120, 0.0008, Date.now());
    let next = 0;
    const worker = async () => {
      while (next++ < CHECKS) {
        const t0 = performance.now();
        const admission = await store.admit(key, { estimatedTokens: 100, reserveUsd: 0.001 }, Date.now());
        const t1 = performance.now();
        await store.settle(key, admission, 120, 0.0008, Date.now());
        times.push({ admit: t1 - t0, settle: performance.now() - t1 });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return { admitMs: stats(times.map((t) => t.admit)), settleMs: stats(times.map((t) => t.settle)) };
  };
  const prefix2 = `${prefix}:checks`;
  result.limitCheck = {
    note: 'admit is on the request path before the provider call; settle runs after the answer was delivered',
    redisSequential: await measure(new RedisLimitStore(redis, undefined, `${prefix2}:a`), 1),
    redis64InFlight: await measure(new RedisLimitStore(redis, undefined, `${prefix2}:b`), 64),
    memorySequential: await measure(new MemoryLimitStore(), 1),
  };
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

result.machine.loadavgAfter = os.loadavg().map((l) => +l.toFixed(1));
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(result, null, 2));
