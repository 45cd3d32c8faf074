import type { Command } from 'commander';
import { CLI } from '../core/cli-command.js';

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
  for (const child of command.commands) briefUsageAfterErrors(child);
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
