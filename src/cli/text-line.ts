import { clip, quoteClipped } from '../core/clip.js';
import { closestName } from '../core/format-issues.js';
import { parseJsonLine } from '../core/json-line.js';

/**
 * The `"text"` of one JSONL line `{"text": …}` (what `local predict` and `guard scan` read on
 * stdin), or the error its answer line carries, naming the line: with the field the line has
 * instead (`"txt"`, `"input"`), and for plain text, one request a line (the commonest first try),
 * the JSON line it should be and the conversion.
 *
 * @example textOfLine('{"text":"hi"}', 1) // 'hi'
 * @example textOfLine('{"txt":"hi"}', 2) // { error: 'line 2: "text" must be a string, got nothing (the line has "txt": the field is "text")' }
 */
export function textOfLine(text: string, line: number): string | { error: string } {
  const parsed = parseJsonLine(text);
  if ('error' in parsed) return { error: `line ${line}: ${parsed.error}${/^\s*[{["]/.test(text) ? '' : plainText(text)}` };
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: `line ${line}: expected a JSON object with a "text" string` };
  const input = (value as { text?: unknown }).text;
  if (typeof input === 'string') return input;
  return { error: `line ${line}: "text" must be a string, got ${input === undefined ? `nothing${textMeant(value)}` : input === null ? 'null' : typeof input}` };
}

/** The line as the JSON line it should be (cut short), and the conversion for a whole file. */
function plainText(text: string): string {
  return `; each line is a JSON object, this one ${JSON.stringify({ text: clip(text.trim(), 40) })} (jq -Rc '{text: .}' turns plain text lines into those; --text TEXT answers one)`;
}

/** The field a line without "text" has instead (`"txt"`, `"Text"`, `"input"`), named. */
function textMeant(line: object): string {
  const keys = Object.keys(line);
  const meant = closestName('text', keys) ?? keys.find((key) => key === 'input' || key === 'query' || key === 'prompt');
  return meant === undefined ? '' : ` (the line has ${quoteClipped(meant, 40)}: the field is "text")`;
}
