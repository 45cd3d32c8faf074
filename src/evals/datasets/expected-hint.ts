import type { DatasetItem } from '../types.js';

/** Names other tools and published sets give the expected answer (OpenAI evals' `ideal`, LangSmith's `expected_output`, a hub set's `label` or `answer`). */
const ANSWER_NAMES = new Set(['answer', 'answers', 'ideal', 'expectedoutput', 'expectedanswer', 'target', 'label', 'labels', 'reference', 'referenceanswer', 'gold', 'groundtruth', 'solution']);
const fold = (key: string): string => key.toLowerCase().replace(/[\s_-]/g, '');

/**
 * A note for a file none of whose items has an expected answer while its first item holds one
 * under another name: that field went to metadata, and a suite's `{{expected}}` or a `contains`
 * scorer would find nothing, or a judge score without a reference, with no word at import.
 *
 * @example expectedColumnHint([{ id: 'a', input: 'Hi', metadata: { ideal: 'Hello' } }], 'qa.jsonl') // 'qa.jsonl: no item has an expected answer, and its field "ideal" went to metadata: …'
 */
export function expectedColumnHint(items: readonly DatasetItem[], file: string): string | undefined {
  if (items.some((item) => item.expected !== undefined)) return undefined;
  const key = Object.keys(items[0]?.metadata ?? {}).find((k) => ANSWER_NAMES.has(fold(k)));
  if (key === undefined) return undefined;
  return `${file}: no item has an expected answer, and its field "${key}" went to metadata: if it is the expected answer, import with --expected-column ${key} (in a suite, dataset: { file: ${file.split('/').pop()}, expected_column: ${key} })`;
}
