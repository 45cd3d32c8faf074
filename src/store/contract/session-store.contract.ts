import { expect, it } from 'vitest';
import type { SessionRecord, SessionStore } from '../../core/session-store.js';

const T0 = 1_700_000_000_000;

function record(id: string, fields: Partial<SessionRecord> = {}): SessionRecord {
  return { id, csrfHash: `csrf-${id}`, name: `admin ${id}`, keyId: 'key-1', createdAt: T0, lastSeenAt: T0, expiresAt: T0 + 3_600_000, ...fields };
}

/**
 * The behaviour every SessionStore must have. `fresh` opens an empty store.
 *
 * @example forEachBackend((backend) => sessionStoreContract(async () => (await backend.fresh()).sessions));
 */
export function sessionStoreContract(fresh: () => Promise<SessionStore>): void {
  it('gives back exactly what was created, and nothing for an unknown or hostile id', async () => {
    const store = await fresh();
    const kept = record('a'.repeat(64), { name: 'Ada \u0000 Lovelace' });
    await store.create(kept);
    const back = await store.get(kept.id);
    expect({ ...back, name: undefined }).toEqual({ ...kept, name: undefined });
    expect(back?.name.startsWith('Ada ')).toBe(true);
    expect(await store.get('b'.repeat(64))).toBeUndefined();
    expect(await store.get("' OR 1=1 --")).toBeUndefined();
  });

  it('refuses a second session under the same id', async () => {
    const store = await fresh();
    await store.create(record('s1'));
    await expect(store.create(record('s1', { name: 'someone else' }))).rejects.toThrow();
    expect((await store.get('s1'))?.name).toBe('admin s1');
  });

  it('records activity, never moving it backwards', async () => {
    const store = await fresh();
    await store.create(record('s1'));
    await store.touch('s1', T0 + 5_000);
    expect((await store.get('s1'))?.lastSeenAt).toBe(T0 + 5_000);
    await store.touch('s1', T0 + 1_000);
    expect((await store.get('s1'))?.lastSeenAt).toBe(T0 + 5_000);
    await store.touch('unknown', T0 + 9_000);
    expect(await store.get('unknown')).toBeUndefined();
  });

  it('revokes one session once, leaving the others', async () => {
    const store = await fresh();
    await store.create(record('s1'));
    await store.create(record('s2'));
    expect(await store.revoke('s1')).toBe(true);
    expect(await store.revoke('s1')).toBe(false);
    expect(await store.get('s1')).toBeUndefined();
    expect((await store.get('s2'))?.id).toBe('s2');
  });

  it('revokes every session at once', async () => {
    const store = await fresh();
    for (const id of ['s1', 's2', 's3']) await store.create(record(id));
    expect(await store.revokeAll()).toBe(3);
    expect(await store.list()).toEqual([]);
    expect(await store.revokeAll()).toBe(0);
  });

  it('purges sessions past their absolute end or idle too long, and only those', async () => {
    const store = await fresh();
    await store.create(record('expired', { expiresAt: T0 + 1_000 }));
    await store.create(record('idle', { lastSeenAt: T0 - 10_000 }));
    await store.create(record('live', { lastSeenAt: T0 }));
    expect(await store.purge(T0 + 1_000, T0 - 5_000)).toBe(2);
    expect((await store.list()).map((r) => r.id)).toEqual(['live']);
  });

  it('lists newest first', async () => {
    const store = await fresh();
    await store.create(record('old', { createdAt: T0 }));
    await store.create(record('new', { createdAt: T0 + 10 }));
    await store.create(record('mid', { createdAt: T0 + 5 }));
    expect((await store.list()).map((r) => r.id)).toEqual(['new', 'mid', 'old']);
  });
}
