// Interleaved A/B of the local-answer cell (issue #9's "≤ 0.3 ms CPU" bar) for a machine shared
// with other work. `BENCH_SWITCHYARD_BIN` runs of bench/gateway.mjs measure one build per process,
// tens of seconds apart; under outside load their ratios swung from 0.56 to 2.4 for one pair of
// builds. Here both builds serve at once (pinned to the last core), wrk (on core 0) alternates
// short slices between them, and each server's CPU (utime + stime from /proc) is sampled at the
// edges of its own slices, so outside load hits both sides alike; the figure is the median of the
// per-pair ratios. Same request, config and banking77 model (trained and promoted through each
// build's CLI) as bench/gateway.mjs's switchyard-local target; no upstream is called.
//
// usage: node bench/local-ab.mjs A/bin/switchyard.js B/bin/switchyard.js [pairs=12] [sliceSeconds=2] [stream=0|1]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
const [A, B] = [process.argv[2], process.argv[3]].map((bin) => resolve(bin ?? ''));
if (!process.argv[3]) {
  console.error('usage: node bench/local-ab.mjs A/bin/switchyard.js B/bin/switchyard.js [pairs] [sliceSeconds] [stream 0|1]');
  process.exit(2);
}
const PAIRS = Number(process.argv[4] ?? 12);
const SLICE = Number(process.argv[5] ?? 2);
const STREAM = process.argv[6] === '1';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(os.tmpdir(), 'gwbench-local-ab-'));
const CLK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
const cpuMs = (pid) => { const s = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return ((+f[11]) + (+f[12])) * 1000 / CLK; };
const children = [];
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); rmSync(tmp, { recursive: true, force: true }); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function startSide(name, bin, port) {
  const db = join(tmp, `${name}.db`);
  execFileSync(process.execPath, [bin, 'local', 'train', '--data', join(ROOT, 'data/banking77/train.csv'), '--label-column', 'category', '--route', 'support-intent', '--promote', '--db', db, '--out', join(tmp, `${name}.sylm`)], { cwd: ROOT, stdio: 'ignore' });
  const cfg = join(tmp, `${name}.yaml`);
  writeFileSync(cfg, [
    'routes:', '  support-intent:', '    policy: static', '    target: bench-small', '    options:',
    '      task: { type: classify, min_precision: 0.95, shadow_rate: 0, retrain_every: 1000000, min_examples: 1000000 }',
    'server: { host: 127.0.0.1, port: 0 }', `store: ${JSON.stringify({ sqlite: db })}`, 'traces: { bodies: full }', 'providers:',
    '  sim: { type: openai, base_url: http://127.0.0.1:9/v1, api_key: sk-x }', 'models:',
    '  bench-small: { provider: sim, model: bench-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }',
    'keys:', '  - { key: sk-sy-bench-0001, name: bench }', ''].join('\n'));
  const child = spawn('taskset', ['-c', String(os.cpus().length - 1), process.execPath, bin, 'serve', '--config', cfg, '--port', String(port)], { cwd: ROOT, stdio: 'ignore' });
  children.push(child);
  for (let i = 0; i < 400; i++) { try { if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break; } catch {} await sleep(50); }
  return { name, pid: child.pid, url: `http://127.0.0.1:${port}` };
}
const body = JSON.stringify({ model: 'support-intent', messages: [{ role: 'user', content: 'My new card still has not arrived, how long does delivery take?' }], max_tokens: 16, ...(STREAM ? { stream: true } : {}) });
const lua = join(tmp, 'post.lua');
writeFileSync(lua, `wrk.method = "POST"\nwrk.body = [[${body}]]\nwrk.headers["content-type"] = "application/json"\nwrk.headers["authorization"] = "Bearer sk-sy-bench-0001"\ndone = function(s) io.write(string.format("RESULT %d %d\\n", s.requests, s.errors.status + s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout)) end\n`);
function wrk(url, seconds) {
  return new Promise((resolve, reject) => {
    const c = spawn('taskset', ['-c', '0', 'wrk', '-t', '1', '-c', '64', '-d', `${seconds}s`, '-s', lua, `${url}/v1/chat/completions`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = ''; c.stdout.on('data', (d) => (out += d));
    c.on('exit', () => { const m = out.match(/RESULT (\d+) (\d+)/); m ? resolve({ requests: +m[1], errors: +m[2] }) : reject(new Error(out)); });
  });
}
const freePort = () =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
const sides = [await startSide('A', A, await freePort()), await startSide('B', B, await freePort())];
// sanity: the answer is local
for (const s of sides) { const r = await (await fetch(`${s.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-bench-0001' }, body })).text(); if (!r.includes('local:')) throw new Error(`${s.name} not local: ${r.slice(0, 200)}`); }
for (const s of sides) await wrk(s.url, 2); // warm-up
const per = { A: [], B: [] }, ratios = [];
for (let p = 0; p < PAIRS; p++) {
  const order = p % 2 ? [1, 0] : [0, 1];
  const got = {};
  for (const i of order) {
    const s = sides[i];
    const c0 = cpuMs(s.pid); const r = await wrk(s.url, SLICE); const c1 = cpuMs(s.pid);
    got[s.name] = (c1 - c0) / r.requests;
    if (r.errors) console.log(`${s.name}: ${r.errors} errors`);
  }
  per.A.push(got.A); per.B.push(got.B); ratios.push(got.B / got.A);
  console.log(`pair ${p}: A ${got.A.toFixed(3)} B ${got.B.toFixed(3)} ms/req  B/A ${(got.B / got.A).toFixed(3)}`);
}
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const gmean = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
console.log(`${STREAM ? 'streaming' : 'non-streaming'}: median A ${med(per.A).toFixed(3)} B ${med(per.B).toFixed(3)} ms/req; paired B/A median ${med(ratios).toFixed(3)}, geomean ${gmean.toFixed(3)} (${PAIRS} pairs of ${SLICE} s, machine load ${os.loadavg()[0].toFixed(1)})`);
process.exit(0);
