import { describe, expect, it } from 'vitest';
import { createVault } from '../../guardrails/redaction/index.js';
import { redactKnownValues, restoreDeep } from './restore-json.js';

describe('redactKnownValues', () => {
  it('replaces each value as it appears inside JSON strings, longest first', () => {
    const body = JSON.stringify({ messages: [{ content: 'Ann "A" Lee <ann@x.io>, ann@x.io.uk and Ann' }] });
    const out = redactKnownValues(body, [
      ['Ann', '<PERSON>'],
      ['Ann "A" Lee', '<PERSON_1>'],
      ['ann@x.io', '<EMAIL_1>'],
      ['ann@x.io.uk', '<EMAIL_2>'],
    ]);
    expect(JSON.parse(out).messages[0].content).toBe('<PERSON_1> <<EMAIL_1>>, <EMAIL_2> and <PERSON>');
  });

  it('gives the same text for a few values (searched one by one) as for many (one walk)', () => {
    const body = JSON.stringify({ messages: [{ content: 'Ann Lee, Ann, ann@x.io; Ann Lee-Smith wrote to ann@x.io.uk and Ann Lee' }] });
    const pairs: [string, string][] = [
      ['Ann', '<PERSON_2>'],
      ['Ann Lee', '<PERSON_1>'],
      ['Ann Lee-Smith', '<PERSON_3>'],
      ['ann@x.io', '<EMAIL_1>'],
      ['ann@x.io.uk', '<EMAIL_2>'],
      ['Lee', '<PERSON_4>'],
    ];
    const absent = Array.from({ length: 40 }, (_, i) => [`absent-${i}@nowhere.example`, `<EMAIL_${i + 3}>`] as [string, string]);
    const few = redactKnownValues(body, pairs);
    expect(few).toBe(redactKnownValues(body, [...pairs, ...absent]));
    expect(JSON.parse(few).messages[0].content).toBe('<PERSON_1>, <PERSON_2>, <EMAIL_1>; <PERSON_3> wrote to <EMAIL_2> and <PERSON_1>');
  });

  it('handles thousands of values in a large body in one pass', () => {
    const values = Array.from({ length: 5000 }, (_, i) => `user${i}@example.com`);
    const body = JSON.stringify({ content: values.join(' ').repeat(4) });
    const out = redactKnownValues(body, values.map((v, i) => [v, `<EMAIL_${i + 1}>`]));
    expect(out).not.toContain('@example.com');
    expect(out).toContain('<EMAIL_5000>');
  });
});

describe('restoreDeep', () => {
  it('restores strings everywhere and JSON-escapes inside tool-call arguments', () => {
    const vault = createVault();
    vault.placeholderFor('PERSON', 'Jo "J" O\\Neil');
    const answer = { content: [{ type: 'text', text: 'Hi <PERSON_1>' }, { type: 'tool_use', input: { to: '<PERSON_1>' } }], tool_calls: [{ function: { arguments: '{"to":"<PERSON_1>"}' } }] };
    const restored = restoreDeep(answer, vault) as typeof answer;
    expect(restored.content[0]).toEqual({ type: 'text', text: 'Hi Jo "J" O\\Neil' });
    expect(restored.content[1]).toEqual({ type: 'tool_use', input: { to: 'Jo "J" O\\Neil' } });
    expect(JSON.parse(restored.tool_calls[0]?.function.arguments ?? '')).toEqual({ to: 'Jo "J" O\\Neil' });
  });

  it('keeps a key named __proto__ as a key (an argument a client\'s tool schema may name)', () => {
    const vault = createVault();
    vault.placeholderFor('PERSON', 'Ann Lee');
    const answer = JSON.parse('{"content":[{"type":"tool_use","input":{"__proto__":"<PERSON_1>","to":"x"}}]}') as unknown;
    expect(JSON.stringify(restoreDeep(answer, vault))).toBe('{"content":[{"type":"tool_use","input":{"__proto__":"Ann Lee","to":"x"}}]}');
  });
});
