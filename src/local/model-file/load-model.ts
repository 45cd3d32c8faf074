import { readFile, stat } from 'node:fs/promises';
import { SwitchyardError } from '../../core/errors.js';
import { missingFile, whyUnreadable } from '../../core/missing-file.js';
import type { LocalClassifier } from '../classifier.js';
import { parseModel } from './parse-model.js';

/** What a mistyped model path meant: the `.sylm` files beside it (`local train --out` writes them). */
const MODEL_FILES = { noun: 'model file', matches: (name: string) => name.endsWith('.sylm') };

/**
 * Loads a model from a file path or from its bytes (e.g. from the registry), refusing a
 * missing, corrupt or incompatible file with an error that names the path and the problem.
 *
 * @example const model = await loadModel('.switchyard/models/support-intent.sylm');
 */
export async function loadModel(source: string | Uint8Array): Promise<LocalClassifier> {
  if (typeof source !== 'string') return parseModel(source);
  let bytes: Buffer;
  try {
    // A model file is one `local train` wrote: a device or a pipe (`/dev/zero`) was read until memory ran out.
    const info = await stat(source);
    if (info.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    if (!info.isFile()) throw new Error('not a regular file: a model file is one written by switchyard local train --out');
    bytes = await readFile(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SwitchyardError(code === 'ENOENT' ? 'not_found' : 'invalid_request', `${source}: cannot read the model file (${code === 'ENOENT' ? missingFile(source, MODEL_FILES) : whyUnreadable(source, error)})`, { cause: error });
  }
  return parseModel(bytes, source);
}
