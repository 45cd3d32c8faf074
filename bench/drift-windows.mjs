// The drift benchmarks' shared parts: the data sets (prompts with the intent or article they come
// from as their group) and how a trial's reference and current windows are drawn from them, so
// bench/drift.mjs and bench/drift-text-detectors.mjs test the same windows for the same seeds.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { shuffled } = await import(join(root, 'dist/core/seeded-random.js'));
const { readExamples } = await import(join(root, 'dist/local/index.js'));

/** banking77 questions grouped by intent (`split`: train or test). */
export const banking77 = async (split) =>
  (await readExamples(join(root, `data/banking77/${split}.csv`), { labelColumn: 'category' })).map((e) => ({ text: e.text, group: e.label }));

/** SQuAD dev questions grouped by the article their answer is in. */
export const squadQuestions = () =>
  readFileSync(join(root, 'data/squad-retrieval/queries.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .map((q) => ({ text: q.question, group: q.gold_ids[0].split('#')[0] }));

/**
 * Reference and current windows of one trial. 10% of the groups never appear in the reference
 * ("novel"); condition `none` draws both windows from the same traffic, `in` mixes a `shift` share
 * of novel-group prompts into the current window, `out` drops whole groups from it until they made
 * up `shift` of the traffic.
 */
export function windows(data, n, condition, shift, random) {
  const groups = shuffled([...new Set(data.map((d) => d.group))].sort(), random);
  const novel = new Set(groups.slice(0, Math.max(1, Math.round(groups.length * 0.1))));
  const base = shuffled(data.filter((d) => !novel.has(d.group)), random);
  const fresh = shuffled(data.filter((d) => novel.has(d.group)), random);
  const reference = base.slice(0, n);
  const rest = base.slice(n);
  if (condition === 'none') return { reference, current: rest.slice(0, n), novel };
  if (condition === 'in') {
    const k = Math.round(n * shift);
    return { reference, current: shuffled([...rest.slice(0, n - k), ...fresh.slice(0, k)], random), novel };
  }
  const counts = new Map();
  for (const d of base) counts.set(d.group, (counts.get(d.group) ?? 0) + 1);
  const gone = new Set();
  let share = 0;
  for (const g of shuffled([...counts.keys()].sort(), random)) {
    if (share >= shift) break;
    gone.add(g);
    share += counts.get(g) / base.length;
  }
  return { reference, current: rest.filter((d) => !gone.has(d.group)).slice(0, n), novel, gone };
}
