import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { registerCommands } from './index.js';
import { VERSION } from './version.js';

describe('switchyard version', () => {
  it('prints the package version, so npx users have a form npx does not answer itself', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    const program = new Command('switchyard').exitOverride();
    registerCommands(program);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await program.parseAsync(['version'], { from: 'user' });
      expect(log.mock.calls).toEqual([[VERSION]]);
    } finally {
      log.mockRestore();
    }
  });
});
