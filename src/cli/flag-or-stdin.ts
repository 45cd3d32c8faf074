import type { Readable } from 'node:stream';
import { SwitchyardError } from '../core/errors.js';

/** How long a pipe may stay silent before it counts as holding no lines. */
const QUIET_MS = 150;

/**
 * For a one-off flag (`--text`, `--query`) that stands in for JSON lines on stdin: throws when
 * lines were piped in as well, since one of the two would be silently ignored. A terminal, an
 * empty file or /dev/null, and a pipe that stays silent for `QUIET_MS` (a parent that keeps
 * stdin open without writing, as some CI runners do) count as no lines; stdin is then let go
 * so the command can exit.
 *
 * @example await refuseStdinBeside('--text', 'JSON lines {"text": …}') // throws if `echo … | cmd --text x`
 */
export async function refuseStdinBeside(flag: string, lines: string, stdin: Readable & { isTTY?: boolean } = process.stdin, quietMs = QUIET_MS): Promise<void> {
  if (stdin.isTTY) return;
  const piped = await new Promise<boolean>((resolve) => {
    const finish = (value: boolean) => {
      clearTimeout(timer);
      stdin.off('data', onData).off('end', onEnd).off('error', onEnd);
      resolve(value);
    };
    // Blank input (`echo |`) is not lines: the stdin reader skips it too.
    const onData = (chunk: Buffer | string) => (String(chunk).trim() === '' ? undefined : finish(true));
    const onEnd = () => finish(false);
    const timer = setTimeout(() => finish(false), quietMs);
    stdin.on('data', onData).on('end', onEnd).on('error', onEnd);
  });
  stdin.pause();
  stdin.destroy();
  if (piped) throw new SwitchyardError('invalid_request', `${flag} was given and ${lines} were piped on stdin: use one (${flag} for a single input, stdin for many)`, { param: flag.replace(/^--/, '') });
}
