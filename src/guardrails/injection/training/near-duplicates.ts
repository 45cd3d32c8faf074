import { fnvString } from '../../../core/fnv-hash.js';
import { sortedOverlap } from '../../../core/sorted-overlap.js';

/**
 * Clusters near-duplicate texts so that a train/test split cannot put two variants of one
 * jailbreak template on both sides. Two texts are linked when the smaller one shares at least
 * `threshold` of its word 5-gram shingles with the other (containment, so a template embedded in
 * a longer prompt counts); clusters are the connected components.
 *
 * @example nearDuplicateClusters(['a b c d e f', 'a b c d e f g', 'x y z w v u']) // [0, 0, 2]
 */
export function nearDuplicateClusters(texts: readonly string[], threshold = 0.3, shingleWords = 5): number[] {
  const shingles = texts.map((text) => shingleSet(text, shingleWords));
  const parent = texts.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[i] !== root) {
      const next = parent[i] as number;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  for (let a = 0; a < texts.length; a++) {
    const sa = shingles[a] as Uint32Array;
    for (let b = a + 1; b < texts.length; b++) {
      const sb = shingles[b] as Uint32Array;
      const smaller = Math.min(sa.length, sb.length);
      if (smaller === 0) continue;
      if (sortedOverlap(sa, sb) / smaller >= threshold) {
        const ra = find(a);
        const rb = find(b);
        if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
  }
  return texts.map((_, i) => find(i));
}

function shingleSet(text: string, n: number): Uint32Array {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const hashes = new Set<number>();
  for (let i = 0; i + n <= Math.max(words.length, n); i++) {
    const gram = words.slice(i, i + n).join(' ');
    if (gram.length > 0) hashes.add(fnvString(gram));
  }
  return Uint32Array.from([...hashes].sort((x, y) => x - y));
}
