import type { Command } from 'commander';
import { closestName } from '../core/format-issues.js';
import { clip } from '../core/clip.js';

/**
 * `switchyard help eval run` as `switchyard eval run --help`. Commander's help command reads
 * only its first word, so `help eval run` printed the help of `eval` (its subcommands), not the
 * options and examples of `eval run` that README's quick start promises.
 */
export function helpAsFlag(words: readonly string[]): string[] {
  return words[0] === 'help' && words.length > 2 ? [...words.slice(1), '--help'] : [...words];
}

/**
 * The error for help asked about a command that is not there (`help evals`, `eval runn --help`),
 * in commander's words, or undefined. Commander printed the nearest known command's help and
 * exited 0, so a typo read as if that command had no such subcommand, or as the whole program.
 *
 * @example unknownCommandInHelp(program, ['help', 'evals']) // "error: unknown command 'evals'\n(Did you mean eval?)"
 */
export function unknownCommandInHelp(root: Command, words: readonly string[]): string | undefined {
  const asked = words[0] === 'help' ? words.slice(1) : words.includes('--help') || words.includes('-h') ? words : undefined;
  if (!asked) return undefined;
  let command = root;
  for (const word of asked) {
    if (word.startsWith('-')) break;
    const subcommands = command.commands.filter((c) => c.name() !== 'help');
    // A command without subcommands takes its words as arguments (`eval run suite.yaml --help`).
    if (subcommands.length === 0) break;
    // `eval help run` is commander's own spelling of `help eval run`.
    if (word === 'help') continue;
    const next = subcommands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) {
      const meant = closestName(word, subcommands.map((c) => c.name()));
      return `error: unknown command '${clip(word, 100)}'${meant ? `\n(Did you mean ${meant}?)` : ''}`;
    }
    command = next;
  }
  return undefined;
}
