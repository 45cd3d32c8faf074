// `npm run bench:telemetry`: the CPU the gateway spends per call on monitoring, measured in
// process CPU time (not wall time, so a loaded machine inflates it less than a throughput run):
//   - on the request path: span ids from the caller's traceparent and the traceresponse header;
//   - after the answer: queueing the settled call for Prometheus and OpenTelemetry;
//   - off the request path: folding traces into the Prometheus counters, rendering a scrape,
//     building spans with the GenAI attributes and exporting them with the official OTLP/HTTP
//     exporter to a collector in another process (its CPU is not ours).
// Compare with the gateway's whole CPU per request in bench/results/gateway.json.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = process.env.BENCH_OUT ?? join(ROOT, 'bench/results/telemetry.json');
const CALLS = Number(process.env.BENCH_CALLS ?? 50_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);

const { GatewayMetrics } = await import(join(ROOT, 'dist/monitor/metrics/gateway-metrics.js'));
const { OtelExport } = await import(join(ROOT, 'dist/monitor/otel/otel-export.js'));
const { Call } = await import(join(ROOT, 'dist/gateway/call.js'));
const { spanIdsFor, formatTraceparent } = await import(join(ROOT, 'dist/core/trace-context.js'));
const { JsonText } = await import(join(ROOT, 'dist/core/json-text.js'));

// A collector in its own process that takes every export and keeps nothing.
const collector = spawn(process.execPath, ['-e', `
  const server = require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{}'); }); });
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolvePort) => collector.stdout.once('data', (d) => resolvePort(Number(String(d).trim()))));
process.on('exit', () => collector.kill());

const MODELS = ['small', 'claude', 'support'];
const body = { model: 'small', temperature: 0.2, max_tokens: 32, messages: [{ role: 'system', content: 'You are a concise assistant.' }, { role: 'user', content: 'Summarise why a gateway should stream bytes through.' }] };
const answer = new JsonText(JSON.stringify({ id: 'c1', object: 'chat.completion', model: 'bench-small', choices: [{ index: 0, message: { role: 'assistant', content: 'Because buffering costs memory and latency.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 31, completion_tokens: 9, total_tokens: 40 } }));

function makeCall(i) {
  const call = new Call({ endpoint: 'chat', format: 'openai', bodyText: JSON.stringify(body), body, signal: new AbortController().signal, traceparent: `00-4bf92f3577b34da6a3ce929d0e0e4736-${(i + 1).toString(16).padStart(16, '0')}-01` });
  call.response = answer;
  return call;
}

function makeTrace(i) {
  const model = MODELS[i % MODELS.length];
  return {
    id: `tr_${i}`, ts: Date.now(), requestId: `req_${i}`, endpoint: 'chat', keyName: 'bench', team: 'cx', requestedModel: model, provider: 'sim', upstreamModel: 'bench-small',
    status: i % 50 === 0 ? 502 : 200, errorCode: i % 50 === 0 ? 'all_targets_failed' : null, errorMessage: null, stream: i % 2 === 0, inputTokens: 31, outputTokens: 9, cachedTokens: 0, reasoningTokens: 0,
    usageEstimated: false, costUsd: 0.00001, ttftMs: 20 + (i % 7), latencyMs: 21 + (i % 13), attempts: [{ provider: 'sim', model: 'bench-small', status: 200, latencyMs: 20 }], metadata: null,
    decisions: model === 'support' ? { route: { steps: [], model: 'small' }, cache: { status: 'miss' } } : { cache: { status: i % 4 === 0 ? 'hit' : 'miss' } },
    request: null, response: null,
  };
}

const calls = Array.from({ length: 1_000 }, (_, i) => makeCall(i));
const traces = Array.from({ length: 1_000 }, (_, i) => makeTrace(i));

/** CPU microseconds per call of `fn`, best of REPEATS (the least disturbed run). */
async function cpuPerCall(name, fn, after = async () => {}) {
  const runs = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) {
      const pending = fn(i);
      if (pending) await pending;
    }
    await after();
    const used = process.cpuUsage(start);
    runs.push((used.user + used.system) / CALLS);
  }
  const best = Math.min(...runs);
  const median = runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  console.log(`${name.padEnd(58)} ${best.toFixed(2).padStart(7)} µs CPU/call (median ${median.toFixed(2)})`);
  return { name, bestUs: round(best), medianUs: round(median) };
}
const round = (x) => Math.round(x * 100) / 100;

const results = [];
// On the request path.
results.push(await cpuPerCall('request path: span ids from traceparent + traceresponse', (i) => {
  const ids = spanIdsFor(calls[i % 1000].input.traceparent, undefined, 1);
  formatTraceparent(ids);
}));

// Prometheus: observe per call, folded every 64 calls (a turn of the event loop under load).
const metrics = new GatewayMetrics({ labels: { models: MODELS, providers: ['sim'], keys: ['bench'], teams: ['cx'] }, processMetrics: true });
results.push(await cpuPerCall('Prometheus: queue + fold into counters/histograms', (i) => {
  metrics.observe(traces[i % 1000]);
  if (i % 64 === 63) metrics.fold();
}, async () => metrics.fold()));
const scrapeStart = process.cpuUsage();
for (let i = 0; i < 100; i++) await metrics.render();
const scrape = process.cpuUsage(scrapeStart);
results.push({ name: 'Prometheus: one scrape (render)', bestUs: round((scrape.user + scrape.system) / 100), medianUs: null });
console.log(`${'Prometheus: one scrape (render)'.padEnd(58)} ${((scrape.user + scrape.system) / 100).toFixed(2).padStart(7)} µs CPU`);

// OpenTelemetry: spans and the GenAI metrics, exported over OTLP/HTTP (JSON) to the collector.
// Every 64 calls the queue is drained (a turn of the event loop) and the loop yields, so the
// batch processor exports as it does in the server; metrics are pushed once at the end (every
// 60 s in the server, so their export is negligible per call).
const collectorUrl = `http://127.0.0.1:${port}`;
async function otelRun(name, endpoints) {
  const otel = new OtelExport({ endpoints, headers: {}, serviceName: 'bench', content: false, providerTypes: { sim: 'openai' }, metricsIntervalMs: 600_000, scheduledDelayMillis: 200 });
  const result = await cpuPerCall(name, (i) => {
    const call = calls[i % 1000];
    call.span = spanIdsFor(call.input.traceparent, undefined, 1);
    otel.observe(traces[i % 1000], call);
    if (i % 64 !== 63) return undefined;
    otel.drain();
    return new Promise((r) => setImmediate(r));
  }, async () => otel.flush());
  await otel.shutdown();
  if (otel.failedSpans > 0) console.log(`warning: ${otel.failedSpans} spans were not taken by the collector`);
  return result;
}
results.push(await otelRun('OpenTelemetry spans: queue + span + OTLP/HTTP JSON export', { traces: `${collectorUrl}/v1/traces`, metrics: undefined }));
results.push(await otelRun('OpenTelemetry GenAI metrics: record (+ one push)', { traces: undefined, metrics: `${collectorUrl}/v1/metrics` }));
results.push(await otelRun('OpenTelemetry spans and metrics', { traces: `${collectorUrl}/v1/traces`, metrics: `${collectorUrl}/v1/metrics` }));


mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify({ when: new Date().toISOString(), machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg().map(round) }, calls: CALLS, repeats: REPEATS, results }, null, 2)}\n`);
console.log(`load average ${os.loadavg().map(round).join(' ')}; wrote ${OUT}`);
process.exit(0);
