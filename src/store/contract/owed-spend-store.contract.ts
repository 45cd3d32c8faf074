import { expect, it } from 'vitest';
import type { OwedSpend, OwedSpendStore } from '../../limits/owed-spend.js';

const debt = (id: string, createdAt: number, over: Partial<OwedSpend> = {}): OwedSpend => ({
  id,
  prefix: 'switchyard:limits',
  spendKey: 'switchyard:limits:key:alpha:spend:0',
  ttlMs: 0,
  usd: 0.25,
  createdAt,
  ...over,
});

/**
 * What every owed-spend store does: keeps debts until removed, hands them out oldest first per
 * prefix, and keeps an id once.
 *
 * @example forEachBackend((backend) => owedSpendStoreContract(async () => (await backend.fresh()).owed));
 */
export function owedSpendStoreContract(fresh: () => Promise<OwedSpendStore>, shared?: () => Promise<() => Promise<OwedSpendStore>>): void {
  it('keeps debts until they are removed, oldest first, with every field', async () => {
    const owed = await fresh();
    const held = { hold: { key: 'switchyard:limits:key:alpha:held:0', member: 'c0ffee:0.5' } };
    await owed.add([debt('b', 2_000, { usd: 0.000_001_25, ttlMs: 172_800_000, spendKey: 'p:team:t:spend:86400000' }), debt('a', 1_000)]);
    await owed.add([debt('c', 3_000, held)]);
    expect(await owed.due('switchyard:limits', 10)).toEqual([debt('a', 1_000), debt('b', 2_000, { usd: 0.000_001_25, ttlMs: 172_800_000, spendKey: 'p:team:t:spend:86400000' }), debt('c', 3_000, held)]);
    expect((await owed.due('switchyard:limits', 2)).map((d) => d.id)).toEqual(['a', 'b']);
    await owed.remove(['a', 'c', 'unknown']);
    expect((await owed.due('switchyard:limits', 10)).map((d) => d.id)).toEqual(['b']);
    await owed.remove([]);
    await owed.add([]);
    expect(await owed.due('switchyard:limits', 10)).toHaveLength(1);
  });

  it('keeps a debt once when it is added again, with its first amount', async () => {
    const owed = await fresh();
    await owed.add([debt('a', 1_000)]);
    await owed.add([debt('a', 1_000, { usd: 9 }), debt('b', 1_000)]);
    expect((await owed.due('switchyard:limits', 10)).map((d) => [d.id, d.usd])).toEqual([
      ['a', 0.25],
      ['b', 0.25],
    ]);
  });

  it('hands a prefix only its own debts', async () => {
    const owed = await fresh();
    await owed.add([debt('a', 1_000), debt('b', 1_000, { prefix: 'other' })]);
    expect((await owed.due('other', 10)).map((d) => d.id)).toEqual(['b']);
    expect((await owed.due('switchyard:limits', 10)).map((d) => d.id)).toEqual(['a']);
  });

  if (shared) {
    it('shows a debt one replica kept to another, which removes it for both', async () => {
      const open = await shared();
      const [a, b] = [await open(), await open()];
      await a.add([debt('a', 1_000)]);
      expect((await b.due('switchyard:limits', 10)).map((d) => d.id)).toEqual(['a']);
      await b.remove(['a']);
      expect(await a.due('switchyard:limits', 10)).toEqual([]);
    });
  }
}
