import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Every number flag of the CLI reads decimal digits only, through one parser (core/number-flag):
 * `Number` took `--count 0x10` as 16, `1e3` as 1000 and `"  5"` as 5 where each command parsed its
 * own. Each command below is stopped by its flag, with one line naming it, before any work: none
 * of them has a gateway or a store it could reach with that value.
 */
const BIN = fileURLToPath(new URL('../../bin/switchyard.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sy-number-flags-'));
const db = join(dir, 'store.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(words: string[]): Promise<{ code: number; stderr: string }> {
  return promisify(execFile)(process.execPath, [BIN, ...words], { cwd: dir, timeout: 30_000 }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

const handbook = join(ROOT, 'examples/handbook');
const cases: [string[], string][] = [
  [['eval', 'generate', '--from', handbook, '--model', 'small', '--count', '0x10', '--db', db], 'switchyard: --count must be an integer from 1 to 10000, got "0x10" (write it in decimal digits: 16)'],
  [['eval', 'generate', '--from', handbook, '--model', 'small', '--concurrency', '1e3', '--db', db], 'switchyard: --concurrency must be an integer from 1 to 64, got "1e3"'],
  [['eval', 'list', '--limit', '  5', '--db', db], 'switchyard: --limit must be an integer from 1 to 1000, got "  5" (write it in decimal digits: 5)'],
  [['judge', 'calibrate', '--dataset', 'd', '--model', 'm', '--rubric', 'r', '--name', 'n', '--concurrency', '2.5', '--db', db], 'switchyard: --concurrency must be an integer from 1 to 256, got "2.5"'],
  [['traces', '--limit', '-1', '--db', db], 'switchyard: --limit must be an integer from 1 to 500, got "-1"'],
  [['traces', '--status', '2e2', '--db', db], 'switchyard: --status must be "ok", "error" or an HTTP status from 100 to 599, got "2e2"'],
  [['review', '--limit', 'abc', '--db', db], 'switchyard: --limit must be an integer from 1 to 1000, got "abc"'],
  [['export', 'finetune', '--min-score', '0x4', '--db', db], 'switchyard: --min-score must be a number from 1 to 5, got "0x4" (write it in decimal digits: 4)'],
  [['keys', 'create', 'k', '--rpm', '0x10', '--db', db], 'switchyard: --rpm must be a whole number from 1 to 1,000,000,000,000, got "0x10"'],
  [['loadtest', '--model', 'small', '--rps', 'Infinity'], 'switchyard: --rps must be a number above 0 and at most 100000, got "Infinity"'],
  [['topics', 'r', '--k', '99999999999999999999', '--db', db], 'switchyard: --k must be an integer from 2 to 200, got "99999999999999999999"'],
  [['models', 'promote', '--route', 'r', '--version', '0x1', '--db', db], 'switchyard: --version must be a version number (an integer from 1), got "0x1"'],
  [['guard', 'scan', '--traces', '', '--db', db], 'switchyard: --traces must be an integer from 1 to 500, got ""'],
  [['serve', '--port', '0x10'], 'switchyard: --port must be an integer from 0 to 65535, got "0x10"'],
  [['demo', 'local', '--rate', '1e2'], 'switchyard: --rate must be a number above 0 and at most 100000, got "1e2" (write it in decimal digits: 100)'],
  [['simulate', '--port', '0x10'], `error: option '-p, --port <port>' argument '0x10' is invalid. expected an integer from 0 to 65535, got "0x10"`],
  // Past 2^31 ms a Node.js timer fires at once: the simulated latency would have been none.
  [['simulate', '--latency-ms', '99999999999'], `error: option '--latency-ms <ms>' argument '99999999999' is invalid. expected a number from 0 to 3600000, got "99999999999"`],
];

describe('number flags across the CLI', () => {
  it.each(cases)('%j is refused by its flag, in one line, exit 1', async (words, line) => {
    const { code, stderr } = await refusal(words);
    expect(code).toBe(1);
    expect(stderr.split('\n')[0]).toBe(line);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
