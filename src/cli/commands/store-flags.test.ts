import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { registerCommands } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-store-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<void> {
  const program = new Command('switchyard').exitOverride();
  registerCommands(program);
  await program.parseAsync(['node', 'switchyard', ...argv]);
}

describe('commands that act on what a store already holds, run where there is no store', () => {
  // A newcomer's second terminal outside the checkout: each of these found nothing to act on in a
  // store it had just created there, and left that empty store behind for the next command to find.
  const commands = [
    ['datasets', 'add-traces', 'support-traffic'],
    ['eval', 'rerun', 'last'],
    ['eval', 'resume', 'last'],
    ['keys', 'rotate', 'support-bot'],
    ['keys', 'update', 'support-bot', '--team', 'care'],
    ['keys', 'revoke', 'support-bot'],
    ['teams', 'delete', 'care'],
    ['reviewers', 'rotate', 'Ana Lima'],
    ['reviewers', 'revoke', 'Ana Lima'],
    ['credentials', 'delete', 'openai'],
  ];
  it.each(commands)('%s %s says where it looked and creates nothing', async (...argv) => {
    const elsewhere = join(dir, argv.slice(0, 2).join('-'), 'sy.db');
    await expect(cli(...argv, '--db', elsewhere)).rejects.toThrow(`no store at ${elsewhere} (from --db); run this in the project folder`);
    expect(existsSync(elsewhere)).toBe(false);
  });
});
