import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/switchyard.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-topics-cli-'));
const db = join(dir, 's.db');
const cli = async (...args: string[]) => (await promisify(execFile)(process.execPath, [BIN, ...args, '--db', db])).stdout;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('switchyard topics', () => {
  it('says a route has no prompts at all, and how to check its name, rather than that there are too few', async () => {
    await cli('keys', 'create', 'someone');
    // Before: "too few prompts for topics yet (need 50 …)" for a name with no traffic at all.
    expect(await cli('topics', 'no-such-route')).toMatch(/^route no-such-route: no prompts recorded for it; check the name \(switchyard routes/);
  }, 30_000);
});
