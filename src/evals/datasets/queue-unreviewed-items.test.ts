import { describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { queueUnreviewedItems } from './queue-unreviewed-items.js';

describe('queueUnreviewedItems', () => {
  it('queues only items nobody accepted yet, once each, with the answer to check', async () => {
    const { reviews } = openSqliteStores(':memory:');
    const items = [
      { id: 'q1', input: 'How long is the warranty?', expected: 'Two years.', metadata: { reviewed: false, source: 'warranty.md' } },
      { id: 'q2', input: 'Who pays shipping?', expected: 'We do.', metadata: { reviewed: true } },
      { id: 'q3', input: 'Opening hours?', expected: '9 to 5.' },
    ];
    const queued = await queueUnreviewedItems(reviews, 'docs-qa', items);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ source: 'dataset', datasetId: 'docs-qa', datasetItemId: 'q1', output: 'Two years.' });
    await queueUnreviewedItems(reviews, 'docs-qa', items);
    const open = await reviews.queue({ reviewer: 'ana', status: 'open', limit: 10 });
    expect(open.map((item) => item.datasetItemId)).toEqual(['q1']);
  });

  it('shows a generated item beside the passage it came from', async () => {
    const { reviews } = openSqliteStores(':memory:');
    const passage = 'International transfers cost 0.5% of the amount, at least 1 EUR.';
    const [queued] = await queueUnreviewedItems(reviews, 'fees-qa', [{ id: 'g1', input: 'What does a transfer abroad cost?', expected: '0.5%, at least 1 EUR.', metadata: { reviewed: false, source: 'fees.md', passage } }]);
    expect(queued).toMatchObject({ reason: 'synthetic item from fees.md: accept (score it) or correct the answer', input: { question: 'What does a transfer abroad cost?', source_document: 'fees.md', source_passage: passage }, output: '0.5%, at least 1 EUR.' });
  });
});
