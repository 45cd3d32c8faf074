import { describe, expect, it } from 'vitest';
import { meaningConflict, meaningFacts } from './semantic-guard.js';
import { DocumentFrequencies } from './term-weights.js';

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
    expect(conflict("My card hasn't arrived yet", 'my card has not arrived yet')).toBeUndefined();
    expect(conflict('I never received my card', "I didn't receive my card")).toBeUndefined();
    expect(conflict('How do I reset my password?', 'how can I reset my password')).toBeUndefined();
  });

  it('pays for the word check with misses where a hit was right: an added word in a short question, an irregular verb', () => {
    // One word in three is a third of the weight in an empty cache: "yet" turns this into a miss.
    expect(conflict("My card hasn't arrived yet", 'my card has not arrived')).toMatch(/"yet" here/);
    // The stemmer does not know that "got" is "get".
    expect(conflict('I never got my card', "I didn't get my card")).toMatch(/"got" here/);
  });

  it('refuses different numbers, reading one number in its several spellings as the same, and keeps the cached numbers (another caller\'s) off the reason', () => {
    expect(conflict('Can I withdraw 5000 euros?', 'Can I withdraw 500 euros?')).toBe('the numbers differ: 5000 here, others in the cached question');
    expect(conflict('I was charged once', 'I was charged twice')).toBe('the numbers differ: none here, others in the cached question');
    expect(conflict('I was charged twice', 'I was charged')).toBe('the numbers differ: 2× here, none in the cached question');
    expect(conflict('Can I have 2 cards?', 'Can I have two cards?')).toBeUndefined();
    expect(conflict('Send $1,000 today', 'send 1000.00 today')).toBeUndefined();
    expect(conflict('card ending 4111111111111111', 'card ending 4111111111111112')).toMatch(/numbers differ/);
  });

  it('reads a PII placeholder as its kind, not its ordinal as a number, and still refuses real numbers that differ beside one', () => {
    expect(conflict('Is <EMAIL_1> verified?', 'Is <EMAIL_2> verified?')).toBeUndefined();
    expect(conflict('Was <PERSON_3> charged?', 'Was <PERSON_1> charged?')).toBeUndefined();
    expect(meaningFacts('Send <CREDIT_CARD_2> a refund').numbers).toBe('');
    expect(meaningFacts('Send <CREDIT_CARD_2> a refund').words).toEqual(expect.arrayContaining(['credit', 'card']));
    expect(conflict('Refund 50 euros to <EMAIL_1>', 'Refund 500 euros to <EMAIL_1>')).toBe('the numbers differ: 50 here, others in the cached question');
    // Not a placeholder (lower case, no ordinal): its digits are numbers the question names.
    expect(conflict('Is <email_1> verified?', 'Is <email_2> verified?')).toMatch(/numbers differ/);
  });

  it('refuses a question that asks about another action or thing, and lets one through that differs in a filler word only', () => {
    expect(conflict('How do I activate my card?', 'How do I cancel my card?')).toBe(
      'the questions differ in what they ask about (67% of their words\' weight, over 25%): "activ" here, not in the cached question',
    );
    expect(conflict('Is my card lost?', 'Is my account lost?')).toMatch(/"card" here/);
    expect(conflict('How do I top up my card?', 'How do I withdraw from my card?')).toMatch(/"top", "up" here/);
    expect(conflict('How do I mute Teams?', 'How do I mute notifications in Teams?')).toMatch(/the cached question has words this one lacks/);
    expect(conflict('How do I mute notifications in Teams?', 'Please, how do I mute notifications in Teams?')).toBeUndefined();
    expect(conflict('How do I reset my password?', 'how can I reset my password')).toBeUndefined();
    expect(conflict('How do I install the VPN client on my laptop?', 'how do I install the VPN client on my laptop please')).toBeUndefined();
  });

  it("weighs each differing word by its rarity among the cache's entries: a word every cached question has barely counts", () => {
    const weights = new DocumentFrequencies();
    const cached = ['please reset my password', 'please change my password', 'please help me log in', 'please unlock my account', 'please close my account'];
    for (const text of cached) weights.add(meaningFacts(text).words);
    const asked = meaningFacts('reset my password');
    // Without weights, "please" is a third of the words: refused.
    expect(meaningConflict(asked, meaningFacts('please reset my password'))).toMatch(/33%/);
    // In this cache every entry says "please": differing in it alone is a rewording.
    expect(meaningConflict(asked, meaningFacts('please reset my password'), weights)).toBeUndefined();
    // "change" is in one entry: a different action, refused.
    expect(meaningConflict(asked, meaningFacts('please change my password'), weights)).toMatch(/"reset" here/);
  });

  it('names at most five of the words this question has and the cached one lacks, and never the cached words', () => {
    const reason = conflict('alpha bravo charlie delta echo foxtrot golf', 'zulu');
    expect(reason).toMatch(/"alpha", "bravo", "charli", "delta", "echo" and 2 more here/);
    expect(reason).not.toMatch(/zulu/);
  });

  it('keeps at most 32 numbers and 64 words per question, so an entry stays small whatever the text', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => String(i)).join(' ');
    expect(meaningFacts(many).numbers.split(' ')).toHaveLength(32);
    const words = Array.from({ length: 10_000 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}x`).join(' ');
    expect(meaningFacts(words).words).toHaveLength(64);
  });

  it('keeps a long word or number short, still told apart from another as long, and names it cut in the reason (a 100,000-digit number was kept and put on the trace whole)', () => {
    const digits = (d: string) => `${'1'.repeat(100_000)}${d}`;
    const [one, other] = [meaningFacts(`withdraw ${digits('1')}`), meaningFacts(`withdraw ${digits('2')}`)];
    expect(one.numbers.length).toBeLessThanOrEqual(48);
    expect(one.numbers).not.toBe(other.numbers);
    expect(meaningConflict(one, other)).toMatch(/^the numbers differ: 1{32}…[0-9a-f]{12} here, others in the cached question$/);
    expect(meaningConflict(one, meaningFacts(`withdraw ${digits('1')}`))).toBeUndefined();
    const word = (w: string) => `${'z'.repeat(100_000)}${w}`;
    const long = meaningFacts(`cancel ${word('a')} ${word('b')}`);
    expect(long.words.every((w) => w.length <= 48)).toBe(true);
    expect(new Set(long.words).size).toBe(3);
    expect(conflict(`cancel ${word('a')}`, 'cancel')).toMatch(/: "z{32}…[0-9a-f]{12}" here, not in the cached question$/);
  });
});
