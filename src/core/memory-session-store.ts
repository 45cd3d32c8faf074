import type { SessionRecord, SessionStore } from './session-store.js';

/**
 * Sessions in this process's memory: for tests and for an admin API built without a store. A
 * restart signs everyone out, and replicas don't share it.
 *
 * @example const sessions = new MemorySessionStore();
 */
export class MemorySessionStore implements SessionStore {
  private readonly records = new Map<string, SessionRecord>();

  async create(record: SessionRecord): Promise<void> {
    // Ids are hashes of 256-bit random tokens: a clash is a bug, never something to overwrite.
    if (this.records.has(record.id)) throw new Error(`session ${record.id.slice(0, 8)}… exists already`);
    this.records.set(record.id, { ...record });
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const record = this.records.get(id);
    return record ? { ...record } : undefined;
  }

  async touch(id: string, at: number): Promise<void> {
    const record = this.records.get(id);
    if (record) record.lastSeenAt = Math.max(record.lastSeenAt, at);
  }

  async revoke(id: string): Promise<boolean> {
    return this.records.delete(id);
  }

  async revokeAll(): Promise<number> {
    const count = this.records.size;
    this.records.clear();
    return count;
  }

  async purge(now: number, idleBefore: number): Promise<number> {
    let count = 0;
    for (const [id, record] of this.records) {
      if (record.expiresAt <= now || record.lastSeenAt < idleBefore) {
        this.records.delete(id);
        count++;
      }
    }
    return count;
  }

  async list(): Promise<SessionRecord[]> {
    return [...this.records.values()].map((r) => ({ ...r })).sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
  }
}
