import { SwitchyardError } from '../core/errors.js';

/**
 * The exit code of a JSONL command that answered a line with `{"error": …}` (every line still
 * has its output line): apart from 1, which says the command itself failed and wrote nothing to pair.
 */
export const REJECTED_LINES_EXIT = 2;

/** How many lines a JSONL command read, and which it rejected (1-based). */
export interface JsonlStreamCount {
  lines: number;
  rejected: number[];
}

/**
 * How a JSONL command (`guard scan`, `local predict`) ends once every line is answered: no line
 * at all is an error naming the input and what it wants (an empty stdin or file exited 0 with no
 * output, which a script reads as "all clean"); a rejected line is said on stderr and in the exit
 * code, so a script cannot take the output for a clean pass.
 *
 * @example endJsonlStream({ lines: 0, rejected: [] }, undefined, '{"text": …}') // throws: no input: stdin held no JSON lines; …
 */
export function endJsonlStream({ lines, rejected }: JsonlStreamCount, file: string | undefined, shape: string, whenNoneFit?: string): void {
  if (lines === 0) throw new SwitchyardError('invalid_request', `no input: ${file ?? 'stdin'} held no JSON lines; send ${shape} lines, one per input`);
  if (rejected.length === 0) return;
  const shown = rejected.slice(0, 10).join(', ') + (rejected.length > 10 ? ', …' : '');
  // Every line refused is the input's kind, not a few bad lines: a CSV piped in gave 3,084 errors and this line alone.
  const none = rejected.length === lines && lines > 1 ? `; no line was ${shape}: is ${file ?? 'stdin'} another kind of file (CSV, plain text)?${whenNoneFit ? ` ${whenNoneFit}` : ''}` : '';
  console.error(`switchyard: ${rejected.length} of ${lines} line${lines === 1 ? '' : 's'} rejected (line${rejected.length === 1 ? '' : 's'} ${shown}); each has an {"error": …} line in its place${none}`);
  process.exitCode = REJECTED_LINES_EXIT;
}
