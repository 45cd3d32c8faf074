import { describe, expect, it } from 'vitest';
import { jsonSchemaCheck } from './json-output.js';

describe('jsonSchemaCheck', () => {
  const check = jsonSchemaCheck({
    schema: { type: 'object', properties: { intent: { type: 'string' }, confidence: { type: 'number' } }, required: ['intent'] },
  });

  it('passes valid output, fenced or not', () => {
    expect(check('{"intent":"refund","confidence":0.9}')).toEqual({ check: 'json-schema', action: 'pass', score: 0, reason: 'valid against the schema' });
    expect(check('```json\n{"intent":"refund"}\n```').action).toBe('pass');
  });

  it('blocks invalid output, saying what is wrong', () => {
    expect(check('{"confidence":"high"}')).toMatchObject({ action: 'block', score: 1, reason: expect.stringMatching(/schema violations: .*intent/) });
    expect(check('Sure! Here is the JSON you asked for')).toMatchObject({ action: 'block', reason: expect.stringMatching(/^not JSON/) });
  });

  it('never quotes the answer in its reason, which a block sends to the client', () => {
    // V8's message quotes a short answer whole: `Unexpected token 'S', "Sure, mail"... is not valid JSON`.
    for (const answer of ['Sure, mail bob@example.com', 'As for the text', '😀 hi', '{"intent": refund}']) {
      const { reason } = check(answer);
      expect(reason).toMatch(/^not JSON: an unexpected character where a JSON value should be/);
      expect(reason).not.toContain(answer.slice(0, 4));
    }
    // Messages that quote nothing keep their position.
    expect(check('{"intent":"refund",}').reason).toMatch(/^not JSON: .*at position 19/);
  });

  it('fails at config time on a bad schema or config', () => {
    expect(() => jsonSchemaCheck({ schema: { type: 'no-such-type' } })).toThrow(/json_schema\.schema: not a usable JSON schema/);
    expect(() => jsonSchemaCheck({ schema: {}, reask: true } as never)).toThrow(/json_schema: unknown field "reask"/);
    expect(() => jsonSchemaCheck({} as never)).toThrow(/json_schema\.schema: expected object/);
  });
});
