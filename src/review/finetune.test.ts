import { describe, expect, it } from 'vitest';
import { finetuneExample, whyNoExample } from './finetune.js';
import type { Review } from './types.js';

const review = (fields: Partial<Review>): Review => ({ id: 'rv', itemId: 'ri', traceId: 'tr', reviewer: 'ana', score: null, pass: null, corrected: null, comment: null, createdAt: 1, ...fields });
const request = { model: 'gpt-4o', messages: [{ role: 'system', content: 'Classify.' }, { role: 'user', content: [{ type: 'text', text: 'I want my money back' }] }] };
const response = { choices: [{ index: 0, message: { role: 'assistant', content: 'billing' }, finish_reason: 'stop' }] };
const policy = { minScore: 4 };

describe('fine-tuning export', () => {
  it('keeps approved answers and uses the newest correction', () => {
    expect(finetuneExample({ traceId: 'tr', itemId: 'ri', request, response, reviews: [review({ score: 5 }), review({ score: 4, reviewer: 'bo' })] }, policy)).toEqual({
      messages: [
        { role: 'system', content: 'Classify.' },
        { role: 'user', content: 'I want my money back' },
        { role: 'assistant', content: 'billing' },
      ],
    });
    const corrected = finetuneExample({ traceId: 'tr', itemId: 'ri', request, response, reviews: [review({ score: 2, corrected: 'refund', createdAt: 1 }), review({ corrected: 'refunds', createdAt: 2 })] }, policy);
    expect(corrected?.messages.at(-1)).toEqual({ role: 'assistant', content: 'refunds' });
  });

  it('drops rejected or unusable traces', () => {
    expect(finetuneExample({ traceId: 'tr', itemId: 'ri', request, response, reviews: [review({ score: 3 })] }, policy)).toBeNull();
    expect(finetuneExample({ traceId: 'tr', itemId: 'ri', request, response, reviews: [review({ score: 5 }), review({ pass: false })] }, policy)).toBeNull();
    expect(finetuneExample({ traceId: 'tr', itemId: 'ri', request: null, response, reviews: [review({ score: 5 })] }, policy)).toBeNull();
  });

  it('reads a dataset item that never was a trace (its text input and answer), and says why one gave none', () => {
    const synthetic = { traceId: null, itemId: 'ri', request: 'Who refunds a cancelled purchase?', response: 'The merchant.' };
    expect(finetuneExample({ ...synthetic, reviews: [review({ score: 5 })] }, policy)?.messages).toEqual([{ role: 'user', content: 'Who refunds a cancelled purchase?' }, { role: 'assistant', content: 'The merchant.' }]);
    expect(finetuneExample({ ...synthetic, reviews: [review({ score: 2 })] }, policy)).toBeNull();
    expect(whyNoExample({ ...synthetic, reviews: [review({ score: 2 })] }, policy)).toBe('rejected');
    // An object input has no one user turn; a trace's request as a string is no chat request.
    expect(finetuneExample({ ...synthetic, request: { question: 'Hi?' }, reviews: [review({ score: 5 })] }, policy)).toBeNull();
    expect(whyNoExample({ ...synthetic, request: { question: 'Hi?' }, reviews: [review({ score: 5 })] }, policy)).toBe('unusable');
    expect(finetuneExample({ ...synthetic, traceId: 'tr', reviews: [review({ score: 5 })] }, policy)).toBeNull();
  });

  it('reads Anthropic-format traces', () => {
    const example = finetuneExample(
      { traceId: 'tr', itemId: 'ri', request: { system: 'Be brief.', messages: [{ role: 'user', content: 'hi' }] }, response: { content: [{ type: 'text', text: 'hello' }] }, reviews: [review({ pass: true })] },
      policy,
    );
    expect(example?.messages).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }]);
  });
});
