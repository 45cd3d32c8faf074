// Drives one bench cell with wrk (Debian's `wrk`): a warm-up run, then the measured run, and
// returns figures in the shape bench/load.mjs prints. wrk is C and event-driven, so on a small
// machine the load generator takes far less CPU than a Node one, and its latency histogram is
// exact to the microsecond.
import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Whether `wrk` is on the PATH. */
export function hasWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version.
    return error.status === 1;
  }
}

function luaString(text) {
  let level = '';
  while (text.includes(`]${level}]`)) level += '=';
  return `[${level}[${text}]${level}]`;
}

/** A wrk script: POST the body with the headers, print the figures as one JSON line at the end. */
function script(spec) {
  const headers = { 'content-type': 'application/json', ...spec.headers };
  return [
    'wrk.method = "POST"',
    `wrk.body = ${luaString(spec.body)}`,
    ...Object.entries(headers).map(([k, v]) => `wrk.headers[ ${luaString(k)} ] = ${luaString(String(v))}`),
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format(\'RESULT {"requests":%d,"durationUs":%d,"bytes":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f}\\n\',',
    '    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,',
    '    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))',
    'end',
    '',
  ].join('\n');
}

function runWrk(args, cpu) {
  return new Promise((resolve, reject) => {
    const command = cpu === undefined ? 'wrk' : 'taskset';
    const argv = cpu === undefined ? args : ['-c', cpu, 'wrk', ...args];
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) return reject(new Error(`wrk exited ${code}: ${out.slice(-500)}`));
      resolve(JSON.parse(line.slice(7)));
    });
  });
}

const ms = (us) => Math.round(us) / 1000;

/**
 * Runs warm-up then the measured window; `onMeasure('start' | 'end')` is called at the edges of
 * the measured run so the caller can sample /proc (awaited at the end). `warmupRuns` (default 1)
 * splits the warm-up into that many wrk runs, each opening its connections anew and closing them
 * at its end: the measured run opens fresh connections too, and after one warm-up run V8 was still
 * recompiling the request path for the objects of a closed and reopened connection in the window
 * (docs/measurements.md, 2026-12-06 gwcpu); after two or three it has seen them.
 *
 * @example await wrkCell({ url, path, connections: 64, warmupMs: 1500, durationMs: 6000, stream, headers, body, dir, cpu: '0' }, mark)
 */
export async function wrkCell(spec, onMeasure) {
  const file = join(spec.dir, `wrk-${process.pid}.lua`);
  writeFileSync(file, script(spec));
  const common = ['-t', '1', '-c', String(spec.connections), '--timeout', '10s', '-s', file, `${spec.url}${spec.path}`];
  const warmupRuns = Math.max(1, Math.floor(spec.warmupRuns ?? 1));
  for (let run = 0; run < warmupRuns; run++) await runWrk(['-d', `${Math.max(1, Math.round(spec.warmupMs / warmupRuns / 1000))}s`, ...common], spec.cpu);
  onMeasure('start');
  const r = await runWrk(['-d', `${Math.max(1, Math.round(spec.durationMs / 1000))}s`, ...common], spec.cpu);
  // The caller may close the window later (once the gateway has written the window's traces).
  await onMeasure('end');
  const errors = r.status + r.connect + r.read + r.write + r.timeout;
  const ok = r.requests - r.status;
  const errorKinds = Object.fromEntries(['status', 'connect', 'read', 'write', 'timeout'].filter((k) => r[k] > 0).map((k) => [k, r[k]]));
  return {
    connections: spec.connections,
    stream: spec.stream,
    windowMs: Math.round(r.durationUs / 1000),
    ok,
    errors,
    errorKinds,
    reqPerSec: Math.round((ok / (r.durationUs / 1e6)) * 10) / 10,
    latencyMs: { p50: ms(r.p50), p90: ms(r.p90), p99: ms(r.p99), p999: ms(r.p999), max: ms(r.max), mean: ms(r.mean) },
    ttfbMs: null,
    bytesReceived: r.bytes,
    loadGenerator: 'wrk',
  };
}
