import type { DatasetItem } from '../types.js';

/**
 * A dataset item made from a trace whose answer a purge blanked, without that answer: `output`
 * (the model's answer) and `expected` (a reviewer's correction of it) go, the rest stays and
 * `metadata.purged` says when. Undefined when there is nothing left to blank (a purge run again).
 *
 * @example purgedItem({ id: 'tr_1', input: 'q', output: 'a', metadata: { trace_id: 'tr_1' } }, 5) // { id: 'tr_1', input: 'q', metadata: { trace_id: 'tr_1', purged: 5 } }
 */
export function purgedItem(item: DatasetItem, at: number): DatasetItem | undefined {
  if (item.output === undefined && item.expected === undefined) return undefined;
  const { output: _output, expected: _expected, ...rest } = item;
  return { ...rest, metadata: { ...(item.metadata ?? {}), purged: at } };
}
