// `npm run bench:durability`: what a SIGKILL under load costs in traces, and what
// `traces: { durability: sync }` costs in latency and throughput, with the shipped defaults
// (batch_size 128, flush_interval_ms 100) and the provider simulator as upstream.
// For each mode: a gateway process on a SQLite file, BENCH_CONNECTIONS keep-alive clients
// (half streaming) for BENCH_DURATION_MS, then SIGKILL; traces of answered requests are counted
// in the file, and again after a restart (which replays the journal in sync mode).
//
// Options (env): BENCH_DURATION_MS (5000), BENCH_CONNECTIONS (64), BENCH_OUT (results file).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { importTestSupport } from '../scripts/test-support-module.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const OUT = process.env.BENCH_OUT ?? join(ROOT, 'bench/results/durability.json');
const CLI = join(ROOT, 'bin/switchyard.js');
const { startSimulator } = await import(join(ROOT, 'dist/simulate/simulator.js'));
const { openSqliteStores } = await import(join(ROOT, 'dist/store/sqlite/open-sqlite-stores.js'));
const { TraceJournal } = await import(join(ROOT, 'dist/store/trace-journal.js'));
// A test helper: src/test-support is not in dist/ (scripts/test-support-module.mjs says why).
const { sampleTrace } = await importTestSupport('sample-trace');

const freePort = () =>
  new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });

async function serve(config, port) {
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((r) => child.once('exit', r));
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  while (!/listening on/.test(output)) {
    if (child.exitCode !== null) throw new Error(output);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, exited, output: () => output };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function stored(db, ids) {
  const stores = openSqliteStores(db, { writer: false });
  let count = 0;
  for (let i = 0; i < ids.length; i += 500) count += (await stores.traces.getTraces(ids.slice(i, i + 500))).length;
  await stores.close();
  return count;
}

async function run(mode, sim, dir) {
  const db = join(dir, `${mode}.db`);
  const config = join(dir, `${mode}.yaml`);
  writeFileSync(config, `providers: { sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up } }\nmodels: { small: { provider: sim, model: s } }\nstore: { sqlite: "${db}" }\ntraces: { durability: ${mode} }\n`);
  const port = await freePort();
  const first = await serve(config, port);
  const agent = new Agent({ connections: CONNECTIONS, pipelining: 1 });
  const answered = [];
  const latencies = [];
  let stop = false;
  const started = performance.now();
  const loops = Array.from({ length: CONNECTIONS }, async (_, i) => {
    const stream = i % 2 === 1;
    const body = JSON.stringify({ model: 'small', stream, messages: [{ role: 'user', content: `hello ${i}` }] });
    while (!stop) {
      const t0 = performance.now();
      try {
        const res = await request(`http://127.0.0.1:${port}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher: agent });
        const text = await res.body.text();
        if (res.statusCode === 200 && (!stream || text.includes('[DONE]'))) {
          answered.push(res.headers['x-switchyard-trace-id']);
          if (performance.now() - started < DURATION_MS) latencies.push(performance.now() - t0);
        }
      } catch {
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  });
  await new Promise((r) => setTimeout(r, DURATION_MS));
  const inWindow = latencies.length;
  first.child.kill('SIGKILL');
  await first.exited;
  stop = true;
  await Promise.all(loops);
  await agent.close();
  const storedAtKill = await stored(db, answered);
  const second = await serve(config, port);
  second.child.kill('SIGTERM');
  await second.exited;
  const storedAfterRestart = await stored(db, answered);
  latencies.sort((a, b) => a - b);
  return {
    mode,
    answered: answered.length,
    requests_per_second: Math.round(inWindow / (DURATION_MS / 1000)),
    latency_ms: { p50: +percentile(latencies, 50).toFixed(2), p99: +percentile(latencies, 99).toFixed(2) },
    traces_stored_at_kill: storedAtKill,
    traces_stored_after_restart: storedAfterRestart,
    traces_lost: answered.length - storedAfterRestart,
    lost_share: +((answered.length - storedAfterRestart) / answered.length).toFixed(4),
  };
}

/** The journal alone: what one append waits for with CONNECTIONS appenders, and how many share an fsync. */
async function journalCost(dir) {
  const journal = TraceJournal.open(join(dir, 'journal-only'));
  const waits = [];
  let stop = false;
  const started = performance.now();
  const appenders = Array.from({ length: CONNECTIONS }, async () => {
    while (!stop) {
      const t0 = performance.now();
      await journal.append(sampleTrace());
      waits.push(performance.now() - t0);
    }
  });
  await new Promise((r) => setTimeout(r, 2000));
  stop = true;
  await Promise.all(appenders);
  const seconds = (performance.now() - started) / 1000;
  await journal.close();
  waits.sort((a, b) => a - b);
  return { appends_per_second: Math.round(waits.length / seconds), fsyncs_per_second: Math.round(journal.commitCount / seconds), append_wait_ms: { p50: +percentile(waits, 50).toFixed(2), p99: +percentile(waits, 99).toFixed(2) } };
}

const dir = mkdtempSync(join(os.tmpdir(), 'switchyard-bench-durability-'));
const sim = await startSimulator({ port: 0, latencyMs: 20 });
const results = [];
let journal;
try {
  journal = await journalCost(dir);
  console.log(JSON.stringify({ journal }));
  for (const mode of ['batched', 'sync']) {
    const result = await run(mode, sim, dir);
    results.push(result);
    console.log(JSON.stringify(result));
  }
} finally {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
const out = {
  benchmark: 'durability',
  date: new Date().toISOString(),
  conditions: { node: process.version, cpus: os.cpus().length, load_average_1m: +os.loadavg()[0].toFixed(1), connections: CONNECTIONS, duration_ms: DURATION_MS, upstream_latency_ms: 20, defaults: 'batch_size 128, flush_interval_ms 100, SQLite' },
  journal,
  results,
};
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${OUT}`);
