import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-exit-flush-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The command's stderr as `cat` reads it from a pipe, then its exit status. */
function stderrThroughPipe(args: string, env = ''): string {
  // An operating-system pipe (a child's stdio from Node is a socket pair): the CLI's writes to it
  // are asynchronous past its 64 KiB buffer.
  const shell = spawnSync('sh', ['-c', `{ ${env}"${process.execPath}" "${CLI}" ${args} 2>&1 >/dev/null; echo "exit $?"; } | cat`], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return shell.stdout;
}

describe('a CLI error longer than a pipe holds', () => {
  it('reaches the reader whole before the process exits', () => {
    // 3,000 refused routes: the text form says the first 50, but the JSON log keeps every problem
    // (~300 kB on one line).
    const file = join(dir, 'many-errors.yaml');
    writeFileSync(file, `routes:\n${Array.from({ length: 3000 }, (_, i) => `  r${i}: { policy: bogus }\n`).join('')}`);
    const read = stderrThroughPipe(`serve --port 0 --config "${file}"`, 'SWITCHYARD_LOG_FORMAT=json ');
    // Before: cut at 65,536 bytes, mid-line, and the last route never named.
    expect(read.length).toBeGreaterThan(200_000);
    expect(read.endsWith('\nexit 1\n')).toBe(true);
    const event = JSON.parse(read.slice(0, -'exit 1\n'.length)) as { problems: string[] };
    expect(event.problems).toHaveLength(3000);
    expect(event.problems.at(-1)).toBe('routes.r2999.policy: "bogus" is not one of "static", "conditional", "split", "cascade", "learned"');
  });

  it('keeps commander\'s exit codes: 0 after help, 1 after a usage error', () => {
    expect(stderrThroughPipe('help traces')).toBe('exit 0\n');
    expect(stderrThroughPipe('traces --bogus')).toMatch(/^error: unknown option '--bogus'\n[^]*exit 1\n$/);
  });
});
