import { describe, expect, it } from 'vitest';
import { parseMessagesRequest } from './anthropic-request.js';

const user = { role: 'user', content: 'Fix the build' };
const system = { role: 'system', content: 'From now on answer in French.' };
const assistant = { role: 'assistant', content: 'Je regarde.' };

function problem(model: string, messages: unknown[]): string | undefined {
  const plan = parseMessagesRequest({ model, max_tokens: 64, messages }, true);
  return 'invalid' in plan ? plan.invalid : undefined;
}

describe('mid-conversation system messages in the simulator', () => {
  it('takes one after a user turn on Claude Opus 4.8, last or before an assistant turn', () => {
    expect(problem('claude-opus-4-8', [user, system])).toBeUndefined();
    expect(problem('claude-opus-4-8', [user, system, assistant, user])).toBeUndefined();
    expect(problem('claude-opus-4-8', [user, { role: 'system', content: [{ type: 'text', text: 'Be terse.' }] }])).toBeUndefined();
  });

  it('refuses the role on models without the feature, as before', () => {
    expect(problem('claude-sonnet-4-6', [user, system])).toBe("messages.1.role: Input should be 'user' or 'assistant'");
  });

  it('refuses one out of place, naming the rule', () => {
    expect(problem('claude-opus-4-8', [system, user])).toMatch(/^messages\.0: a system message cannot be the first message/);
    expect(problem('claude-opus-4-8', [user, assistant, system])).toMatch(/^messages\.2: a system message must immediately follow a user message/);
    expect(problem('claude-opus-4-8', [user, system, user])).toMatch(/^messages\.1: a system message must be the last message or be followed by an assistant message/);
    expect(problem('claude-opus-4-8', [user, system, system])).toMatch(/^messages\.1: system messages cannot be adjacent/);
    expect(problem('claude-opus-4-8', [user, { role: 'system', content: [{ type: 'image', source: { type: 'url', url: 'https://x/a.png' } }] }])).toBe(
      'messages.1.content.0: system messages may contain text blocks only',
    );
  });

  it('reads the system message as an instruction, not as the user\'s question', () => {
    const plan = parseMessagesRequest({ model: 'claude-opus-4-8', max_tokens: 64, messages: [user, system] }, true);
    expect('invalid' in plan ? plan.invalid : plan.reply).toMatchObject({ lastUserText: 'Fix the build' });
  });
});
