import type { Example } from '../types.js';
import type { ExampleStore, StoredExample } from './example-store.js';

/** How many of a file's examples a route keeps for retraining, and how many it already had. */
export interface KeptExamples {
  added: number;
  already: number;
}

/** Examples a route's store holds are read back at most this many at a time to find what it has. */
const READ_BACK = 1_000_000;

/**
 * Keeps a labelled file's examples (`local train --data FILE --route R`) in the route's example
 * store, as source `file`, so the route's automatic retraining learns from them beside its traffic
 * instead of from traffic alone. An example the route already holds with the same label is not
 * added again, so a scheduled `local train` on the same file adds nothing the second time.
 *
 * @example await keepFileExamples(stores.examples, 'support-intent', examples, Date.now()) // { added: 800, already: 0 }
 */
export async function keepFileExamples(store: ExampleStore, route: string, examples: readonly Example[], at: number): Promise<KeptExamples> {
  const held = new Map((await store.list(route, READ_BACK)).map((e) => [e.text, e.label]));
  const fresh: StoredExample[] = [];
  for (const example of examples) {
    if (held.get(example.text) === example.label) continue;
    held.set(example.text, example.label);
    fresh.push({ route, text: example.text, label: example.label, ...(example.weight === undefined ? {} : { weight: example.weight }), source: 'file', traceId: null, at });
  }
  if (fresh.length > 0) await store.add(fresh);
  return { added: fresh.length, already: examples.length - fresh.length };
}

/**
 * What a version was trained on, by where its examples came from: `800 from labelled files, 212
 * from traffic, 3 reviewed`.
 *
 * @example trainingDataOf([{ source: 'file' }, { source: 'teacher' }]) // { file: 1, teacher: 1, review: 0 }
 */
export function trainingDataOf(examples: readonly Pick<StoredExample, 'source'>[]): Record<StoredExample['source'], number> {
  const counts = { file: 0, teacher: 0, review: 0 };
  for (const e of examples) counts[e.source]++;
  return counts;
}
