import { createHash } from 'node:crypto';
import type { Example } from '../types.js';

/**
 * sha256 over every example (text, label) in order: the data version a model was trained on.
 *
 * @example trainingDataHash([{ text: 'hi', label: 'greet' }]).length // 64
 */
export function trainingDataHash(examples: readonly Example[]): string {
  const hash = createHash('sha256');
  for (const { text, label } of examples) hash.update(`${text}\u0000${label}\n`);
  return hash.digest('hex');
}
