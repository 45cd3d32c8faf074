// `npm run bench:gateway`: Switchyard against two floors — a JSON-parsing proxy that reads usage
// from every answer (the least any accounting gateway must do; bench/json-floor-proxy.mjs) and a
// bare byte pass-through — and a peer (@portkey-ai/gateway), with the provider simulator as
// upstream. One process per role: simulator, proxy under test, load generator (Debian's `wrk`
// when installed, else bench/load.mjs). With `taskset` and ≥ 2 cores, the proxy under test is
// pinned to the last core and the simulator and load generator to the others, so the proxies
// never compete with their own load. This process only orchestrates and samples
// /proc/<pid>/{stat,status} of the proxy at the edges of each measured window. A Switchyard
// window closes once /health reports `trace_backlog` 0, so it holds the CPU of writing its own
// requests' traces (`traceDrainMs`, and `traceDrainCpuMs` spent after the load stopped).
//
// Options (env): BENCH_WARMUP_MS (8000), BENCH_WARMUP_RUNS (1: the warm-up as that many wrk runs, each
// with connections of its own; bench/wrk-load.mjs says why), BENCH_DURATION_MS (6000), BENCH_TARGETS (comma list of
// floor,passthrough,switchyard,switchyard-pg,portkey,direct, and switchyard-telemetry-off /
// switchyard-otel: Prometheus metrics off / metrics on plus OpenTelemetry spans and metrics
// exported to a local collector that accepts and drops them), BENCH_CONNECTIONS (16,64),
// BENCH_LOAD (wrk|node), BENCH_PIN (1|0), BENCH_POSTGRES (URL of a server for switchyard-pg;
// a scratch database is created, checkpointed and dropped; a PostgreSQL cell also reports the server's CPU: `postgresCpuMsPerRequest`,
// its backends of that database and its background processes, never part of `cpuMsPerRequest`; and checkpoints run), BENCH_OUT (results file),
// BENCH_MODES (non-streaming,streaming), BENCH_CPU_PROF=dir (runs Switchyard, the floor and the pass-through under --cpu-prof,
// writing a folder per process there with one .cpuprofile per thread: CPU.<date>.<pid>.<thread>…;
// bench/cpu-profile-stages.mjs splits one by request stage),
// BENCH_THREADS=0 (each cell records the proxy's CPU per request by thread, in µs, unless this is set:
// `threadUsPerRequest`, from /proc/<pid>/task/*/schedstat at the window's edges), BENCH_KEEP_TMP=1
// (keeps the run's folder, with each gateway's SQLite file, and prints nothing more), BENCH_SWITCHYARD_BIN (another build's bin/switchyard.js, for A/B runs),
// BENCH_SWITCHYARD_NODE_ARGS (Node flags for the gateway's process alone, space-separated, e.g. `--max-semi-space-size=32`),
// BENCH_LOOP_DIAG=dir (each gateway writes a line a second there: event-loop delay, GC pauses, each thread's CPU and run-queue
// wait; bench/gateway-loop-diag.cjs says what is in it), BENCH_EXCLUSIVE=1 (runs the bench in a session of its own whose
// autogroup gets nice -20, so other sessions' work on a shared machine takes little of the pinned cores: Linux shares a core
// between sessions' autogroups first, so `nice` alone does nothing against another session; needs root or CAP_SYS_NICE).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { coreDemand, cpuBudgetMs } from './core-demand.mjs';
import { exclusiveSession } from './exclusive-session.mjs';
import { postgresCpuFigures, postgresProcessCpu, postgresServerState } from './postgres-server-cpu.mjs';
import { hasWrk, wrkCell } from './wrk-load.mjs';

// BENCH_EXCLUSIVE=1: measured in a session of its own at autogroup nice -20 (bench/exclusive-session.mjs).
const priority = await exclusiveSession();

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Each cell starts a fresh process. A gateway needs ~8 s under load to reach its steady state
// (JIT, a new database file's first pages and checkpoints): streamed at 64 connections, 4 s
// windows from start read p99 411, 348, 132, 175 ms (build of 2026-11-30 morning) and 536, 297,
// 127, 120 ms (evening); the proxies without state reach theirs at once. Measured from 1.5 s,
// the streamed cells' p99 was mostly that start.
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 8000);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 6000);
const WARMUP_RUNS = Number(process.env.BENCH_WARMUP_RUNS ?? 1);
const TARGETS = (process.env.BENCH_TARGETS ?? 'floor,passthrough,switchyard,switchyard-pg,portkey').split(',');
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '16,64').split(',').map(Number);
const OUT = process.env.BENCH_OUT ?? join(ROOT, 'bench/results/gateway.json');
const MODES = (process.env.BENCH_MODES ?? 'non-streaming,streaming').split(',');
const CPU_PROF = process.env.BENCH_CPU_PROF;
// On by default since 2026-12-04: two full runs read the PostgreSQL cell at twice its CPU and left
// no way to tell which thread spent it.
const THREADS = process.env.BENCH_THREADS !== '0';
const SWITCHYARD_BIN = resolve(process.env.BENCH_SWITCHYARD_BIN ?? join(ROOT, 'bin/switchyard.js'));
const SWITCHYARD_NODE_ARGS = (process.env.BENCH_SWITCHYARD_NODE_ARGS ?? '').split(' ').filter(Boolean);
const LOOP_DIAG = process.env.BENCH_LOOP_DIAG ? resolve(process.env.BENCH_LOOP_DIAG) : undefined;
const POSTGRES = process.env.BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const USE_WRK = (process.env.BENCH_LOAD ?? 'wrk') === 'wrk' && hasWrk();
const NCPU = os.cpus().length;
const CAN_PIN = process.env.BENCH_PIN !== '0' && NCPU >= 2 && (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();
// The proxy under test gets the last core to itself; simulator and load generator share the rest.
const PROXY_CPU = CAN_PIN ? String(NCPU - 1) : undefined;
const LOAD_CPU = CAN_PIN ? (NCPU === 2 ? '0' : `0-${NCPU - 2}`) : undefined;
const UPSTREAM_MS = 20;
// Streaming: first token after 20 ms, then 500 tokens/s; max_tokens 32 gives ~35 SSE events over ~85 ms.
const TOKENS_PER_SECOND = 500;
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const UPSTREAM_KEY = 'sk-bench-upstream';
const SWITCHYARD_KEY = 'sk-sy-bench-0001';
const MODEL = 'bench-small';
const REQUEST_BODY = {
  model: MODEL,
  messages: [
    { role: 'system', content: 'You are a concise assistant.' },
    { role: 'user', content: 'Summarise why a gateway should stream bytes through instead of buffering them.' },
  ],
  max_tokens: 32,
  temperature: 0.2,
};

// A distinctive prefix: other tools on a shared machine sweep /tmp/switchyard-*.
const tmp = mkdtempSync(join(os.tmpdir(), 'gwbench-'));
const children = new Set();

// ---- process management -------------------------------------------------------------------

function killAll() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
process.on('exit', () => {
  killAll();
  if (!process.env.BENCH_KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
process.on('uncaughtException', (error) => {
  console.error(error);
  process.exit(1);
});
process.on('unhandledRejection', (error) => {
  console.error(error);
  process.exit(1);
});

function start(name, args, opts = {}) {
  const log = join(tmp, `${name}.log`);
  // taskset execs node in place, so the pid sampled below is node's own.
  const [command, argv] = opts.cpu === undefined ? [process.execPath, args] : ['taskset', ['-c', opts.cpu, process.execPath, ...args]];
  const child = spawn(command, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  children.add(child);
  let logText = '';
  const keep = (chunk) => {
    // Keep only the tail, so a process that logs on every request cannot grow this one.
    logText = (logText + chunk.toString()).slice(-8_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', () => children.delete(child));
  return { name, child, pid: child.pid, log, tail: () => logText };
}

async function stop(proc, graceMs = 5_000) {
  const { child } = proc;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` resolves true, the process dies, or the deadline passes. */
async function waitFor(proc, what, check, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited (${proc.child.exitCode}) before ${what}:\n${proc.tail()}`);
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await sleep(50);
  }
  throw new Error(`${proc.name}: timed out waiting for ${what}:\n${proc.tail()}`);
}

async function httpStatus(url, init) {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(2_000) });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers };
}

// ---- /proc sampling -----------------------------------------------------------------------

/**
 * CPU of each thread of a process in ms, by kernel task id with its name (/proc/<pid>/task/<tid>/
 * schedstat, nanoseconds): the event loop is the task whose id is the pid; Node names its worker
 * threads' tasks by the worker's `name` option.
 */
function threadCpuMs(pid) {
  const threads = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const systemTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[12]);
      threads[tid] = { name: Number(tid) === pid ? 'event loop' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(), ms: ns / 1e6, systemMs: (systemTicks * 1000) / CLK_TCK };
    } catch {} // a thread that just ended
  }
  return threads;
}

/**
 * µs per request of each thread name (threads of one name summed; alive at both marks), and of
 * that in the kernel (`<name> (system)`, from clock ticks: coarse over short windows).
 */
function threadFigures(before, after, done) {
  if (!before || !after || done <= 0) return undefined;
  const byName = {};
  for (const [tid, t] of Object.entries(after)) {
    const was = before[tid];
    if (!was) continue;
    byName[t.name] = (byName[t.name] ?? 0) + t.ms - was.ms;
    byName[`${t.name} (system)`] = (byName[`${t.name} (system)`] ?? 0) + t.systemMs - was.systemMs;
  }
  return Object.fromEntries(Object.entries(byName).filter(([, ms]) => ms > 0).map(([name, ms]) => [name, round((ms * 1000) / done, 1)]));
}

function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** Busy and total jiffies of the whole machine, to tell how much CPU processes outside the bench took. */
function machineJiffies() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
  return { busy: user + nice + system + irq + softirq + steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
}

function statusKb(pid, field) {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) : null;
}

// ---- the roles ----------------------------------------------------------------------------

/**
 * Node flags that profile a proxy's process with BENCH_CPU_PROF: one folder per process, Node's own
 * file names (a fixed --cpu-prof-name made every thread, trace writer and token counter, write
 * the same file, so only one thread's profile survived).
 */
function cpuProfArgs(name) {
  return CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', resolve(CPU_PROF, `${name}-${Date.now()}`)] : [];
}

async function startSimulator(streaming) {
  const port = await freePort();
  const timing = streaming
    ? ['--ttft-ms', String(UPSTREAM_MS), '--tokens-per-second', String(TOKENS_PER_SECOND), '--latency-ms', '0']
    : ['--ttft-ms', '0', '--tokens-per-second', '0', '--latency-ms', String(UPSTREAM_MS)];
  const proc = start('simulator', [SWITCHYARD_BIN, 'simulate', '--port', String(port), ...timing], { cpu: LOAD_CPU });
  proc.url = `http://127.0.0.1:${port}`;
  await waitFor(proc, 'its port', async () => (await httpStatus(`${proc.url}/v1/models`, { headers: { authorization: `Bearer ${UPSTREAM_KEY}` } })).status < 500);
  return proc;
}

function switchyardConfig(simUrl, store, extra = []) {
  return [
    ...extra,
    'server: { host: 127.0.0.1, port: 0 }',
    `store: ${JSON.stringify(store)}`,
    'traces: { bodies: full }',
    'providers:',
    `  sim: { type: openai, base_url: ${simUrl}/v1, api_key: ${UPSTREAM_KEY} }`,
    'models:',
    // The upstream model keeps the requested name, so the simulator answers every target alike.
    `  ${MODEL}: { provider: sim, model: ${MODEL}, price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }`,
    'keys:',
    `  - { key: ${SWITCHYARD_KEY}, name: bench }`,
    '',
  ].join('\n');
}

/** Each target: how to start it (undefined = no process), its base URL and request headers. */
const TARGET_DEFS = {
  direct: {
    label: 'direct (no proxy)',
    async start(sim) {
      return { url: sim.url, headers: { authorization: `Bearer ${UPSTREAM_KEY}` } };
    },
  },
  passthrough: {
    label: 'undici pass-through',
    async start(sim) {
      const port = await freePort();
      const proc = start('passthrough', [...cpuProfArgs('passthrough'), 'bench/passthrough-proxy.mjs', sim.url, String(port)], { cpu: PROXY_CPU });
      const url = `http://127.0.0.1:${port}`;
      await waitFor(proc, 'its port', async () => (await httpStatus(`${url}/v1/models`, { headers: { authorization: `Bearer ${UPSTREAM_KEY}` } })).status === 200);
      return { proc, url, headers: { authorization: `Bearer ${UPSTREAM_KEY}` } };
    },
  },
  floor: {
    label: 'JSON-parsing floor',
    async start(sim) {
      const port = await freePort();
      const proc = start('floor', [...cpuProfArgs('floor'), 'bench/json-floor-proxy.mjs', sim.url, String(port)], { cpu: PROXY_CPU });
      const url = `http://127.0.0.1:${port}`;
      await waitFor(proc, 'its port', async () => (await httpStatus(`${url}/v1/models`, { headers: { authorization: `Bearer ${UPSTREAM_KEY}` } })).status === 200);
      return { proc, url, headers: { authorization: `Bearer ${UPSTREAM_KEY}` } };
    },
  },
  switchyard: {
    label: 'Switchyard (SQLite)',
    start: (sim, mode) => startSwitchyard(sim, mode, 'sqlite'),
  },
  'switchyard-telemetry-off': {
    label: 'Switchyard, no metrics',
    start: (sim, mode) => startSwitchyard(sim, mode, 'sqlite', ['metrics: { enabled: false }']),
  },
  'switchyard-otel': {
    label: 'Switchyard + OTel',
    start: async (sim, mode) => startSwitchyard(sim, mode, 'sqlite', [`otel: { endpoint: "${await nullCollector()}", metrics_interval_ms: 5000 }`]),
  },
  // The routing issue's bar: a request a promoted local task model answers costs ≤ 0.3 ms CPU
  // end to end. Banking77's model is trained and promoted through the CLI before the gateway
  // starts; no shadow sampling, so every measured request is answered locally.
  'switchyard-local': {
    label: 'Switchyard, local answer',
    body: { model: 'support-intent', messages: [{ role: 'user', content: 'My new card still has not arrived, how long does delivery take?' }], max_tokens: 16 },
    start: (sim, mode) => startSwitchyard(sim, mode, 'sqlite', LOCAL_ROUTE, trainLocalModel),
  },
  'switchyard-pg': {
    label: 'Switchyard (PostgreSQL)',
    start: (sim, mode) => startSwitchyard(sim, mode, 'postgres'),
  },
  portkey: {
    label: 'Portkey 1.15.2',
    async start(sim) {
      const port = await freePort();
      const entry = join(ROOT, 'node_modules/@portkey-ai/gateway/build/start-server.js');
      if (!existsSync(entry)) throw new Error('@portkey-ai/gateway is not installed: run npm install');
      const proc = start('portkey', [entry, `--port=${port}`, '--headless']);
      const url = `http://127.0.0.1:${port}`;
      // It prints "Ready" after a 1 s spinner; its root path answers once the server listens.
      await waitFor(proc, 'its port', async () => (await httpStatus(`${url}/`)).status < 500);
      return {
        proc,
        url,
        headers: { authorization: `Bearer ${UPSTREAM_KEY}`, 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${sim.url}/v1` },
      };
    },
  },
};

/** An OTLP/HTTP collector that accepts every export and keeps nothing (on the load generator's core, in this process). */
let collectorUrl;
async function nullCollector() {
  if (collectorUrl) return collectorUrl;
  const { createServer: createHttpServer } = await import('node:http');
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  collectorUrl = `http://127.0.0.1:${server.address().port}`;
  return collectorUrl;
}

const LOCAL_ROUTE = [
  'routes:',
  '  support-intent:',
  '    policy: static',
  `    target: ${MODEL}`,
  '    options:',
  '      task: { type: classify, min_precision: 0.95, shadow_rate: 0, retrain_every: 1000000, min_examples: 1000000 }',
];

/** Trains banking77's model into the gateway's store and promotes it for route support-intent. */
function trainLocalModel(db) {
  const out = join(tmp, 'support-intent.sylm');
  execFileSync(process.execPath, [SWITCHYARD_BIN, 'local', 'train', '--data', join(ROOT, 'data/banking77/train.csv'), '--label-column', 'category', '--route', 'support-intent', '--promote', '--db', db, '--out', out], { cwd: ROOT, stdio: 'ignore' });
}

async function startSwitchyard(sim, mode, backend, extra = [], prepare = undefined) {
  const port = await freePort();
  const name = `switchyard-${backend}-${mode}${extra.length ? `-${extra.join('').replace(/[^a-z]+/g, '').slice(0, 20)}` : ''}`;
  const configFile = join(tmp, `${name}.yaml`);
  let store;
  let db;
  if (backend === 'sqlite') {
    db = join(tmp, `${name}.db`);
    store = { sqlite: db };
  } else {
    db = await scratchDatabase(`bench_${mode.replace(/-/g, '_')}_${process.pid}`);
    store = { postgres: db };
  }
  mkdirSync(tmp, { recursive: true });
  if (prepare) prepare(db);
  writeFileSync(configFile, switchyardConfig(sim.url, store, extra));
  const profArgs = cpuProfArgs(name);
  if (LOOP_DIAG) mkdirSync(LOOP_DIAG, { recursive: true });
  const diagArgs = LOOP_DIAG ? ['--require', join(ROOT, 'bench/gateway-loop-diag.cjs')] : [];
  const diagEnv = LOOP_DIAG ? { LOOP_DIAG_OUT: join(LOOP_DIAG, name) } : {};
  const proc = start('switchyard', [...SWITCHYARD_NODE_ARGS, ...diagArgs, ...profArgs, SWITCHYARD_BIN, 'serve', '--config', configFile, '--port', String(port)], { cpu: PROXY_CPU, env: diagEnv });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(proc, '/health 200', async () => (await httpStatus(`${url}/health`)).status === 200);
  return { proc, url, db, headers: { authorization: `Bearer ${SWITCHYARD_KEY}` }, drainsTraces: true };
}

/**
 * Waits until a Switchyard target reports its trace backlog empty (`/health` `trace_backlog`:
 * queued, being stored, or views still to derive), so a window's CPU reading includes writing
 * its requests' traces rather than leaving it to the next window (or the next target's). Returns
 * the ms it waited; null for other targets. Gives up after 15 s (a store that cannot keep up).
 */
async function traceDrain(target) {
  if (!target.drainsTraces) return null;
  const started = performance.now();
  for (;;) {
    const { status, text } = await httpStatus(`${target.url}/health`);
    const backlog = status === 200 ? JSON.parse(text).trace_backlog : undefined;
    const waited = round(performance.now() - started, 0);
    if (typeof backlog !== 'number' || backlog === 0) return waited;
    if (waited > 15_000) {
      console.error(`  ${target.url}: trace backlog still ${backlog} after 15 s; closing the window anyway`);
      return waited;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A fresh, empty PostgreSQL database for one run (dropped at the end); its URL. */
const scratchDatabases = [];
async function scratchDatabase(name) {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  // Every PostgreSQL cell starts right after a checkpoint, so none gets the server's timed one
  // (every 5 min by default, its writes spread over 4.5) and the full-page images after it while
  // another does not. Needs a superuser or pg_checkpoint; without, the cell runs as it finds the server.
  await admin.query('CHECKPOINT').catch(() => {});
  await admin.end();
  scratchDatabases.push(name);
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropScratchDatabases() {
  if (scratchDatabases.length === 0) return;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  for (const name of scratchDatabases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  await admin.end();
}

/** Counts the traces Switchyard wrote, to show that tracing really was on. */
async function countTraces(db) {
  if (db.startsWith('postgres')) {
    try {
      const { default: pg } = await import('pg');
      const conn = new pg.Client({ connectionString: db });
      await conn.connect();
      const { rows } = await conn.query('SELECT count(*)::int AS n, sum((cost_usd > 0)::int)::int AS costed, sum((response_json IS NOT NULL OR response IS NOT NULL)::int)::int AS bodies FROM traces');
      await conn.end();
      return rows[0];
    } catch (error) {
      return { error: error.message };
    }
  }
  try {
    const { default: Database } = await import('better-sqlite3');
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    const row = conn.prepare('SELECT count(*) AS n, sum(cost_usd > 0) AS costed, sum(response IS NOT NULL) AS bodies FROM traces').get();
    conn.close();
    return row;
  } catch (error) {
    return { error: error.message };
  }
}

/** One cell: a load-generator process; /proc of the proxy and simulator sampled at its marks. */
function runCell(target, sim, connections, streaming) {
  return USE_WRK ? runWrkCell(target, sim, connections, streaming) : runNodeCell(target, sim, connections, streaming);
}

/** Per-request CPU of each process and the load from outside the bench, from /proc samples. */
function cpuFigures(pids, before, after, done, windowMs, ownElsewhereMs = 0) {
  const perReq = (k) => (before[k] !== undefined && after[k] !== undefined && done > 0 ? round((after[k] - before[k]) / done, 3) : null);
  let otherCores = null;
  if (before.machine && after.machine) {
    const busyCores = ((after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total)) * NCPU;
    // Over the span the samples cover (the window and the trace drain after it), not the load's
    // window alone: against that, a cell's own CPU read high and the other load low by the drain's share.
    const spanMs = before.at !== undefined && after.at !== undefined ? after.at - before.at : windowMs;
    const ours = (Object.keys(pids).reduce((sum, k) => sum + (after[k] !== undefined ? after[k] - before[k] : 0), 0) + ownElsewhereMs) / spanMs;
    otherCores = round(Math.max(0, busyCores - ours), 2);
  }
  return { otherCores, cpuMsPerRequest: perReq('proxy'), simulatorCpuMsPerRequest: perReq('simulator'), loadCpuMsPerRequest: perReq('load'), proxyCpuMs: before.proxy !== undefined ? round(after.proxy - before.proxy, 1) : null };
}

async function runWrkCell(target, sim, connections, streaming) {
  const pids = { proxy: target.proc?.pid, simulator: sim.pid };
  const before = {};
  const after = {};
  let traceDrainMs = null;
  let loadEndProxyCpuMs;
  // A PostgreSQL target: the server's CPU and checkpoints over the cell, beside the gateway's.
  const database = target.db?.startsWith('postgres') ? new URL(target.db).pathname.slice(1) : undefined;
  const checkpointsBefore = database ? (await postgresServerState(POSTGRES, database)).checkpoints : undefined;
  const mark = async (edge) => {
    // The window closes once the gateway has written the traces of its requests.
    if (edge === 'end' && pids.proxy) loadEndProxyCpuMs = cpuMs(pids.proxy);
    if (edge === 'end') traceDrainMs = await traceDrain(target);
    const into = edge === 'start' ? before : after;
    into.at = performance.now();
    into.machine = machineJiffies();
    for (const [k, pid] of Object.entries(pids)) if (pid) into[k] = cpuMs(pid);
    if (THREADS && pids.proxy) into.threads = threadCpuMs(pids.proxy);
    if (database) into.postgres = postgresProcessCpu();
  };
  const requestBody = target.body ?? REQUEST_BODY;
  const body = JSON.stringify(streaming ? { ...requestBody, stream: true } : requestBody);
  const result = await wrkCell({ url: target.url, path: '/v1/chat/completions', connections, warmupMs: WARMUP_MS, warmupRuns: WARMUP_RUNS, durationMs: DURATION_MS, stream: streaming, headers: target.headers, body, dir: tmp, cpu: LOAD_CPU }, mark);
  const threadUsPerRequest = THREADS ? threadFigures(before.threads, after.threads, result.ok + result.errors) : undefined;
  // The gateway's CPU between the load's end and the window's: what a window closed with the load left out.
  const traceDrainCpuMs = loadEndProxyCpuMs === undefined || traceDrainMs === null ? null : round(after.proxy - loadEndProxyCpuMs, 1);
  let server = {};
  if (database) {
    const state = await postgresServerState(POSTGRES, database);
    // Checkpoints over the warm-up and the window (the counters are read before the warm-up).
    server = { ...postgresCpuFigures(before.postgres, after.postgres, state, result.ok + result.errors), postgresCheckpoints: state.checkpoints.n - checkpointsBefore.n, postgresCheckpointBuffers: state.checkpoints.buffers - checkpointsBefore.buffers };
  }
  return { ...result, traceDrainMs, traceDrainCpuMs, ...cpuFigures(pids, before, after, result.ok + result.errors, result.windowMs, server.postgresCpuMs ?? 0), ...server, ...(threadUsPerRequest ? { threadUsPerRequest } : {}) };
}

function runNodeCell(target, sim, connections, streaming) {
  return new Promise((resolveCell, reject) => {
    const spec = {
      url: target.url,
      path: '/v1/chat/completions',
      connections,
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
      stream: streaming,
      headers: target.headers,
      body: JSON.stringify(streaming ? { ...(target.body ?? REQUEST_BODY), stream: true } : (target.body ?? REQUEST_BODY)),
    };
    const loadArgs = [join(ROOT, 'bench/load.mjs'), JSON.stringify(spec)];
    const load = LOAD_CPU === undefined ? spawn(process.execPath, loadArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }) : spawn('taskset', ['-c', LOAD_CPU, process.execPath, ...loadArgs], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    children.add(load);
    load.on('exit', () => children.delete(load));
    const pids = { proxy: target.proc?.pid, simulator: sim.pid, load: load.pid };
    const before = {};
    const after = {};
    let result;
    let buffered = '';
    let closed = Promise.resolve();
    let traceDrainMs = null;
    let traceDrainCpuMs = null;
    load.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line === 'MEASURE_START') {
          before.at = performance.now();
          before.machine = machineJiffies();
          for (const [k, pid] of Object.entries(pids)) if (pid) before[k] = cpuMs(pid);
        } else if (line === 'MEASURE_END') {
          // The window closes once the gateway has written the traces of its requests.
          const loadEndProxyCpuMs = pids.proxy ? cpuMs(pids.proxy) : undefined;
          closed = traceDrain(target).then((waited) => {
            traceDrainMs = waited;
            after.at = performance.now();
            after.machine = machineJiffies();
            for (const [k, pid] of Object.entries(pids)) if (pid) after[k] = cpuMs(pid);
            traceDrainCpuMs = loadEndProxyCpuMs === undefined || waited === null ? null : round(after.proxy - loadEndProxyCpuMs, 1);
          });
        } else if (line.startsWith('RESULT ')) result = JSON.parse(line.slice(7));
      }
    });
    const hardStop = setTimeout(() => load.kill('SIGKILL'), WARMUP_MS + DURATION_MS + 20_000);
    load.on('exit', async (code) => {
      clearTimeout(hardStop);
      if (!result) return reject(new Error(`load generator exited ${code} without a result`));
      await closed;
      resolveCell({ ...result, loadGenerator: 'node', traceDrainMs, traceDrainCpuMs, ...cpuFigures(pids, before, after, result.ok + result.errors, DURATION_MS) });
    });
  });
}

const round = (x, digits = 2) => (x === null || x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits);

async function sanity(target, streaming) {
  const requestBody = target.body ?? REQUEST_BODY;
  const body = JSON.stringify(streaming ? { ...requestBody, stream: true } : requestBody);
  const { status, text, headers } = await httpStatus(`${target.url}/v1/chat/completions`, { method: 'POST', headers: { ...target.headers, 'content-type': 'application/json' }, body });
  // A local target must really be answered by the local model, not by its teacher.
  const good = status === 200 && (streaming ? text.includes('[DONE]') : text.includes('"choices"')) && (!target.body || text.includes('"model":"local:'));
  return { status, good, route: headers.get('x-switchyard-route') ?? undefined, sample: good ? undefined : text.slice(0, 200) };
}

// ---- main ---------------------------------------------------------------------------------

const began = Date.now();
const cells = [];
const processes = {};
console.log(`switchyard bench: ${NCPU} CPUs (${os.cpus()[0]?.model}), node ${process.version}; ${WARMUP_MS} ms warm-up + ${DURATION_MS} ms per cell; load: ${USE_WRK ? 'wrk' : 'node'}; ${CAN_PIN ? `proxy pinned to CPU ${PROXY_CPU}, simulator and load to ${LOAD_CPU}` : 'not pinned'}${priority ? `; ${priority}` : ''}`);
for (const mode of MODES) {
  const streaming = mode === 'streaming';
  const sim = await startSimulator(streaming);
  for (const name of TARGETS) {
    const def = TARGET_DEFS[name];
    if (!def) throw new Error(`unknown target ${name}`);
    const target = await def.start(sim, mode);
    if (def.body) target.body = def.body;
    const check = await sanity(target, streaming);
    process.stdout.write(`${def.label.padEnd(22)} ${mode.padEnd(14)} sanity ${check.status}${check.good ? '' : ` (${check.sample})`}\n`);
    const info = (processes[name] ??= { label: def.label, peakRssMb: null, modes: {} });
    const readyRssMb = target.proc ? round(statusKb(target.proc.pid, 'VmRSS') / 1024, 1) : null;
    for (const connections of CONNECTIONS) {
      const cell = await runCell(target, sim, connections, streaming);
      cells.push({ target: name, label: def.label, mode, ...cell });
      const errs = cell.errors ? `  errors ${cell.errors} ${JSON.stringify(cell.errorKinds)}` : '';
      process.stdout.write(`  c=${String(connections).padEnd(3)} ${String(cell.reqPerSec).padStart(8)} req/s  p50 ${cell.latencyMs.p50} ms  cpu ${cell.cpuMsPerRequest ?? '-'} ms/req${cell.traceDrainMs === null ? '' : ` (traces written ${cell.traceDrainMs} ms after the load, ${cell.traceDrainCpuMs} ms CPU)`}${cell.postgresCpuMsPerRequest === undefined ? '' : `; PostgreSQL server ${cell.postgresCpuMsPerRequest} ms/req, ${cell.postgresCheckpoints} checkpoints`}${errs}\n`);
    }
    if (target.proc) {
      const hwm = statusKb(target.proc.pid, 'VmHWM');
      info.modes[mode] = { readyRssMb, peakRssMb: round(hwm / 1024, 1), sanity: check };
      info.peakRssMb = Math.max(info.peakRssMb ?? 0, round(hwm / 1024, 1));
      await stop(target.proc, 10_000);
      if (target.db) info.modes[mode].traces = await countTraces(target.db);
      if (name === 'portkey') info.modes[mode].logTail = target.proc.tail().split('\n').filter((l) => /error/i.test(l)).slice(-2);
    } else info.modes[mode] = { sanity: check };
  }
  await stop(sim);
}
await dropScratchDatabases();
const elapsedS = round((Date.now() - began) / 1000, 1);

// ---- report -------------------------------------------------------------------------------

const find = (target, mode, c) => cells.find((x) => x.target === target && x.mode === mode && x.connections === c);
const table = new Table({
  head: ['target', 'mode', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'TTFB p50', 'TTFB p99', 'errors', 'CPU ms/req', 'peak RSS MB', 'other load'],
  style: { head: [], border: [] },
});
for (const cell of cells) {
  table.push([
    cell.label,
    cell.mode,
    cell.connections,
    cell.reqPerSec,
    cell.latencyMs.p50 ?? '-',
    cell.latencyMs.p99 ?? '-',
    cell.ttfbMs?.p50 ?? '-',
    cell.ttfbMs?.p99 ?? '-',
    cell.errors ? `${cell.errors} (${round((100 * cell.errors) / (cell.ok + cell.errors), 1)}%)` : 0,
    cell.cpuMsPerRequest ?? '-',
    processes[cell.target]?.modes[cell.mode]?.peakRssMb ?? '-',
    cell.otherCores === null ? '-' : `${cell.otherCores} cores`,
  ]);
}
console.log(table.toString());
for (const cell of cells) if (cell.threadUsPerRequest) console.log(`${cell.target} ${cell.mode} @${cell.connections} CPU µs/request by thread: ${JSON.stringify(cell.threadUsPerRequest)}`);

const targets = [];
const has = (t) => TARGETS.includes(t);
// The issue's bar, against the JSON-parsing floor: CPU per request ≤ 1.2×, req/s ≥ 0.9× and p99
// within 2 ms, at 64 connections, streamed and not; for each store.
for (const gateway of ['switchyard', 'switchyard-pg'].filter(has)) {
  const label = TARGET_DEFS[gateway].label;
  for (const mode of MODES) {
    const c = Math.max(...CONNECTIONS);
    const s = find(gateway, mode, c);
    const f = find('floor', mode, c);
    if (!s || !f) continue;
    const cpu = s.cpuMsPerRequest && f.cpuMsPerRequest ? round(s.cpuMsPerRequest / f.cpuMsPerRequest, 2) : null;
    targets.push({ target: `${label} CPU/request ≤ 1.2× JSON floor (${mode}, ${c} conns)`, value: `${s.cpuMsPerRequest} vs ${f.cpuMsPerRequest} ms = ${cpu}×`, pass: cpu !== null && cpu <= 1.2 });
    const rps = f.reqPerSec ? round(s.reqPerSec / f.reqPerSec, 2) : null;
    targets.push({ target: `${label} req/s ≥ 0.9× JSON floor (${mode}, ${c} conns)`, value: `${s.reqPerSec} vs ${f.reqPerSec} = ${rps}×`, pass: rps !== null && rps >= 0.9 });
    const p99 = s.latencyMs.p99 != null && f.latencyMs.p99 != null ? round(s.latencyMs.p99 - f.latencyMs.p99, 2) : null;
    targets.push({ target: `${label} p99 within 2 ms of JSON floor (${mode}, ${c} conns)`, value: `${s.latencyMs.p99} vs ${f.latencyMs.p99} ms = ${p99 === null ? '?' : (p99 >= 0 ? '+' : '') + p99} ms`, pass: p99 !== null && p99 <= 2 });
    // Why p99 and req/s move together: the pinned core's load at the floor's rate (bench/core-demand.mjs).
    const demand = coreDemand(s.cpuMsPerRequest, f.reqPerSec);
    if (demand !== null) {
      s.coreDemand = demand;
      targets.push({ target: `info: ${label} pinned-core demand at the floor's req/s (${mode}, ${c} conns)`, value: `${s.cpuMsPerRequest} ms × ${f.reqPerSec} req/s = ${demand} of a core (p99 and req/s bars met in past runs only below ~0.7-0.8; CPU budget for 0.7 on this host: ${cpuBudgetMs(f.reqPerSec)} ms)`, pass: null });
    }
  }
  for (const mode of MODES) {
    const c = Math.max(...CONNECTIONS);
    const s = find(gateway, mode, c);
    const p = find('passthrough', mode, c);
    if (s?.cpuMsPerRequest && p?.cpuMsPerRequest) targets.push({ target: `info: ${label} CPU/request vs byte pass-through (${mode}, ${c} conns)`, value: `${s.cpuMsPerRequest} vs ${p.cpuMsPerRequest} ms = ${round(s.cpuMsPerRequest / p.cpuMsPerRequest, 2)}×`, pass: null });
  }
}
if (find('switchyard', 'non-streaming', 64) && find('portkey', 'non-streaming', 64)) {
  const s = find('switchyard', 'non-streaming', 64);
  const k = find('portkey', 'non-streaming', 64);
  const ratio = k?.reqPerSec ? round(s.reqPerSec / k.reqPerSec, 2) : null;
  targets.push({ target: 'info: req/s vs Portkey (64 conns, 20 ms upstream, non-streaming)', value: `${s?.reqPerSec} vs ${k?.reqPerSec} req/s = ${ratio}×`, pass: null });
  if (s.cpuMsPerRequest && k.cpuMsPerRequest)
    targets.push({ target: 'info: CPU-bound capacity vs Portkey (its CPU/request ÷ ours, 64 conns)', value: `${k.cpuMsPerRequest} / ${s.cpuMsPerRequest} ms = ${round(k.cpuMsPerRequest / s.cpuMsPerRequest, 2)}×`, pass: null });
  const ss = find('switchyard', 'streaming', 64);
  const ks = find('portkey', 'streaming', 64);
  if (ss && ks) targets.push({
    target: 'info: streaming req/s vs Portkey (64 conns)',
    value: ks?.reqPerSec ? `${ss?.reqPerSec} vs ${ks.reqPerSec} ok req/s = ${round(ss.reqPerSec / ks.reqPerSec, 2)}×` : `Portkey answered 0 streams successfully (${ks?.errors} errors: ${JSON.stringify(ks?.errorKinds)})`,
    pass: null,
  });
}
if (!USE_WRK && has('switchyard') && has('passthrough')) {
  for (const c of CONNECTIONS) {
    const s = find('switchyard', 'streaming', c);
    const p = find('passthrough', 'streaming', c);
    if (!s?.ttfbMs || !p?.ttfbMs) continue;
    const delta = s.ttfbMs.p50 != null && p.ttfbMs.p50 != null ? round(s.ttfbMs.p50 - p.ttfbMs.p50, 3) : null;
    targets.push({ target: `streaming TTFB p50 within 0.5 ms of pass-through (${c} conns)`, value: `${s.ttfbMs.p50} vs ${p.ttfbMs.p50} ms = ${delta === null ? '?' : (delta >= 0 ? '+' : '') + delta} ms`, pass: delta !== null && delta <= 0.5 });
  }
}
// The monitoring issue's bar: metrics and OTel spans cost ≤ 1.1× the CPU per request of the gateway with them off.
for (const gateway of ['switchyard', 'switchyard-otel'].filter(has)) {
  for (const mode of MODES) {
    for (const c of CONNECTIONS) {
      const on = find(gateway, mode, c);
      const off = find('switchyard-telemetry-off', mode, c);
      if (!on?.cpuMsPerRequest || !off?.cpuMsPerRequest) continue;
      const ratio = round(on.cpuMsPerRequest / off.cpuMsPerRequest, 2);
      targets.push({ target: `${TARGET_DEFS[gateway].label} CPU/request ≤ 1.1× without telemetry (${mode}, ${c} conns)`, value: `${on.cpuMsPerRequest} vs ${off.cpuMsPerRequest} ms = ${ratio}×; req/s ${on.reqPerSec} vs ${off.reqPerSec}; p50 ${on.latencyMs.p50} vs ${off.latencyMs.p50} ms`, pass: ratio <= 1.1 });
    }
  }
}
for (const mode of MODES) {
  const l = find('switchyard-local', mode, Math.max(...CONNECTIONS));
  if (l) targets.push({ target: `local answer CPU/request ≤ 0.3 ms (${mode}, ${l.connections} conns)`, value: `${l.cpuMsPerRequest} ms (${l.reqPerSec} req/s, p99 ${l.latencyMs.p99} ms)`, pass: l.cpuMsPerRequest !== null && l.cpuMsPerRequest <= 0.3 });
}
for (const gateway of ['switchyard', 'switchyard-pg'].filter((g) => processes[g])) {
  const rss = processes[gateway].peakRssMb;
  targets.push({ target: `${TARGET_DEFS[gateway].label} peak RSS ≤ 150 MB`, value: `${rss} MB`, pass: rss !== null && rss <= 150 });
}
for (const t of targets) console.log(`${t.pass === null ? 'INFO' : t.pass ? 'PASS' : 'FAIL'}  ${t.target}: ${t.value}`);
for (const gateway of ['switchyard', 'switchyard-pg'].filter((g) => processes[g])) for (const [mode, m] of Object.entries(processes[gateway].modes)) console.log(`${TARGET_DEFS[gateway].label} traces written (${mode}): ${JSON.stringify(m.traces)}`);
const noisy = cells.filter((c) => c.otherCores > 0.25);
if (noisy.length) console.log(`note: other processes used > 0.25 cores during ${noisy.length} of ${cells.length} cells ("other load"); figures from those cells are noisier`);
console.log(`bench took ${elapsedS} s`);

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(
  OUT,
  `${JSON.stringify(
    {
      when: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGb: round(os.totalmem() / 2 ** 30, 1), node: process.version, platform: `${os.platform()} ${os.release()}` },
      setup: {
        warmupMs: WARMUP_MS,
        warmupRuns: WARMUP_RUNS,
        durationMs: DURATION_MS,
        connections: CONNECTIONS,
        upstream: { nonStreamingLatencyMs: UPSTREAM_MS, streamingTtftMs: UPSTREAM_MS, tokensPerSecond: TOKENS_PER_SECOND },
        request: REQUEST_BODY,
        switchyard: 'virtual key, priced model (cost computed), traces on, bodies: full; SQLite in a temp dir, or a scratch PostgreSQL database',
        floor: 'bench/json-floor-proxy.mjs: parses the request JSON, forwards it, parses the answer (or the SSE events carrying usage) to read usage',
        loadGenerator: USE_WRK ? 'wrk -t1 (Debian)' : 'bench/load.mjs (node)',
        pinning: CAN_PIN ? { proxyCpu: PROXY_CPU, simulatorAndLoadCpu: LOAD_CPU } : null,
        priority,
        portkey: '@portkey-ai/gateway 1.15.2, build/start-server.js --headless, x-portkey-provider: openai + x-portkey-custom-host',
      },
      elapsedS,
      processes,
      cells,
      targets,
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${OUT}`);
// Missed targets are findings, not a crash: the exit code stays 0 so the JSON is always written.
process.exit(0);
