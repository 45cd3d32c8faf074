import { describe, expect, it } from 'vitest';
import { judgeGroundedness } from './judge.js';
import { buildGroundednessPrompt } from './judge-prompt.js';
import { scoreGroundednessLexical } from './lexical.js';
import { parseJudgeReply } from './parse-judge-reply.js';
import { splitSentences } from '../text/sentences.js';

const CONTEXT = [
  'Refunds go back to the original payment method within 5 business days after the parcel reaches our warehouse in Leeds.',
  'Gift cards and opened tins of wax are not refundable.',
];

describe('lexical groundedness', () => {
  it('supports sentences whose content words (stemmed) are in the context', () => {
    const result = scoreGroundednessLexical('Refunds are paid to the original payment method within 5 business days. Gift cards are not refundable.', CONTEXT);
    expect(result.pass).toBe(true);
    expect(result.score).toBe(1);
    expect(result.sentences.map((s) => s.supported)).toEqual([true, true]);
  });

  it('fails a sentence with an invented fact or a number the context does not have, and says which words', () => {
    const result = scoreGroundednessLexical('Refunds take 5 business days. Refunds take 14 business days. Customers in Paris receive a free umbrella voucher.', CONTEXT);
    expect(result.sentences.map((s) => s.supported)).toEqual([true, false, false]);
    expect(result.sentences[1]?.reason).toMatch(/numbers not in the context: 14/);
    expect(result.sentences[2]?.reason).toMatch(/paris.*umbrella.*voucher/);
    expect(result.pass).toBe(false);
    expect(result.score).toBeCloseTo(1 / 3, 12);
    expect(result.reason).toMatch(/^2 of 3 sentences unsupported \(lexical\)/);
  });

  it('keeps sentence offsets into the answer and leaves content-free sentences unjudged', () => {
    const answer = 'Here it is. Refunds take 5 business days.';
    const result = scoreGroundednessLexical(answer, CONTEXT);
    expect(result.sentences.map((s) => answer.slice(s.start, s.end))).toEqual(['Here it is.', 'Refunds take 5 business days.']);
    expect(result.sentences[0]).toMatchObject({ supported: null, score: null });
    expect(result.pass).toBe(true);
    expect(scoreGroundednessLexical('', CONTEXT)).toMatchObject({ pass: true, reason: 'empty answer' });
    expect(scoreGroundednessLexical('Refunds take 5 days.', []).pass).toBe(false);
  });
});

describe('answers that say the sources do not hold the answer', () => {
  it('are not failed for words the context lacks: they state no fact (the judge prompt already says so)', () => {
    for (const answer of [
      'The sources do not say.',
      "The provided context doesn't mention a lifetime guarantee on compasses.",
      'I could not find support for an answer in the knowledge base.',
      "I don't know.",
      "I'm not sure.",
      'A lifetime guarantee is not mentioned in the documents.',
      'There is no information about Zurich in the sources.',
    ]) {
      const result = scoreGroundednessLexical(answer, CONTEXT);
      expect([answer, result.pass, result.sentences[0]?.supported]).toEqual([answer, true, null]);
      expect(result.sentences[0]?.reason).toBe('says the sources do not hold the answer: no fact to check');
    }
  });

  it('still checks a claim made beside one, and a sentence that only sounds alike', () => {
    const smuggled = scoreGroundednessLexical('The sources do not say, but every compass carries a lifetime guarantee from Zurich.', CONTEXT);
    expect(smuggled.pass).toBe(false);
    expect(scoreGroundednessLexical('The sources do not mention it; refunds take 14 days.', CONTEXT).pass).toBe(false);
    expect(scoreGroundednessLexical('Our couriers do not say which day they come to Paris.', CONTEXT).pass).toBe(false);
    const mixed = scoreGroundednessLexical('Refunds take 5 business days. The sources do not say whether shipping is refunded.', CONTEXT);
    expect(mixed.sentences.map((s) => s.supported)).toEqual([true, null]);
    expect(mixed.pass).toBe(true);
  });
});

describe('judge groundedness', () => {
  it('builds a prompt with numbered passages and sentences, and bounds the context', () => {
    const prompt = buildGroundednessPrompt(splitSentences('A is true. B is false.'), ['alpha '.repeat(100), 'beta'], 300);
    expect(prompt).toContain('[C1]');
    expect(prompt).toContain('S1: A is true.\nS2: B is false.');
    expect(prompt).toContain('(1 more passages left out for length)');
    expect(prompt.length).toBeLessThan(2000);
  });

  it('parses fenced JSON, bare arrays, yes/no values and plain lines', () => {
    expect([...parseJudgeReply('Here you go:\n```json\n{"sentences":[{"id":1,"supported":true},{"id":2,"supported":"no","reason":"not stated"}]}\n```')]).toEqual([
      [1, { supported: true, reason: '' }],
      [2, { supported: false, reason: 'not stated' }],
    ]);
    expect(parseJudgeReply('[{"sentence":"S2","verdict":"unsupported"},{"sentence":"S1","verdict":"supported"}]').get(2)?.supported).toBe(false);
    expect(parseJudgeReply('{"results": [{"supported": 1}, {"supported": 0}]}').get(2)?.supported).toBe(false);
    const lines = parseJudgeReply('S1: supported\nS2 - NOT SUPPORTED: the passages do not say this');
    expect(lines.get(1)?.supported).toBe(true);
    expect(lines.get(2)).toEqual({ supported: false, reason: 'the passages do not say this' });
    expect(parseJudgeReply('I cannot decide {not json} [really]').size).toBe(0);
  });

  it('scores each sentence from the judge and reports sentences it skipped as not checked', async () => {
    const prompts: string[] = [];
    const judge = async (prompt: string) => {
      prompts.push(prompt);
      return '{"sentences":[{"id":1,"supported":true},{"id":2,"supported":false,"reason":"no such offer"}]}';
    };
    const result = await judgeGroundedness('Refunds take 5 days. You get a voucher. Thanks for asking about it.', CONTEXT, { judge });
    expect(prompts[0]).toContain('Gift cards and opened tins');
    expect(result.sentences.map((s) => s.supported)).toEqual([true, false, null]);
    expect(result.sentences[2]?.reason).toBe('the judge gave no verdict');
    expect(result).toMatchObject({ pass: false, score: 0.5 });
    expect(result.reason).toMatch(/1 of 2 sentences unsupported \(judge\).*no such offer.*1 not checked/);
  });

  it('fails closed on an unreadable reply and names a failing judge', async () => {
    // Its reason (a trace decision, kept in metadata-only stores too) describes the reply, never quotes it.
    expect(await judgeGroundedness('Refunds take 5 days.', CONTEXT, { judge: async () => 'hmm, hard to say' })).toMatchObject({
      pass: false,
      score: 0,
      reason: 'could not read a verdict from the judge\'s reply: expected {"sentences": [{"id": 1, "supported": true, …}]} (16 characters: no sentence verdict in it)',
    });
    await expect(judgeGroundedness('Refunds take 5 days.', CONTEXT, { judge: async () => Promise.reject(new Error('429 from gateway')) })).rejects.toThrow(/groundedness judge failed: 429 from gateway/);
  });
});
