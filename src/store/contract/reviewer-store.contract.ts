import { expect, it } from 'vitest';
import type { ReviewerStore, StoredReviewer } from '../../review/reviewer-store.js';

const T0 = 1_700_000_000_000;

function account(name: string, fields: Partial<StoredReviewer> = {}): Omit<StoredReviewer, 'revokedAt' | 'revokedBy'> {
  return { name, hash: `hash-${name}`, prefix: 'sk-rv-ab12', createdAt: T0, createdBy: 'admin', ...fields };
}

/**
 * The behaviour every ReviewerStore must have. `fresh` opens an empty store.
 *
 * @example forEachBackend((backend) => reviewerStoreContract(async () => (await backend.fresh()).reviewers));
 */
export function reviewerStoreContract(fresh: () => Promise<ReviewerStore>): void {
  it('gives back an account by name and by its key hash, active, and nothing for an unknown or hostile one', async () => {
    const store = await fresh();
    const created = await store.create(account('José Müller'));
    expect(created).toEqual({ ...account('José Müller'), revokedAt: null, revokedBy: null });
    expect(await store.get('José Müller')).toEqual(created);
    expect(await store.byHash('hash-José Müller')).toEqual(created);
    expect(await store.get('josé müller')).toBeUndefined();
    expect(await store.get("' OR 1=1 --")).toBeUndefined();
    expect(await store.byHash("' OR 1=1 --")).toBeUndefined();
  });

  it('refuses a second account under a taken name with a 409 naming it, keeping the first', async () => {
    const store = await fresh();
    await store.create(account('ana'));
    const error = await store.create(account('ana', { hash: 'other' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, param: 'name', message: expect.stringContaining('a reviewer named "ana" already exists') });
    expect((await store.get('ana'))?.hash).toBe('hash-ana');
    expect(await store.byHash('other')).toBeUndefined();
  });

  it('revokes once: the first time and author stay, the name stays taken', async () => {
    const store = await fresh();
    await store.create(account('ana'));
    await store.create(account('bo'));
    const revoked = await store.revoke('ana', T0 + 5, 'lead');
    expect(revoked).toMatchObject({ name: 'ana', revokedAt: T0 + 5, revokedBy: 'lead' });
    expect(await store.revoke('ana', T0 + 9, 'other')).toMatchObject({ revokedAt: T0 + 5, revokedBy: 'lead' });
    expect(await store.byHash('hash-ana')).toMatchObject({ revokedAt: T0 + 5 });
    expect((await store.get('bo'))?.revokedAt).toBeNull();
    await expect(store.create(account('ana', { hash: 'new' }))).rejects.toMatchObject({ status: 409 });
  });

  it('answers 404 naming an unknown reviewer on revoke', async () => {
    const store = await fresh();
    await expect(store.revoke('nobody', T0, 'admin')).rejects.toMatchObject({ status: 404, message: 'no reviewer named "nobody"' });
  });

  it('lists every account, revoked ones included, by name', async () => {
    const store = await fresh();
    for (const name of ['cy', 'ana', 'bo']) await store.create(account(name));
    await store.revoke('bo', T0 + 1, 'admin');
    expect((await store.list()).map((r) => [r.name, r.revokedAt])).toEqual([
      ['ana', null],
      ['bo', T0 + 1],
      ['cy', null],
    ]);
  });

  it('keeps a name written in any script whole', async () => {
    const store = await fresh();
    const name = 'سارة · 営業 · 👩🏽‍💻';
    await store.create(account(name));
    expect((await store.list()).map((r) => r.name)).toEqual([name]);
  });
}
