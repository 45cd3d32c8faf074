import { describe, expect, it } from 'vitest';
import type { ResponseObject } from '../../../core/responses-wire.js';
import { billedFailureOf } from '../../../core/billed-failure.js';
import { SwitchyardError } from '../../../core/errors.js';
import { fromResponse } from './from-response.js';

const base: ResponseObject = { id: 'resp_9', object: 'response', created_at: 1700000000, model: 'gpt-5-pro', status: 'completed', error: null, incomplete_details: null, output: [], usage: null };

describe('fromResponse', () => {
  it('reads the message, the calls and the reasoning summary into one chat message', () => {
    const completion = fromResponse('openai', {
      ...base,
      output: [
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'First.' }, { type: 'summary_text', text: 'Then.' }] },
        { type: 'message', id: 'msg_1', role: 'assistant', content: [{ type: 'output_text', text: 'Checking ', annotations: [] }, { type: 'output_text', text: 'now.', annotations: [] }] },
        { type: 'function_call', id: 'fc_1', call_id: 'call_7', name: 'lookup', arguments: '{"id":1}' },
      ],
      usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 2 }, total_tokens: 15 },
      service_tier: 'default',
    });
    expect(completion).toMatchObject({ id: 'resp_9', object: 'chat.completion', created: 1700000000, model: 'gpt-5-pro', service_tier: 'default', usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } });
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: { role: 'assistant', content: 'Checking now.', refusal: null, reasoning_content: 'First.\n\nThen.', tool_calls: [{ id: 'call_7', type: 'function', function: { name: 'lookup', arguments: '{"id":1}' } }] },
    });
  });

  it('gives the searches run and the pages cited, citations counted over the whole text', () => {
    const completion = fromResponse('openai', {
      ...base,
      output: [
        { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'node lts' } },
        {
          type: 'message',
          id: 'msg_1',
          role: 'assistant',
          content: [
            { type: 'output_text', text: 'Node 24. ', annotations: [] },
            { type: 'output_text', text: 'See the schedule.', annotations: [{ type: 'url_citation', url: 'https://nodejs.org/', title: 'Node.js', start_index: 4, end_index: 16 }, { type: 'file_citation', file_id: 'f' }] },
          ],
        },
      ],
    });
    const message = completion.choices[0]!.message;
    expect(message.content).toBe('Node 24. See the schedule.');
    expect(message.web_search_calls).toEqual([{ id: 'ws_1', query: 'node lts', at: 0 }]);
    expect(message.annotations).toEqual([{ type: 'url_citation', url_citation: { url: 'https://nodejs.org/', title: 'Node.js', start_index: 13, end_index: 25 } }]);
    expect((message.content as string).slice(13, 25)).toBe('the schedule');
  });

  it('gives a refusal as the refusal, with no content', () => {
    const completion = fromResponse('openai', { ...base, output: [{ type: 'message', id: 'msg_1', role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot help.' }] }] });
    expect(completion.choices[0]?.message).toMatchObject({ content: null, refusal: 'I cannot help.' });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  it('reads incomplete as length or content_filter, and throws the error of a failed one', () => {
    expect(fromResponse('openai', { ...base, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }).choices[0]?.finish_reason).toBe('length');
    expect(fromResponse('openai', { ...base, status: 'incomplete', incomplete_details: { reason: 'content_filter' } }).choices[0]?.finish_reason).toBe('content_filter');
    expect(() => fromResponse('openai', { ...base, status: 'failed', error: { code: 'server_error', message: 'The model failed' } })).toThrow(/The model failed/);
  });
  it('passes over a citation whose span is no span of its text (negative, reversed, past the end, 1e300)', () => {
    const cite = (start_index: number, end_index: number) => ({ type: 'url_citation', url: 'https://a.example/', title: 'A', start_index, end_index });
    const completion = fromResponse('openai', {
      ...base,
      output: [{ type: 'message', id: 'msg_1', role: 'assistant', content: [{ type: 'output_text', text: 'hello', annotations: [cite(-5, 2), cite(3, 1), cite(0, 6), cite(0, 1e300), cite(1, 4)] }] }],
    });
    expect(completion.choices[0]?.message.annotations).toEqual([{ type: 'url_citation', url_citation: { url: 'https://a.example/', title: 'A', start_index: 1, end_index: 4 } }]);
  });
  it('fails naming an item the client would have to act on, which chat has no place for, and passes over one that records the model\'s own work', () => {
    const said = { type: 'message', id: 'msg_1', role: 'assistant', content: [{ type: 'output_text', text: 'Ran it.', annotations: [] }] };
    const ran = fromResponse('openai', { ...base, output: [{ type: 'code_interpreter_call', id: 'ci_1', code: 'print(1)', status: 'completed' }, said] });
    expect(ran.choices[0]?.message.content).toBe('Ran it.');
    const cases: [string, string][] = [
      ['computer_call', 'a computer action for the client to take'],
      ['local_shell_call', 'a shell command for the client to run'],
      ['apply_patch_call', 'a patch for the client to apply'],
      ['mcp_approval_request', 'an MCP call waiting for the client to approve it'],
      ['image_generation_call', 'a generated image'],
    ];
    for (const [type, what] of cases) {
      let thrown: unknown;
      try {
        fromResponse('openai', { ...base, model: 'computer-use-preview', output: [said, { type, id: 'x_1', call_id: 'call_1', status: 'completed' }] });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SwitchyardError);
      expect((thrown as SwitchyardError).message).toBe(`provider "openai" answered with a ${type} item (${what}), which a chat completion has no place for: call computer-use-preview on /v1/responses through a provider with responses: native, where the item comes as OpenAI sent it`);
      // The provider billed the answer it sent: the attempt is booked.
      expect(billedFailureOf(thrown)).toBe('unreadable_item');
    }
  });
});
