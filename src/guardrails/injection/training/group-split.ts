import { fnvString } from '../../../core/fnv-hash.js';

export type Split = 'train' | 'val' | 'test';

export interface SplitShares {
  train: number;
  val: number;
  test: number;
}

/**
 * Assigns whole groups to splits so that every member of a group (a template's variants, a
 * BIPIA attack category, one e-mail) lands on the same side. Largest groups first, each to the
 * split furthest below its share; ties broken by a hash of the group name, so the result depends
 * only on the data, not on the order it was read in.
 *
 * @example splitGroups(new Map([['a', 3], ['b', 1], ['c', 1]]), { train: 0.6, val: 0.2, test: 0.2 })
 */
export function splitGroups(sizes: ReadonlyMap<string, number>, shares: SplitShares, salt = ''): Map<string, Split> {
  const order = [...sizes.entries()].sort((x, y) => y[1] - x[1] || fnvString(salt + x[0]) - fnvString(salt + y[0]) || (x[0] < y[0] ? -1 : 1));
  let total = 0;
  for (const [, size] of order) total += size;
  const filled: SplitShares = { train: 0, val: 0, test: 0 };
  const out = new Map<string, Split>();
  const names: Split[] = ['train', 'val', 'test'];
  for (const [group, size] of order) {
    let best: Split = 'train';
    let bestDeficit = Number.NEGATIVE_INFINITY;
    for (const name of names) {
      if (shares[name] <= 0) continue;
      const deficit = shares[name] * total - filled[name];
      if (deficit > bestDeficit) {
        bestDeficit = deficit;
        best = name;
      }
    }
    filled[best] += size;
    out.set(group, best);
  }
  return out;
}

/**
 * Splits items by a group key.
 *
 * @example splitByGroup(items, (item) => item.category, { train: 0.6, val: 0.2, test: 0.2 })
 */
export function splitByGroup<T>(
  items: readonly T[],
  groupOf: (item: T) => string,
  shares: SplitShares,
  salt = '',
): Record<Split, T[]> {
  const sizes = new Map<string, number>();
  for (const item of items) sizes.set(groupOf(item), (sizes.get(groupOf(item)) ?? 0) + 1);
  const assignment = splitGroups(sizes, shares, salt);
  const out: Record<Split, T[]> = { train: [], val: [], test: [] };
  for (const item of items) out[assignment.get(groupOf(item)) as Split].push(item);
  return out;
}
