import { SwitchyardError } from '../core/errors.js';

/**
 * Where a knowledge store is, for messages: its SQLite file, or (undefined) the PostgreSQL store,
 * whose URL is not printed since it may hold a password.
 */
export function knowledgeStoreName(file: string | undefined): string {
  return file === undefined ? 'the PostgreSQL store' : file;
}

/**
 * `kb add`'s flag for that store. `kb add --db` takes the knowledge file, while `local train --db`
 * and the gateway's `store.sqlite` name the gateway's own store (knowledge.db sits beside it), so
 * a base indexed into the wrong file is the usual reason a route's base "does not exist".
 *
 * @example kbAddDbFlag('/srv/.switchyard/knowledge.db') // ' --db /srv/.switchyard/knowledge.db'
 */
export function kbAddDbFlag(file: string | undefined): string {
  return file === undefined ? " --db <the gateway's postgres:// URL>" : ` --db ${file}`;
}

/**
 * Opens a base, a missing one named with the store that was read and the `kb add` flag that
 * writes there: "does not exist (known: none)" alone gives no hint where the gateway looked.
 */
export async function namingTheStore<T>(opening: Promise<T>, file: string | undefined): Promise<T> {
  try {
    return await opening;
  } catch (error) {
    if (error instanceof SwitchyardError && error.code === 'not_found') {
      throw new SwitchyardError('not_found', `${error.message} (the gateway reads knowledge bases from ${knowledgeStoreName(file)}; kb add takes it as${kbAddDbFlag(file)})`);
    }
    throw error;
  }
}
