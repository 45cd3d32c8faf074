import { SwitchyardError } from '../../core/errors.js';
import type { OpenBases } from './open-bases.js';

/**
 * The grounded routes whose knowledge base does not exist, said when `serve` starts: such a
 * route's calls are answered without context (flagged on each trace), so a typo in `base:` was
 * seen only on a trace, after the answers had gone out ungrounded.
 *
 * @example await missingBasesNotes(new Map([['travel-qa', 'mydoc']]), bases)
 * // ['route travel-qa: knowledge base "mydoc" does not exist; did you mean "mydocs"? (…); until it exists, the route's calls are answered without context, …']
 */
export async function missingBasesNotes(grounded: ReadonlyMap<string, string>, bases: Pick<OpenBases, 'get'>): Promise<string[]> {
  const notes: string[] = [];
  for (const [route, base] of grounded) {
    try {
      await bases.get(base);
    } catch (error) {
      const missing = error instanceof SwitchyardError && error.code === 'not_found';
      const why = missing ? (error as Error).message : `knowledge base "${base}" cannot be opened: ${(error as Error).message}`;
      notes.push(`route ${route}: ${why}; until it ${missing ? 'exists' : 'opens'}, the route's calls are answered without context, flagged on each trace`);
    }
  }
  return notes;
}
