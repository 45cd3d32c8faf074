import type { Readable } from 'node:stream';
import { SwitchyardError } from '../core/errors.js';

/** How long a pipe may stay silent before it counts as holding no lines. */
const QUIET_MS = 150;

/**
 * For a one-off flag (`--text`, `--query`) that stands in for JSON lines on stdin: throws when
 * lines were piped in as well, since one of the two would be silently ignored. A terminal, an
 * empty file or /dev/null, and a pipe that stays silent for `QUIET_MS` (a parent that keeps
 * stdin open without writing, as some CI runners do) count as no lines; stdin is then let go
 * so the command can exit. Lines that are no JSON object are most often not meant for the command
 * at all: a `while read …; do …; done < file` loop's own input, which every command inside it
 * inherits; the error then shows the first of them and says to give the command `</dev/null`.
 *
 * @example await refuseStdinBeside('--text', 'JSON lines {"text": …}') // throws if `echo … | cmd --text x`
 */
export async function refuseStdinBeside(flag: string, lines: string, stdin: Readable & { isTTY?: boolean } = process.stdin, quietMs = QUIET_MS): Promise<void> {
  if (stdin.isTTY) return;
  const piped = await new Promise<string | null>((resolve) => {
    const finish = (value: string | null) => {
      clearTimeout(timer);
      stdin.off('data', onData).off('end', onEnd).off('error', onEnd);
      resolve(value);
    };
    // Blank input (`echo |`) is not lines: the stdin reader skips it too.
    const onData = (chunk: Buffer | string) => (String(chunk).trim() === '' ? undefined : finish(String(chunk)));
    const onEnd = () => finish(null);
    const timer = setTimeout(() => finish(null), quietMs);
    stdin.on('data', onData).on('end', onEnd).on('error', onEnd);
  });
  stdin.pause();
  stdin.destroy();
  if (piped === null) return;
  const param = flag.replace(/^--/, '');
  const first = piped.trimStart().split('\n', 1)[0]!.trimEnd();
  if (first.startsWith('{')) throw new SwitchyardError('invalid_request', `${flag} was given and ${lines} were piped on stdin: use one (${flag} for a single input, stdin for many)`, { param });
  const shown = JSON.stringify(first.length > 60 ? `${first.slice(0, 57)}…` : first);
  throw new SwitchyardError(
    'invalid_request',
    `${flag} was given and stdin holds lines too (the first: ${shown}), which this command would read as ${lines}: inside a loop that reads its own input (while read …; do …; done < file), give the command </dev/null; else use one (${flag} for a single input, stdin for many)`,
    { param },
  );
}
