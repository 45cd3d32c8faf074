import type { Command } from 'commander';

/** Every command registers itself here; order is the order `--help` lists them. */
export function registerCommands(program: Command): void {
  void program;
}
