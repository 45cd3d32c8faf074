import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors.js';
import { messageListNamed } from './message-list-name.js';

describe('messageListNamed', () => {
  it('names the list as a whole by the client’s field, in the message, the param and the vendor’s error', () => {
    const error = new SwitchyardError('invalid_request', "provider \"sim\" answered 400: Invalid 'messages': empty array.", {
      param: 'messages', vendorError: { format: 'openai', message: "Invalid 'messages': empty array.", type: 'invalid_request_error', param: 'messages', code: 'empty_array' },
    });
    const named = messageListNamed(error, 'input');
    expect([named.message, named.param, named.vendorError?.message, named.vendorError?.param]).toEqual([
      "provider \"sim\" answered 400: Invalid 'input': empty array.", 'input', "Invalid 'input': empty array.", 'input',
    ]);
  });

  it('leaves an error about one message, or about something else, as it is', () => {
    const one = new SwitchyardError('invalid_request', "messages with role 'tool' must answer a call", { param: 'messages.[3].role' });
    const other = new SwitchyardError('invalid_request', 'messages and tools disagree', { param: 'tools' });
    expect(messageListNamed(one, 'input')).toBe(one);
    expect(messageListNamed(other, 'input')).toBe(other);
  });

  it('keeps a length the target counted on the translated list, and says it is that list', () => {
    const text = "Invalid 'messages': array too long. Expected an array with maximum length 2048, but got an array with length 100002 instead.";
    const error = new SwitchyardError('invalid_request', `provider "sim" answered 400: ${text}`, {
      param: 'messages', vendorCode: 'array_above_max_length', vendorError: { format: 'openai', message: text, type: 'invalid_request_error', param: 'messages', code: 'array_above_max_length' },
    });
    const named = messageListNamed(error, 'contents');
    expect(named.message).toBe(`provider "sim" answered 400: ${text} (the messages its contents became for this model: each function call's response is a message of its own)`);
    expect(named.param).toBe('messages');
  });
});
