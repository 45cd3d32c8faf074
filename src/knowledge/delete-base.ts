import type { KnowledgeBase } from './knowledge-base.js';
import type { KnowledgeBaseRecord } from './store/knowledge-store.js';
import { type WriteLockOptions, withWriteLock } from './write-lock.js';

/**
 * Deletes a knowledge base with every version, as its only writer: it takes the base's write
 * lease first (as `kb add` and `kb remove` do), so a deletion never pulls the rows from under an
 * indexing run, and a writer that waited for it finds the base gone instead of writing into it.
 * Returns the base as it was last published.
 *
 * @example await deleteKnowledgeBase(kb, { operation: 'kb delete', waitMs: 0 })
 */
export async function deleteKnowledgeBase(kb: KnowledgeBase, lock: WriteLockOptions = {}): Promise<KnowledgeBaseRecord> {
  return withWriteLock(kb, { operation: 'kb delete', ...lock }, async () => {
    const record = await kb.refresh();
    await kb.store.deleteKnowledgeBase(kb.name);
    return record;
  });
}
