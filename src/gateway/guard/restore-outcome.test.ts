import { describe, expect, it } from 'vitest';
import { createVault } from '../../guardrails/redaction/index.js';
import type { JsonOutcome } from '../outcome.js';
import { restoreOutcome } from './restore-outcome.js';

const vault = createVault();
vault.placeholderFor('EMAIL', 'ann@example.com');
const answer = (content: string): JsonOutcome => ({
  kind: 'json',
  status: 200,
  headers: {},
  body: JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }),
});
const contentOf = (outcome: ReturnType<typeof restoreOutcome>) => (outcome.kind === 'json' ? JSON.parse(outcome.body).choices[0].message.content : undefined);

describe('restoreOutcome (whole answers)', () => {
  it('puts the original values back', () => {
    expect(contentOf(restoreOutcome(answer('Mail <EMAIL_1> today'), vault, 'openai'))).toBe('Mail ann@example.com today');
  });

  it('restores a "<" the provider escaped in its JSON', () => {
    const escaped = answer('Mail <EMAIL_1>');
    escaped.body = escaped.body.replace('<', '\\u003c');
    expect(contentOf(restoreOutcome(escaped, vault, 'openai'))).toBe('Mail ann@example.com');
  });

  it('passes an answer with no placeholder through as it came, unparsed', () => {
    const plain = answer('Nothing to restore here');
    plain.body = plain.body.replace('{', '{ ');
    expect(restoreOutcome(plain, vault, 'openai')).toBe(plain);
  });
});
