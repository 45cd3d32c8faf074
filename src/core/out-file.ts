import { openSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SwitchyardError } from './errors.js';
import { whyUnwritable } from './missing-file.js';

/**
 * Refuses, before any work, an output path that cannot be written: a folder (`--out reports`), a
 * folder that is not there. A command that trains or runs for minutes found out only at its end
 * (`local train --out DIR` trained, then stopped on "EISDIR: illegal operation on a directory").
 * Nothing is created: the file appears when the output is written. `createsFolder`: the command
 * makes a missing folder itself (`local train --out models/intent.sylm`).
 *
 * @example checkOutPath('--out', 'reports') // throws: cannot write --out reports: a folder, not a file: name a file in it
 */
export function checkOutPath(flag: string, path: string, { createsFolder = false } = {}): void {
  const folder = statOf(dirname(path));
  if (folder instanceof Error) throw unwritable(flag, path, folder);
  const file = statOf(path);
  if (file instanceof Error) throw unwritable(flag, path, file);
  const problem = file?.isDirectory()
    ? 'EISDIR'
    : folder === undefined
      ? createsFolder
        ? undefined
        : 'ENOENT'
      : folder.isDirectory()
        ? undefined
        : 'ENOTDIR';
  if (problem) throw unwritable(flag, path, Object.assign(new Error(problem), { code: problem }));
}

/**
 * Writes a command's output file, or throws one line naming the flag, the path and why.
 *
 * @example writeOutFile('--out', 'finetune.jsonl', text)
 */
export function writeOutFile(flag: string, path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (error) {
    throw unwritable(flag, path, error);
  }
}

/**
 * Opens an output file for a stream (truncating it), or throws as {@link writeOutFile} does: a
 * result streamed out of the store fails on a bad path before its first byte.
 */
export function openOutFile(flag: string, path: string): number {
  try {
    return openSync(path, 'w');
  } catch (error) {
    throw unwritable(flag, path, error);
  }
}

/** A path's stat, undefined when nothing is there, or the error that says why it cannot be looked at (ENOTDIR, EACCES). */
function statOf(path: string): Stats | undefined | Error {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    return error as Error;
  }
}

/** An output path's failure as one line naming the flag, the path and why. */
export function unwritable(flag: string, path: string, error: unknown): SwitchyardError {
  return new SwitchyardError('invalid_request', `cannot write ${flag} ${path}: ${whyUnwritable(path, error)}`, { param: flag, cause: error });
}
