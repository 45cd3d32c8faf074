// `npm run bench:cache`: CPU the gateway spends per request on a response-cache hit against a
// proxied request (the target: a hit costs ≤ 0.5× a proxied request), non-streaming and
// streaming. One process per role: simulator, gateway (`switchyard serve`), load generator
// (bench/load.mjs, closed loop). The gateway's CPU is read from /proc/<pid>/stat at the edges of
// each measured window. Both models hit the same simulator model; only `cached` opts into the cache,
// and every request is the same temperature-0 body, so after the first answer `cached` is all hits.
//
// Options (env): BENCH_WARMUP_MS (1000), BENCH_DURATION_MS (5000), BENCH_CONNECTIONS (16),
// BENCH_OUT (bench/results/cache.json), BENCH_CPU_PROF=dir (runs the gateway under --cpu-prof, which
// inflates its CPU: for reading where the time goes, not for the ratio; summarise with
// bench/cpu-profile-summary.mjs). Each mode also runs on one connection, for the latency a single
// client sees. Each cell also gives its CPU split by thread (main, trace writer, other).
// BENCH_SWITCHYARD_BIN runs another build's gateway (the simulator stays this build's) under this same script.
// BENCH_EXCLUSIVE=1 runs it in a session of its own at autogroup nice -20, as bench:gateway does
// (bench/exclusive-session.mjs): on a machine shared with other sessions, closer to a quiet host.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exclusiveSession } from './exclusive-session.mjs';

const priority = await exclusiveSession();

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1000);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const OUT = process.env.BENCH_OUT ?? join(ROOT, 'bench/results/cache.json');
// Another build's bin (BENCH_SWITCHYARD_BIN=/other/checkout/bin/switchyard.js) for an A/B in the same minutes.
const BIN = process.env.BENCH_SWITCHYARD_BIN ? resolve(process.env.BENCH_SWITCHYARD_BIN) : join(ROOT, 'bin/switchyard.js');
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const KEY = 'sk-sy-bench-cache-0001';
const tmp = mkdtempSync(join(os.tmpdir(), 'cachebench-'));
const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

const body = (model, stream) =>
  JSON.stringify({
    model,
    temperature: 0,
    max_tokens: 32,
    stream,
    messages: [
      { role: 'system', content: 'You are a concise assistant.' },
      { role: 'user', content: 'Summarise why a gateway should stream bytes through instead of buffering them.' },
    ],
  });

function start(name, args) {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let tail = '';
  const keep = (chunk) => (tail = (tail + chunk.toString()).slice(-4_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', () => children.delete(child));
  return { name, child, pid: child.pid, tail: () => tail };
}

function freePort() {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitFor(proc, url) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited:\n${proc.tail()}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1_000) })).status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${proc.name} did not start:\n${proc.tail()}`);
}

function cpuMs(pid, task = '') {
  const stat = readFileSync(`/proc/${pid}${task}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/**
 * The same CPU split by thread, for reading a result (the ratio uses the process total): the main
 * thread, the trace writer (`sy-trace-write`), and the rest (V8's GC helpers, libuv's pool).
 * A thread that ended inside the window is missing from the split; the total still counts it.
 */
function cpuByThread(pid) {
  const split = { main: 0, traceWriter: 0, other: 0 };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ms = cpuMs(pid, `/task/${tid}`);
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      split[tid === String(pid) ? 'main' : name === 'sy-trace-write' ? 'traceWriter' : 'other'] += ms;
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return split;
}

function measure(gateway, url, model, stream, connections = CONNECTIONS) {
  return new Promise((resolveCell, reject) => {
    const spec = { url, path: '/v1/chat/completions', connections, warmupMs: WARMUP_MS, durationMs: DURATION_MS, stream, headers: { authorization: `Bearer ${KEY}` }, body: body(model, stream) };
    const load = spawn(process.execPath, [join(ROOT, 'bench/load.mjs'), JSON.stringify(spec)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    children.add(load);
    let before;
    let after;
    let threadsBefore;
    let threadsAfter;
    let result;
    let buffered = '';
    load.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line === 'MEASURE_START') [before, threadsBefore] = [cpuMs(gateway.pid), cpuByThread(gateway.pid)];
        else if (line === 'MEASURE_END') [after, threadsAfter] = [cpuMs(gateway.pid), cpuByThread(gateway.pid)];
        else if (line.startsWith('RESULT ')) result = JSON.parse(line.slice(7));
      }
    });
    load.on('exit', (code) => {
      children.delete(load);
      if (!result) return reject(new Error(`load generator exited ${code} without a result`));
      if (before === undefined || after === undefined) return reject(new Error(`no measurement marks (before ${before}, after ${after}); load output tail: ${buffered.slice(-200)}`));
      const requests = result.ok + result.errors;
      const perRequest = (ms) => round(ms / Math.max(1, requests), 4);
      const byThread = Object.fromEntries(Object.keys(threadsAfter).map((k) => [k, perRequest(threadsAfter[k] - (threadsBefore[k] ?? 0))]));
      resolveCell({ requests, ok: result.ok, errors: result.errors, rps: Math.round(requests / (DURATION_MS / 1000)), cpuMsPerRequest: perRequest(after - before), cpuMsPerRequestByThread: byThread, latencyMs: result.latencyMs ?? result.latency ?? null });
    });
  });
}

const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

const simPort = await freePort();
const sim = start('simulator', [join(ROOT, 'bin/switchyard.js'), 'simulate', '--port', String(simPort), '--ttft-ms', '0', '--tokens-per-second', '0', '--latency-ms', '5']);
await waitFor(sim, `http://127.0.0.1:${simPort}/v1/models`);
const port = await freePort();
const config = join(tmp, 'gateway.yaml');
writeFileSync(
  config,
  [
    `store: { sqlite: ${join(tmp, 'sy.db')} }`,
    'providers:',
    `  sim: { type: openai, base_url: http://127.0.0.1:${simPort}/v1, api_key: sk-upstream }`,
    'models:',
    '  proxied: { provider: sim, model: bench-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }',
    '  cached:  { provider: sim, model: bench-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }',
    'cache: { routes: { cached: {} } }',
    'keys:',
    `  - { key: ${KEY}, name: bench }`,
    '',
  ].join('\n'),
);
const profArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', resolve(process.env.BENCH_CPU_PROF)] : [];
const gateway = start('gateway', [...profArgs, BIN, 'serve', '--config', config, '--port', String(port)]);
const url = `http://127.0.0.1:${port}`;
await waitFor(gateway, `${url}/health`);
// Fill the cache: one whole answer serves the streamed hits too.
const first = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: body('cached', false) });
if (first.headers.get('x-switchyard-cache') !== 'miss') throw new Error(`expected a miss first, got ${first.headers.get('x-switchyard-cache')}`);
await first.text();
await new Promise((r) => setTimeout(r, 200));
const check = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: body('cached', true) });
if (check.headers.get('x-switchyard-cache') !== 'hit') throw new Error(`expected a hit, got ${check.headers.get('x-switchyard-cache')}`);
await check.text();

const cells = {};
for (const stream of [false, true]) {
  const mode = stream ? 'streaming' : 'non-streaming';
  cells[mode] = { proxied: await measure(gateway, url, 'proxied', stream), hit: await measure(gateway, url, 'cached', stream) };
  cells[mode].hitToProxiedCpu = round(cells[mode].hit.cpuMsPerRequest / cells[mode].proxied.cpuMsPerRequest, 3);
  // One connection, one request at a time: the latency a single client sees, without queueing.
  cells[mode].sequentialLatencyMs = { proxied: (await measure(gateway, url, 'proxied', stream, 1)).latencyMs, hit: (await measure(gateway, url, 'cached', stream, 1)).latencyMs };
  console.log(`${mode}, one connection: proxied p50 ${cells[mode].sequentialLatencyMs.proxied?.p50} ms, hit p50 ${cells[mode].sequentialLatencyMs.hit?.p50} ms`);
  console.log(`${mode}: proxied ${cells[mode].proxied.cpuMsPerRequest} ms CPU/request (${cells[mode].proxied.rps} req/s), cache hit ${cells[mode].hit.cpuMsPerRequest} ms (${cells[mode].hit.rps} req/s): ${cells[mode].hitToProxiedCpu}×`);
  const split = (cell) => Object.entries(cell.cpuMsPerRequestByThread).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`${mode} by thread (ms/request): proxied ${split(cells[mode].proxied)}; hit ${split(cells[mode].hit)}`);
}
const result = {
  bench: 'cache',
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg: os.loadavg() },
  settings: { warmupMs: WARMUP_MS, durationMs: DURATION_MS, connections: CONNECTIONS, upstreamLatencyMs: 5, ...(priority ? { priority } : {}), ...(process.env.BENCH_SWITCHYARD_BIN ? { gatewayBin: resolve(process.env.BENCH_SWITCHYARD_BIN) } : {}) },
  target: 'cache hit CPU per request ≤ 0.5× a proxied request',
  cells,
  pass: Object.values(cells).every((c) => c.hitToProxiedCpu <= 0.5),
};
writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written to ${OUT}`);
if (profArgs.length > 0) {
  // A profile is written when the process exits by itself, never on SIGKILL.
  gateway.child.kill('SIGINT');
  await new Promise((r) => gateway.child.once('exit', r));
}
process.exit(0);
