import { describe, expect, it } from 'vitest';
import type { SwitchyardError } from '../../../core/errors.js';
import type { ResponsesRequest } from '../../../core/responses-wire.js';
import { fixture } from './__fixtures__/replay.js';
import { toChatRequest } from './to-chat-request.js';

function refusal(request: Omit<ResponsesRequest, 'model'>): SwitchyardError {
  try {
    toChatRequest({ model: 'm', ...request });
  } catch (error) {
    return error as SwitchyardError;
  }
  throw new Error('expected the request to be refused');
}

describe('a Responses request as a chat request', () => {
  it('translates an agent turn: instructions, parts, history with parallel calls and outputs, tools, format', () => {
    expect(toChatRequest(fixture('responses-request-agent.json'))).toEqual(fixture('chat-request-agent.json'));
  });

  it('asks for token log probabilities when include names them, with top_logprobs alternatives', () => {
    // The AI SDK's request for providerOptions.openai.logprobs: 2.
    const asked = toChatRequest({ model: 'm', input: 'hi', include: ['message.output_text.logprobs'], top_logprobs: 2 });
    expect(asked).toMatchObject({ logprobs: true, top_logprobs: 2 });
    // As on OpenAI, top_logprobs alone returns none.
    expect(toChatRequest({ model: 'm', input: 'hi', top_logprobs: 2 })).not.toHaveProperty('logprobs');
  });

  it('asks the provider to show its reasoning when the client asked for a reasoning summary', () => {
    expect(toChatRequest({ model: 'm', input: 'hi', reasoning: { effort: 'low', summary: 'detailed' } })).toMatchObject({ reasoning_effort: 'low', include_reasoning: true });
    expect(toChatRequest({ model: 'm', input: 'hi', reasoning: { effort: 'low' } })).not.toHaveProperty('include_reasoning');
  });

  it('makes a string input one user message, with nothing else added', () => {
    expect(toChatRequest({ model: 'small', input: 'Hi' })).toEqual({ model: 'small', messages: [{ role: 'user', content: 'Hi' }] });
  });

  it('opens an assistant turn for a function call that follows user input, and maps json_object and a named tool', () => {
    const chat = toChatRequest({
      model: 'm',
      input: [
        { role: 'user', content: 'Where is order 7?' },
        { type: 'function_call', call_id: 'c1', name: 'lookup', arguments: '{"id":7}' },
        { type: 'function_call_output', call_id: 'c1', output: 'shipped' },
      ],
      tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object' } }],
      tool_choice: { type: 'function', name: 'lookup' },
      text: { format: { type: 'json_object' } },
    });
    expect(chat.messages[1]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"id":7}' } }] });
    expect(chat.messages[2]).toEqual({ role: 'tool', tool_call_id: 'c1', content: 'shipped' });
    expect(chat.tool_choice).toEqual({ type: 'function', function: { name: 'lookup' } });
    expect(chat.response_format).toEqual({ type: 'json_object' });
  });

  it('refuses what only OpenAI itself can run, naming the field', () => {
    expect(refusal({ input: 'x', tools: [{ type: 'function', name: 'f' }, { type: 'file_search', vector_store_ids: ['vs_1'] }] })).toMatchObject({ code: 'unsupported', param: 'tools[1].type' });
    expect(refusal({ input: [{ type: 'item_reference', id: 'msg_1' }] })).toMatchObject({ param: 'input[0].type' });
    expect(refusal({ input: [{ type: 'computer_call_output', call_id: 'c', output: {} }] }).message).toContain('"computer_call_output"');
    expect(refusal({ input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }] })).toMatchObject({ param: 'input[0].content[0].file_id' });
    expect(refusal({ input: 'x', tool_choice: { type: 'file_search' } })).toMatchObject({ param: 'tool_choice' });
    expect(refusal({ prompt: { id: 'pmpt_1' } })).toMatchObject({ param: 'prompt' });
  });

  it('carries the web search tool, in any of its names, as the canonical web_search beside the function tools', () => {
    const tool = { type: 'web_search', search_context_size: 'high', filters: { allowed_domains: ['nodejs.org', ''] }, user_location: { type: 'approximate', city: 'Lyon', country: 'FR', region: null } };
    const chat = toChatRequest({ model: 'm', input: 'x', tools: [{ type: 'function', name: 'f' }, tool] });
    expect(chat.tools?.map((t) => t.function.name)).toEqual(['f']);
    expect(chat.web_search).toEqual({ search_context_size: 'high', allowed_domains: ['nodejs.org'], user_location: { city: 'Lyon', country: 'FR' } });
    for (const type of ['web_search_preview', 'web_search_2025_08_26', 'web_search_preview_2025_03_11']) expect(toChatRequest({ model: 'm', input: 'x', tools: [{ type }] })).toMatchObject({ web_search: {} });
    expect(toChatRequest({ model: 'm', input: 'x', tools: [{ type: 'function', name: 'f' }] })).not.toHaveProperty('web_search');
  });

  it('leaves out what a built-in tool did in an earlier turn: its answer carries what it found', () => {
    const chat = toChatRequest({
      model: 'm',
      input: [
        { role: 'user', content: 'News about trains?' },
        { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'trains' } },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Trains are faster this year.', annotations: [] }] },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('sends a file as a chat file part, and reads refusals in history as text', () => {
    const chat = toChatRequest({
      model: 'm',
      input: [
        { role: 'user', content: [{ type: 'input_file', filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot help with that.' }] },
      ],
    });
    expect(chat.messages[0]?.content).toEqual([{ type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } }]);
    expect(chat.messages[1]).toEqual({ role: 'assistant', content: 'I cannot help with that.' });
  });
});
