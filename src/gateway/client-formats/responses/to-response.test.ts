import { describe, expect, it } from 'vitest';
import type { ChatCompletion } from '../../../core/openai-wire.js';
import { pinnedIds } from './__fixtures__/replay.js';
import { toResponse } from './to-response.js';

function completion(message: ChatCompletion['choices'][number]['message'], finish: ChatCompletion['choices'][number]['finish_reason'] = 'stop'): ChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_760_000_000,
    model: 'claude-sonnet-4-5',
    choices: [{ index: 0, message, finish_reason: finish }],
    usage: { prompt_tokens: 90, completion_tokens: 30, total_tokens: 120, prompt_tokens_details: { cached_tokens: 64 }, completion_tokens_details: { reasoning_tokens: 12 } },
  };
}

describe('a chat completion as a Response', () => {
  it('puts text and each tool call in output items, with call ids and Responses usage', () => {
    const response = toResponse(
      completion(
        {
          role: 'assistant',
          content: 'Checking that.',
          tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'lookup', arguments: '{"id":7}' } }],
          reasoning_content: 'They want order 7.',
        },
        'tool_calls',
      ),
      { model: 'claude', input: 'Where is order 7?', instructions: 'Be brief.', previous_response_id: 'resp_0', tools: [{ type: 'function', name: 'lookup' }] },
      pinnedIds(),
    );
    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'claude-sonnet-4-5',
      created_at: 1_760_000_000,
      instructions: 'Be brief.',
      previous_response_id: 'resp_0',
      tools: [{ type: 'function', name: 'lookup' }],
      incomplete_details: null,
      error: null,
    });
    expect(response.output).toEqual([
      { id: 'rs_1_0', type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'They want order 7.' }] },
      { id: 'msg_1_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Checking that.', annotations: [], logprobs: [] }] },
      { id: 'fc_1_2', type: 'function_call', status: 'completed', call_id: 'call_9', name: 'lookup', arguments: '{"id":7}' },
    ]);
    // Items are named after the response, so a later item_reference finds it (item-ids.ts).
    expect(response.id).toBe('resp_1');
    expect(response.usage).toEqual({ input_tokens: 90, input_tokens_details: { cached_tokens: 64, cache_write_tokens: 0 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 12 }, total_tokens: 120 });
  });

  it("returns the provider's thinking as the reasoning summary when the client asked for one, and echoes the setting", () => {
    const asked = toResponse(completion({ role: 'assistant', content: 'Order 7 ships today.', reasoning_content: 'They want order 7.' }), { model: 'claude', input: 'x', reasoning: { effort: 'low', summary: 'auto' } }, pinnedIds());
    expect(asked.output[0]).toEqual({ id: 'rs_1_0', type: 'reasoning', summary: [{ type: 'summary_text', text: 'They want order 7.' }] });
    expect(asked.reasoning).toEqual({ effort: 'low', summary: 'auto' });
    // `generate_summary` is the field's deprecated name; OpenAI still reads it.
    const older = toResponse(completion({ role: 'assistant', content: 'x', reasoning_content: 'Hmm.' }), { model: 'claude', input: 'x', reasoning: { generate_summary: 'concise' } }, pinnedIds());
    expect(older.output[0]).toMatchObject({ summary: [{ type: 'summary_text', text: 'Hmm.' }] });
    const unasked = toResponse(completion({ role: 'assistant', content: 'x', reasoning_content: 'Hmm.' }), { model: 'claude', input: 'x', reasoning: { effort: 'low' } }, pinnedIds());
    expect(unasked.reasoning).toEqual({ effort: 'low', summary: null });
  });

  it('leaves out an empty message when the answer is only tool calls', () => {
    const response = toResponse(completion({ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }, 'tool_calls'), { model: 'm' }, pinnedIds());
    expect(response.output.map((item) => item.type)).toEqual(['function_call']);
  });

  it('marks a length stop and a content filter as incomplete, with the reason', () => {
    const cut = toResponse(completion({ role: 'assistant', content: 'Once upon a' }, 'length'), { model: 'm' }, pinnedIds());
    expect(cut).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, completed_at: null });
    expect(cut.output[0]).toMatchObject({ status: 'incomplete' });
    expect(toResponse(completion({ role: 'assistant', content: '' }, 'content_filter'), { model: 'm' }, pinnedIds()).incomplete_details).toEqual({ reason: 'content_filter' });
  });

  it('gives the output text the token log probabilities of the chat choice', () => {
    const answer = completion({ role: 'assistant', content: 'Hi' });
    const choice = answer.choices[0] as (typeof answer.choices)[number];
    choice.logprobs = { content: [{ token: 'Hi', logprob: -0.3, bytes: null, top_logprobs: [{ token: 'Hi', logprob: -0.3, bytes: [72, 105] }] }] };
    const response = toResponse(answer, { model: 'm', include: ['message.output_text.logprobs'] }, pinnedIds());
    // bytes: null in chat is an empty list in the Responses shape.
    expect(response.output[0]).toMatchObject({ content: [{ type: 'output_text', logprobs: [{ token: 'Hi', logprob: -0.3, bytes: [], top_logprobs: [{ token: 'Hi', logprob: -0.3, bytes: [72, 105] }] }] }] });
  });

  it('keeps a refusal as a refusal part', () => {
    const response = toResponse(completion({ role: 'assistant', content: null, refusal: 'I cannot help with that.' }), { model: 'm' }, pinnedIds());
    expect(response.output[0]).toMatchObject({ type: 'message', content: [{ type: 'refusal', refusal: 'I cannot help with that.' }] });
  });

  describe('with a web search between two texts', () => {
    const searched = completion({
      role: 'assistant',
      content: 'Let me search. Node 24 is LTS.',
      annotations: [{ type: 'url_citation', url_citation: { url: 'https://nodejs.org/', title: 'Node.js', start_index: 15, end_index: 30 } }],
      web_search_calls: [{ id: 'srvtoolu_1', query: 'node lts', at: 15 }],
    });
    const search = { type: 'web_search' as const };

    it('keeps each text a message in its place around the search, the citation indexing its own message', () => {
      const response = toResponse(searched, { model: 'claude', input: 'Latest Node LTS?', tools: [search] }, pinnedIds());
      expect(response.output.map((item) => item.type)).toEqual(['message', 'web_search_call', 'message']);
      expect(response.output[0]).toMatchObject({ content: [{ type: 'output_text', text: 'Let me search. ', annotations: [] }] });
      expect(response.output[2]).toMatchObject({ content: [{ type: 'output_text', text: 'Node 24 is LTS.', annotations: [{ url: 'https://nodejs.org/', start_index: 0, end_index: 15 }] }] });
    });

    it('leaves the words said before searching out of a JSON answer, whose every output_text is the JSON', () => {
      const json = completion({ ...searched.choices[0]!.message, content: 'Let me search. {"v":"24"}', annotations: [] });
      const response = toResponse(json, { model: 'claude', input: 'Latest Node LTS?', tools: [search], text: { format: { type: 'json_object' } } }, pinnedIds());
      expect(response.output.map((item) => item.type)).toEqual(['web_search_call', 'message']);
      expect(response.output[1]).toMatchObject({ content: [{ type: 'output_text', text: '{"v":"24"}' }] });
    });

    it('puts a search with no place (Gemini grounding) before the whole text', () => {
      const grounded = completion({ role: 'assistant', content: 'Node 24.', web_search_calls: [{ id: 'g1', query: 'node lts' }] });
      const response = toResponse(grounded, { model: 'gemini', input: 'Latest Node LTS?', tools: [search] }, pinnedIds());
      expect(response.output.map((item) => item.type)).toEqual(['web_search_call', 'message']);
      expect(response.output[1]).toMatchObject({ content: [{ text: 'Node 24.' }] });
    });
  });
});
