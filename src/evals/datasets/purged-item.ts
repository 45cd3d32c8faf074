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

/**
 * A dataset item made from a trace an erasure request deleted, with nothing of the person left:
 * the input, answers, score and metadata go; the id and `metadata.trace_id` stay (the link an
 * erasure run again follows, both ids the gateway's own) with `metadata.erased` saying when. Kept in
 * place under its content hash, as a purge's, so every version and pinned run still resolves.
 * Undefined when it was erased already.
 *
 * @example erasedItem({ id: 'tr_1', input: 'my card number is…', metadata: { trace_id: 'tr_1', user: 'alice' } }, 5) // { id: 'tr_1', input: '', metadata: { trace_id: 'tr_1', erased: 5 } }
 */
export function erasedItem(item: DatasetItem, at: number): DatasetItem | undefined {
  if (item.metadata?.erased !== undefined) return undefined;
  return { id: item.id, input: '', metadata: { trace_id: item.metadata?.trace_id ?? item.id, erased: at } };
}
