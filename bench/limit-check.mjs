// What the limit and budget check adds to a request through Redis, and how much of it is Redis.
// Each iteration times, back to back on one connection: a bare PING (the round trip with no work:
// the event loop, the kernel and the scheduler of a shared machine), then `admit` (one EVALSHA:
// key budget, team budget, request and token windows, the reservation) and `settle` (one EVALSHA,
// after the answer). Redis's own time per script comes from INFO commandstats (usec per call),
// and the event loop's delay from perf_hooks, so a p99 can be told apart: scheduling or Redis.
// Usage: npm run bench:limit-check [-- --checks 5000]   ($BENCH_REDIS, default redis://127.0.0.1:6379)
// Target (issue #11): p99 added latency of the check ≤ 0.5 ms.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { toVirtualKey } from '../dist/limits/keys.js';
import { RedisLimitStore } from '../dist/limits/redis-limit-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const i = process.argv.indexOf('--checks');
const CHECKS = i >= 0 ? Number(process.argv[i + 1]) : 5_000;
const REDIS = process.env.BENCH_REDIS ?? 'redis://127.0.0.1:6379';
const prefix = `sy_bench_limits_${process.pid}`;

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const stats = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: +pct(s, 50).toFixed(4), p90: +pct(s, 90).toFixed(4), p99: +pct(s, 99).toFixed(4), max: +s.at(-1).toFixed(4) };
};

/** Calls and microseconds Redis spent per command so far, from INFO commandstats. */
async function commandStats(redis) {
  const info = await redis.info('commandstats');
  const out = {};
  for (const line of info.split('\n')) {
    const m = /^cmdstat_(\w+):calls=(\d+),usec=(\d+)/.exec(line);
    if (m) out[m[1]] = { calls: Number(m[2]), usec: Number(m[3]) };
  }
  return out;
}
const perCall = (before, after, cmd) => {
  const calls = (after[cmd]?.calls ?? 0) - (before[cmd]?.calls ?? 0);
  return calls > 0 ? +(((after[cmd]?.usec ?? 0) - (before[cmd]?.usec ?? 0)) / calls).toFixed(2) : null;
};

// The gateway's connection settings (server.ts connectRedis).
const redis = new Redis(REDIS, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2_000 });
await redis.connect();
const store = new RedisLimitStore(redis, undefined, prefix);
const key = {
  ...toVirtualKey({ key: 'sk-sy-xxxxxxxx', name: 'check', team: 'cx', budget: { usd: 1e9, period: 'monthly' }, rate_limit: { requests_per_minute: 1e9, tokens_per_minute: 1e12 } }),
  teamBudget: { usd: 1e9, period: 'monthly' },
};

async function measure(concurrency) {
  const rows = [];
  for (let w = 0; w < 300; w++) await store.settle(key, await store.admit(key, { estimatedTokens: 100, reserveUsd: 0.001 }, Date.now()), 120, 0.0008, Date.now());
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const before = await commandStats(redis);
  loop.enable();
  let next = 0;
  const worker = async () => {
    while (next++ < CHECKS) {
      const t0 = performance.now();
      await redis.ping();
      const t1 = performance.now();
      const admission = await store.admit(key, { estimatedTokens: 100, reserveUsd: 0.001 }, Date.now());
      const t2 = performance.now();
      await store.settle(key, admission, 120, 0.0008, Date.now());
      rows.push({ ping: t1 - t0, admit: t2 - t1, settle: performance.now() - t2 });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  loop.disable();
  const after = await commandStats(redis);
  return {
    concurrency,
    pingMs: stats(rows.map((r) => r.ping)),
    admitMs: stats(rows.map((r) => r.admit)),
    settleMs: stats(rows.map((r) => r.settle)),
    redisUsecPerCall: { evalsha: perCall(before, after, 'evalsha'), ping: perCall(before, after, 'ping') },
    eventLoopDelayMs: { p50: +(loop.percentile(50) / 1e6).toFixed(3), p99: +(loop.percentile(99) / 1e6).toFixed(3), max: +(loop.max / 1e6).toFixed(3) },
  };
}

const load0 = loadavg();
const sequential = [];
for (let r = 0; r < 3; r++) sequential.push(await measure(1));
const inFlight = await measure(64);
const keys = await redis.keys(`${prefix}:*`);
if (keys.length) await redis.del(...keys);
redis.disconnect();

const out = {
  at: new Date().toISOString(),
  node: process.version,
  checks: CHECKS,
  machine: { loadavgBefore: load0.map((x) => +x.toFixed(1)), loadavgAfter: loadavg().map((x) => +x.toFixed(1)) },
  note: 'admit is on the request path (one EVALSHA: key + team budget, both windows, the reservation); settle runs after the answer. pingMs is a bare round trip on the same connection in the same iteration: what the machine adds whatever the command. redisUsecPerCall is Redis-side time (INFO commandstats; other clients of the same server may add calls).',
  targetP99Ms: 0.5,
  sequential,
  inFlight64: inFlight,
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'limit-check.json'), `${JSON.stringify(out, null, 2)}\n`);
for (const [name, m] of [...sequential.map((m, r) => [`sequential run ${r + 1}`, m]), ['64 in flight', inFlight]]) {
  console.log(`${name}: admit p50 ${m.admitMs.p50} / p99 ${m.admitMs.p99} ms; bare PING p50 ${m.pingMs.p50} / p99 ${m.pingMs.p99} ms; settle p99 ${m.settleMs.p99} ms; Redis time per EVALSHA ${m.redisUsecPerCall.evalsha} µs; event-loop delay p99 ${m.eventLoopDelayMs.p99} ms`);
}
console.log(`load average ${out.machine.loadavgBefore.join(' ')} → ${out.machine.loadavgAfter.join(' ')}; results in bench/results/limit-check.json`);
