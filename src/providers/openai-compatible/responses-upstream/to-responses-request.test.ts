import { describe, expect, it } from 'vitest';
import type { DecisionSink } from '../../spec.js';
import { toResponsesRequest } from './to-responses-request.js';

function sink(): DecisionSink & { decisions: Record<string, unknown> } {
  const decisions: Record<string, unknown> = {};
  return { decisions, decide: (stage, decision) => void (decisions[stage] = decision) };
}

describe('toResponsesRequest', () => {
  it('turns messages into input items in order, a tool call and its result as function items', () => {
    const request = toResponsesRequest(
      {
        model: 'gpt-5.1-codex',
        messages: [
          { role: 'developer', content: 'Be terse.' },
          { role: 'user', content: [{ type: 'text', text: 'What is in ' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA', detail: 'low' } }] },
          { role: 'assistant', content: 'Let me look.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'look', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'a ' }, { type: 'text', text: 'cat' }] },
          { role: 'user', content: [{ type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBE' } }] },
        ],
      },
    );
    expect(request.input).toEqual([
      { role: 'developer', content: 'Be terse.' },
      { role: 'user', content: [{ type: 'input_text', text: 'What is in ' }, { type: 'input_image', image_url: 'data:image/png;base64,AA', detail: 'low' }] },
      { role: 'assistant', content: 'Let me look.' },
      { type: 'function_call', call_id: 'call_1', name: 'look', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'a cat' },
      { role: 'user', content: [{ type: 'input_file', file_data: 'data:application/pdf;base64,JVBE', filename: 'a.pdf' }] },
    ]);
    expect(request.store).toBe(false);
  });

  it('flattens tools and a named choice, maps the cap, the effort, the format and keeps a client-set store', () => {
    const request = toResponsesRequest(
      {
        model: 'o3-pro',
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [{ type: 'function', function: { name: 'look', description: 'Look', parameters: { type: 'object', properties: {} }, strict: true } }, { type: 'function', function: { name: 'bare' } }],
        tool_choice: { type: 'function', function: { name: 'look' } },
        max_completion_tokens: 300,
        reasoning_effort: 'high',
        response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
        verbosity: 'low',
        store: true,
        metadata: { team: 'a' },
      },
      { summaries: true },
    );
    expect(request).toMatchObject({
      tools: [{ type: 'function', name: 'look', description: 'Look', parameters: { type: 'object', properties: {} }, strict: true }, { type: 'function', name: 'bare', parameters: { type: 'object', properties: {} }, strict: false }],
      tool_choice: { type: 'function', name: 'look' },
      max_output_tokens: 300,
      reasoning: { effort: 'high', summary: 'auto' },
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true }, verbosity: 'low' },
      store: true,
      metadata: { team: 'a' },
    });
  });

  it("makes the client's web search the Responses API's web_search tool, beside its function tools", () => {
    const decisions = sink();
    const request = toResponsesRequest(
      { model: 'o3-pro', messages: [{ role: 'user', content: 'News?' }], tools: [{ type: 'function', function: { name: 'look' } }] },
      { search: { search_context_size: 'low', user_location: { city: 'Paris', country: 'FR' }, allowed_domains: ['example.org'], blocked_domains: ['spam.example'], forced: true }, decisions },
    );
    expect(request.tools?.[1]).toEqual({ type: 'web_search', search_context_size: 'low', user_location: { type: 'approximate', city: 'Paris', country: 'FR' }, filters: { allowed_domains: ['example.org'] } });
    expect(request.tool_choice).toBeUndefined();
    expect(decisions.decisions.dropped_params).toEqual({ responses: ['web_search.blocked_domains', 'web_search.forced'] });
    // Forced and alone: the model must call a tool, and the search is the only one.
    expect(toResponsesRequest({ model: 'o3-pro', messages: [{ role: 'user', content: 'News?' }] }, { search: { forced: true } })).toMatchObject({ tools: [{ type: 'web_search' }], tool_choice: 'required' });
  });

  it('names on the trace the chat fields it leaves out', () => {
    const decisions = sink();
    toResponsesRequest({ model: 'o3-pro', messages: [{ role: 'user', content: 'Hi' }], seed: 4, logit_bias: { 1: 2 }, stream_options: { include_usage: true } }, { decisions });
    expect(decisions.decisions.dropped_params).toEqual({ responses: ['seed', 'logit_bias'] });
  });

  it('refuses audio input and n above 1, naming the field', () => {
    expect(() => toResponsesRequest({ model: 'o3-pro', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }] }] })).toThrow(/messages\[0\]\.content\[0\]: content of type "input_audio"/);
    expect(() => toResponsesRequest({ model: 'o3-pro', messages: [{ role: 'user', content: 'Hi' }], n: 3 })).toThrow(/n is 3/);
  });
});
