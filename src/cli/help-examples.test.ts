import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from './commands/index.js';
import { commandPath, HELP_EXAMPLES } from './help-examples.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/switchyard.js');
const CHECKOUT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A word that names a file or folder (`examples/gateway.yaml`, `examples/handbook/`), not a URL or an option. */
const PATH_WORD = /^(?![a-z]+:\/\/)[\w.~-][\w./~-]*(\.(ya?ml|jsonl?|gz|csv|txt|md|db|pdf|html)|\/)$/;

function program(): Command {
  const root = new Command('switchyard');
  registerCommands(root);
  return root;
}

function everyCommand(root: Command): Command[] {
  return [root, ...root.commands.flatMap(everyCommand)];
}

/** Shell words of the `switchyard …` part of an example line (quotes kept together, pipes and comments cut). */
function switchyardWords(line: string): string[] | null {
  const at = line.search(/(^|[\s(])switchyard\s/);
  if (at === -1) return null;
  const words = line.slice(at).trim().match(/'[^']*'|"[^"]*"|[^\s'"]+/g) ?? [];
  const end = words.findIndex((word) => ['|', '>', '#', '&&', ';'].includes(word));
  return (end === -1 ? words : words.slice(0, end)).map((word) => word.replace(/\)$/, ''));
}

/** The command an example's words name, and the words after its name. */
function resolveCommand(root: Command, words: string[]): { command: Command; rest: string[] } {
  let command = root;
  let i = 1;
  while (i < words.length) {
    const sub = command.commands.find((c) => c.name() === words[i]);
    if (!sub) break;
    command = sub;
    i++;
  }
  return { command, rest: words.slice(i) };
}

describe('--help examples', () => {
  const root = program();

  it('every command and command group has examples, and none are kept for a command that does not exist', () => {
    const paths = everyCommand(root).map(commandPath);
    expect(paths.filter((path) => !HELP_EXAMPLES[path])).toEqual([]);
    expect(Object.keys(HELP_EXAMPLES).filter((path) => !paths.includes(path))).toEqual([]);
  });

  it('each example calls its own command (or one below it) with options that command has', () => {
    const problems: string[] = [];
    for (const [path, lines] of Object.entries(HELP_EXAMPLES)) {
      let own = 0;
      for (const line of lines) {
        const words = switchyardWords(line);
        if (!words) continue;
        if (words[1] === 'help') {
          own += path === '' ? 1 : 0;
          continue;
        }
        const { command, rest } = resolveCommand(root, words);
        if (!commandPath(command).startsWith(path)) problems.push(`${path}: "${line}" runs "${commandPath(command)}"`);
        else own++;
        const known = new Set(command.options.flatMap((option) => [option.long, option.short]).filter(Boolean));
        for (const word of rest) {
          const flag = word.split('=')[0] as string;
          if (/^--?[a-z]/i.test(flag) && !known.has(flag)) problems.push(`${path}: "${line}": ${commandPath(command)} has no ${flag}`);
        }
      }
      if (own === 0) problems.push(`${path}: no example runs it`);
    }
    expect(problems).toEqual([]);
  });

  it('every file an example reads is in the checkout (or written by an example\'s --out or >), so each runs as pasted', () => {
    const wordsOf = (line: string) => (line.split(' # ')[0] ?? '').match(/'[^']*'|"[^"]*"|[^\s'"]+/g) ?? [];
    const lines = Object.values(HELP_EXAMPLES).flat();
    const writes = (words: string[], i: number) => words[i - 1] === '--out' || words[i - 1] === '>';
    const written = new Set(lines.flatMap((line) => wordsOf(line).filter((_, i, words) => writes(words, i))));
    const missing: string[] = [];
    for (const line of lines) {
      wordsOf(line).forEach((word, i, words) => {
        const path = word.replace(/^[A-Z_]+=/, '');
        if (PATH_WORD.test(path) && !writes(words, i) && !written.has(path) && !existsSync(resolve(CHECKOUT, path))) missing.push(`${path} in "${line}"`);
      });
    }
    expect(missing).toEqual([]);
  });

  it('every file an example writes into the checkout is ignored by git, as the README\'s are', () => {
    // The newcomer's walk ran `help router`'s example and `git status` showed routers/ untracked:
    // `git add -A` would have committed a 1.3 MB router file (and load.json, run.json, a CSV).
    const wordsOf = (line: string) => (line.split(' # ')[0] ?? '').match(/'[^']*'|"[^"]*"|[^\s'"]+/g) ?? [];
    const written = Object.values(HELP_EXAMPLES)
      .flat()
      .flatMap((line) => wordsOf(line).filter((_, i, words) => words[i - 1] === '--out' || words[i - 1] === '>'));
    expect(written).toEqual(expect.arrayContaining(['routers/support.router.json', 'load.json', 'run.json', 'support-5.csv']));
    const notIgnored = [...new Set(written)].filter((file) => spawnSync('git', ['check-ignore', '--no-index', '-q', file], { cwd: CHECKOUT }).status !== 0);
    expect(notIgnored).toEqual([]);
  });

  it('every --config takes -c, as on serve: `eval run suite.yaml -c gw.yaml` was an unknown option', () => {
    const long = everyCommand(root).flatMap((command) => command.options.filter((option) => option.long === '--config').map((option) => `${commandPath(command)}: ${option.flags}`));
    expect(long.length).toBeGreaterThan(25);
    expect(long.filter((line) => !line.endsWith(': -c, --config <file>'))).toEqual([]);
  });

  it('are shown under --help, and by a bare `switchyard` with the commands', async () => {
    const help = (await promisify(execFile)(process.execPath, [BIN, 'keys', 'create', '--help'])).stdout;
    expect(help).toMatch(/Examples:\n {2}\$ switchyard keys create support-bot\n/);
    const bare = await promisify(execFile)(process.execPath, [BIN]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(bare?.stderr).toContain('Commands:');
    expect(bare?.stderr).toContain('$ switchyard serve ');
  });
});
