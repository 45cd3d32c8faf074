// Paired A/B of two builds' CPU per request on bench:gateway's default config (virtual key, priced
// model, traces with full bodies, SQLite or with BENCH_POSTGRES PostgreSQL), for a shared machine where one run's figures swing with
// other work more than a change moves them. Both gateways run at once on one simulator (20 ms
// upstream, non-streamed), pinned to the same core when `taskset` is there (the simulator and this
// process on the others); blocks of requests at a fixed concurrency alternate A, B (the order
// swapped every block), so both builds see the same host within seconds. CPU is every gateway
// thread's scheduler counter (the trace-write thread included); reported per request as the
// median of the blocks, with how many blocks B read below A. Run it in both orders and once with
// one build as both: on 2026-12-02 the same build read 0.929x in B's place (11 of 16 blocks lower),
// as much as the change then measured, so one order alone says nothing.
//   node bench/gateway-pair-ab.mjs /path/to/build-A /path/to/build-B
// Env: BENCH_BLOCKS (per build; 24), BENCH_BLOCK (requests per block; 600), BENCH_CONCURRENCY (32),
// BENCH_WARMUP (requests per build first; 6000), BENCH_OUT (a JSON file, optional), BENCH_POSTGRES (a server's URL: each
// gateway stores on a scratch database of its own there, dropped at the end, instead of SQLite), BENCH_EXCLUSIVE=1 (in a
// session of its own at autogroup nice -20, as bench:gateway; bench/exclusive-session.mjs), BENCH_STREAM=1 (every request
// streamed, `stream: true` without include_usage, read to its end: the streaming relay's CPU instead of the whole answer's),
// BENCH_API=responses (POST /v1/responses to a `responses: native` provider instead of chat completions: that relay's path).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'undici';
import { exclusiveSession } from './exclusive-session.mjs';
import { children, cpuMs, freePort, median, waitFor } from './gateway-processes.mjs';

const priority = await exclusiveSession();

const [rootA, rootB] = process.argv.slice(2).map((p) => resolve(p));
if (!rootA || !rootB) throw new Error('usage: node bench/gateway-pair-ab.mjs BUILD_A BUILD_B');
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 24);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 600);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 6000);
const KEY = 'sk-sy-bench-pair-0001';
const MODEL = 'bench-small';
const RESPONSES = process.env.BENCH_API === 'responses';
const PATH = RESPONSES ? '/v1/responses' : '/v1/chat/completions';
const CHAT_BODY = {
  model: MODEL,
  messages: [
    { role: 'system', content: 'You are a concise assistant.' },
    { role: 'user', content: 'Summarise why a gateway should stream bytes through instead of buffering them.' },
  ],
  max_tokens: 32,
  temperature: 0.2,
};
const RESPONSES_BODY = { model: MODEL, instructions: CHAT_BODY.messages[0].content, input: CHAT_BODY.messages[1].content, max_output_tokens: 32, temperature: 0.2 };
const BODY = JSON.stringify({ ...(RESPONSES ? RESPONSES_BODY : CHAT_BODY), ...(process.env.BENCH_STREAM === '1' ? { stream: true } : {}) });
const ncpu = os.availableParallelism();
const pin = (cpu, args) => (ncpu >= 2 ? ['taskset', ['-c', cpu, process.execPath, ...args]] : [process.execPath, args]);
const GATEWAY_CPU = String(ncpu - 1);
const OTHER_CPU = ncpu === 2 ? '0' : `0-${ncpu - 2}`;
const round = (n) => Math.round(n * 1000) / 1000;

function start(root, args, cpu) {
  const [command, argv] = pin(cpu, [join(root, 'bin/switchyard.js'), ...args]);
  const child = spawn(command, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (d) => {
    tail = (tail + d).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  children.push(child);
  return { child, tail: () => tail };
}

const POSTGRES = process.env.BENCH_POSTGRES;

/** A scratch database on BENCH_POSTGRES for one gateway, dropped when this process exits. */
async function scratchPostgres(name) {
  const { default: pg } = await import('pg');
  const db = `sy_pair_ab_${process.pid}_${name.toLowerCase()}`;
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${db}`);
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  process.on('exit', () => {
    try {
      execFileSync('psql', [POSTGRES, '-c', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`], { stdio: 'ignore' });
    } catch {}
  });
  const url = new URL(POSTGRES);
  url.pathname = `/${db}`;
  return { postgres: url.href };
}

function config(simPort, store) {
  return [
    'server: { host: 127.0.0.1, port: 0 }',
    `store: ${JSON.stringify(store)}`,
    'traces: { bodies: full }',
    'providers:',
    `  sim: { type: openai, base_url: http://127.0.0.1:${simPort}/v1, api_key: sk-bench-upstream${RESPONSES ? ', responses: native' : ''} }`,
    'models:',
    `  ${MODEL}: { provider: sim, model: ${MODEL}, price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }`,
    'keys:',
    `  - { key: ${KEY}, name: bench }`,
    '',
  ].join('\n');
}

/** Sends `count` requests, `CONCURRENCY` at a time; every answer must be a 200. */
async function load(pool, count) {
  let left = count;
  const worker = async () => {
    while (left-- > 0) {
      const res = await pool.request({ path: PATH, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: BODY });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'sy-pair-ab-'));
  const simPort = await freePort();
  const sim = start(rootB, ['simulate', '--port', String(simPort), '--ttft-ms', '0', '--tokens-per-second', '0', '--latency-ms', '20'], OTHER_CPU);
  await waitFor(`http://127.0.0.1:${simPort}/_sim/health`, sim);
  const gateways = {};
  for (const [name, root] of [['A', rootA], ['B', rootB]]) {
    const port = await freePort();
    const file = join(dir, `gateway-${name}.yaml`);
    writeFileSync(file, config(simPort, POSTGRES ? await scratchPostgres(name) : { sqlite: join(dir, `${name}.db`) }));
    const gw = start(root, ['serve', '--config', file, '--port', String(port)], GATEWAY_CPU);
    await waitFor(`http://127.0.0.1:${port}/health`, gw);
    gateways[name] = { pool: new Pool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY }), pid: gw.child.pid, perRequestMs: [], reqPerSec: [] };
  }
  for (const g of ['A', 'B']) await load(gateways[g].pool, WARMUP);
  for (let block = 0; block < BLOCKS; block++) {
    for (const g of block % 2 ? ['B', 'A'] : ['A', 'B']) {
      const before = cpuMs(gateways[g].pid);
      const t0 = performance.now();
      await load(gateways[g].pool, BLOCK);
      const wallMs = performance.now() - t0;
      // The trace thread's share of this block's traces lands after its last answer: wait for it here.
      await new Promise((r) => setTimeout(r, 250));
      gateways[g].perRequestMs.push((cpuMs(gateways[g].pid) - before) / BLOCK);
      gateways[g].reqPerSec.push((BLOCK * 1000) / wallMs);
    }
  }
  const a = gateways.A.perRequestMs;
  const b = gateways.B.perRequestMs;
  const report = {
    when: new Date().toISOString(),
    loadAverage: os.loadavg().map(round),
    priority,
    stream: process.env.BENCH_STREAM === '1',
    api: RESPONSES ? 'responses' : 'chat',
    builds: { A: rootA, B: rootB },
    blocks: BLOCKS,
    block: BLOCK,
    concurrency: CONCURRENCY,
    cpuMsPerRequest: { A: round(median(a)), B: round(median(b)), min: { A: round(Math.min(...a)), B: round(Math.min(...b)) } },
    reqPerSec: { A: Math.round(median(gateways.A.reqPerSec)), B: Math.round(median(gateways.B.reqPerSec)) },
    bOverA: round(median(b) / median(a)),
    blocksBBelowA: a.filter((x, i) => b[i] < x).length,
    perBlock: { A: a.map(round), B: b.map(round) },
  };
  console.log(JSON.stringify({ ...report, perBlock: undefined }));
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, `${JSON.stringify(report, null, 2)}\n`);
  for (const g of Object.values(gateways)) await g.pool.close();
  for (const c of children) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
