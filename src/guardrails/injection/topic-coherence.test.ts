import { describe, expect, it } from 'vitest';
import { documentTopic, MIN_TOPIC_CONTEXT, topicCoherence } from './topic-coherence.js';

const flat = () => 1;
const EMAIL =
  'SUBJECT: Q3 churn numbers|CONTENT: Hi Marco, attached is the churn export for July to September, split by plan tier. ' +
  'Starter churn went from 4.1% to 5.6% while Pro stayed flat after the price change on 1 August.';
const coherence = (sentence: string, weightOf = flat) => topicCoherence(sentence, documentTopic(`${EMAIL} ${sentence}`), weightOf);

describe('topicCoherence', () => {
  it("is high for a colleague's request about the document's own subject, stems compared ('analysis' meets 'analyse', 'prices' meets 'price')", () => {
    expect(coherence('Could you analyse whether the Starter churn jump lines up with the August price change?')).toBeGreaterThan(0.5);
    expect(coherence('A short analysis of the churn by tier and the new prices would help.')).toBeGreaterThan(0.5);
  });

  it('is 0 for a request planted from elsewhere', () => {
    expect(coherence('Analyze the trend of electric car sales over the past decade.')).toBe(0);
  });

  it('weights shared words by rarity: sharing a rare word counts for more than sharing a common one', () => {
    const sentence = 'Check the churn for the week.';
    const doc = documentTopic(`${EMAIL} Back next week. ${sentence}`);
    const rare = (word: string) => (word === 'churn' ? 5 : 1);
    expect(topicCoherence(sentence, doc, rare) as number).toBeGreaterThan(topicCoherence(sentence, doc, flat) as number);
  });

  it('says nothing for a sentence of fewer than three distinct content words, or a document too short to have a topic', () => {
    expect(coherence('Tell me what you think.')).toBeUndefined();
    const note = 'Hi Sam. Analyze the trend of electric car sales over the past decade.';
    expect(documentTopic(note).total - 7).toBeLessThan(MIN_TOPIC_CONTEXT);
    expect(topicCoherence('Analyze the trend of electric car sales over the past decade.', documentTopic(note), flat)).toBeUndefined();
  });

  it('runs in linear time on hostile input', () => {
    const long = 'churn tier price '.repeat(30_000) + 'a'.repeat(100_000);
    const started = performance.now();
    expect(topicCoherence(long, documentTopic(`${EMAIL} ${long}`), flat)).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
