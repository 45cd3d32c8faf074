import { SwitchyardError } from '../core/errors.js';

/**
 * One line for the terminal: the message alone for our own errors, the stack for surprises.
 * Control characters are shown escaped (see {@link printable}).
 *
 * @example formatCliError(new SwitchyardError('invalid_request', 'bad line')) // 'switchyard: bad line'
 */
export function formatCliError(error: unknown): string {
  if (error instanceof SwitchyardError) return `switchyard: ${printable(error.message)}`;
  if (error instanceof Error) return `switchyard: ${printable(error.stack ?? error.message)}`;
  return `switchyard: ${printable(String(error))}`;
}

// C0 controls but tab and newline, DEL and C1 controls (0x9b is a one-byte CSI).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text for a terminal with its control characters escaped: a message may quote a line of a file
 * or a value a server sent, and a terminal obeys an ESC sequence in it (recolours, retitles,
 * moves the cursor over earlier output) or rings on BEL. Tabs and newlines stay.
 *
 * @example printable('bad \u001b[2Jline') // 'bad \\u001b[2Jline'
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
