// `npm run bench:guard-gateway`: what the guard stages add to a request. One gateway process
// serves two models on the same simulator: `plain` (no guardrail policy) and `guarded` (PII
// redaction of every entity type, injection blocking, banned words and PII checks on the
// answer). Requests alternate between them in blocks, one at a time, with a ~2 KB prompt that
// carries PII (so redaction and restore both run), whole and streamed, in two mixes (see
// bench/guard-prompts.mjs): `varied` (a short system prompt and a different ~2 KB user prompt on
// every call: the detectors never see a text twice) and `realistic` (the same prompts after a
// fixed ~1.5 KB system prompt, as deployments send one on every call). Reported:
//   - client-side latency p50/p99 per model and the difference (what the guards add end to end);
//   - the guard stages' own time from the traces (decisions.guard.inputMs + outputMs), p50/p99;
//   - the gateway process's CPU per request per model (all its threads' schedstat counters), and
//     the ratio: over all requests, and as the median of the blocks (robust to bursts of other
//     work on a shared machine).
// Options (env): BENCH_REQUESTS (per model and mode, default 1000), BENCH_BLOCK (50), BENCH_MIXES (varied,realistic),
// BENCH_WARMUP (requests before the first measured cell, 1500),
// BENCH_OUT (bench/results/guard-gateway.json), BENCH_MICRO_ITERATIONS (2000).
// Also, in-process (bench/guard-stage-micro.mjs): the guard stages alone against the same
// pipeline without them, raw and as the minimum of 5 runs per sample (which removes the
// descheduling noise of a shared machine, leaving the work itself).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { guardGatewayConfig, REPLY_REDACTED, SIM_SCRIPTS, SYSTEM_BY_MIX, variedPrompts } from './guard-prompts.mjs';
import { stageMicrobench } from './guard-stage-micro.mjs';
import { children, cpuMs, freePort, median, startSwitchyard, waitFor } from './gateway-processes.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1500);
const OUT = process.env.BENCH_OUT ?? join(ROOT, 'bench/results/guard-gateway.json');
const KEY = 'sk-sy-bench-guard-1';


// BENCH_CPU_PROF=dir runs the gateway under --cpu-prof (summarise with bench/cpu-profile-summary.mjs).
function start(args) {
  const prof = process.env.BENCH_CPU_PROF && args[0] === 'serve' ? ['--cpu-prof', '--cpu-prof-dir', resolve(process.env.BENCH_CPU_PROF)] : [];
  return startSwitchyard(ROOT, args, prof);
}

const MIXES = (process.env.BENCH_MIXES ?? 'varied,realistic').split(',');
// Enough that no user prompt is sent twice in a run.
const PROMPTS = variedPrompts(Number(process.env.BENCH_PROMPTS ?? WARMUP + MIXES.length * 2 * (200 + 2 * REQUESTS)));
const SYSTEM = SYSTEM_BY_MIX;
let nextPrompt = 0;

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}
const round = (n) => (n === null ? null : Math.round(n * 1000) / 1000);
function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)) };
}

async function send(base, model, stream, mix) {
  const prompt = PROMPTS[nextPrompt++ % PROMPTS.length];
  const started = performance.now();
  const res = await request(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ model, stream, max_tokens: 64, messages: [{ role: 'system', content: SYSTEM[mix] }, { role: 'user', content: prompt.text }] }),
  });
  const text = await res.body.text();
  const ms = performance.now() - started;
  if (res.statusCode !== 200) throw new Error(`${model}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
  if (model === 'guarded' && !stream && !text.includes(prompt.email)) throw new Error(`${model}: the answer lost the restored e-mail ${prompt.email} of prompt ${(nextPrompt - 1) % PROMPTS.length}: ${text.slice(0, 300)}`);
  return { ms, traceId: res.headers['x-switchyard-trace-id'] };
}

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'sy-guard-bench-'));
  const simPort = await freePort();
  const gwPort = await freePort();
  const scripts = join(dir, 'scripts.json');
  writeFileSync(scripts, JSON.stringify(SIM_SCRIPTS));
  const config = join(dir, 'gateway.yaml');
  const db = join(dir, 'sy.db');
  writeFileSync(config, guardGatewayConfig(simPort, KEY, db));
  const sim = start(['simulate', '--port', String(simPort), '--scripts', scripts]);
  await waitFor(`http://127.0.0.1:${simPort}/_sim/health`, sim);
  const gw = start(['serve', '--config', config, '--port', String(gwPort)]);
  const base = `http://127.0.0.1:${gwPort}`;
  await waitFor(`${base}/health`, gw);
  const pid = gw.child.pid;

  // A long warm-up first: measured cold, the first cell read ~1.5x the CPU of the same cell run
  // last (JIT tiers, caches, the store's first pages), for both models.
  for (let i = 0; i < WARMUP; i++) await send(base, i % 2 ? 'plain' : 'guarded', i % 4 >= 2, MIXES[Math.floor(i / 4) % MIXES.length]);
  const results = {};
  for (const mix of MIXES) for (const stream of [false, true]) {
    const mode = `${mix} ${stream ? 'streaming' : 'non-streaming'}`;
    // Warm-up: JIT, connection pools, the detectors' first calls.
    for (let i = 0; i < 200; i++) await send(base, i % 2 ? 'plain' : 'guarded', stream, mix);
    const lat = { plain: [], guarded: [] };
    const cpu = { plain: 0, guarded: 0 };
    // Per block too: on a shared machine a burst of other work inflates a block or two, and the
    // median of the blocks leaves those out where the sum does not.
    const blocks = { plain: [], guarded: [] };
    const ids = [];
    for (let done = 0; done < REQUESTS; done += BLOCK) {
      for (const model of ['plain', 'guarded']) {
        const before = cpuMs(pid);
        for (let i = 0; i < BLOCK; i++) {
          const r = await send(base, model, stream, mix);
          lat[model].push(r.ms);
          if (model === 'guarded') ids.push(r.traceId);
        }
        const used = cpuMs(pid) - before;
        cpu[model] += used;
        blocks[model].push(used / BLOCK);
      }
    }
    results[mode] = {
      latency: { plain: stats(lat.plain), guarded: stats(lat.guarded) },
      cpuMsPerRequest: { plain: round(cpu.plain / lat.plain.length), guarded: round(cpu.guarded / lat.guarded.length) },
      cpuMsPerRequestMedianBlock: { plain: round(median(blocks.plain)), guarded: round(median(blocks.guarded)) },
      traceIds: ids,
    };
  }

  // The guard stages' own time, from the traces the gateway wrote.
  await new Promise((r) => setTimeout(r, 500));
  const { openStores } = await import(join(ROOT, 'dist/store/open-stores.js'));
  const stores = await openStores({ sqlite: db }, { writer: false });
  const stageTimes = {};
  for (const [mode, r] of Object.entries(results)) {
    const wanted = new Set(r.traceIds);
    const input = [];
    const output = [];
    const total = [];
    let before;
    while (wanted.size > 0) {
      const page = await stores.traces.listTraces({ limit: 500, model: 'guarded', ...(before ? { before } : {}) });
      for (const t of page.traces) {
        if (!wanted.delete(t.id)) continue;
        const g = t.decisions?.guard;
        if (!g) continue;
        input.push(g.inputMs);
        output.push(g.outputMs);
        total.push(g.inputMs + g.outputMs);
      }
      if (!page.next) break;
      before = page.next;
    }
    stageTimes[mode] = { inputMs: stats(input), outputMs: stats(output), totalMs: stats(total) };
    delete r.traceIds;
  }
  await stores.close();
  if (process.env.BENCH_CPU_PROF) {
    // A profile is written on a clean exit only.
    const exited = new Promise((r) => gw.child.once('exit', r));
    gw.child.kill('SIGINT');
    await exited;
  }

  const micro = {};
  for (const mix of MIXES) {
    const m = await stageMicrobench(ROOT, { prompts: PROMPTS.map((p) => p.text), system: SYSTEM[mix], reply: REPLY_REDACTED, iterations: Number(process.env.BENCH_MICRO_ITERATIONS ?? 2000) });
    for (const [mode, v] of Object.entries(m)) micro[`${mix} ${mode}`] = v;
  }
  const summary = {};
  for (const [mode, r] of Object.entries(results)) {
    summary[mode] = {
      addedLatencyMs: { p50: round(r.latency.guarded.p50 - r.latency.plain.p50), p99: round(r.latency.guarded.p99 - r.latency.plain.p99) },
      guardStageMs: { p50: stageTimes[mode].totalMs.p50, p99: stageTimes[mode].totalMs.p99 },
      cpuRatio: round(r.cpuMsPerRequest.guarded / r.cpuMsPerRequest.plain),
      cpuRatioMedianBlock: round(r.cpuMsPerRequestMedianBlock.guarded / r.cpuMsPerRequestMedianBlock.plain),
      inProcessAddedMs: { raw: micro[mode].raw, minOf5: micro[mode].minOfRepeats },
    };
  }
  const report = {
    when: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    promptChars: { user: Math.round(PROMPTS.reduce((n, p) => n + p.text.length, 0) / PROMPTS.length), system: SYSTEM },
    requestsPerModelAndMode: REQUESTS,
    prompts: 'a different user prompt on every request (bench/guard-prompts.mjs); varied: short system prompt; realistic: a fixed ~1.5 KB system prompt',
    policy: 'pii: redact all types (incl. names/addresses tagger); injection: block at the model threshold; output: banned words + PII flag (stream: after)',
    summary,
    results,
    stageTimes,
    inProcess: micro,
  };
  writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify({ summary, cpuMsPerRequest: Object.fromEntries(Object.entries(results).map(([m, r]) => [m, { sum: r.cpuMsPerRequest, medianBlock: r.cpuMsPerRequestMedianBlock }])) }, null, 2));
  console.log(`written to ${OUT}`);
  for (const c of children) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
