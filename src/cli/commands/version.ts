import type { Command } from 'commander';

/** The package's version, as `--version` and `switchyard version` print it (a test holds it to package.json). */
export const VERSION = '0.1.0';

/**
 * `switchyard version`: the version as a command, because `npx --no switchyard --version` never
 * reaches switchyard (npx answers a flag before the `--` itself, with npx's own version).
 */
export function registerVersion(program: Command): void {
  program
    .command('version')
    .description('print the version (with npx: `npx --no switchyard version`, as npx answers a bare --version itself)')
    .action(() => {
      console.log(VERSION);
    });
}
