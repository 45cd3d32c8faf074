import { describe, expect, it } from 'vitest';
import { validateChatBody } from './validate-chat-body.js';

describe('validateChatBody', () => {
  it('accepts what routing needs and leaves the rest to the provider', () => {
    expect(() => validateChatBody('openai', { model: 'm', messages: [{ role: 'user', content: 'hi' }], frobnicate: 1 })).not.toThrow();
    expect(() => validateChatBody('anthropic', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })).not.toThrow();
  });

  it('names the field, the value and what was expected', () => {
    expect(() => validateChatBody('openai', { messages: [] })).toThrow('"model" is required: a configured model name (a string), got nothing');
    expect(() => validateChatBody('openai', { model: 'm', messages: 'hi' })).toThrow('"messages" is required: an array of messages, got string');
    expect(() => validateChatBody('openai', { model: 'm', messages: [] })).toThrow('"messages" must contain at least one message');
    expect(() => validateChatBody('anthropic', { model: 'm', max_tokens: 5, messages: [{ role: 'system', content: 'x' }] })).toThrow(
      'messages[0].role must be one of user, assistant, got "system"',
    );
    expect(() => validateChatBody('anthropic', { model: 'm', messages: [] })).toThrow('"max_tokens" is required: a positive integer, got nothing');
    expect(() => validateChatBody('openai', { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: 'yes' })).toThrow('"stream" must be a boolean, got "yes"');
  });
});

describe('typed fields', () => {
  it('refuses mistyped sampling fields at the gateway, naming the field', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
    expect(() => validateChatBody('openai', { ...base, temperature: 'hot' })).toThrow('temperature: expected number, got "hot"');
    expect(() => validateChatBody('openai', { ...base, messages: [{ role: 'user', content: 5 }] })).toThrow(/messages\[0\]\.content/);
    expect(() => validateChatBody('anthropic', { ...base, max_tokens: 5, messages: [{ role: 'user', content: [{ text: 'no type' }] }] })).toThrow(/messages\[0\]\.content\[0\]\.type/);
    expect(() => validateChatBody('anthropic', { ...base, max_tokens: 5, tool_choice: { type: 'sometimes' } })).toThrow(/tool_choice\.type/);
  });

  it('still passes unknown fields through', () => {
    expect(() => validateChatBody('openai', { model: 'm', messages: [{ role: 'user', content: 'x' }], reasoning_effort: 'low', some_future_field: { a: 1 } })).not.toThrow();
  });
});
