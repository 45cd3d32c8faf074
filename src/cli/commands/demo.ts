import type { Command } from 'commander';
import { numberFlag } from '../../core/number-flag.js';
import { DEMO_DB } from '../demo/demo-files.js';
import { CLI } from '../../core/cli-command.js';

interface DemoFlags {
  port: string;
  rate: string;
  limit: string;
  db: string;
  teacherLatencyMs: string;
  keep?: boolean;
}


/** `switchyard demo local`: watch a local task model take over a route's easy traffic. */
export function registerDemo(program: Command): void {
  const demo = program.command('demo').description('runnable demonstrations against the built-in simulator (no keys needed)');
  demo
    .command('local')
    .description('Banking77 traffic through a support-intent route: the local model learns from a simulated teacher and takes over the easy share')
    .option('-p, --port <port>', 'gateway port (0 picks a free one; the dashboard is served there)', '4000')
    .option('--rate <n>', 'requests per second', '100')
    .option('--limit <n>', 'requests to send (0: all 13,083)', '0')
    .option('--db <file>', `SQLite store for the demo (its config is written beside it, FILE.yaml, for \`${CLI} routes --config\`)`, DEMO_DB)
    .option('--teacher-latency-ms <ms>', 'latency of the simulated large model', '300')
    .option('--keep', 'leave the gateway and its dashboard up after the run, until Ctrl-C')
    .action(async (flags: DemoFlags) => {
      const { runLocalDemo } = await import('../demo/local-demo.js');
      const { stopped } = await runLocalDemo({
        port: numberFlag('--port', flags.port, { min: 0, max: 65_535, integer: true }),
        rate: numberFlag('--rate', flags.rate, { min: 0, max: 100_000, aboveMin: true }),
        limit: numberFlag('--limit', flags.limit, { min: 0, max: 10_000_000, integer: true }),
        db: flags.db,
        teacherLatencyMs: numberFlag('--teacher-latency-ms', flags.teacherLatencyMs, { min: 0, max: 600_000 }),
        keep: flags.keep === true,
        log: (line) => console.log(line),
      });
      // Stopped by Ctrl-C before the traffic ended: the shell's convention for an interrupted command.
      if (stopped) process.exitCode = 130;
    });
}
