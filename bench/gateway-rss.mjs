// Where a gateway's memory goes under bench:gateway's load, one process at a time (docs/measurements.md,
// "Gateway"): starts a simulator and `switchyard serve` on bench:gateway's config (gateway pinned to
// core 1, simulator and wrk to core 0), reads VmRSS when ready, 3 s later, after 1,000 requests (8 at a
// time), every 250 ms under `wrk` at each of CONNS, then VmHWM, and with DIAG=1 each isolate's heap
// spaces and GC counts (bench/gateway-rss-diag.cjs, preloaded) at the highest sample and at the end.
//   node bench/gateway-rss.mjs [path/to/bin/switchyard.js] [label]
// Env: MODE (non-streaming | streaming), STORE (sqlite | postgres), LOAD_S (seconds a wrk run; 14),
// CONNS (16,64), MAPS=1 (resident MB by mapping at the end), NODE_ARGS (flags for the gateway's node), DIAG=1, SNAP_DIR (with DIAG: each worker thread's heap
// snapshot SNAP_AT_S seconds into the first wrk run, written there). Prints one JSON object.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
const BIN = process.argv[2] ?? new URL('../bin/switchyard.js', import.meta.url).pathname;
const LABEL = process.argv[3] ?? BIN;
const NODE_ARGS = (process.env.NODE_ARGS ?? '').split(' ').filter(Boolean);
const STORE = process.env.STORE ?? 'sqlite';
const STREAM = (process.env.MODE ?? 'non-streaming') === 'streaming';
const LOAD_S = Number(process.env.LOAD_S ?? 14);
const tmp = mkdtempSync(join(os.tmpdir(), 'rssprobe-'));
const diagDir = join(tmp, 'diag'); mkdirSync(diagDir);
const kids = [];
process.on('exit', () => { for (const k of kids) try { k.kill('SIGKILL'); } catch {} rmSync(tmp, { recursive: true, force: true }); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () => new Promise((res) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
function start(cpu, args, env = {}) {
  const c = spawn('taskset', ['-c', cpu, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let log = ''; c.stdout.on('data', (d) => (log = (log + d).slice(-4000))); c.stderr.on('data', (d) => (log = (log + d).slice(-4000)));
  c.tail = () => log; kids.push(c); return c;
}
async function waitOk(url, init) { for (let i = 0; i < 400; i++) { try { const r = await fetch(url, init); await r.text(); if (r.status < 500) return; } catch {} await sleep(50); } throw new Error('timeout ' + url); }
const kb = (pid, f) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${f}:\\s+(\\d+)`, 'm'))[1]);
// MAPS=1: resident KB of each mapped file (and [heap] / anonymous) with its permissions, largest first.
function mapsByFile(pid) {
  const agg = {}; let cur = '';
  for (const l of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const m = l.match(/^[0-9a-f]+-[0-9a-f]+ (\S+) \S+ \S+ \d+\s*(.*)$/);
    if (m) { cur = `${m[2] || '[anon]'} ${m[1]}`; continue; }
    const r = l.match(/^Rss:\s+(\d+)/); if (r) agg[cur] = (agg[cur] ?? 0) + Number(r[1]);
  }
  return Object.entries(agg).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k} ${Math.round(v / 102.4) / 10}`);
}
const mb = (k) => Math.round(k / 102.4) / 10;
const simPort = await freePort();
const timing = STREAM ? ['--ttft-ms', '20', '--tokens-per-second', '500', '--latency-ms', '0'] : ['--ttft-ms', '0', '--tokens-per-second', '0', '--latency-ms', '20'];
const sim = start('0', [BIN, 'simulate', '--port', String(simPort), ...timing]);
await waitOk(`http://127.0.0.1:${simPort}/v1/models`, { headers: { authorization: 'Bearer sk-bench-upstream' } });
let store;
if (STORE === 'sqlite') store = { sqlite: join(tmp, 'gw.db') };
else {
  const { default: pg } = await import('pg');
  const name = `rssprobe_${process.pid}`;
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' }); await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`); await admin.query(`CREATE DATABASE ${name}`); await admin.end();
  store = { postgres: `postgres://postgres@127.0.0.1:5432/${name}` };
  process.on('exit', () => { try { execFileSync('psql', ['-U', 'postgres', '-h', '127.0.0.1', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'ignore' }); } catch {} });
}
const cfg = join(tmp, 'gw.yaml');
writeFileSync(cfg, ['server: { host: 127.0.0.1, port: 0 }', `store: ${JSON.stringify(store)}`, 'traces: { bodies: full }', 'providers:', `  sim: { type: openai, base_url: http://127.0.0.1:${simPort}/v1, api_key: sk-bench-upstream }`, 'models:', '  bench-small: { provider: sim, model: bench-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }', 'keys:', '  - { key: sk-sy-bench-0001, name: bench }', ''].join('\n'));
const port = await freePort();
const diagArgs = process.env.DIAG ? ['--require', new URL('./gateway-rss-diag.cjs', import.meta.url).pathname] : [];
const gw = start('1', [...NODE_ARGS, ...diagArgs, BIN, 'serve', '--config', cfg, '--port', String(port)], { RSS_DIAG_DIR: diagDir, ...(process.env.SNAP_DIR ? { RSS_SNAP_DIR: process.env.SNAP_DIR } : {}) });
const url = `http://127.0.0.1:${port}`;
await waitOk(`${url}/health`);
const body = JSON.stringify({ model: 'bench-small', messages: [{ role: 'system', content: 'You are a concise assistant.' }, { role: 'user', content: 'Summarise why a gateway should stream bytes through instead of buffering them.' }], max_tokens: 32, temperature: 0.2, ...(STREAM ? { stream: true } : {}) });
const headers = { authorization: 'Bearer sk-sy-bench-0001', 'content-type': 'application/json' };
const r0 = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers, body }); const t0 = await r0.text(); if (r0.status !== 200) throw new Error(t0);
const out = { label: LABEL, store: STORE, stream: STREAM };
out.ready = mb(kb(gw.pid, 'VmRSS'));
await sleep(3000);
out.idle3s = mb(kb(gw.pid, 'VmRSS'));
out.threadsIdle = readdirSync(`/proc/${gw.pid}/task`).map((t) => { try { return readFileSync(`/proc/${gw.pid}/task/${t}/comm`, 'utf8').trim(); } catch { return '?'; } }).join(',');
// 1,000 requests, 8 at a time
let left = 1000;
await Promise.all(Array.from({ length: 8 }, async () => { while (left-- > 0) { const r = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers, body }); await r.arrayBuffer(); } }));
out.after1k = mb(kb(gw.pid, 'VmRSS'));
out.hwmAfter1k = mb(kb(gw.pid, 'VmHWM'));
// load at 64 connections with wrk, sampling RSS
const lua = join(tmp, 'w.lua');
writeFileSync(lua, `wrk.method = "POST"\nwrk.body = [[${body}]]\nwrk.headers["content-type"] = "application/json"\nwrk.headers["authorization"] = "Bearer sk-sy-bench-0001"\n`);
const samples = [];
let peakDiag;
const readDiag = () => readdirSync(diagDir).map((f) => { try { return JSON.parse(readFileSync(join(diagDir, f), 'utf8')); } catch { return null; } }).filter(Boolean);
const cpu0 = readFileSync(`/proc/${gw.pid}/stat`, 'utf8');
let reqs = 0;
for (const conns of (process.env.CONNS ?? '16,64').split(',')) {
  const wrk = spawn('taskset', ['-c', '0', 'wrk', '-t', '1', '-c', conns, '-d', `${LOAD_S}s`, '--timeout', '10s', '-s', lua, `${url}/v1/chat/completions`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let wout = ''; wrk.stdout.on('data', (d) => (wout += d));
  const done = new Promise((r) => wrk.on('exit', r));
  let finished = false; done.then(() => (finished = true));
  if (process.env.SNAP_DIR) setTimeout(() => writeFileSync(join(diagDir, 'snap'), ''), Number(process.env.SNAP_AT_S ?? 8) * 1000);
  while (!finished) { const r = mb(kb(gw.pid, 'VmRSS')); if (r > Math.max(0, ...samples) && process.env.DIAG) peakDiag = readDiag(); samples.push(r); await sleep(250); }
  reqs += Number(wout.match(/(\d+) requests in/)?.[1] ?? 0);
}
const cpu1 = readFileSync(`/proc/${gw.pid}/stat`, 'utf8');
const ticks = (s) => { const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return Number(f[11]) + Number(f[12]); };
out.reqs = reqs; out.rps = Math.round(reqs / LOAD_S / (process.env.CONNS ?? '16,64').split(',').length);
out.cpuMsPerReq = reqs ? Math.round(((ticks(cpu1) - ticks(cpu0)) * 10 / reqs) * 1000) / 1000 : null;
out.loadRssMax = Math.max(...samples);
out.series = samples.filter((_, i) => i % 8 === 0).join(' ');
out.hwm = mb(kb(gw.pid, 'VmHWM'));
await sleep(1500);
out.afterLoad = mb(kb(gw.pid, 'VmRSS'));
if (process.env.DIAG) {
  const brief = (d) => d.map((x) => ({ th: x.threadId, heap: x.totalHeapKb, used: x.usedHeapKb, malloc: x.mallocedKb, peakMalloc: x.peakMallocedKb, ext: x.externalKb, new: x.spaces.new_space, old: x.spaces.old_space, code: x.spaces.code_space, lo: x.spaces.large_object_space, gc: x.gc, ...(x.mem ? { ab: x.mem.arrayBuffers } : {}) }));
  out.peakDiag = brief(peakDiag ?? []); out.endDiag = brief(readDiag());
}
if (process.env.MAPS) out.maps = mapsByFile(gw.pid);
out.smaps = readFileSync(`/proc/${gw.pid}/smaps_rollup`, 'utf8').split('\n').filter((l) => /^(Rss|Anonymous|Shared_Clean|Private_Clean|Private_Dirty)/.test(l)).map((l) => l.replace(/\s+/g, ' ')).join('; ');
console.log(JSON.stringify(out, null, process.env.DIAG ? 2 : 0));
gw.kill('SIGTERM'); sim.kill('SIGTERM');
await sleep(500);
process.exit(0);
