import { describe, expect, it } from 'vitest';
import { feedbackItem, QUEUE_PRIORITY } from './queue-rules.js';
import type { Feedback } from './types.js';

const feedback = (over: Partial<Feedback>): Feedback => ({ id: 'fb_1', traceId: 'tr_1', keyName: null, score: null, thumbs: null, comment: null, corrected: null, createdAt: 1, ...over });

describe('feedbackItem', () => {
  it('queues negative feedback: a thumbs-down or a score of 1 or 2', () => {
    expect(feedbackItem(feedback({ thumbs: 'down' }))).toEqual({ traceId: 'tr_1', source: 'feedback', reason: 'thumbs down', origin: null });
    expect(feedbackItem(feedback({ score: 1 }))?.reason).toBe('user score 1/5');
    expect(feedbackItem(feedback({ score: 2 }))?.reason).toBe('user score 2/5');
  });

  it('queues nothing for a thumbs-up, a score of 3 or more, or feedback with neither', () => {
    expect(feedbackItem(feedback({ thumbs: 'up' }))).toBeUndefined();
    for (const score of [3, 4, 5]) expect(feedbackItem(feedback({ score }))).toBeUndefined();
    expect(feedbackItem(feedback({ comment: 'meh' }))).toBeUndefined();
  });

  it('names the key and quotes the comment, cut at 120 characters', () => {
    expect(feedbackItem(feedback({ thumbs: 'down', keyName: 'web', comment: 'wrong plan' }))?.reason).toBe('thumbs down via key "web": "wrong plan"');
    expect(feedbackItem(feedback({ thumbs: 'down', comment: 'x'.repeat(200) }))?.reason).toBe(`thumbs down: "${'x'.repeat(120)}"`);
  });
});

describe('QUEUE_PRIORITY', () => {
  it('puts flags and thumbs-down first, eval cases, dataset and manual items next, samples last', () => {
    expect(QUEUE_PRIORITY).toEqual({ flag: 0, feedback: 0, eval: 1, dataset: 1, manual: 1, sample: 2 });
  });
});
