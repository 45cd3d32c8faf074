// Closed-loop load generator, one process per cell. `connections` workers each keep exactly one
// request in flight against a loopback URL: warm up, then measure for a fixed window.
//
//   node bench/load.mjs '{"url":"http://127.0.0.1:9300","path":"/v1/chat/completions",
//     "connections":16,"warmupMs":1500,"durationMs":6000,"stream":false,"headers":{},"body":"{}"}'
//
// Stdout protocol (read by bench/gateway.mjs, which samples /proc at the two marks):
//   MEASURE_START / MEASURE_END   when the measured window opens and closes
//   RESULT {json}                 the cell's figures
// Requests that complete inside the window are counted; their latency, and for streams the time
// to the first body byte, are recorded. Bounded by maxRequests and by a hard deadline.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

const opts = JSON.parse(process.argv[2] ?? '{}');
const { url, path, connections, warmupMs = 1500, durationMs = 6000, stream = false, headers = {}, body, maxRequests = 500_000, timeoutMs = 10_000 } = opts;
const host = new URL(url);
if (host.hostname !== '127.0.0.1' && host.hostname !== 'localhost' && host.hostname !== '::1') throw new Error(`loopback only, got ${host.hostname}`);

const pool = new Pool(url, { connections, pipelining: 1, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 30_000 });
const payload = Buffer.from(body);
const reqHeaders = { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) };
const DONE = Buffer.from('[DONE]');

const latency = new Float64Array(maxRequests);
const ttfb = new Float64Array(maxRequests);
let ok = 0;
let errors = 0;
let warmupErrors = 0;
let started = 0;
let inFlight = 0;
const errorKinds = new Map();
let bytes = 0;

const t0 = performance.now();
const windowStart = t0 + warmupMs;
const windowEnd = windowStart + durationMs;
let stopping = false;

function noteError(kind) {
  errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
}

function finish(start, first, status, good, kind) {
  inFlight--;
  const now = performance.now();
  if (now >= windowStart && now <= windowEnd) {
    if (good) {
      const i = ok++;
      latency[i] = now - start;
      ttfb[i] = first > 0 ? first - start : now - start;
    } else {
      errors++;
      noteError(kind ?? `http ${status}`);
    }
  } else if (!good && now < windowStart) warmupErrors++;
  if (!stopping && now < windowEnd && ok + errors < maxRequests) issue();
  else if (inFlight === 0) done();
}

function issue() {
  started++;
  inFlight++;
  const start = performance.now();
  let first = 0;
  let status = 0;
  let last;
  let prev;
  pool.dispatch(
    { path, method: 'POST', headers: reqHeaders, body: payload },
    {
      onRequestStart() {},
      onResponseStart(_controller, statusCode) {
        status = statusCode;
      },
      onResponseData(_controller, chunk) {
        if (first === 0) first = performance.now();
        bytes += chunk.length;
        prev = last;
        last = chunk;
      },
      onResponseEnd() {
        let good = status === 200 && last !== undefined;
        let kind;
        if (good && stream) {
          // A complete stream ends with `data: [DONE]`; the marker may straddle two chunks.
          const tail = prev ? Buffer.concat([prev.subarray(-16), last]) : last;
          good = tail.includes(DONE);
          if (!good) kind = 'stream without [DONE]';
        }
        finish(start, first, status, good, kind);
      },
      onResponseError(_controller, error) {
        finish(start, first, status, false, error.code ?? error.name);
      },
    },
  );
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i] * 1000) / 1000;
}

let reported = false;
let endMarked = false;
function markEnd() {
  if (endMarked) return;
  endMarked = true;
  process.stdout.write('MEASURE_END\n');
}

function done() {
  if (reported) return;
  reported = true;
  // The last answers can land past the window before its timer runs (a timer fires late, never
  // early): without this the result came before MEASURE_END and the process exited without it.
  markEnd();
  const lat = latency.subarray(0, ok).sort();
  const first = ttfb.subarray(0, ok).sort();
  const result = {
    connections,
    stream,
    windowMs: durationMs,
    ok,
    errors,
    warmupErrors,
    errorKinds: Object.fromEntries(errorKinds),
    reqPerSec: Math.round((ok / durationMs) * 1000 * 10) / 10,
    latencyMs: { p50: percentile(lat, 50), p99: percentile(lat, 99), mean: ok ? Math.round((lat.reduce((a, b) => a + b, 0) / ok) * 1000) / 1000 : null },
    ttfbMs: stream ? { p50: percentile(first, 50), p99: percentile(first, 99) } : null,
    bytesReceived: bytes,
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  pool.destroy().finally(() => process.exit(0));
}

setTimeout(() => process.stdout.write('MEASURE_START\n'), warmupMs);
setTimeout(() => {
  markEnd();
  stopping = true;
  if (inFlight === 0) done();
}, warmupMs + durationMs);
// Hard deadline: whatever is still in flight after the window plus one timeout is abandoned.
setTimeout(done, warmupMs + durationMs + timeoutMs + 1000).unref();

for (let i = 0; i < connections; i++) issue();
