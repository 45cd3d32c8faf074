import { describe, expect, it } from 'vitest';
import { meaningConflict, meaningFacts } from './semantic-guard.js';

const conflict = (asked: string, cached: string) => meaningConflict(meaningFacts(asked), meaningFacts(cached));

describe('semantic cache guard', () => {
  it('refuses a cached question negated where this one is not, in either direction, contractions included', () => {
    expect(conflict('Where can I receive my card?', 'I have not received my card')).toBe('the cached question is negated ("not"), this one is not');
    expect(conflict("My card hasn't arrived", 'My card has arrived')).toBe('this question is negated ("not"), the cached one is not');
    expect(conflict('I never made this payment', 'I made this payment')).toBe('this question is negated ("never"), the cached one is not');
    expect(conflict("I can't log in", 'I can log in')).toMatch(/negated/);
    expect(conflict('Can I pay without fees?', 'Can I pay with fees?')).toMatch(/negated \("without"\)/);
  });

  it('lets two negated or two plain questions through: it judges the flip, not the wording', () => {
    expect(conflict("My card hasn't arrived yet", 'my card has not arrived')).toBeUndefined();
    expect(conflict('I never got my card', "I didn't get my card")).toBeUndefined();
    expect(conflict('How do I reset my password?', 'how can I reset my password')).toBeUndefined();
  });

  it('refuses different numbers, reading one number in its several spellings as the same, and keeps the cached numbers (another caller\'s) off the reason', () => {
    expect(conflict('Can I withdraw 5000 euros?', 'Can I withdraw 500 euros?')).toBe('the numbers differ: 5000 here, others in the cached question');
    expect(conflict('I was charged once', 'I was charged twice')).toBe('the numbers differ: none here, others in the cached question');
    expect(conflict('I was charged twice', 'I was charged')).toBe('the numbers differ: 2× here, none in the cached question');
    expect(conflict('Can I have 2 cards?', 'Can I have two cards?')).toBeUndefined();
    expect(conflict('Send $1,000 today', 'send 1000.00 dollars today')).toBeUndefined();
    expect(conflict('card ending 4111111111111111', 'card ending 4111111111111112')).toMatch(/numbers differ/);
  });

  it('keeps at most 32 numbers per question, so an entry stays small whatever the text', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => String(i)).join(' ');
    expect(meaningFacts(many).numbers.split(' ')).toHaveLength(32);
  });
});
