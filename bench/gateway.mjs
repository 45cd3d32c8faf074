// `npm run bench:gateway`: Switchyard against the floor (direct, a bare undici proxy) and a peer
// (@portkey-ai/gateway), with the provider simulator as upstream. One process per role:
// simulator, proxy under test, load generator (bench/load.mjs); this process only orchestrates
// and samples /proc/<pid>/{stat,status} of the proxy at the edges of each measured window.
//
// Options (env): BENCH_WARMUP_MS (1500), BENCH_DURATION_MS (6000), BENCH_TARGETS (comma list of
// direct,passthrough,switchyard,portkey), BENCH_CONNECTIONS (16,64), BENCH_OUT (results file),
// BENCH_MODES (non-streaming,streaming), BENCH_CPU_PROF=dir (runs Switchyard under --cpu-prof,
// writing .cpuprofile files there), BENCH_SWITCHYARD_BIN (another build's bin/switchyard.js, for A/B runs).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1500);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 6000);
const TARGETS = (process.env.BENCH_TARGETS ?? 'direct,passthrough,switchyard,portkey').split(',');
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '16,64').split(',').map(Number);
const OUT = process.env.BENCH_OUT ?? join(ROOT, 'bench/results/gateway.json');
const MODES = (process.env.BENCH_MODES ?? 'non-streaming,streaming').split(',');
const CPU_PROF = process.env.BENCH_CPU_PROF;
const SWITCHYARD_BIN = resolve(process.env.BENCH_SWITCHYARD_BIN ?? join(ROOT, 'bin/switchyard.js'));
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
  rmSync(tmp, { recursive: true, force: true });
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
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
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
  return { status: res.status, text };
}

// ---- /proc sampling -----------------------------------------------------------------------

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

async function startSimulator(streaming) {
  const port = await freePort();
  const timing = streaming
    ? ['--ttft-ms', String(UPSTREAM_MS), '--tokens-per-second', String(TOKENS_PER_SECOND), '--latency-ms', '0']
    : ['--ttft-ms', '0', '--tokens-per-second', '0', '--latency-ms', String(UPSTREAM_MS)];
  const proc = start('simulator', [SWITCHYARD_BIN, 'simulate', '--port', String(port), ...timing]);
  proc.url = `http://127.0.0.1:${port}`;
  await waitFor(proc, 'its port', async () => (await httpStatus(`${proc.url}/v1/models`, { headers: { authorization: `Bearer ${UPSTREAM_KEY}` } })).status < 500);
  return proc;
}

function switchyardConfig(simUrl, dbFile) {
  return [
    'server: { host: 127.0.0.1, port: 0 }',
    `store: { sqlite: ${JSON.stringify(dbFile)} }`,
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
      const proc = start('passthrough', ['bench/passthrough-proxy.mjs', sim.url, String(port)]);
      const url = `http://127.0.0.1:${port}`;
      await waitFor(proc, 'its port', async () => (await httpStatus(`${url}/v1/models`, { headers: { authorization: `Bearer ${UPSTREAM_KEY}` } })).status === 200);
      return { proc, url, headers: { authorization: `Bearer ${UPSTREAM_KEY}` } };
    },
  },
  switchyard: {
    label: 'Switchyard',
    async start(sim, mode) {
      const port = await freePort();
      const db = join(tmp, `switchyard-${mode}.db`);
      const configFile = join(tmp, `switchyard-${mode}.yaml`);
      mkdirSync(tmp, { recursive: true });
      writeFileSync(configFile, switchyardConfig(sim.url, db));
      const profArgs = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', resolve(CPU_PROF), '--cpu-prof-name', `switchyard-${mode}-${Date.now()}.cpuprofile`] : [];
      const proc = start('switchyard', [...profArgs, SWITCHYARD_BIN, 'serve', '--config', configFile, '--port', String(port)]);
      const url = `http://127.0.0.1:${port}`;
      await waitFor(proc, '/health 200', async () => (await httpStatus(`${url}/health`)).status === 200);
      return { proc, url, db, headers: { authorization: `Bearer ${SWITCHYARD_KEY}` } };
    },
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

/** Counts the traces Switchyard wrote, to show that tracing really was on. */
async function countTraces(db) {
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
  return new Promise((resolveCell, reject) => {
    const spec = {
      url: target.url,
      path: '/v1/chat/completions',
      connections,
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
      stream: streaming,
      headers: target.headers,
      body: JSON.stringify(streaming ? { ...REQUEST_BODY, stream: true } : REQUEST_BODY),
    };
    const load = spawn(process.execPath, [join(ROOT, 'bench/load.mjs'), JSON.stringify(spec)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    children.add(load);
    load.on('exit', () => children.delete(load));
    const pids = { proxy: target.proc?.pid, simulator: sim.pid, load: load.pid };
    const before = {};
    const after = {};
    let result;
    let buffered = '';
    load.stdout.on('data', (chunk) => {
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line === 'MEASURE_START') {
          before.machine = machineJiffies();
          for (const [k, pid] of Object.entries(pids)) if (pid) before[k] = cpuMs(pid);
        } else if (line === 'MEASURE_END') {
          after.machine = machineJiffies();
          for (const [k, pid] of Object.entries(pids)) if (pid) after[k] = cpuMs(pid);
        } else if (line.startsWith('RESULT ')) result = JSON.parse(line.slice(7));
      }
    });
    const hardStop = setTimeout(() => load.kill('SIGKILL'), WARMUP_MS + DURATION_MS + 20_000);
    load.on('exit', (code) => {
      clearTimeout(hardStop);
      if (!result) return reject(new Error(`load generator exited ${code} without a result`));
      const done = result.ok + result.errors;
      const perReq = (k) => (before[k] !== undefined && after[k] !== undefined && done > 0 ? round(((after[k] - before[k]) / done), 3) : null);
      // Cores busy during the window minus what the bench's own processes used: other load on the host.
      let otherCores = null;
      if (before.machine && after.machine) {
        const ncpu = os.cpus().length;
        const busyCores = ((after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total)) * ncpu;
        const ours = ['proxy', 'simulator', 'load'].reduce((sum, k) => sum + (after[k] !== undefined ? after[k] - before[k] : 0), 0) / DURATION_MS;
        otherCores = round(Math.max(0, busyCores - ours), 2);
      }
      resolveCell({ ...result, otherCores, cpuMsPerRequest: perReq('proxy'), simulatorCpuMsPerRequest: perReq('simulator'), loadCpuMsPerRequest: perReq('load'), proxyCpuMs: before.proxy !== undefined ? after.proxy - before.proxy : null });
    });
  });
}

const round = (x, digits = 2) => (x === null || x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits);

async function sanity(target, streaming) {
  const body = JSON.stringify(streaming ? { ...REQUEST_BODY, stream: true } : REQUEST_BODY);
  const { status, text } = await httpStatus(`${target.url}/v1/chat/completions`, { method: 'POST', headers: { ...target.headers, 'content-type': 'application/json' }, body });
  const good = status === 200 && (streaming ? text.includes('[DONE]') : text.includes('"choices"'));
  return { status, good, sample: good ? undefined : text.slice(0, 200) };
}

// ---- main ---------------------------------------------------------------------------------

const began = Date.now();
const cells = [];
const processes = {};
console.log(`switchyard bench: ${os.cpus().length} CPUs (${os.cpus()[0]?.model}), node ${process.version}; ${WARMUP_MS} ms warm-up + ${DURATION_MS} ms per cell`);
for (const mode of MODES) {
  const streaming = mode === 'streaming';
  const sim = await startSimulator(streaming);
  for (const name of TARGETS) {
    const def = TARGET_DEFS[name];
    if (!def) throw new Error(`unknown target ${name}`);
    const target = await def.start(sim, mode);
    const check = await sanity(target, streaming);
    process.stdout.write(`${def.label.padEnd(22)} ${mode.padEnd(14)} sanity ${check.status}${check.good ? '' : ` (${check.sample})`}\n`);
    const info = (processes[name] ??= { label: def.label, peakRssMb: null, modes: {} });
    const readyRssMb = target.proc ? round(statusKb(target.proc.pid, 'VmRSS') / 1024, 1) : null;
    for (const connections of CONNECTIONS) {
      const cell = await runCell(target, sim, connections, streaming);
      cells.push({ target: name, label: def.label, mode, ...cell });
      const errs = cell.errors ? `  errors ${cell.errors} ${JSON.stringify(cell.errorKinds)}` : '';
      process.stdout.write(`  c=${String(connections).padEnd(3)} ${String(cell.reqPerSec).padStart(8)} req/s  p50 ${cell.latencyMs.p50} ms  cpu ${cell.cpuMsPerRequest ?? '-'} ms/req${errs}\n`);
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

const targets = [];
const has = (t) => TARGETS.includes(t);
if (has('switchyard') && has('passthrough')) {
  for (const mode of ['non-streaming', 'streaming'])
    for (const c of CONNECTIONS) {
      const s = find('switchyard', mode, c);
      const p = find('passthrough', mode, c);
      if (!s || !p) continue;
      const ratio = s?.cpuMsPerRequest && p?.cpuMsPerRequest ? round(s.cpuMsPerRequest / p.cpuMsPerRequest, 2) : null;
      targets.push({ target: `CPU/request ≤ 1.5× pass-through (${mode}, ${c} conns)`, value: `${s?.cpuMsPerRequest} vs ${p?.cpuMsPerRequest} ms = ${ratio}×`, pass: ratio !== null && ratio <= 1.5 });
    }
}
if (find('switchyard', 'non-streaming', 64) && find('portkey', 'non-streaming', 64)) {
  const s = find('switchyard', 'non-streaming', 64);
  const k = find('portkey', 'non-streaming', 64);
  const ratio = k?.reqPerSec ? round(s.reqPerSec / k.reqPerSec, 2) : null;
  targets.push({ target: 'req/s ≥ 5× Portkey (64 conns, 20 ms upstream, non-streaming)', value: `${s?.reqPerSec} vs ${k?.reqPerSec} req/s = ${ratio}×`, pass: ratio !== null && ratio >= 5 });
  // On a small machine the simulator and load generator share the cores, so req/s is capped for
  // every proxy alike; CPU per request says what each gateway would sustain given its own cores.
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
if (has('switchyard') && has('passthrough')) {
  for (const c of CONNECTIONS) {
    const s = find('switchyard', 'streaming', c);
    const p = find('passthrough', 'streaming', c);
    if (!s || !p) continue;
    const delta = s?.ttfbMs?.p50 != null && p?.ttfbMs?.p50 != null ? round(s.ttfbMs.p50 - p.ttfbMs.p50, 3) : null;
    targets.push({ target: `streaming TTFB p50 within 0.5 ms of pass-through (${c} conns)`, value: `${s?.ttfbMs?.p50} vs ${p?.ttfbMs?.p50} ms = ${delta === null ? '?' : (delta >= 0 ? '+' : '') + delta} ms`, pass: delta !== null && delta <= 0.5 });
  }
}
if (has('switchyard')) {
  const rss = processes.switchyard.peakRssMb;
  targets.push({ target: 'Switchyard peak RSS ≤ 150 MB', value: `${rss} MB`, pass: rss !== null && rss <= 150 });
}
for (const t of targets) console.log(`${t.pass === null ? 'INFO' : t.pass ? 'PASS' : 'FAIL'}  ${t.target}: ${t.value}`);
if (processes.switchyard) for (const [mode, m] of Object.entries(processes.switchyard.modes)) console.log(`Switchyard traces written (${mode}): ${JSON.stringify(m.traces)}`);
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
        durationMs: DURATION_MS,
        connections: CONNECTIONS,
        upstream: { nonStreamingLatencyMs: UPSTREAM_MS, streamingTtftMs: UPSTREAM_MS, tokensPerSecond: TOKENS_PER_SECOND },
        request: REQUEST_BODY,
        switchyard: 'virtual key, priced model (cost computed), traces on, bodies: full, SQLite in a temp dir',
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
