/**
 * What was deleted from a cache store: these keys (an erasure's or a document purge's entries), or
 * every entry (`DELETE /api/cache`).
 */
export type DeletedEntries = { keys: ReadonlySet<string> } | { all: true };

export type DeletedListener = (deleted: DeletedEntries) => void;

/**
 * The listeners a cache store tells of its deletions, so a gateway drops what it keeps in memory
 * of the entries (decoded answers, the semantic index's questions) at once, not when a lookup
 * next finds them gone.
 */
export class DeletedListeners {
  private readonly listeners: DeletedListener[] = [];

  add(listener: DeletedListener): void {
    this.listeners.push(listener);
  }

  get size(): number {
    return this.listeners.length;
  }

  emit(deleted: DeletedEntries): void {
    if ('keys' in deleted && deleted.keys.size === 0) return;
    for (const listener of this.listeners) listener(deleted);
  }
}
