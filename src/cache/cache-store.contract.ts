import { describe, expect, it } from 'vitest';
import type { CacheStore } from './cache-store.js';
import type { DeletedEntries } from './deleted-entries.js';

/**
 * The behaviour every CacheStore must have, run against each implementation. `fresh` returns an
 * empty store whose entries may be at most 1,000 bytes (as the store measures them).
 */
export function cacheStoreContract(name: string, fresh: () => Promise<CacheStore>, sleep: (ms: number) => Promise<void>): void {
  describe(`${name} cache store`, () => {
    it('returns what was stored, and nothing for a key never stored', async () => {
      const store = await fresh();
      expect(await store.set('a', '{"answer":"ünïcode"}', 60_000)).toBe(true);
      expect(await store.get('a')).toBe('{"answer":"ünïcode"}');
      expect(await store.get('b')).toBeUndefined();
    });

    it('forgets an entry once its time to live has passed', async () => {
      const store = await fresh();
      await store.set('short', 'x', 30);
      await store.set('long', 'y', 60_000);
      await sleep(80);
      expect(await store.get('short')).toBeUndefined();
      expect(await store.get('long')).toBe('y');
    });

    it('refuses an entry over the size bound instead of storing it', async () => {
      const store = await fresh();
      expect(await store.set('huge', 'x'.repeat(5_000), 60_000)).toBe(false);
      expect(await store.get('huge')).toBeUndefined();
    });

    it('replaces an entry stored twice, and clear empties it', async () => {
      const store = await fresh();
      await store.set('k', 'one', 60_000);
      await store.set('k', 'two', 60_000);
      expect(await store.get('k')).toBe('two');
      expect((await store.stats()).entries).toBe(1);
      await store.clear();
      expect(await store.get('k')).toBeUndefined();
      expect((await store.stats()).entries).toBe(0);
    });

    it('deletes the entries whose text matches, and only those, saying how many and naming each entry by its key', async () => {
      const store = await fresh();
      await store.set('cites-a', '{"doc":"a.md"}', 60_000);
      await store.set('cites-b', '{"doc":"b.md"}', 60_000);
      await store.set('also-a', '{"doc":"a.md","n":2}', 60_000);
      const seen: string[] = [];
      expect(await store.deleteWhere((value, key) => (seen.push(key), value.includes('"a.md"')))).toBe(2);
      // Each entry's key as `get` takes it (a Redis store's prefix left out), for what the caller keeps beside the store.
      expect(seen.sort()).toEqual(['also-a', 'cites-a', 'cites-b']);
      expect(await store.get('cites-a')).toBeUndefined();
      expect(await store.get('also-a')).toBeUndefined();
      expect(await store.get('cites-b')).toBe('{"doc":"b.md"}');
      expect((await store.stats()).entries).toBe(1);
      expect(await store.deleteWhere(() => false)).toBe(0);
    });

    it("tells its listeners the keys deleteWhere deleted, and every entry on clear; nothing when nothing was deleted", async () => {
      const store = await fresh();
      const told: DeletedEntries[] = [];
      store.onDeleted((deleted) => told.push(deleted));
      await store.set('cites-a', '{"doc":"a.md"}', 60_000);
      await store.set('cites-b', '{"doc":"b.md"}', 60_000);
      await store.deleteWhere((value) => value.includes('"a.md"'));
      await store.deleteWhere(() => false);
      expect(told).toEqual([{ keys: new Set(['cites-a']) }]);
      await store.clear();
      expect(told).toEqual([{ keys: new Set(['cites-a']) }, { all: true }]);
    });
  });
}
