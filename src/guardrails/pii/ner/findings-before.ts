import { finding, type Finding, sortByStart } from '../entity-types.js';

/** How far back, in findings, a rule looks for what lies in the few characters before a finding. */
const LOOK_BACK = 8;

/**
 * Rewrites findings that grow backwards over the text before them: `grow` is asked about each
 * finding `f` (with the findings in start order and `f`'s index) and answers the new start, or -1.
 * The findings in the text it takes in (found among the few just before `f`, so a text of many
 * findings stays linear) are dropped unless `keep` says one of them forbids the change. The
 * result is in start order.
 *
 * @example growBackwards(found, (f) => (f.type === 'STREET_ADDRESS' ? f.start - 5 : -1), () => true)
 */
export function growBackwards(found: readonly Finding[], grow: (f: Finding) => number, allowed: (inside: Finding[], start: number, f: Finding) => boolean): Finding[] {
  const sorted = sortByStart([...found]);
  const drop = new Set<Finding>();
  const starts = new Map<Finding, number>();
  for (let i = 0; i < sorted.length; i += 1) {
    const f = sorted[i]!;
    if (drop.has(f)) continue;
    const start = grow(f);
    if (start < 0 || start >= f.start) continue;
    const inside: Finding[] = [];
    for (let j = i - 1; j >= 0 && j >= i - LOOK_BACK; j -= 1) {
      const g = sorted[j]!;
      if (g.end > start && g.start < f.start && !drop.has(g)) inside.push(g);
    }
    if (!allowed(inside, start, f)) continue;
    for (const g of inside) drop.add(g);
    starts.set(f, start);
  }
  if (starts.size === 0) return sorted;
  return sorted.filter((g) => !drop.has(g)).map((g) => (starts.has(g) ? finding(g.type, starts.get(g)!, g.end, g.score) : g));
}
