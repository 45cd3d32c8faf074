import { expect, it } from 'vitest';
import { ReviewerManager } from '../../review/manage-reviewers.js';
import type { NewReviewer, ReviewerStore } from '../../review/reviewer-store.js';

const T0 = 1_700_000_000_000;

function account(name: string, fields: Partial<NewReviewer> = {}): NewReviewer {
  return { name, hash: `hash-${name}`, prefix: 'sk-rv-ab12', createdAt: T0, createdBy: 'admin', ...fields };
}

/**
 * The behaviour every ReviewerStore must have. `fresh` opens an empty store.
 *
 * @example forEachBackend((backend) => reviewerStoreContract(async () => (await backend.fresh()).reviewers));
 */
export function reviewerStoreContract(fresh: () => Promise<ReviewerStore>, shared: () => Promise<() => Promise<ReviewerStore>>): void {
  it('gives back an account by name and by its key hash, active, and nothing for an unknown or hostile one', async () => {
    const store = await fresh();
    const created = await store.create(account('José Müller'));
    expect(created).toEqual({ ...account('José Müller'), revokedAt: null, revokedBy: null, rotatedAt: null, rotatedBy: null });
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

  it('refuses a name that reads as a taken one ("Ana", "ＡＮＡ" beside "ana", a revoked one too) with a 409 naming it', async () => {
    const store = await fresh();
    await store.create(account('ana'));
    for (const name of ['Ana', 'ＡＮＡ']) {
      const error = await store.create(account(name)).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 409, param: 'name', message: `name "${name}" reads as reviewer "ana"'s: two accounts would look like one person; choose another name` });
    }
    await store.revoke('ana', T0 + 1, 'admin');
    await expect(store.create(account('ANA'))).rejects.toMatchObject({ status: 409, message: expect.stringContaining('reads as reviewer "ana"\'s (revoked)') });
    expect((await store.list()).map((r) => r.name)).toEqual(['ana']);
  });

  it('lets one of two adds racing under names that read alike succeed, on two instances of one database', async () => {
    const open = await shared();
    const [one, two] = [await open(), await open()];
    for (let round = 0; round < 5; round++) {
      const name = `ana${round}`;
      const results = await Promise.allSettled([one.create(account(name)), two.create(account(name.toUpperCase()))]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 409, param: 'name' } });
    }
    // Through the manager, whose look at the list both adds pass before either is stored: the
    // database's index is what refuses the second.
    const managers = [new ReviewerManager(one), new ReviewerManager(two)];
    const results = await Promise.allSettled([managers[0]?.add('bo', 'admin'), managers[1]?.add('Bo', 'admin')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await one.list()).filter((r) => r.name.toLowerCase() === 'bo')).toHaveLength(1);
  });

  it('rotates an active account’s key: the new hash finds it, the old one nothing; 404 unknown, 409 revoked', async () => {
    const store = await fresh();
    await store.create(account('ana'));
    const rotated = await store.rotate('ana', { hash: 'hash-new', prefix: 'sk-rv-new1' }, T0 + 7, 'lead');
    expect(rotated).toEqual({ ...account('ana', { hash: 'hash-new', prefix: 'sk-rv-new1' }), revokedAt: null, revokedBy: null, rotatedAt: T0 + 7, rotatedBy: 'lead' });
    expect(await store.byHash('hash-new')).toEqual(rotated);
    expect(await store.byHash('hash-ana')).toBeUndefined();
    expect(await store.get('ana')).toEqual(rotated);
    await expect(store.rotate('nobody', { hash: 'h', prefix: 'p' }, T0, 'admin')).rejects.toMatchObject({ status: 404, message: 'no reviewer named "nobody"' });
    await store.revoke('ana', T0 + 8, 'lead');
    await expect(store.rotate('ana', { hash: 'h2', prefix: 'p' }, T0 + 9, 'admin')).rejects.toMatchObject({ status: 409, message: 'reviewer "ana" is revoked, so it has no key to rotate; add a reviewer under another name' });
    expect((await store.get('ana'))?.hash).toBe('hash-new');
  });

  it('keeps every key a rotation replaced: whose it was, when and by whom; nothing for a key never replaced', async () => {
    const store = await fresh();
    await store.create(account('ana'));
    await store.create(account('bo'));
    await store.rotate('ana', { hash: 'hash-ana-2', prefix: 'sk-rv-ana2' }, T0 + 7, 'lead');
    const current = await store.rotate('ana', { hash: 'hash-ana-3', prefix: 'sk-rv-ana3' }, T0 + 9, 'admin');
    expect(await store.replacedKey('hash-ana')).toEqual({ account: current, replacedAt: T0 + 7, replacedBy: 'lead' });
    expect(await store.replacedKey('hash-ana-2')).toEqual({ account: current, replacedAt: T0 + 9, replacedBy: 'admin' });
    for (const hash of ['hash-ana-3', 'hash-bo', 'hash-nobody']) expect(await store.replacedKey(hash)).toBeUndefined();
    // A revocation later shows on the account the replaced key names.
    await store.revoke('ana', T0 + 11, 'lead');
    expect((await store.replacedKey('hash-ana'))?.account).toMatchObject({ revokedAt: T0 + 11, revokedBy: 'lead' });
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
