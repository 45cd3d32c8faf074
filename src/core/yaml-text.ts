import type { Document } from 'yaml';
import { clip } from './clip.js';

/**
 * The first line of the YAML library's message for a syntax error, in words a person can act on
 * where the library's are an engine's (its parser recurses, so a file of thousands of nested
 * `[` overflows the stack and it reports just that).
 *
 * @example yamlSyntaxMessage('Maximum call stack size exceeded') // 'nested too deeply to read …'
 */
export function yamlSyntaxMessage(message: string): string {
  const first = message.split('\n')[0] ?? '';
  if (first.includes('Maximum call stack size exceeded')) return 'nested too deeply to read (collections inside one another thousands of levels down)';
  return first;
}

/**
 * The source line shown under a YAML error, cut to 120 characters: a minified or hostile file
 * can hold all of itself on one line.
 *
 * @example sourceLine(['a: 1', 'b: [oops'], 2) // 'b: [oops'
 */
export function sourceLine(lines: readonly string[], line: number): string {
  return clip((lines[line - 1] ?? '').trimEnd(), 120);
}

/**
 * `document.toJS()`, or the problem when the file's aliases (`*name`) expand past the YAML
 * library's limit of 100 copies, the "billion laughs" shape: the library throws a bare
 * ReferenceError for it, which reached people as a stack trace.
 *
 * @example yamlValue(parseDocument('a: &x [1]\nb: *x')) // { value: { a: [1], b: [1] } }
 */
export function yamlValue(document: Document): { value: unknown } | { problem: string } {
  try {
    return { value: document.toJS() };
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      return { problem: 'its aliases (*name) expand to more copies than allowed (100), as a "billion laughs" file does: write the values out instead' };
    }
    throw error;
  }
}
