// Interleaved A/B of the streamed cell of bench/gateway.mjs (issue #7's bars against the
// JSON-parsing floor) for a machine shared with other work. One simulator (streaming as in
// bench/gateway.mjs: first token after 20 ms, 500 tokens/s, max_tokens 32) on core 0; the floor
// proxy and the two builds' gateways (same config as bench/gateway.mjs's switchyard target: key,
// priced model, full-body traces, SQLite) all pinned to the last core; wrk (core 0, 64
// connections) drives one of them at a time in short slices, rotating the order every round, and
// each process's CPU (utime + stime of all its threads, from /proc) is sampled at the edges of
// its own slices. Outside load then hits every side alike; figures are medians over rounds and
// medians of the per-round ratios.
//
// With `together` (the 5th argument, 1), every side is driven at the same time by its own wrk
// instead, so a burst of outside load hits all three in the same seconds (they then also share
// the last core with each other: use it for ratios, not for absolute figures).
//
// usage: node bench/stream-ab.mjs A/bin/switchyard.js B/bin/switchyard.js [rounds=8] [sliceSeconds=4] [together=0|1]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [A, B] = [process.argv[2], process.argv[3]].map((bin) => resolve(bin ?? ''));
if (!process.argv[3]) {
  console.error('usage: node bench/stream-ab.mjs A/bin/switchyard.js B/bin/switchyard.js [rounds] [sliceSeconds]');
  process.exit(2);
}
const ROUNDS = Number(process.argv[4] ?? 8);
const SLICE = Number(process.argv[5] ?? 4);
const TOGETHER = process.argv[6] === '1';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LAST = String(os.cpus().length - 1);
const tmp = mkdtempSync(join(os.tmpdir(), 'gwbench-stream-ab-'));
const CLK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
const cpuMs = (pid) => {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return ((+f[11] + +f[12]) * 1000) / CLK;
};
const children = [];
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

function start(cpu, args) {
  const child = spawn('taskset', ['-c', cpu, process.execPath, ...args], { cwd: ROOT, stdio: 'ignore' });
  children.push(child);
  return child;
}

async function up(url, headers) {
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(url, { headers })).status < 500) return;
    } catch {}
    await sleep(50);
  }
  throw new Error(`${url} never came up`);
}

const UPSTREAM_KEY = 'sk-bench-upstream';
const simPort = await freePort();
start('0', [A, 'simulate', '--port', String(simPort), '--ttft-ms', '20', '--tokens-per-second', '500', '--latency-ms', '0']);
const simUrl = `http://127.0.0.1:${simPort}`;
await up(`${simUrl}/v1/models`, { authorization: `Bearer ${UPSTREAM_KEY}` });

async function startFloor() {
  const port = await freePort();
  const child = start(LAST, [join(ROOT, 'bench/json-floor-proxy.mjs'), simUrl, String(port)]);
  const url = `http://127.0.0.1:${port}`;
  await up(`${url}/v1/models`, { authorization: `Bearer ${UPSTREAM_KEY}` });
  return { name: 'floor', pid: child.pid, url, key: UPSTREAM_KEY };
}

async function startGateway(name, bin) {
  const port = await freePort();
  const cfg = join(tmp, `${name}.yaml`);
  writeFileSync(cfg, [
    'server: { host: 127.0.0.1, port: 0 }', `store: ${JSON.stringify({ sqlite: join(tmp, `${name}.db`) })}`, 'traces: { bodies: full }', 'providers:',
    `  sim: { type: openai, base_url: ${simUrl}/v1, api_key: ${UPSTREAM_KEY} }`, 'models:',
    '  bench-small: { provider: sim, model: bench-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }',
    'keys:', '  - { key: sk-sy-bench-0001, name: bench }', ''].join('\n'));
  const child = start(LAST, [bin, 'serve', '--config', cfg, '--port', String(port)]);
  const url = `http://127.0.0.1:${port}`;
  await up(`${url}/health`);
  return { name, pid: child.pid, url, key: 'sk-sy-bench-0001' };
}

const body = JSON.stringify({
  model: 'bench-small',
  messages: [
    { role: 'system', content: 'You are a concise assistant.' },
    { role: 'user', content: 'Summarise why a gateway should stream bytes through instead of buffering them.' },
  ],
  max_tokens: 32,
  temperature: 0.2,
  stream: true,
});

function wrk(side, seconds) {
  const lua = join(tmp, `${side.name}.lua`);
  writeFileSync(lua, [
    'wrk.method = "POST"', `wrk.body = [[${body}]]`, 'wrk.headers["content-type"] = "application/json"', `wrk.headers["authorization"] = "Bearer ${side.key}"`,
    'done = function(s, latency) io.write(string.format("RESULT %d %d %d %d\\n", s.requests, s.errors.status + s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout, latency:percentile(50), latency:percentile(99))) end', ''].join('\n'));
  return new Promise((resolveRun, reject) => {
    const c = spawn('taskset', ['-c', '0', 'wrk', '-t', '1', '-c', '64', '-d', `${seconds}s`, '--timeout', '10s', '-s', lua, `${side.url}/v1/chat/completions`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('exit', () => {
      const m = out.match(/RESULT (\d+) (\d+) (\d+) (\d+)/);
      m ? resolveRun({ requests: +m[1], errors: +m[2], p50: +m[3] / 1000, p99: +m[4] / 1000 }) : reject(new Error(out));
    });
  });
}

const sides = [await startFloor(), await startGateway('A', A), await startGateway('B', B)];
for (const s of sides) {
  const text = await (await fetch(`${s.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.key}` }, body })).text();
  if (!text.includes('[DONE]')) throw new Error(`${s.name}: not a whole stream: ${text.slice(0, 200)}`);
}
// A gateway needs ~8 s under load to reach its steady state (see bench/gateway.mjs).
for (const s of sides) await wrk(s, 8);
const got = Object.fromEntries(sides.map((s) => [s.name, { cpu: [], rps: [], p50: [], p99: [] }]));
const ratio = { 'A/floor': [], 'B/floor': [], 'B/A': [] };
const p99Delta = { A: [], B: [] };
for (let round = 0; round < ROUNDS; round++) {
  const order = sides.map((_, i) => sides[(i + round) % sides.length]);
  const cell = {};
  const measure = async (s) => {
    const c0 = cpuMs(s.pid);
    const r = await wrk(s, SLICE);
    const c1 = cpuMs(s.pid);
    cell[s.name] = { cpu: (c1 - c0) / r.requests, rps: r.requests / SLICE, p50: r.p50, p99: r.p99 };
    for (const k of ['cpu', 'rps', 'p50', 'p99']) got[s.name][k].push(cell[s.name][k]);
    if (r.errors) console.log(`${s.name}: ${r.errors} errors`);
  };
  if (TOGETHER) await Promise.all(order.map(measure));
  else for (const s of order) await measure(s);
  ratio['A/floor'].push(cell.A.cpu / cell.floor.cpu);
  ratio['B/floor'].push(cell.B.cpu / cell.floor.cpu);
  ratio['B/A'].push(cell.B.cpu / cell.A.cpu);
  p99Delta.A.push(cell.A.p99 - cell.floor.p99);
  p99Delta.B.push(cell.B.p99 - cell.floor.p99);
  console.log(`round ${round}: ${sides.map((s) => `${s.name} ${cell[s.name].cpu.toFixed(3)} ms/req ${cell[s.name].rps.toFixed(0)} req/s p99 ${cell[s.name].p99.toFixed(1)}`).join(' | ')}  B/A ${(cell.B.cpu / cell.A.cpu).toFixed(3)}  load ${os.loadavg()[0].toFixed(1)}`);
}
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const s of sides) console.log(`${s.name.padEnd(5)} median ${med(got[s.name].cpu).toFixed(3)} ms/req, ${med(got[s.name].rps).toFixed(0)} req/s, p50 ${med(got[s.name].p50).toFixed(1)} ms, p99 ${med(got[s.name].p99).toFixed(1)} ms`);
console.log(`CPU/req ratios (median of rounds): A/floor ${med(ratio['A/floor']).toFixed(3)}, B/floor ${med(ratio['B/floor']).toFixed(3)}, B/A ${med(ratio['B/A']).toFixed(3)}; p99 - floor: A +${med(p99Delta.A).toFixed(1)} ms, B +${med(p99Delta.B).toFixed(1)} ms (${ROUNDS} rounds of ${SLICE} s slices${TOGETHER ? ', sides driven together' : ''}, machine load ${os.loadavg()[0].toFixed(1)})`);
process.exit(0);
