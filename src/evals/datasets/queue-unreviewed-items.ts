import type { ReviewStore } from '../../review/review-store.js';
import type { ReviewItem } from '../../review/types.js';
import type { DatasetItem } from '../types.js';

/**
 * Puts dataset items that no person has accepted yet (`metadata.reviewed === false`, as
 * synthetic generation marks them) into the review queue. The reviewer's score and correction
 * are written back to the dataset as a new version, which marks the item reviewed.
 *
 * @example await queueUnreviewedItems(reviews, 'docs-qa', generatedItems)
 */
export async function queueUnreviewedItems(reviews: Pick<ReviewStore, 'enqueue'>, dataset: string, items: Iterable<DatasetItem> | AsyncIterable<DatasetItem>): Promise<ReviewItem[]> {
  const pending = [];
  for await (const item of items) {
    if (item.metadata?.reviewed !== false) continue;
    const { source, passage } = item.metadata ?? {};
    // The reviewer judges a generated answer against the passage it came from: show both.
    const grounded = typeof passage === 'string' ? { question: item.input, source_document: typeof source === 'string' ? source : null, source_passage: passage } : undefined;
    pending.push({
      source: 'dataset' as const,
      reason: `synthetic item${typeof source === 'string' ? ` from ${source}` : ''}: accept (score it) or correct the answer`,
      datasetId: dataset,
      datasetItemId: item.id,
      input: grounded ?? item.input,
      output: typeof item.expected === 'string' ? item.expected : JSON.stringify(item.expected ?? null),
    });
  }
  return pending.length === 0 ? [] : reviews.enqueue(pending);
}
