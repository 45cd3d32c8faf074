import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ShellBlock, shellBlocks } from './shell-blocks.js';

const root = join(import.meta.dirname, '../..');

/** A command line (a `\`-continued command joined) without its trailing `# comment`. */
function commands(code: string): string[] {
  return code
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The port a `switchyard serve|simulate … &` line starts a server on; undefined for other lines. */
function startedPort(line: string): number | undefined {
  const server = /\bswitchyard\s+(serve|simulate)\b.*&$/.exec(line);
  if (!server) return undefined;
  const port = /--port\s+(\d+)/.exec(line);
  return port ? Number(port[1]) : server[1] === 'simulate' ? 9300 : 4000;
}

/** A line that waits for a server: curl retrying on refused connections. */
const isWait = (line: string) => /^curl\s/.test(line) && line.includes('--retry-connrefused');

/** What is wrong with the waits of one block, in words a reader of the failure can act on. */
function waitProblems(block: ShellBlock): string[] {
  const problems: string[] = [];
  const where = `${block.file}:${block.line}`;
  const pending = new Set<number>();
  for (const line of commands(block.code)) {
    const port = startedPort(line);
    if (port !== undefined) {
      pending.add(port);
      continue;
    }
    if (isWait(line)) {
      // The simulator's port as the walkthroughs write it, `${SWITCHYARD_SIM_PORT:-9300}`, is its default.
      const url = /http:\/\/127\.0\.0\.1:(?:\$\{SWITCHYARD_SIM_PORT:-)?(\d+)\}?(\/\S*)/.exec(line);
      // -f: an error page from another program on the port fails the wait instead of passing it.
      if (!/\s-[a-zA-Z]*f[a-zA-Z]*\s|\s--fail\s/.test(` ${line} `)) problems.push(`${where}: a wait without -f passes whatever answers: ${line}`);
      if (!url || !/^\/(_sim\/)?health$/.test(url[2] ?? '')) problems.push(`${where}: a wait should ask the server's /health (the simulator's /_sim/health), not send a request: ${line}`);
      const retries = Number(/--retry\s+(\d+)/.exec(line)?.[1] ?? 0);
      if (retries < 60) problems.push(`${where}: ${retries} retries are too few for npx on a busy machine: ${line}`);
      // `export SWITCHYARD_SIM_PORT=…` moves the simulator and the example configs; a wait on 9300
      // itself then waits a minute for nothing (or passes on another program's simulator).
      if (url?.[2] === '/_sim/health' && !line.includes('${SWITCHYARD_SIM_PORT:-')) problems.push(`${where}: a wait for the simulator should ask \${SWITCHYARD_SIM_PORT:-9300}, the port the simulator and the example configs read: ${line}`);
      if (url) pending.delete(Number(url[1]));
      continue;
    }
    if (/^curl\s/.test(line) && pending.size > 0) problems.push(`${where}: a request is sent before the servers on ${[...pending].join(', ')} were waited for: ${line}`);
  }
  if (pending.size > 0) problems.push(`${where}: the servers on ${[...pending].join(', ')} are started but never waited for`);
  return problems;
}

describe('the waits for the servers a walkthrough starts', () => {
  it('recognises a good wait and each bad one', () => {
    const block = (code: string) => ({ file: 'x.md', line: 1, section: 'A', code, directive: null });
    expect(waitProblems(block('npx --no switchyard simulate &\ncurl -sf --retry 60 --retry-connrefused --retry-delay 1 http://127.0.0.1:${SWITCHYARD_SIM_PORT:-9300}/_sim/health\ncurl -s http://127.0.0.1:9300/v1/models\n'))).toEqual([]);
    expect(waitProblems(block('npx --no switchyard simulate &\ncurl -sf --retry 60 --retry-connrefused --retry-delay 1 http://127.0.0.1:9300/_sim/health\n'))).toEqual([
      expect.stringContaining('should ask ${SWITCHYARD_SIM_PORT:-9300}'),
    ]);
    expect(waitProblems(block('npx --no switchyard serve --port 4001 &\ncurl -s --retry 60 --retry-connrefused --retry-delay 1 http://127.0.0.1:4001/health\n'))).toEqual([
      expect.stringContaining('without -f'),
    ]);
    expect(waitProblems(block('npx --no switchyard serve --port 4001 &\ncurl -sf --retry 30 --retry-connrefused --retry-delay 1 http://127.0.0.1:4001/health\n'))).toEqual([
      expect.stringContaining('30 retries'),
    ]);
    expect(waitProblems(block("npx --no switchyard serve --port 4002 &\ncurl -si --retry 60 --retry-connrefused --retry-delay 1 http://127.0.0.1:4002/v1/chat/completions \\\n  -d '{}'\n"))).toEqual([
      expect.stringContaining('without -f'),
      expect.stringContaining('not send a request'),
    ]);
    expect(waitProblems(block('npx --no switchyard simulate &\nnpx --no switchyard serve --port 4001 &\ncurl -sf --retry 60 --retry-connrefused --retry-delay 1 http://127.0.0.1:4001/health\ncurl -s http://127.0.0.1:4001/v1/models\n'))).toEqual([
      expect.stringContaining('before the servers on 9300'),
      expect.stringContaining('9300 are started but never waited for'),
    ]);
  });

  it.each(['README.md', 'examples/README.md'])('%s: every server started with & is waited for on its /health with curl -f and 60 retries before a request', (file) => {
    const blocks = shellBlocks(file, readFileSync(join(root, file), 'utf8'));
    expect(blocks.some((b) => commands(b.code).some(isWait))).toBe(true);
    expect(blocks.flatMap(waitProblems)).toEqual([]);
  });
});

// A section's wait passed against the gateway an earlier section left on the same port (4001 was
// Configuration's, Monitoring's, Routes' and the replicas'): its requests then reached the other
// config. Each section's gateways have ports of their own (the simulator is the same program everywhere).
describe('the gateways a walkthrough starts', () => {
  it.each(['README.md', 'examples/README.md'])('%s: no two sections start a gateway on the same port', (file) => {
    const sections = new Map<number, Set<string>>();
    for (const block of shellBlocks(file, readFileSync(join(root, file), 'utf8'))) {
      for (const line of commands(block.code)) {
        const port = /\bswitchyard\s+serve\b/.test(line) ? startedPort(line) : undefined;
        if (port !== undefined) sections.set(port, (sections.get(port) ?? new Set()).add(block.section));
      }
    }
    const shared = [...sections].filter(([, names]) => names.size > 1).map(([port, names]) => `${port}: ${[...names].join(', ')}`);
    expect(shared).toEqual([]);
  });
});
