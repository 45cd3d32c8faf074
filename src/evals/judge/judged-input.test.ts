import { describe, expect, it } from 'vitest';
import { JsonText } from '../../core/json-text.js';
import { buildJudgeMessages, buildPairwiseMessages } from './judge-prompt.js';
import { judgedInput } from './judged-input.js';

const spec = { model: 'judge', rubric: 'Is it correct?', scale: [1, 5] as [number, number], passAt: 4, anchors: [{ input: 'Hi', output: 'Hello', score: 5 }] };

describe('judgedInput (the question a stored judge call judged)', () => {
  it('reads the question back from a judge call, with or without a reference answer', () => {
    expect(judgedInput({ messages: buildJudgeMessages(spec, { input: 'Where is my card?', output: 'Monday.' }) })).toBe('Where is my card?');
    expect(judgedInput({ messages: buildJudgeMessages(spec, { input: 'Two\n\nparagraphs', output: 'ok', expected: 'Cards > Delivery' }) })).toBe('Two\n\nparagraphs');
    // As a store reads a body back: the JSON text it arrived as.
    expect(judgedInput(new JsonText(JSON.stringify({ model: 'judge', messages: buildPairwiseMessages('Which helps more?', { input: 'Reset my PIN', first: 'A', second: 'B' }) })))).toBe('Reset my PIN');
  });

  it('keeps a question that quotes the prompt’s own section names whole', () => {
    const input = 'Explain this:\n\nAnswer to score:\nwhat does it mean?';
    expect(judgedInput({ messages: buildJudgeMessages(spec, { input, output: 'It is a heading.' }) })).toBe(input);
  });

  it('is undefined for anything that is not a judge call', () => {
    expect(judgedInput({ messages: [{ role: 'user', content: 'Question:\nhi\n\nAnswer to score:\nyo' }] })).toBeUndefined();
    expect(judgedInput({ messages: [{ role: 'system', content: 'You are helpful.' }, { role: 'user', content: 'Question:\nhi\n\nAnswer to score:\nyo' }] })).toBeUndefined();
    expect(judgedInput({ input: 'hi' })).toBeUndefined();
    expect(judgedInput(null)).toBeUndefined();
  });
});
