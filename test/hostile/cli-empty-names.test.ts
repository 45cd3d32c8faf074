import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A name that narrows a listing, given empty: `traces --model ''` read it as no filter and listed
 * every trace with exit 0, `topics ''` reported on a route no request can name. Each is refused
 * with one line naming the flag or argument, exit 1, before the store is opened.
 */
const BIN = fileURLToPath(new URL('../../bin/switchyard.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sy-empty-names-'));
const db = join(dir, 'store.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(words: string[]): Promise<{ code: number; stderr: string }> {
  return promisify(execFile)(process.execPath, [BIN, ...words], { cwd: dir, timeout: 30_000 }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

const ROUTES = 'a route or model (switchyard routes lists those with traffic)';
const cases: [string[], string][] = [
  [['traces', '--model', '', '--db', db], 'switchyard: --model is empty: name a requested model'],
  [['traces', '--key', ' ', '--db', db], 'switchyard: --key is blank: name a virtual key'],
  [['traces', '--team', '', '--db', db], 'switchyard: --team is empty: name a team'],
  // Round 22 (hostile22): listed every replica's traces.
  [['traces', '--replica', '', '--db', db], "switchyard: --replica is empty: name a gateway process ($SWITCHYARD_REPLICA, else host-pid; `traces show` names a trace's)"],
  [['topics', '', '--db', db], `switchyard: the route argument is empty: name ${ROUTES}`],
  [['drift', '--route', '', '--db', db], `switchyard: --route is empty: name ${ROUTES}, or leave --route out for all traffic`],
];

describe('an empty name where a listing is narrowed to one', () => {
  it.each(cases)('%j: one line, exit 1', async (words, line) => {
    expect(await run(words)).toEqual({ code: 1, stderr: `${line}\n` });
  }, 60_000);
});
