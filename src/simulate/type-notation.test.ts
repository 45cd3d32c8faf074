import { describe, expect, it } from 'vitest';
import { typeNotationAt } from './type-notation.js';

describe('typeNotationAt', () => {
  it("reads BAML's output format: comments, trailing comma, lists, literal unions, or null", () => {
    const text = '{\n  name: string,\n  email: string or null,\n  skills: string[],\n  // years of experience\n  years: int,\n  level: "junior" or "senior",\n  address: {\n    city: string | null,\n  },\n}';
    expect(typeNotationAt(text, 0)).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' },
        email: { type: 'string' },
        skills: { type: 'array', items: { type: 'string' } },
        years: { type: 'integer' },
        level: { type: 'string', enum: ['junior', 'senior'] },
        address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
      required: ['name', 'email', 'skills', 'years', 'level', 'address'],
    });
  });

  it("reads promptfoo's grader structure", () => {
    expect(typeNotationAt('{reason: string, pass: boolean, score: number}', 0)).toMatchObject({
      properties: { reason: { type: 'string' }, pass: { type: 'boolean' }, score: { type: 'number' } },
    });
  });

  it('is not JSON, prose in braces, or an object of literals alone', () => {
    expect(typeNotationAt('{"pass": true, "score": 1.0}', 0)).toBeUndefined();
    expect(typeNotationAt('{"category": "[LETTER]", "reason": "[DETAILED EXPLANATION]"}', 0)).toBeUndefined();
    expect(typeNotationAt('{ see the notes: they are long }', 0)).toBeUndefined();
    expect(typeNotationAt('{"steps": <list_of_strings>}', 0)).toBeUndefined();
    expect(typeNotationAt('{}', 0)).toBeUndefined();
    expect(typeNotationAt(`${'{a: '.repeat(50)}string${'}'.repeat(50)}`, 0)).toBeUndefined();
  });
});
