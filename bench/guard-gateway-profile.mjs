// Where a guarded request's CPU goes in the gateway, against an unguarded one: the guard-gateway
// bench's gateway and prompts, run in phases of one model only (plain, guarded, plain, guarded…,
// a new prompt every request), with every gateway thread's CPU read per phase (by thread name:
// the main thread, V8's GC helpers, libuv's pool, the trace writer's worker…) and, under
// `--cpu-prof`, the main thread's samples split by phase. The profile's timestamps and
// process.hrtime are the same monotonic clock on Linux, so samples are sliced by the phases'
// boundaries. Per request, guarded minus plain: by category (guard detectors, redaction and
// restore, JSON, GC, the store…) and by function.
//   node bench/guard-gateway-profile.mjs [BUILD] (env: BENCH_REQUESTS per phase, 300;
//   BENCH_PHASES pairs, 3; BENCH_MIX varied|realistic; BENCH_STREAM true|false; BENCH_WARMUP 1500;
//   BENCH_TOP 40; BENCH_OUT a JSON file, optional; BENCH_PROFILE 0 to read thread CPU only)
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { guardGatewayConfig, SIM_SCRIPTS, SYSTEM_BY_MIX, variedPrompts } from './guard-prompts.mjs';
import { children, freePort, startSwitchyard, waitFor } from './gateway-processes.mjs';

const ROOT = resolve(process.argv[2] ?? resolve(dirname(fileURLToPath(import.meta.url)), '..'));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const PHASES = Number(process.env.BENCH_PHASES ?? 3);
const MIX = process.env.BENCH_MIX ?? 'varied';
const STREAM = process.env.BENCH_STREAM === 'true';
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1500);
const TOP = Number(process.env.BENCH_TOP ?? 40);
const PROFILE = process.env.BENCH_PROFILE !== '0';
const KEY = 'sk-sy-bench-guard-prof';
const PROMPTS = variedPrompts(WARMUP + 2 * PHASES * REQUESTS + 10);
let next = 0;

async function send(base, model, stream) {
  const prompt = PROMPTS[next++ % PROMPTS.length];
  const res = await request(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ model, stream, max_tokens: 64, messages: [{ role: 'system', content: SYSTEM_BY_MIX[MIX] }, { role: 'user', content: prompt.text }] }),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${model}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
}

/** CPU ns of every thread of `pid`, summed by thread name (numbered pool threads share a name). */
function threadCpu(pid) {
  const out = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      const name = tid === String(pid) ? 'main' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim().replace(/\d+$/, '#');
      out[name] = (out[name] ?? 0) + ns;
    } catch {}
  }
  return out;
}

const us = () => Number(process.hrtime.bigint() / 1000n);

// What a sampled function counts as: the guard code by module, the rest by what it does.
function category(node) {
  const { functionName: fn, url } = node.callFrame;
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(program)') return '(program)';
  if (fn === '(idle)') return '(idle)';
  const u = url.replace(/^file:\/\//, '');
  if (u.includes('/dist/guardrails/pii/ner/')) return 'pii: name tagger';
  if (u.includes('/dist/guardrails/pii/')) return 'pii: patterns and the rest';
  if (u.includes('/node_modules/libphonenumber-js/')) return 'pii: libphonenumber';
  if (u.includes('/dist/guardrails/injection/normalize')) return 'injection: normalisation';
  if (u.includes('/dist/guardrails/injection/')) return 'injection: the rest';
  if (u.includes('/dist/guardrails/redaction/')) return 'redaction / restore';
  if (u.includes('/dist/guardrails/')) return 'guardrails: other';
  if (u.includes('/dist/gateway/guard/')) return 'gateway/guard';
  if (u.includes('/dist/store/') || u.includes('better-sqlite3')) return 'store / trace';
  if (u.includes('/dist/gateway/')) return 'gateway: other';
  if (u.includes('/dist/http/')) return 'http';
  if (u.includes('/dist/')) return 'dist: other';
  if (u.includes('/node_modules/')) return `npm: ${u.split('/node_modules/').pop().split('/')[0]}`;
  if (u.startsWith('node:')) return `node: ${u.slice(5).split('/')[0]}`;
  if (fn === 'parse' || fn === 'stringify') return `native: JSON.${fn}`;
  return fn ? `native: ${fn}` : '(native)';
}

function analyseProfile(file, phases) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const nameOf = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(dist|node_modules)\//, '$1/').replace(/^node:/, 'node:')}:${n.callFrame.lineNumber + 1}`;
  // Per model: self µs by category and by function; inclusive µs of the guard's entry functions.
  const acc = { plain: { cat: new Map(), fn: new Map(), incl: new Map(), requests: 0 }, guarded: { cat: new Map(), fn: new Map(), incl: new Map(), requests: 0 } };
  for (const p of phases) acc[p.model].requests += p.requests;
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  let t = profile.startTime;
  let pi = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    while (pi < phases.length && t > phases[pi].end) pi++;
    if (pi >= phases.length) return;
    const p = phases[pi];
    if (t < p.start) return;
    // A sample stands for the time until the next one.
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const n = byId.get(id);
    const a = acc[p.model];
    add(a.cat, category(n), dt);
    add(a.fn, nameOf(n), dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = nameOf(byId.get(cur));
      if (!seen.has(k)) {
        seen.add(k);
        add(a.incl, k, dt);
      }
    }
  });
  const perRequest = (model, map) => new Map([...map].map(([k, v]) => [k, v / acc[model].requests]));
  const diff = (kind) => {
    const g = perRequest('guarded', acc.guarded[kind]);
    const pl = perRequest('plain', acc.plain[kind]);
    const keys = new Set([...g.keys(), ...pl.keys()]);
    return [...keys].map((k) => ({ key: k, plain: (pl.get(k) ?? 0) / 1000, guarded: (g.get(k) ?? 0) / 1000, added: ((g.get(k) ?? 0) - (pl.get(k) ?? 0)) / 1000 }));
  };
  return { categories: diff('cat'), functions: diff('fn'), inclusive: diff('incl') };
}

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'sy-guard-prof-'));
  const profDir = join(dir, 'prof');
  const simPort = await freePort();
  const gwPort = await freePort();
  writeFileSync(join(dir, 'scripts.json'), JSON.stringify(SIM_SCRIPTS));
  writeFileSync(join(dir, 'gateway.yaml'), guardGatewayConfig(simPort, KEY, join(dir, 'sy.db')));
  const sim = startSwitchyard(ROOT, ['simulate', '--port', String(simPort), '--scripts', join(dir, 'scripts.json')]);
  await waitFor(`http://127.0.0.1:${simPort}/_sim/health`, sim);
  // BENCH_NODE_FLAGS (e.g. "--trace-gc --trace-deopt"): the gateway's output lines are counted per phase by their first words.
  const extraFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const gw = startSwitchyard(ROOT, ['serve', '--config', join(dir, 'gateway.yaml'), '--port', String(gwPort)], [...(PROFILE ? ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '250'] : []), ...extraFlags]);
  let lineCounts = {};
  let phaseName = 'warm-up';
  if (extraFlags.length > 0) {
    let partial = '';
    gw.child.stdout.on('data', (d) => {
      const lines = (partial + String(d)).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const m = /(Scavenge|Mark-Compact|Mark-sweep|Minor Mark|marking|compiling method|completed compiling|bailout|deoptimiz\w*|optimizing)/i.exec(line);
        if (m) lineCounts[m[1]] = (lineCounts[m[1]] ?? 0) + 1;
        if (process.env.BENCH_TRACE_LOG && /compiling method|bailout|deoptimiz/.test(line)) appendFileSync(process.env.BENCH_TRACE_LOG, `${phaseName} ${line}\n`);
      }
    });
  }
  const base = `http://127.0.0.1:${gwPort}`;
  await waitFor(`${base}/health`, gw);
  const pid = gw.child.pid;
  for (let i = 0; i < WARMUP; i++) await send(base, i % 2 ? 'plain' : 'guarded', i % 4 >= 2);

  const phases = [];
  const threads = { plain: {}, guarded: {} };
  for (let r = 0; r < PHASES; r++) {
    for (const model of r % 2 ? ['guarded', 'plain'] : ['plain', 'guarded']) {
      const before = threadCpu(pid);
      lineCounts = {};
      phaseName = `${phases.length}:${model}`;
      const start = us();
      for (let i = 0; i < REQUESTS; i++) await send(base, model, STREAM);
      const end = us();
      const after = threadCpu(pid);
      for (const [name, ns] of Object.entries(after)) threads[model][name] = (threads[model][name] ?? 0) + ns - (before[name] ?? 0);
      phases.push({ model, start, end, requests: REQUESTS });
      if (extraFlags.length > 0) console.log(`${model}: ${JSON.stringify(lineCounts)}`);
    }
  }
  const perReq = (model) => Object.fromEntries(Object.entries(threads[model]).map(([k, ns]) => [k, ns / 1e6 / (REQUESTS * PHASES)]));
  const threadTable = {};
  for (const name of new Set([...Object.keys(threads.plain), ...Object.keys(threads.guarded)])) {
    const p = perReq('plain')[name] ?? 0;
    const g = perReq('guarded')[name] ?? 0;
    threadTable[name] = { plain: +p.toFixed(3), guarded: +g.toFixed(3), added: +(g - p).toFixed(3) };
  }
  console.log(`${MIX} ${STREAM ? 'streamed' : 'whole'}, ${PHASES} x ${REQUESTS} requests per model, load ${os.loadavg()[0].toFixed(2)}`);
  console.log('\nCPU ms per request by thread (schedstat):');
  console.table(threadTable);

  let profileResult = null;
  if (PROFILE) {
    const exited = new Promise((r) => gw.child.once('exit', r));
    gw.child.kill('SIGINT');
    await exited;
    // One profile per thread with JavaScript: the main thread's (thread id 0 in its name) first.
    const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).sort((a, b) => Number(a.split('.').at(-3)) - Number(b.split('.').at(-3)));
    profileResult = analyseProfile(join(profDir, files[0]), phases);
    for (const f of files.slice(1)) {
      const worker = analyseProfile(join(profDir, f), phases);
      const rows = worker.functions.filter((r) => r.key !== '(idle) :0').sort((a, b) => Math.abs(b.added) - Math.abs(a.added)).slice(0, 25);
      console.log(`\nworker thread profile ${f}: self time by function (ms per request)`);
      console.table(Object.fromEntries(rows.map((r) => [r.key.slice(0, 90), { plain: +r.plain.toFixed(3), guarded: +r.guarded.toFixed(3), added: +r.added.toFixed(3) }])));
    }
    const show = (title, rows, n) => {
      console.log(`\n${title} (ms per request, main thread samples)`);
      const sorted = [...rows].sort((a, b) => Math.abs(b.added) - Math.abs(a.added)).slice(0, n);
      console.table(Object.fromEntries(sorted.map((r) => [r.key.slice(0, 90), { plain: +r.plain.toFixed(3), guarded: +r.guarded.toFixed(3), added: +r.added.toFixed(3) }])));
    };
    const busy = (model) => profileResult.categories.filter((r) => r.key !== '(idle)').reduce((s, r) => s + r[model], 0);
    console.log(`\nsampled busy main thread per request: plain ${busy('plain').toFixed(3)} ms, guarded ${busy('guarded').toFixed(3)} ms`);
    show('self time by category', profileResult.categories, 40);
    show('self time by function', profileResult.functions, TOP);
    show('inclusive time, dist/ functions', profileResult.inclusive.filter((r) => r.key.includes('dist/')), TOP);
  }
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, `${JSON.stringify({ when: new Date().toISOString(), loadAverage: os.loadavg(), mix: MIX, stream: STREAM, requests: REQUESTS, phases: PHASES, threads: threadTable, profile: profileResult && { categories: profileResult.categories, functions: profileResult.functions.filter((r) => Math.abs(r.added) > 0.005) } }, null, 2)}\n`);
  for (const c of children) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
