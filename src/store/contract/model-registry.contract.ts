import { describe, expect, it } from 'vitest';
import type { PromotionMetrics } from '../../local/registry/decide-promotion.js';
import { demoteRoute, promoteVersion, rollbackRoute } from '../../local/registry/manage-models.js';
import type { ModelRegistry, PromotionResult } from '../../local/registry/model-registry.js';
import type { ModelChange } from '../../local/registry/manage-models.js';

const good: PromotionMetrics = { accuracy: 0.91, coverage: 0.88, precision: 0.96, examples: 1000 };
const weak: PromotionMetrics = { accuracy: 0.8, coverage: 0.7, precision: 0.9, examples: 1000 };
const bar = { minPrecision: 0.95, minCoverage: 0.5 };
const bytes = (seed: number) => Uint8Array.from({ length: 300 }, (_, i) => (i * 31 + seed) & 0xff);

/**
 * The behaviour every ModelRegistry must have, run against each backend. `fresh` returns a
 * registry; `pair` two registries on one database, each with its own connections (two replicas,
 * or the CLI next to a running gateway). Routes are made unique per test so backends may share storage.
 *
 * @example modelRegistryContract('sqlite', async () => new SqliteModelRegistry(new Database(':memory:')), pairOnOneFile);
 */
export function modelRegistryContract(name: string, fresh: () => Promise<ModelRegistry>, pair: () => Promise<[ModelRegistry, ModelRegistry]>): void {
  describe(`${name} model registry`, () => {
    let n = 0;
    const route = () => `route-${Date.now().toString(36)}-${n++}`;

    it('numbers versions per route and keeps the model bytes and metrics exactly', async () => {
      const registry = await fresh();
      const r = route();
      const other = route();
      const v1 = await registry.register({ route: r, dataVersion: 'a'.repeat(64), metrics: good, model: bytes(1), createdAt: 1_000 });
      const v2 = await registry.register({ route: r, dataVersion: 'b'.repeat(64), metrics: weak, model: bytes(2), createdAt: 2_000 });
      const o1 = await registry.register({ route: other, dataVersion: 'c'.repeat(64), metrics: good, model: bytes(3), createdAt: 3_000 });
      expect([v1.version, v2.version, o1.version]).toEqual([1, 2, 1]);
      expect(v1).toEqual({ route: r, version: 1, dataVersion: 'a'.repeat(64), metrics: good, status: 'candidate', statusReason: null, createdAt: 1_000, sizeBytes: 300 });
      expect(await registry.modelBytes(r, 2)).toEqual(bytes(2));
      expect((await registry.list(r)).map((v) => v.version)).toEqual([2, 1]);
      expect((await registry.list()).filter((v) => v.route === r || v.route === other)).toHaveLength(3);
      await expect(registry.modelBytes(r, 9)).rejects.toThrow(`route "${r}" has no version 9 (versions: 1, 2)`);
      expect(await registry.live(r)).toBeUndefined();
    });

    it('keeps what a version was trained on, by source, with its metrics', async () => {
      const registry = await fresh();
      const r = route();
      const trainedOn = { file: 800, teacher: 212, review: 3 };
      await registry.register({ route: r, dataVersion: 'd'.repeat(64), metrics: { ...good, trainedOn }, model: bytes(4), createdAt: 4_000 });
      expect((await registry.list(r))[0]?.metrics).toEqual({ ...good, trainedOn });
    });

    it('promotes only a version that meets the bar, and retires the one it replaces', async () => {
      const registry = await fresh();
      const r = route();
      await registry.register({ route: r, dataVersion: 'a'.repeat(64), metrics: good, model: bytes(1), createdAt: 1 });
      await registry.register({ route: r, dataVersion: 'b'.repeat(64), metrics: weak, model: bytes(2), createdAt: 2 });
      await registry.register({ route: r, dataVersion: 'c'.repeat(64), metrics: good, model: bytes(3), createdAt: 3 });
      const refused = await registry.promote(r, 2, bar, 10);
      expect(refused.promote).toBe(false);
      expect(refused.reason).toContain('held-out precision 90.0% is below the bar of 95.0%');
      expect(refused.live).toBeUndefined();
      expect((await registry.promote(r, 1, bar, 11)).live?.version).toBe(1);
      const second = await registry.promote(r, 3, bar, 12);
      expect(second.promote).toBe(true);
      expect(second.live).toMatchObject({ version: 3, status: 'live' });
      expect(second.previous).toMatchObject({ version: 1 });
      expect(await registry.promote(r, 3, bar, 13)).toMatchObject({ promote: false, reason: 'not promoted: it is already live', live: { version: 3 } });
      expect(await registry.get(r, 1)).toMatchObject({ status: 'retired', statusReason: 'replaced by version 3' });
      expect((await registry.list(r)).filter((v) => v.status === 'live')).toHaveLength(1);
      await expect(registry.promote(r, 7, bar, 14)).rejects.toThrow(`route "${r}" has no version 7`);
    });

    it('demotes the live version, leaving the route with none, and rolls back to the one before', async () => {
      const registry = await fresh();
      const r = route();
      for (let i = 1; i <= 3; i++) await registry.register({ route: r, dataVersion: 'a'.repeat(64), metrics: good, model: bytes(i), createdAt: i });
      await expect(registry.rollback(r, 5)).rejects.toThrow(`route "${r}" has no earlier live version to roll back to (no version was ever live)`);
      await registry.promote(r, 1, bar, 10);
      await registry.promote(r, 2, bar, 11);
      const demoted = await registry.demote(r, 'shadow precision 88% (upper bound 91%) below the bar of 95%', 12);
      expect(demoted).toMatchObject({ version: 2, status: 'demoted', statusReason: 'shadow precision 88% (upper bound 91%) below the bar of 95%' });
      expect(await registry.live(r)).toBeUndefined();
      expect(await registry.demote(r, 'again', 13)).toBeUndefined();
      const back = await registry.rollback(r, 14);
      expect(back.live).toMatchObject({ version: 1, status: 'live' });
      expect(back.previous).toBeUndefined();
      await expect(registry.rollback(r, 15, 3)).rejects.toThrow(`route "${r}" version 3 was never live`);
      await registry.promote(r, 3, bar, 16);
      const toPrevious = await registry.rollback(r, 17);
      expect([toPrevious.previous?.version, toPrevious.live.version]).toEqual([3, 1]);
      expect(toPrevious.previous).toMatchObject({ status: 'live' });
      expect((await registry.rollback(r, 18, 3)).live.version).toBe(3);
      await expect(registry.rollback(r, 19, 3)).rejects.toThrow(`route "${r}" version 3 is already live`);
      expect(await registry.get(r, 1)).toMatchObject({ status: 'retired' });
    });

    it('moves its revision on every promotion, demotion and rollback, and not on registration', async () => {
      const registry = await fresh();
      const r = route();
      const seen = [await registry.revision()];
      for (let i = 1; i <= 2; i++) await registry.register({ route: r, dataVersion: 'a'.repeat(64), metrics: good, model: bytes(i), createdAt: i });
      expect(await registry.revision()).toBe(seen[0]);
      await registry.promote(r, 1, bar, 10);
      seen.push(await registry.revision());
      await registry.promote(r, 2, bar, 11);
      seen.push(await registry.revision());
      await registry.demote(r, 'pulled', 12);
      seen.push(await registry.revision());
      await registry.rollback(r, 13);
      seen.push(await registry.revision());
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1] as number);
    });

    it('keeps one pin per route until it is released', async () => {
      const registry = await fresh();
      const r = route();
      const other = route();
      expect(await registry.pins(r)).toEqual([]);
      await registry.pin(r, 'rolled back to version 1', 10);
      await registry.pin(r, 'promoted version 2', 11);
      await registry.pin(other, 'demoted', 12);
      expect(await registry.pins(r)).toEqual([{ route: r, reason: 'promoted version 2', at: 11 }]);
      expect((await registry.pins()).filter((p) => p.route === r || p.route === other).map((p) => p.route)).toEqual([r, other].sort());
      expect(await registry.unpin(r)).toBe(true);
      expect(await registry.unpin(r)).toBe(false);
      expect(await registry.pins(r)).toEqual([]);
      expect(await registry.pins(other)).toHaveLength(1);
    });

    it('refuses an automatic promotion while the route is pinned, and pins a change by hand in the same call', async () => {
      const registry = await fresh();
      const r = route();
      for (let i = 1; i <= 3; i++) await registry.register({ route: r, dataVersion: 'a'.repeat(64), metrics: good, model: bytes(i), createdAt: i });
      const byHand = await registry.promote(r, 1, bar, 10, { pin: (v) => `version ${v} promoted by hand` });
      expect(byHand.live?.version).toBe(1);
      expect(await registry.pins(r)).toEqual([{ route: r, reason: 'version 1 promoted by hand', at: 10 }]);
      const automatic = await registry.promote(r, 2, bar, 11, { unlessPinned: true });
      expect(automatic).toMatchObject({ promote: false, reason: 'not promoted: the route is pinned (version 1 promoted by hand)', heldBy: { route: r, reason: 'version 1 promoted by hand' } });
      expect(automatic.live?.version).toBe(1);
      expect(await registry.get(r, 2)).toMatchObject({ status: 'candidate' });
      // Changes by hand still go through, each re-pinning with its own reason.
      expect((await registry.promote(r, 2, bar, 12, { pin: (v) => `version ${v} promoted by hand` })).live?.version).toBe(2);
      expect((await registry.rollback(r, 13, undefined, { pin: (v) => `rolled back to version ${v} by hand` })).live.version).toBe(1);
      expect((await registry.pins(r))[0]?.reason).toBe('rolled back to version 1 by hand');
      expect((await registry.demote(r, 'labels changed', 14, { pin: (v) => `version ${v} demoted by hand` }))?.version).toBe(1);
      expect((await registry.pins(r))[0]).toEqual({ route: r, reason: 'version 1 demoted by hand', at: 14 });
      expect(await registry.unpin(r)).toBe(true);
      expect((await registry.promote(r, 3, bar, 15, { unlessPinned: true })).live?.version).toBe(3);
    });

    it("says in the live version's reason that its route is no longer pinned", async () => {
      const registry = await fresh();
      const r = route();
      for (let i = 1; i <= 2; i++) await registry.register({ route: r, dataVersion: 'a'.repeat(64), metrics: good, model: bytes(i), createdAt: i });
      await registry.promote(r, 1, bar, 10);
      await registry.promote(r, 2, bar, 11);
      await registry.rollback(r, 12, undefined, { pin: (v) => `rolled back to version ${v} by hand` });
      expect((await registry.get(r, 1))?.statusReason).toBe('rolled back to version 1');
      const revision = await registry.revision();
      expect(await registry.unpin(r)).toBe(true);
      // It was still "rolled back to version 1", as while the pin held it live.
      expect((await registry.get(r, 1))?.statusReason).toBe('rolled back to version 1; unpinned');
      expect((await registry.get(r, 2))?.statusReason).toBe('replaced by version 1');
      // Pinned and unpinned again: said once. Nothing to serve anew: the revision stays.
      await registry.pin(r, 'held', 13);
      expect(await registry.unpin(r)).toBe(true);
      expect((await registry.get(r, 1))?.statusReason).toBe('rolled back to version 1; unpinned');
      expect(await registry.revision()).toBe(revision);
      // Without a live version there is no reason to change.
      await registry.demote(r, 'labels changed', 14, { pin: (v) => `version ${v} demoted by hand` });
      expect(await registry.unpin(r)).toBe(true);
      expect((await registry.get(r, 1))?.statusReason).toBe('labels changed');
    });

    it('pulls a live version once under concurrent demotions, and only the version named', async () => {
      const registry = await fresh();
      const r = route();
      for (let i = 1; i <= 2; i++) await registry.register({ route: r, dataVersion: 'a'.repeat(64), metrics: good, model: bytes(i), createdAt: i });
      await registry.promote(r, 1, bar, 10);
      const both = await Promise.all([registry.demote(r, 'first', 11), registry.demote(r, 'second', 12)]);
      expect(both.filter((v) => v !== undefined)).toHaveLength(1);
      await registry.promote(r, 2, bar, 13);
      const revision = await registry.revision();
      // Figures about version 1 do not pull version 2.
      expect(await registry.demote(r, 'v1 precision low', 14, { version: 1 })).toBeUndefined();
      expect(await registry.revision()).toBe(revision);
      expect((await registry.live(r))?.version).toBe(2);
      expect(await registry.demote(r, 'v2 precision low', 15, { version: 2 })).toMatchObject({ version: 2, status: 'demoted', statusReason: 'v2 precision low' });
    });

    it('keeps the pin of a route demoted automatically, both reasons saying what happened', async () => {
      const registry = await fresh();
      const r = route();
      const other = route();
      for (const name of [r, other]) {
        await registry.register({ route: name, dataVersion: 'a'.repeat(64), metrics: good, model: bytes(1), createdAt: 1 });
        await registry.promote(name, 1, bar, 10);
      }
      await registry.pin(r, 'rolled back to version 1 by hand', 11);
      const ifPinned = (held: { reason: string }, v: number) => ({ reason: `precision low; v${v} was pinned (${held.reason})`, pin: `v${v} (${held.reason}) demoted by the monitor` });
      expect(await registry.demote(r, 'precision low', 12, { version: 1, ifPinned })).toMatchObject({ status: 'demoted', statusReason: 'precision low; v1 was pinned (rolled back to version 1 by hand)' });
      expect(await registry.pins(r)).toEqual([{ route: r, reason: 'v1 (rolled back to version 1 by hand) demoted by the monitor', at: 12 }]);
      // Unpinned: the plain reason, and no pin appears.
      expect(await registry.demote(other, 'precision low', 13, { version: 1, ifPinned })).toMatchObject({ statusReason: 'precision low' });
      expect(await registry.pins(other)).toEqual([]);
    });

    describe('delete', () => {
      const register = async (registry: ModelRegistry, r: string, count: number) => {
        for (let i = 1; i <= count; i++) await registry.register({ route: r, dataVersion: 'a'.repeat(64), metrics: good, model: bytes(i), createdAt: i });
      };
      const refusal = async (change: Promise<unknown>) => change.then(() => undefined, (e: Error & { status: number }) => [e.status, e.message]);

      it('removes one version with its bytes, never the live one, and never hands its number out again', async () => {
        const registry = await fresh();
        const r = route();
        await register(registry, r, 3);
        await registry.promote(r, 2, bar, 10);
        const revision = await registry.revision();
        expect(await registry.delete(r, 11, { version: 3 })).toMatchObject({ deleted: [{ route: r, version: 3, status: 'candidate' }], routeRemoved: false, pinReleased: null });
        expect(await registry.revision()).toBeGreaterThan(revision);
        expect((await registry.list(r)).map((v) => v.version)).toEqual([2, 1]);
        await expect(registry.modelBytes(r, 3)).rejects.toThrow(`route "${r}" has no version 3 (versions: 1, 2)`);
        expect(await refusal(registry.delete(r, 12, { version: 2, force: true }))).toEqual([409, `route "${r}" version 2 is live (it answers requests); nothing deleted: demote it first (switchyard models demote --route ${r}), then delete it; --force removes only a whole route`]);
        expect(await refusal(registry.delete(r, 13, { version: 7 }))).toEqual([404, `route "${r}" has no version 7 (versions: 1, 2)`]);
        expect((await registry.live(r))?.version).toBe(2);
        // Version 3 was deleted: the next registration is 4, as traces and events may still name 3.
        expect((await registry.register({ route: r, dataVersion: 'b'.repeat(64), metrics: good, model: bytes(4), createdAt: 14 })).version).toBe(4);
      });

      it('rolls back past a version deleted since it was live', async () => {
        const registry = await fresh();
        const r = route();
        await register(registry, r, 3);
        for (const v of [1, 2, 3]) await registry.promote(r, v, bar, 10 + v);
        await registry.delete(r, 20, { version: 2 });
        expect(await registry.rollback(r, 21)).toMatchObject({ live: { version: 1 }, previous: { version: 3 } });
        await expect(registry.rollback(r, 22, 2)).rejects.toThrow(`route "${r}" has no version 2 (versions: 1, 3)`);
      });

      it('removes a whole route with its pin and history only with --force while a version is live; it starts again at 1', async () => {
        const registry = await fresh();
        const r = route();
        await register(registry, r, 2);
        await registry.promote(r, 1, bar, 10, { pin: (v) => `version ${v} promoted by hand` });
        expect(await refusal(registry.delete(r, 11))).toEqual([409, `route "${r}" version 1 is live (it answers requests); nothing deleted: demote it first (switchyard models demote --route ${r}), or remove the whole route anyway with --force`]);
        expect(await registry.list(r)).toHaveLength(2);
        const revision = await registry.revision();
        const removed = await registry.delete(r, 12, { force: true });
        expect(removed.deleted.map((v) => [v.version, v.status])).toEqual([[2, 'candidate'], [1, 'live']]);
        expect(removed).toMatchObject({ routeRemoved: true, pinReleased: 'version 1 promoted by hand' });
        expect(await registry.revision()).toBeGreaterThan(revision);
        expect([await registry.list(r), await registry.live(r), await registry.pins(r)]).toEqual([[], undefined, []]);
        expect((await registry.list()).some((v) => v.route === r)).toBe(false);
        // A new route under the name: numbered from 1, with no history to roll back through.
        await register(registry, r, 1);
        expect((await registry.list(r)).map((v) => v.version)).toEqual([1]);
        await registry.promote(r, 1, bar, 13);
        await expect(registry.rollback(r, 14)).rejects.toThrow(`route "${r}" has no earlier live version to roll back to`);
      });

      it('demotes a version named with its registration time only while that version, not a re-created one of the same number, is live', async () => {
        const registry = await fresh();
        const r = route();
        const old = await registry.register({ route: r, dataVersion: 'a'.repeat(64), metrics: good, model: bytes(1), createdAt: 100 });
        await registry.promote(r, 1, bar, 101);
        await registry.delete(r, 102, { force: true });
        await registry.register({ route: r, dataVersion: 'b'.repeat(64), metrics: good, model: bytes(2), createdAt: 200 });
        await registry.promote(r, 1, bar, 201);
        const revision = await registry.revision();
        expect(await registry.demote(r, 'figures about the old v1', 202, { version: 1, createdAt: old.createdAt })).toBeUndefined();
        expect([(await registry.live(r))?.createdAt, await registry.revision()]).toEqual([200, revision]);
        expect(await registry.demote(r, 'figures about the new v1', 203, { version: 1, createdAt: 200 })).toMatchObject({ version: 1, createdAt: 200, status: 'demoted' });
      });

      it('removes a route with no live version without --force, and refuses an unknown route naming the one a typo meant', async () => {
        const registry = await fresh();
        const r = `support-intent-${route()}`;
        await register(registry, r, 2);
        const typo = r.replace('support', 'supprt');
        const unknown = await refusal(registry.delete(typo, 10));
        expect(unknown?.[0]).toBe(404);
        expect(unknown?.[1]).toMatch(new RegExp(`^route "${typo}" has no model versions in the registry; did you mean "${r}"\\? \\(routes with versions: .*"${r}"`));
        expect(await registry.delete(r, 11)).toMatchObject({ deleted: [{ version: 2 }, { version: 1 }], routeRemoved: true, pinReleased: null });
        expect(await refusal(registry.delete(r, 12))).toEqual([404, expect.stringMatching(new RegExp(`^route "${r}" has no model versions in the registry`))]);
      });

      it('of two deletions of one version on two connections, one deletes and the other is told it is gone', async () => {
        const [a, b] = await pair();
        const r = route();
        await register(a, r, 2);
        const outcomes = await Promise.allSettled([a.delete(r, 10, { version: 1 }), b.delete(r, 11, { version: 1 })]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as Error).message] : []))).toEqual([`route "${r}" has no version 1 (versions: 2)`]);
        expect((await b.list(r)).map((v) => v.version)).toEqual([2]);
      });
    });

    it('hands out distinct version numbers under concurrent registration', async () => {
      const registry = await fresh();
      const r = route();
      const versions = await Promise.all(Array.from({ length: 8 }, (_, i) => registry.register({ route: r, dataVersion: 'a'.repeat(64), metrics: good, model: bytes(i), createdAt: i })));
      expect(versions.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    // The changes by hand read what is live before their transaction (to name the route's versions
    // in errors, and what the operator rolls back from); these races land a second change between
    // that read and the transaction, from another connection.
    describe('changes racing each other on two connections', () => {
      async function promoted(registry: ModelRegistry, r: string, live: number[]): Promise<void> {
        for (let i = 1; i <= 3; i++) await registry.register({ route: r, dataVersion: 'a'.repeat(64), metrics: good, model: bytes(i), createdAt: i });
        for (const v of live) await registry.promote(r, v, bar, 10 + v);
      }

      it('of two rollbacks from the same version, one rolls back and the other is refused, not rolling back again', async () => {
        const [a, b] = await pair();
        const r = route();
        await promoted(a, r, [1, 2, 3]);
        // Both operators saw version 3 live (`from`, what rollbackRoute reads when not told): left
        // to read it themselves, a loaded host can finish one rollback before the other reads, and
        // the second then rightly rolls back from version 2.
        const outcomes = await Promise.allSettled([rollbackRoute(a, r, 20, { from: 3 }), rollbackRoute(b, r, 21, { from: 3 })]);
        const done = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
        const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error & { status: number }] : []));
        expect(done).toEqual([{ route: r, action: 'rollback', from: 3, live: 2, reason: 'rolled back to version 2', pinned: true }]);
        expect(refused.map((e) => [e.status, e.message])).toEqual([[409, `route "${r}" changed since this rollback found version 3 live: version 2 is live now (rolled back to version 2); nothing rolled back (roll back again to go back from what is live now)`]]);
        expect((await b.live(r))?.version).toBe(2);
        expect(await a.get(r, 3)).toMatchObject({ status: 'retired', statusReason: 'replaced by version 2' });
        // Asked again, it goes back from what is live now.
        expect(await rollbackRoute(b, r, 22)).toMatchObject({ from: 2, live: 3 });
      });

      it('refuses a promotion or demotion from a version no longer live (a stale page), naming both, changing nothing', async () => {
        const [a, b] = await pair();
        const r = route();
        await promoted(a, r, [1]);
        // A page showed v1 live; another operator (on the other connection) promoted v2 since.
        await promoteVersion(b, r, 2, bar, 20, { from: 1 });
        const why = (await b.live(r))?.statusReason;
        const refusal = async (change: Promise<unknown>) => change.then(() => undefined, (e: Error & { status: number }) => [e.status, e.message]);
        expect(await refusal(promoteVersion(a, r, 3, bar, 21, { from: 1 }))).toEqual([409, `route "${r}" changed since this promotion found version 1 live: version 2 is live now (${why}); nothing promoted (promote again to replace what is live now)`]);
        expect(await refusal(demoteRoute(a, r, 'bad labels', 22, { from: 1 }))).toEqual([409, `route "${r}" changed since this demotion found version 1 live: version 2 is live now (${why}); nothing demoted (demote again to pull what is live now)`]);
        expect(await refusal(promoteVersion(a, r, 3, bar, 23, { from: null }))).toEqual([409, expect.stringContaining('since this promotion found no live version: version 2 is live now')]);
        expect((await a.list(r)).map((v) => v.status)).toEqual(['candidate', 'live', 'retired']);
        // From what is live now, both go through; a demotion seen from nothing live is refused too.
        expect(await demoteRoute(a, r, 'bad labels', 24, { from: 2 })).toMatchObject({ from: 2, live: null });
        expect(await refusal(demoteRoute(b, r, 'again', 25, { from: 2 }))).toEqual([409, `route "${r}" changed since this demotion found version 2 live: no version is live now; nothing demoted (demote again to pull what is live now)`]);
        expect(await promoteVersion(b, r, 3, bar, 26, { from: null })).toMatchObject({ from: null, live: 3 });
      });

      it('of two promotions of one version by hand, one promotes and the other is told it is already live', async () => {
        const [a, b] = await pair();
        const r = route();
        await promoted(a, r, [1]);
        const outcomes = await Promise.allSettled([promoteVersion(a, r, 2, bar, 20), promoteVersion(b, r, 2, bar, 21)]);
        expect(outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []))).toMatchObject([{ from: 1, live: 2 }]);
        expect(outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as Error).message] : []))).toEqual([`route "${r}" version 2 not promoted: it is already live`]);
        expect((await a.list(r)).map((v) => v.status)).toEqual(['candidate', 'live', 'retired']);
      });

      it.each(['by hand', 'automatic'] as const)('a promotion by hand racing retraining\'s automatic one (%s started first) leaves the operator\'s version live, pinned, and reports the version it replaced', async (first) => {
        const [a, b] = await pair();
        const r = route();
        await promoted(a, r, [1]);
        const byHand = () => promoteVersion(a, r, 2, bar, 20);
        const automatic = () => b.promote(r, 3, bar, 21, { unlessPinned: true });
        let change: ModelChange;
        let auto: PromotionResult;
        if (first === 'by hand') [change, auto] = await Promise.all([byHand(), automatic()]);
        else [auto, change] = await Promise.all([automatic(), byHand()]);
        expect((await a.live(r))?.version).toBe(2);
        expect((await b.pins(r)).map((p) => p.reason)).toEqual(['version 2 promoted by hand']);
        // Whichever landed first, both reports agree with the registry's history.
        if (auto.promote) {
          expect([auto.previous?.version, auto.live?.version, change.from]).toEqual([1, 3, 3]);
          expect(await a.get(r, 3)).toMatchObject({ status: 'retired', statusReason: 'replaced by version 2' });
        } else {
          expect([auto.heldBy?.reason, auto.live?.version, change.from]).toEqual(['version 2 promoted by hand', 2, 1]);
          expect(await a.get(r, 3)).toMatchObject({ status: 'candidate' });
        }
        // A rollback goes back to the version the promotion reported replacing.
        expect((await rollbackRoute(b, r, 30)).live).toBe(change.from);
      });
    });
  });
}
