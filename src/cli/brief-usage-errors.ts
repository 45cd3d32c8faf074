import type { Command } from 'commander';
import { CLI } from '../core/cli-command.js';
import { clip } from '../core/clip.js';
import { commandPath as helpPath, HELP_EXAMPLES } from './help-examples.js';

/**
 * After a usage error (a missing argument or required option, an unknown option), every command
 * prints its usage line and where its full help is, not the whole help: 20–45 lines of options
 * scrolled the one-line error off a small terminal.
 *
 * @example briefUsageAfterErrors(program); // `switchyard local train` → error, usage, "switchyard help local train …"
 */
export function briefUsageAfterErrors(command: Command): void {
  const path = commandPath(command);
  const sub = path.split(' ').slice(1).join(' ');
  const hint = sub ? `${CLI} help ${sub} shows every option, with examples` : `${CLI} help lists every command`;
  command.showHelpAfterError(`Usage: ${path} ${command.usage()}\n(${hint})`);
  command.configureOutput({ outputError: (text, write) => write(clipQuoted(withArgumentHint(withPrefixSuggestion(text, command), command))) });
  for (const child of command.commands) briefUsageAfterErrors(child);
}

/**
 * Commander quotes what was typed in its errors (`unknown option '--…'`, `argument '…' is
 * invalid`) in full: a value pasted by mistake, a whole file, filled the terminal. Each quoted
 * word is cut to 100 characters, as the commands' own errors cut a flag's value (`quoteClipped`).
 *
 * @example clipQuoted(`error: unknown option '--${'x'.repeat(300)}'`) // "error: unknown option '--xxx…'" (its first 100 characters, then …)
 */
export function clipQuoted(text: string, max = 100): string {
  return text.replace(/'([^'\n]*)'/g, (quoted, inner: string) => (inner.length > max ? `'${clip(inner, max)}'` : quoted));
}

/**
 * Commander offers an option a typo or two away (`--staus`: `--status`), not one the flag typed
 * is the start of: `local train --label category` (for `--label-column`, as `local predict` has
 * `--text` beside `local train`'s `--text-column`) was told only that `--label` is unknown. The
 * one option of the command whose long name starts with the flag and a dash is offered.
 *
 * @example withPrefixSuggestion("error: unknown option '--label'\n", localTrain) // "error: unknown option '--label'\n(Did you mean --label-column?)\n"
 */
export function withPrefixSuggestion(text: string, command: Command): string {
  const typed = /^error: unknown option '(--[^'=]+)[^']*'\n$/.exec(text)?.[1];
  if (!typed) return text;
  const longs = command.options.flatMap((option) => (option.long?.startsWith(`${typed}-`) ? [option.long] : []));
  return longs.length === 1 ? `${text}(Did you mean ${longs[0]}?)\n` : text;
}

/**
 * Commander names a missing argument and no more (`error: missing required argument 'route'`):
 * which route, and where to find one, the user had to look up in the full help. The argument's
 * own description follows it where the command gives one, and the command's first example that
 * passes arguments, so the line says what to pass.
 *
 * @example withArgumentHint("error: missing required argument 'route'\n", topics)
 * // "error: missing required argument 'route': the route or model … \n(for example: switchyard topics support --range 7d)\n"
 */
export function withArgumentHint(text: string, command: Command): string {
  const name = /^error: missing required argument '([^']+)'\n$/.exec(text)?.[1];
  if (!name) return text;
  const description = command.registeredArguments.find((argument) => argument.name() === name)?.description;
  const path = helpPath(command);
  // The first example that passes more than the command's own words (the argument).
  const example = HELP_EXAMPLES[path]?.map((line) => line.replace(/\s+#.*$/, '').trim()).find((line) => line.split(/\s+/).length > path.split(' ').length + 1);
  return `${description ? `${text.slice(0, -1)}: ${description}\n` : text}${example ? `(for example: ${example})\n` : ''}`;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
