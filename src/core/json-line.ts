import { MAX_JSON_DEPTH, tooDeep } from './json-depth.js';

/**
 * The lines of a JSONL text, split at `\n`, `\r\n` and a lone `\r` (old Mac files; JSON strings
 * cannot hold a raw CR, so no record is cut). Line numbers are the index plus one.
 *
 * @example jsonlLines('{"a":1}\r\n{"a":2}\r{"a":3}') // ['{"a":1}', '{"a":2}', '{"a":3}']
 */
export function jsonlLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * One line of a JSONL file parsed, or what is wrong with it, for a message that names the line.
 * A byte order mark before it (the first line of a file a Windows editor saved) is skipped, and
 * nesting past {@link MAX_JSON_DEPTH} is refused here, before a recursive walk overflows the stack.
 *
 * @example parseJsonLine('\uFEFF{"text":"hi"}') // { value: { text: 'hi' } }
 * @example parseJsonLine('{"text":') // { error: 'not valid JSON (Unexpected end of JSON input)' }
 */
export function parseJsonLine(line: string): { value: unknown } | { error: string } {
  const text = line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON (${(error as Error).message})` };
  }
  const deep = tooDeep(value, text);
  if (deep !== undefined) return { error: `nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (at ${deep})` };
  return { value };
}
