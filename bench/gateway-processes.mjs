// Processes of the guard benches (bench/guard-gateway.mjs, bench/guard-gateway-ab.mjs): gateways
// and simulators started from a checkout, waited for, killed on exit, and their CPU read from
// every thread's scheduler counters.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** Every process started here; killed when the bench exits, however it exits. */
export const children = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

// BENCH_PORTS=9410-9419 hands out ports from that range in turn (a machine shared by several
// benches, each given its own range); otherwise the system picks a free one.
const [portLow, portHigh] = (process.env.BENCH_PORTS ?? '').split('-').map(Number);
let nextPort = portLow;

/** A TCP port nothing listens on right now. */
export function freePort() {
  return new Promise((resolvePort, rejectPort) => {
    const server = createServer();
    let wanted = 0;
    if (portLow && portHigh) {
      if (nextPort > portHigh) return rejectPort(new Error(`BENCH_PORTS ${portLow}-${portHigh}: every port is taken`));
      wanted = nextPort++;
    }
    server.on('error', (error) => (wanted ? freePort().then(resolvePort, rejectPort) : rejectPort(error)));
    server.listen(wanted, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Runs `bin/switchyard.js ARGS` of the checkout at `root` (node flags first), keeping its output's tail for errors. */
export function startSwitchyard(root, args, nodeFlags = []) {
  const child = spawn(process.execPath, [...nodeFlags, join(root, 'bin/switchyard.js'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (d) => {
    tail = (tail + d).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  children.push(child);
  return { child, tail: () => tail };
}

/** Resolves once `url` answers below 500 (30 s at most); fails with the process's output if it exits first. */
export async function waitFor(url, proc) {
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

/**
 * CPU time of a process in milliseconds: the scheduler's nanosecond counters of all its threads
 * (/proc/<pid>/task/<tid>/schedstat), or clock ticks (user + system) where those are missing.
 */
export function cpuMs(pid) {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {} // a thread that just ended
    }
    if (ns > 0) return ns / 1e6;
  } catch {}
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** The middle value (the upper of the two middle ones), or null for none. */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? null;
