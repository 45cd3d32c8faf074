import { invalidRequest, type SwitchyardError } from './errors.js';
import { describeValue } from './format-issues.js';

/** The longest file name a translation sends on (OpenAI's `file.filename`, Gemini's `displayName`, Claude's document `title`). */
export const MAX_FILE_NAME_CHARS = 255;

/** C0 and C1 control characters and DEL: no part of a file name. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A name a client gave a file that a translation sends on as another API's file name (a Gemini
 * blob's `displayName`, a Claude document's `title`, a Responses `input_file`'s `filename`):
 * undefined when none is given (absent, null or empty: the caller makes one from the media type),
 * the name when it is a short printable string, else a 400 naming `path`, where any length and
 * control characters went on as sent and met the target's 400 about its own field.
 *
 * @example fileNameAt('terms.pdf', 'messages[0].content[1].title') // 'terms.pdf'
 * @example fileNameAt(5, 'input[0].content[0].filename') // throws: input[0].content[0].filename must be a file name (at most 255 characters, no control characters), got 5
 */
export function fileNameAt(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' && value.length <= MAX_FILE_NAME_CHARS && !CONTROL.test(value)) return value;
  throw notFileName(value, path);
}

const notFileName = (value: unknown, path: string): SwitchyardError =>
  invalidRequest(path, `${path} must be a file name (at most ${MAX_FILE_NAME_CHARS} characters, no control characters), got ${describeValue(value)}`);
