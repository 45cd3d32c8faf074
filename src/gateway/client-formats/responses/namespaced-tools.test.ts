import { describe, expect, it } from 'vitest';
import type { ChatCompletion } from '../../../core/openai-wire.js';
import type { ResponsesRequest } from '../../../core/responses-wire.js';
import { pinnedIds } from './__fixtures__/replay.js';
import { toChatRequest } from './to-chat-request.js';
import { toResponse } from './to-response.js';

const crm = {
  type: 'namespace',
  name: 'crm',
  description: 'Customer records.',
  tools: [
    { type: 'function', name: 'find', description: 'Find a customer.', parameters: { type: 'object' } },
    { type: 'function', name: 'delete', parameters: { type: 'object' } },
  ],
};

describe('Responses namespaces on a chat model', () => {
  it('offers each function under <namespace>__<name>, the namespace describing one that has no description', () => {
    const chat = toChatRequest({ model: 'm', input: 'Find Ada', tools: [crm, { type: 'function', name: 'plain' }] });
    expect(chat.tools).toEqual([
      { type: 'function', function: { name: 'crm__find', description: 'Find a customer.', parameters: { type: 'object' } } },
      { type: 'function', function: { name: 'crm__delete', description: 'Customer records.', parameters: { type: 'object' } } },
      { type: 'function', function: { name: 'plain' } },
    ]);
  });

  it('sends a namespaced call of the history, and a namespaced tool_choice, under the chat name', () => {
    const chat = toChatRequest({
      model: 'm',
      tools: [crm],
      tool_choice: { type: 'function', name: 'find', namespace: 'crm' } as unknown as ResponsesRequest['tool_choice'],
      input: [
        { type: 'message', role: 'user', content: 'Find Ada' },
        { type: 'function_call', call_id: 'call_1', name: 'find', namespace: 'crm', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'Ada Lovelace' },
      ] as ResponsesRequest['input'],
    });
    expect(chat.messages[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_1', function: { name: 'crm__find' } }] });
    expect(chat.tool_choice).toEqual({ type: 'function', function: { name: 'crm__find' } });
  });

  it('answers a call of a chat name with the name and namespace apart; other names stay as they are', () => {
    const completion: ChatCompletion = {
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'crm__find', arguments: '{}' } },
        { id: 'call_2', type: 'function', function: { name: 'plain__x', arguments: '{}' } },
      ] } }],
    };
    const response = toResponse(completion, { model: 'm', input: 'Find Ada', tools: [crm] }, pinnedIds());
    expect(response.output.map((item) => [(item as { name?: string }).name, (item as { namespace?: string }).namespace])).toEqual([
      ['find', 'crm'],
      ['plain__x', undefined],
    ]);
  });
});
