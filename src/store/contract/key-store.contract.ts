import { describe, expect, it } from 'vitest';
import type { SwitchyardError } from '../../core/errors.js';
import type { StoreBackend } from './backends.js';

const key = (name: string, hash = `h-${name}`) => ({
  name,
  hash,
  prefix: 'sk-sy-abcd',
  team: 'red',
  models: ['small'],
  budget: { usd: 5, period: 'monthly' as const },
  rateLimit: { requestsPerMinute: 60, tokensPerMinute: null },
  createdAt: 1_000,
});

async function rejection(promise: Promise<unknown>): Promise<SwitchyardError> {
  try {
    await promise;
  } catch (error) {
    return error as SwitchyardError;
  }
  throw new Error('expected a rejection');
}

/** The behaviour of every KeyStore: runtime keys and teams, and a revision that moves with each change. */
export function keyStoreContract(backend: StoreBackend): void {
  describe('key store', () => {
    it('creates, lists, rotates and revokes keys, bumping the revision each time', async () => {
      const { keys } = await backend.fresh();
      expect(await keys.revision()).toBe(0);
      const created = await keys.createKey(key('ci'));
      expect(created).toMatchObject({ name: 'ci', hash: 'h-ci', team: 'red', models: ['small'], budget: { usd: 5, period: 'monthly' }, revokedAt: null, previousHash: null });
      expect(await keys.revision()).toBe(1);
      const duplicate = await rejection(keys.createKey(key('ci', 'other')));
      expect(duplicate.status).toBe(409);
      expect(await keys.revision()).toBe(1);

      const rotated = await keys.rotateKey('ci', 'h-ci-2', 'sk-sy-new', 2_000, 5_000);
      expect(rotated).toMatchObject({ hash: 'h-ci-2', prefix: 'sk-sy-new', previousHash: 'h-ci', previousValidUntil: 5_000, rotatedAt: 2_000 });
      const revoked = await keys.revokeKey('ci', 3_000);
      expect(revoked.revokedAt).toBe(3_000);
      expect((await keys.revokeKey('ci', 4_000)).revokedAt).toBe(3_000);
      expect((await rejection(keys.rotateKey('ci', 'h-3', 'p', 4_000, 4_000))).status).toBe(409);
      expect((await rejection(keys.revokeKey('nope', 1))).status).toBe(404);

      const snapshot = await keys.snapshot();
      expect(snapshot.revision).toBe(3);
      expect(snapshot.keys).toEqual([{ ...key('ci', 'h-ci-2'), prefix: 'sk-sy-new', previousHash: 'h-ci', previousValidUntil: 5_000, olderSecrets: [], rotatedAt: 2_000, revokedAt: 3_000 }]);
    });

    it('keeps every secret a later rotation replaced, and when it stopped being accepted', async () => {
      const { keys } = await backend.fresh();
      await keys.createKey(key('ci', 'h-1'));
      await keys.rotateKey('ci', 'h-2', 'p', 2_000, 2_000);
      await keys.rotateKey('ci', 'h-3', 'p', 3_000, 9_000);
      // Rotated again during h-2's grace (until 9 000): that grace ends at this rotation.
      const third = await keys.rotateKey('ci', 'h-4', 'p', 4_000, 4_500);
      const older = [{ hash: 'h-1', until: 2_000 }, { hash: 'h-2', until: 4_000 }];
      expect(third).toMatchObject({ hash: 'h-4', previousHash: 'h-3', previousValidUntil: 4_500, olderSecrets: older });
      expect((await keys.snapshot()).keys[0]?.olderSecrets).toEqual(older);
    });

    it('moves a key to another team, or out of any, bumping the revision only for a change', async () => {
      const { keys } = await backend.fresh();
      await keys.createKey({ ...key('ci', 'h-ci'), team: 'red' });
      const moved = await keys.moveKey('ci', 'blue');
      expect(moved).toMatchObject({ name: 'ci', team: 'blue', hash: 'h-ci' });
      expect(await keys.revision()).toBe(2);
      expect((await keys.moveKey('ci', 'blue')).team).toBe('blue');
      expect(await keys.revision()).toBe(2);
      expect((await keys.moveKey('ci', null)).team).toBeNull();
      expect((await keys.snapshot()).keys[0]?.team).toBeNull();
      expect((await rejection(keys.moveKey('nope', 'red'))).status).toBe(404);
      await keys.revokeKey('ci', 10);
      const revoked = await rejection(keys.moveKey('ci', 'red'));
      expect([revoked.status, revoked.message]).toEqual([409, 'key "ci" is revoked; create a new key instead of moving it']);
    });

    it('keeps teams with their budgets and rate limits', async () => {
      const { keys } = await backend.fresh();
      await keys.putTeam({ name: 'red', budget: { usd: 10, period: 'daily' }, createdAt: 1 });
      await keys.putTeam({ name: 'blue', budget: null, rateLimit: { requestsPerMinute: 60, tokensPerMinute: null }, createdAt: 2 });
      const red = await keys.putTeam({ name: 'red', budget: { usd: 20, period: 'daily' }, rateLimit: { requestsPerMinute: null, tokensPerMinute: 5_000 }, createdAt: 3 });
      expect(red).toEqual({ name: 'red', budget: { usd: 20, period: 'daily' }, rateLimit: { requestsPerMinute: null, tokensPerMinute: 5_000 }, createdAt: 1 });
      expect((await keys.snapshot()).teams).toEqual([
        { name: 'blue', budget: null, rateLimit: { requestsPerMinute: 60, tokensPerMinute: null }, createdAt: 2 },
        { name: 'red', budget: { usd: 20, period: 'daily' }, rateLimit: { requestsPerMinute: null, tokensPerMinute: 5_000 }, createdAt: 1 },
      ]);
      await keys.deleteTeam('blue');
      expect((await rejection(keys.deleteTeam('blue'))).status).toBe(404);
      expect(await keys.revision()).toBe(4);
    });

    it('keeps sealed provider credentials, replacing and deleting them', async () => {
      const { keys } = await backend.fresh();
      await keys.putCredential({ provider: 'openai', sealed: 'sealed:v1:aaa', hint: 'sk-…xyz', updatedAt: 1 });
      await keys.putCredential({ provider: 'openai', sealed: 'sealed:v1:bbb', hint: 'sk-…uvw', updatedAt: 2 });
      await keys.putCredential({ provider: 'anthropic', sealed: 'sealed:v1:ccc', hint: 'sk-…rst', updatedAt: 3 });
      expect(await keys.credentials()).toEqual([
        { provider: 'anthropic', sealed: 'sealed:v1:ccc', hint: 'sk-…rst', updatedAt: 3 },
        { provider: 'openai', sealed: 'sealed:v1:bbb', hint: 'sk-…uvw', updatedAt: 2 },
      ]);
      await keys.deleteCredential('openai');
      expect((await rejection(keys.deleteCredential('openai'))).status).toBe(404);
      expect((await keys.credentials()).map((c) => c.provider)).toEqual(['anthropic']);
      expect(await keys.revision()).toBe(4);
    });

    it('gives concurrent creations of one name to exactly one of them', async () => {
      const { keys } = await backend.fresh();
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => keys.createKey(key('race', `h${i}`))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await keys.revision()).toBe(1);
    });
  });
}
