import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/cli/commands/index.js';

const root = join(import.meta.dirname, '../..');
const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md') && f !== 'measurements.md').map((f) => `docs/${f}`)];

/** The command a mention names (its longest run of command words), and the words after them. */
function commandOf(program: Command, words: readonly string[]): { command: Command; rest: string[] } | undefined {
  let command = program;
  let i = 0;
  for (let sub = command.commands.find((c) => c.name() === words[0]); sub; sub = command.commands.find((c) => c.name() === words[i])) {
    command = sub;
    i++;
  }
  return command === program ? undefined : { command, rest: words.slice(i) };
}

describe('commands named in the prose', () => {
  // A reader types what the prose writes: `switchyard topics` bare stopped at commander's
  // "missing required argument 'route'". The mentions here are names only (the runnable blocks
  // are run by readme.test.ts), so each writes at least the first argument a command requires.
  it('write the first argument a command requires (the log of the walk that found `switchyard topics` bare)', () => {
    const program = new Command('switchyard');
    registerCommands(program);
    const bare: string[] = [];
    for (const page of pages) {
      for (const [mention, words] of readFileSync(join(root, page), 'utf8').matchAll(/`(?:npx --no )?switchyard ([a-z][^`]*)`/g)) {
        const named = commandOf(program, (words ?? '').split(/\s+/));
        if (!named || named.command.commands.length > 0) continue;
        const required = named.command.registeredArguments.some((a) => a.required);
        if (required && !named.rest.some((w) => !w.startsWith('-'))) bare.push(`${page}: ${mention}`);
      }
    }
    expect(bare).toEqual([]);
  });
});
