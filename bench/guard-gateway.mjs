// `npm run bench:guard-gateway`: what the guard stages add to a request. One gateway process
// serves two models on the same simulator: `plain` (no guardrail policy) and `guarded` (PII
// redaction of every entity type, injection blocking, banned words and PII checks on the
// answer). Requests alternate between them in blocks, one at a time, with a ~2 KB prompt that
// carries PII (so redaction and restore both run), whole and streamed. Reported:
//   - client-side latency p50/p99 per model and the difference (what the guards add end to end);
//   - the guard stages' own time from the traces (decisions.guard.inputMs + outputMs), p50/p99;
//   - the gateway process's CPU per request per model (from /proc/<pid>/stat), and the ratio.
// Options (env): BENCH_REQUESTS (per model and mode, default 1500), BENCH_BLOCK (100),
// BENCH_OUT (bench/results/guard-gateway.json), BENCH_MICRO_ITERATIONS (2000).
// Also, in-process (bench/guard-stage-micro.mjs): the guard stages alone against the same
// pipeline without them, raw and as the minimum of 5 runs per sample (which removes the
// descheduling noise of a shared machine, leaving the work itself).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { stageMicrobench } from './guard-stage-micro.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 100);
const OUT = process.env.BENCH_OUT ?? join(ROOT, 'bench/results/guard-gateway.json');
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const KEY = 'sk-sy-bench-guard-1';

const children = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function freePort() {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

// BENCH_CPU_PROF=dir runs the gateway under --cpu-prof (summarise with bench/cpu-profile-summary.mjs).
function start(args) {
  const prof = process.env.BENCH_CPU_PROF && args[0] === 'serve' ? ['--cpu-prof', '--cpu-prof-dir', resolve(process.env.BENCH_CPU_PROF)] : [];
  const child = spawn(process.execPath, [...prof, join(ROOT, 'bin/switchyard.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (d) => {
    tail = (tail + d).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  children.push(child);
  return { child, tail: () => tail };
}

async function waitFor(url, proc) {
  for (let i = 0; i < 300; i++) {
    if (proc.child.exitCode !== null) throw new Error(`exited before ${url} answered:\n${proc.tail()}`);
    try {
      const res = await request(url);
      await res.body.text();
      if (res.statusCode < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered:\n${proc.tail()}`);
}

/** CPU time (user + system) of a process in milliseconds. */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

// ~2 KB of a support conversation with PII spread through it.
const PROMPT = [
  'Hello, I am writing on behalf of my colleague Ann Lee about a billing problem with our account.',
  'You can reach me at ann.lee@example.com or on +44 20 7946 0958 during office hours.',
  'Our company card ending in the number 4111 1111 1111 1111 was charged twice for the March invoice,',
  'and the second charge appeared on the statement for the account DE89370400440532013000 as well.',
  'We have been customers for six years and have never had this happen before, so we were surprised.',
  'The invoice number is INV-2024-0387 and the order reference is ORD-88412; the amount was 1,249.00 EUR.',
  'Could you please check the payment logs, confirm whether the duplicate was captured or only authorised,',
  'and tell me how long a refund would take if it was captured? Our finance team closes the month on Friday,',
  'so a quick answer would help a lot. If you need more details, our office is at 221B Baker Street, London NW1 6XE.',
  'I have attached nothing sensitive here beyond what you need. Thank you for your help with this matter,',
  'and please let me know if there is a form to fill in or a ticket number I should quote in future messages.',
  'Best regards, and apologies for the long message: I wanted to give you everything in one go so that nobody',
  'has to write back and forth several times. Looking forward to hearing from you soon about the refund status.',
  'PS: the first charge went through on the 3rd and the second on the 4th, both from the same terminal id.',
  'PPS: we also noticed that the receipts were sent to an old address; please update it to the one above.',
  'For reference, my manager John Carter (john.carter@example.com) approved the original purchase in February,',
  'and the purchase order was PO-55120, which you will find on both receipts as well.',
  'Thanks again. We would also like to know whether we can switch the account to monthly invoicing from April.',
  'Kind regards from the whole finance team.',
].join(' ');

const REPLY_RAW = 'I will write to ann.lee@example.com and call +44 20 7946 0958 today about the duplicate charge; a refund takes 3 to 5 working days.';
const REPLY_REDACTED = 'I will write to <EMAIL_1> and call <PHONE_1> today about the duplicate charge; a refund takes 3 to 5 working days.';

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}
const round = (n) => (n === null ? null : Math.round(n * 1000) / 1000);
function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)) };
}

async function send(base, model, stream) {
  const started = performance.now();
  const res = await request(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ model, stream, max_tokens: 64, messages: [{ role: 'system', content: 'You are a support agent.' }, { role: 'user', content: PROMPT }] }),
  });
  const text = await res.body.text();
  const ms = performance.now() - started;
  if (res.statusCode !== 200) throw new Error(`${model}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
  if (!text.includes('ann.lee@example.com') && !stream) throw new Error(`${model}: the answer lost the restored e-mail: ${text.slice(0, 300)}`);
  return { ms, traceId: res.headers['x-switchyard-trace-id'] };
}

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'sy-guard-bench-'));
  const simPort = await freePort();
  const gwPort = await freePort();
  const scripts = join(dir, 'scripts.json');
  writeFileSync(
    scripts,
    JSON.stringify([
      { match: '<EMAIL_1>', reply: REPLY_REDACTED },
      { match: 'ann\\.lee@example\\.com', reply: REPLY_RAW },
    ]),
  );
  const config = join(dir, 'gateway.yaml');
  const db = join(dir, 'sy.db');
  writeFileSync(
    config,
    `
providers: { sim: { type: openai, base_url: "http://127.0.0.1:${simPort}/v1", api_key: sk-up } }
models:
  plain:   { provider: sim, model: standin-small }
  guarded: { provider: sim, model: standin-small }
keys: [ { key: ${KEY}, name: bench } ]
guardrails:
  policies:
    full:
      pii: { default_action: redact }
      injection: { action: block }
      output: { banned_words: { words: [internal codename] }, pii: { action: flag }, stream: after }
  apply: { routes: { guarded: full } }
retry: { max_attempts: 1 }
store: { sqlite: "${db}" }
`,
  );
  const sim = start(['simulate', '--port', String(simPort), '--scripts', scripts]);
  await waitFor(`http://127.0.0.1:${simPort}/_sim/health`, sim);
  const gw = start(['serve', '--config', config, '--port', String(gwPort)]);
  const base = `http://127.0.0.1:${gwPort}`;
  await waitFor(`${base}/health`, gw);
  const pid = gw.child.pid;

  const results = {};
  for (const stream of [false, true]) {
    const mode = stream ? 'streaming' : 'non-streaming';
    // Warm-up: JIT, connection pools, the detectors' first calls.
    for (let i = 0; i < 200; i++) await send(base, i % 2 ? 'plain' : 'guarded', stream);
    const lat = { plain: [], guarded: [] };
    const cpu = { plain: 0, guarded: 0 };
    const ids = [];
    for (let done = 0; done < REQUESTS; done += BLOCK) {
      for (const model of ['plain', 'guarded']) {
        const before = cpuMs(pid);
        for (let i = 0; i < BLOCK; i++) {
          const r = await send(base, model, stream);
          lat[model].push(r.ms);
          if (model === 'guarded') ids.push(r.traceId);
        }
        cpu[model] += cpuMs(pid) - before;
      }
    }
    results[mode] = { latency: { plain: stats(lat.plain), guarded: stats(lat.guarded) }, cpuMsPerRequest: { plain: round(cpu.plain / lat.plain.length), guarded: round(cpu.guarded / lat.guarded.length) }, traceIds: ids };
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

  const micro = await stageMicrobench(ROOT, { prompt: PROMPT, reply: REPLY_REDACTED, iterations: Number(process.env.BENCH_MICRO_ITERATIONS ?? 2000) });
  const summary = {};
  for (const [mode, r] of Object.entries(results)) {
    summary[mode] = {
      addedLatencyMs: { p50: round(r.latency.guarded.p50 - r.latency.plain.p50), p99: round(r.latency.guarded.p99 - r.latency.plain.p99) },
      guardStageMs: { p50: stageTimes[mode].totalMs.p50, p99: stageTimes[mode].totalMs.p99 },
      cpuRatio: round(r.cpuMsPerRequest.guarded / r.cpuMsPerRequest.plain),
      inProcessAddedMs: { raw: micro[mode].raw, minOf5: micro[mode].minOfRepeats },
    };
  }
  const report = {
    when: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    promptChars: PROMPT.length,
    requestsPerModelAndMode: REQUESTS,
    policy: 'pii: redact all types (incl. names/addresses tagger); injection: block at the model threshold; output: banned words + PII flag (stream: after)',
    summary,
    results,
    stageTimes,
    inProcess: micro,
  };
  writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify({ summary, cpuMsPerRequest: Object.fromEntries(Object.entries(results).map(([m, r]) => [m, r.cpuMsPerRequest])) }, null, 2));
  console.log(`written to ${OUT}`);
  for (const c of children) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
