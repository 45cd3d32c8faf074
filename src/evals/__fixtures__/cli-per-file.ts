import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { type SimWorld, simWorld } from './sim-gateway.js';

/**
 * The CLI run in-process for a test file, in front of a {@link simWorld}: before the file's tests
 * the world is made and handed to `started` (to keep it and write its files), and console output
 * is captured; after each test `process.exitCode` is cleared; after them the spies are restored
 * and the simulator closed. Returns `cli(...argv)`, which parses `switchyard …argv` with the
 * commands `register` adds and returns what it printed (console.log and stdout writes), without
 * colour codes: tables colour their borders, the assertions read the text.
 *
 * @example let world: SimWorld; const cli = cliPerFile(registerEval, (w) => { world = w; });
 * await cli('eval', 'list', '--db', world.dbPath)
 */
export function cliPerFile(register: (program: Command) => void, started: (world: SimWorld) => void): (...argv: string[]) => Promise<string> {
  let world: SimWorld | undefined;
  let printed: string[] = [];
  beforeAll(async () => {
    world = await simWorld();
    started(world);
    vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void printed.push(parts.join(' ')));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
  });
  afterEach(() => {
    process.exitCode = undefined;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await world?.sim.close();
  });
  return async (...argv) => {
    printed = [];
    const program = new Command('switchyard').exitOverride();
    register(program);
    await program.parseAsync(['node', 'switchyard', ...argv]);
    return printed.join('\n').replace(/\u001b\[[0-9;]*m/g, '');
  };
}
