import { terminalText } from './terminal-text.js';

/**
 * JSON.parse's message for a body written by hand (curl, a script's string), with what it leaves
 * out: the line and column, the text just before the spot, and the usual cause there (single
 * quotes or unquoted names, as Python's `str(dict)` or a shell that drops quotes leaves them; a
 * trailing comma; a raw line break in a string; Python's `True`). Runs only on a failed parse.
 *
 * @example explainJsonError('{"a":1,}', 'Expected double-quoted property name in JSON at position 7')
 * // 'Expected double-quoted property name in JSON at position 7 (line 1, column 8, after "{\"a\":1,"): a comma before "}" ends nothing: remove it (JSON allows no trailing comma)'
 */
export function explainJsonError(text: string, message: string): string {
  const at = /at position (\d+)/.exec(message)?.[1];
  const comma = /^Unexpected token '[\]}]'/.test(message) ? trailingComma(text) : undefined;
  const position = at !== undefined ? Number(at) : comma;
  const where = position === undefined || position > text.length ? '' : ` (${lineAndColumn(text, position)}, after ${shown(JSON.stringify(before(text, position)))})`;
  const cause = causeOf(text, message, position, comma);
  // JSON.parse's own message quotes the body too ("Unexpected token 'T', …"stream":True…").
  return `${shown(message)}${where}${cause ? `: ${cause}` : ''}`;
}

const SHOWN_BEFORE = 24;
const CUT_SHORT = 'the JSON ends before it is complete: a closing quote, "]" or "}" is missing, or the text was cut short';
const FROM_FILE = 'a shell that drops double quotes (Windows cmd, PowerShell) does this: send the body from a file with curl -d @body.json';

function causeOf(text: string, message: string, position: number | undefined, comma: number | undefined): string | undefined {
  const char = position === undefined ? undefined : text[position];
  if (char === "'" || /^Unexpected token '''/.test(message)) return `JSON puts names and strings in double quotes, not single ones (Python's str(dict) writes single: send json.dumps(payload))`;
  if (/^Unterminated string/.test(message)) return 'a string has no closing double quote';
  // JSON.parse says "Expected ',' or '}'" for an object that stops after a value: cut short too.
  if (/^Unexpected end of JSON input/.test(message) || (position !== undefined && position >= text.trimEnd().length)) return CUT_SHORT;
  if (comma !== undefined || (/^Expected double-quoted property name/.test(message) && previousSolid(text, position) === ',')) return 'a comma before "}" or "]" ends nothing: remove it (JSON allows no trailing comma)';
  if (/^Expected property name/.test(message) && char !== undefined && /[A-Za-z_$]/.test(char)) return `names take double quotes ({"model": …}); ${FROM_FILE}`;
  if (/^Bad control character/.test(message)) return 'a line break or tab inside a string is written \\n or \\t';
  if (/^Bad escaped character/.test(message)) return 'a backslash in a string starts an escape (\\n, \\", \\\\, \\uXXXX): write a backslash itself as \\\\ (a Windows path too)';
  if (/^Expected ',' or '[}\]]' after/.test(message)) return 'a comma is missing between two items';
  if (/^Unexpected non-whitespace character after JSON/.test(message)) {
    return char === '{' ? 'a second JSON object follows the first: a request body is one object (JSON lines are for files)' : 'more text follows the JSON object (one "}" too many?)';
  }
  if (/^Unexpected token '[TFN]', /.test(message) && /\b(True|False|None)\b/.test(text)) return "JSON's words are true, false and null, in lowercase (Python's str(dict) writes True, False, None: send json.dumps(payload))";
  return undefined;
}

function lineAndColumn(text: string, position: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return `line ${line}, column ${position - start + 1}`;
}

function before(text: string, position: number): string {
  let from = Math.max(0, position - SHOWN_BEFORE);
  // Not from the second half of a surrogate pair: half an emoji showed as "\udc66".
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from++;
  return `${from > 0 ? '…' : ''}${text.slice(from, position)}`;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Text quoted from a body, with what would act on a reader escaped (`\u202e`): a bidi control
 * reorders the message where it is shown (the dashboard, a log), a C1 control such as 0x9B is a
 * terminal's CSI, and a raw line break splits a log line. JSON.stringify leaves all three.
 */
function shown(text: string): string {
  return terminalText(text).replace(/[\n\t]/g, (c) => (c === '\n' ? '\\n' : '\\t'));
}

function previousSolid(text: string, position: number | undefined): string | undefined {
  if (position === undefined) return undefined;
  for (let i = position - 1; i >= 0; i--) if (!/\s/.test(text[i] ?? '')) return text[i];
  return undefined;
}

/** The first "]" or "}" outside strings after a comma and whitespace only: where JSON.parse's "Unexpected token ']'" broke. */
function trailingComma(text: string): number | undefined {
  let inString = false;
  let comma: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      comma = undefined;
    } else if (c === ',') comma = i;
    else if ((c === ']' || c === '}') && comma !== undefined) return i;
    else if (c !== undefined && !/\s/.test(c)) comma = undefined;
  }
  return undefined;
}
