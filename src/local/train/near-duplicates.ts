import { sameTextKey } from '../data/same-text.js';
import { fnvString, mix32 } from '../../core/fnv-hash.js';
import { sortedOverlap } from '../../core/sorted-overlap.js';
import { tokenize } from '../features/tokenize.js';
import type { Example } from '../types.js';

/** Min-hashes per text, read as BANDS bands of ROWS: a pair at word Jaccard 0.5 meets in some band 9 times in 10. */
const BANDS = 8;
const ROWS = 2;
/** A bucket's member is compared with at most this many earlier members, so one common pair of words cannot cost n². */
const MAX_COMPARED = 32;
/** Words read per text, as the featurizer reads its first 2,000 characters. */
const MAX_CHARS = 2000;
const SEEDS = Uint32Array.from({ length: BANDS * ROWS }, (_, i) => mix32(0x9e3779b9 + i));

/**
 * Which examples one split or fold must keep together: exact copies of a text (case and spacing
 * aside) always, and texts of the same label whose word sets overlap at Jaccard ≥ `minJaccard`
 * (0 = copies only). Training files come in batches of one writer's paraphrases ("how do I freeze
 * my card" / "how can I freeze my card"); a held-out row whose near-twin was trained on is scored
 * as if it were memorised, and the threshold chosen on it over-states precision on new phrasings.
 *
 * Near pairs are found by min-hash banding (candidates) and the exact Jaccard (kept), then
 * joined transitively, but a near pair never makes a group of more than `maxGroupShare` of its
 * label (at least 2): one chain of paraphrases must not take a whole label out of training.
 * Returns, per example, the index of its group's first example. Linear in the data: ~0.1 s for 10k texts.
 *
 * @example nearDuplicateGroups([{ text: 'how do I freeze my card', label: 'f' }, { text: 'how can I freeze my card', label: 'f' }], 0.5, 0.5) // Int32Array [0, 0]
 */
export function nearDuplicateGroups(examples: readonly Example[], minJaccard: number, maxGroupShare: number): Int32Array {
  const n = examples.length;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const size = new Int32Array(n).fill(1);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const union = (a: number, b: number): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return;
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    parent[child] = root;
    size[root] = (size[root] as number) + (size[child] as number);
  };
  const copies = new Map<string, number>();
  const labelSize = new Map<string, number>();
  examples.forEach((e, i) => {
    labelSize.set(e.label, (labelSize.get(e.label) ?? 0) + 1);
    const key = `${e.label}\u0000${sameTextKey(e.text)}`;
    const first = copies.get(key);
    if (first === undefined) copies.set(key, i);
    else union(first, i);
  });
  if (minJaccard <= 0) return rootsOf(n, find);

  const words = examples.map((e) => wordSet(e.text));
  // Bucket keys are 32-bit hashes: a collision only adds a candidate, and the label and Jaccard are checked.
  const labelIds = new Map([...labelSize.keys()].map((label, i) => [label, i]));
  const buckets = new Map<number, number[]>();
  examples.forEach((e, i) => {
    const set = words[i] as Uint32Array;
    if (set.length === 0) return;
    const signature = minHashes(set);
    for (let b = 0; b < BANDS; b++) {
      let key = mix32((labelIds.get(e.label) as number) * BANDS + b);
      for (let r = b * ROWS; r < (b + 1) * ROWS; r++) key = mix32(key ^ (signature[r] as number));
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    }
  });
  for (const bucket of buckets.values()) {
    for (let j = 1; j < bucket.length; j++) {
      const b = bucket[j] as number;
      const cap = Math.max(2, Math.floor((labelSize.get((examples[b] as Example).label) as number) * maxGroupShare));
      for (let k = Math.max(0, j - MAX_COMPARED); k < j; k++) {
        const a = bucket[k] as number;
        if ((examples[a] as Example).label !== (examples[b] as Example).label) continue;
        const [ra, rb] = [find(a), find(b)];
        if (ra === rb || (size[ra] as number) + (size[rb] as number) > cap) continue;
        if (jaccard(words[a] as Uint32Array, words[b] as Uint32Array) >= minJaccard) union(a, b);
      }
    }
  }
  return rootsOf(n, find);
}

function rootsOf(n: number, find: (i: number) => number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => find(i));
}

/** Distinct words of a text as sorted hashes (digits as 0, as the featurizer reads them). */
function wordSet(text: string): Uint32Array {
  return Uint32Array.from(new Set(tokenize(text, MAX_CHARS).map((w) => fnvString(w)))).sort();
}

function minHashes(set: Uint32Array): Uint32Array {
  const mins = new Uint32Array(SEEDS.length).fill(0xffffffff);
  for (const word of set) {
    for (let s = 0; s < SEEDS.length; s++) {
      const h = mix32(word ^ (SEEDS[s] as number));
      if (h < (mins[s] as number)) mins[s] = h;
    }
  }
  return mins;
}

/** |a ∩ b| / |a ∪ b| of two sorted sets. */
function jaccard(a: Uint32Array, b: Uint32Array): number {
  const both = sortedOverlap(a, b);
  return both / (a.length + b.length - both);
}
