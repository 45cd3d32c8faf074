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
});
