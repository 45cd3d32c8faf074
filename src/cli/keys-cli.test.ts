import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/switchyard.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-keys-cli-'));
const db = join(dir, 'keys.db');
const cli = async (...args: string[]) => (await promisify(execFile)(process.execPath, [BIN, ...args, '--db', db])).stdout;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('switchyard teams list', () => {
  it('names the teams keys belong to that have no limits of their own, until they get some', async () => {
    await cli('keys', 'create', 'bot-a', '--team', 'ops');
    await cli('keys', 'create', 'bot-b', '--team', 'ops');
    await cli('keys', 'create', 'bot-c', '--team', 'billing');
    expect(await cli('teams', 'list')).toMatch(/No runtime teams[\s\S]*Named by keys, with no runtime limits of their own: billing \(1 key\), ops \(2 keys\)\./);
    await cli('teams', 'create', 'ops', '--budget-usd', '10');
    const listed = await cli('teams', 'list');
    expect(listed).toMatch(/│ ops +│ \$10 total +│/);
    expect(listed).toContain('Named by keys, with no runtime limits of their own: billing (1 key).');
    expect(JSON.parse(await cli('teams', 'list', '--json'))).toMatchObject({ teams: [{ name: 'ops' }], namedByKeys: { billing: 1 } });
  }, 30_000);
});

describe('switchyard keys list', () => {
  it('shows until when a rotated key’s previous secret still works, and nothing once the grace is over', async () => {
    await cli('keys', 'create', 'rotating-bot');
    await cli('keys', 'rotate', 'rotating-bot', '--grace', '3600');
    const rotated = JSON.parse(await cli('keys', 'list', '--json')).keys.find((k: { name: string }) => k.name === 'rotating-bot');
    const until = `${new Date(rotated.previousValidUntil).toISOString().slice(0, 19)}Z`;
    expect(await cli('keys', 'list')).toMatch(new RegExp(`│ rotating-bot[\\s\\S]*active; previous[\\s\\S]*secret until[\\s\\S]*${until.slice(0, 10)}`));
    await cli('keys', 'rotate', 'rotating-bot', '--grace', '0');
    expect(await cli('keys', 'list')).not.toContain('previous secret');
  }, 30_000);
});
