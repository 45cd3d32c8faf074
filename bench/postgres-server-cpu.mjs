// The PostgreSQL server's side of a bench:gateway cell: the CPU of the server's processes on this
// machine (read from /proc, as the gateway's is), split into the work the cell's gateway caused
// (the backends connected to its scratch database, and the server's background processes: WAL
// writer, checkpointer, background writer, autovacuum) and other clients' backends (another
// session's tests on the same server), and whether a checkpoint ran. The gateway's own figure
// never includes any of it: it is another process.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU ms (user + system) of every process named `postgres` on this machine, by pid; empty when the server runs elsewhere. */
export function postgresProcessCpu() {
  const cpu = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(Number(entry), ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK);
    } catch {} // a process that just ended
  }
  return cpu;
}

/**
 * The server's processes by role, and its checkpoint counters: `cell` holds the backends of
 * `database` and the background processes, `others` every other client backend.
 */
export async function postgresServerState(adminUrl, database) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const own = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const { rows } = await client.query('SELECT pid, datname, backend_type FROM pg_stat_activity');
    const cell = new Set();
    const others = new Set();
    for (const row of rows) {
      if (row.pid === own) continue;
      if (row.backend_type !== 'client backend' || row.datname === database) cell.add(row.pid);
      else others.add(row.pid);
    }
    const checkpoints = (await client.query('SELECT checkpoints_timed + checkpoints_req AS n, buffers_checkpoint AS buffers FROM pg_stat_bgwriter')).rows[0];
    return { cell, others, checkpoints: { n: Number(checkpoints.n), buffers: Number(checkpoints.buffers) } };
  } finally {
    await client.end();
  }
}

/**
 * The server's CPU over a window, from two `postgresProcessCpu` samples and the roles read at its
 * end (a backend started inside the window counts from zero): per request for the cell's share,
 * in ms for other clients'.
 */
export function postgresCpuFigures(before, after, state, done) {
  if (after.size === 0 || done <= 0) return {};
  let cellMs = 0;
  let othersMs = 0;
  for (const [pid, ms] of after) {
    const spent = ms - (before.get(pid) ?? 0);
    if (state.cell.has(pid)) cellMs += spent;
    else if (state.others.has(pid)) othersMs += spent;
  }
  return { postgresCpuMsPerRequest: Math.round((cellMs / done) * 1000) / 1000, postgresCpuMs: Math.round(cellMs), postgresOtherClientsCpuMs: Math.round(othersMs) };
}
