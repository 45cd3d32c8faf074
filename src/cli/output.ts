import { SwitchyardError } from '../core/errors.js';
import { terminalText } from '../core/terminal-text.js';

/**
 * One line for the terminal: the message alone for our own errors, the stack for surprises.
 * Control characters are shown escaped (`terminalText`).
 *
 * @example formatCliError(new SwitchyardError('invalid_request', 'bad line')) // 'switchyard: bad line'
 */
export function formatCliError(error: unknown): string {
  if (error instanceof SwitchyardError || isSystemRefusal(error)) return `switchyard: ${terminalText(error.message)}`;
  if (error instanceof Error) return `switchyard: ${terminalText(error.stack ?? error.message)}`;
  return `switchyard: ${terminalText(String(error))}`;
}

/**
 * An operating system's refusal of a file the command was given (an `--out` in no folder, a full
 * disk, no permission): Node's message names the call, the path and why ("ENOENT: no such file or
 * directory, open 'x/spend.csv'"), which is the answer; its stack made it read as a crash.
 */
function isSystemRefusal(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as NodeJS.ErrnoException;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && typeof syscall === 'string';
}

/**
 * On a terminal, says that the command now waits for JSON lines on stdin: without it a newcomer
 * who types the command alone sees nothing happen. Piped input gets no line.
 *
 * @example hintStdinLines('{"text": "…"}', '--text TEXT instead')
 */
export function hintStdinLines(example: string, instead: string, stdin: { isTTY?: boolean } = process.stdin, stderr: { write(text: string): unknown } = process.stderr): void {
  if (!stdin.isTTY) return;
  stderr.write(`waiting for JSON lines such as ${example} on stdin; Ctrl-D ends them (or pipe them in; ${instead})\n`);
}
