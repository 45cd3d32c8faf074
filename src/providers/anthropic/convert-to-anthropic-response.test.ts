import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors.js';
import type { ChatCompletion, ChatMessage } from '../../core/openai-wire.js';
import { fixture } from './__fixtures__/replay.js';
import { anthropicMessageId, toAnthropicResponse } from './convert-to-anthropic-response.js';

function completion(message: Partial<ChatMessage>, finish: ChatCompletion['choices'][number]['finish_reason'] = 'stop'): ChatCompletion {
  return {
    id: 'chatcmpl-AbC123',
    object: 'chat.completion',
    created: 1_741_570_283,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { content: null, ...message, role: 'assistant' }, finish_reason: finish }],
    usage: { prompt_tokens: 30, completion_tokens: 8, total_tokens: 38 },
  };
}

describe('toAnthropicResponse', () => {
  it('converts text plus parallel tool calls into text then tool_use blocks with parsed input', () => {
    expect(toAnthropicResponse(fixture('openai-completion-tool-calls.json'))).toEqual({
      id: 'msg_B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
      type: 'message',
      role: 'assistant',
      model: 'gpt-4o-2024-08-06',
      content: [
        { type: 'text', text: 'Let me check both cities.' },
        { type: 'tool_use', id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather', input: { city: 'Oslo' } },
        { type: 'tool_use', id: 'call_Xq3fT8kWmB2Lr9vZ1nPc6sYe', name: 'get_weather', input: { city: 'Paris' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      // The Message fields a translated answer has nothing for, null as Claude sends them.
      stop_details: null,
      container: null,
      diagnostics: null,
      // 1180 prompt tokens of which 1024 were cached; every field of Anthropic's Usage, as Claude sends it.
      usage: {
        input_tokens: 156,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 1024,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
        output_tokens: 54,
        // gpt-4o's reasoning_tokens: 0, as Claude reports an answer without thinking.
        output_tokens_details: null,
        server_tool_use: null,
        service_tier: 'standard',
        inference_geo: 'not_available',
        speed: null,
      },
    });
  });

  it.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_use'],
    ['content_filter', 'refusal'],
    ['function_call', 'tool_use'],
    [null, 'end_turn'],
  ] as const)('maps finish_reason %s to stop_reason %s', (finish, stop) => {
    expect(toAnthropicResponse(completion({ content: 'x' }, finish)).stop_reason).toBe(stop);
  });

  it('reports tool_use when a server says stop but returned tool calls', () => {
    const out = toAnthropicResponse(completion({ tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }] }, 'stop'));
    expect(out.stop_reason).toBe('tool_use');
    expect(out.content).toEqual([{ type: 'tool_use', id: 'call_1', name: 'f', input: {} }]);
  });

  it('gives an empty answer no blocks, and turns a refusal into text', () => {
    expect(toAnthropicResponse(completion({ content: '' })).content).toEqual([]);
    const refused = toAnthropicResponse(completion({ content: null, refusal: "I can't help with that." }, 'content_filter'));
    expect(refused.content).toEqual([{ type: 'text', text: "I can't help with that." }]);
    expect(refused.stop_reason).toBe('refusal');
    expect(refused.stop_details).toEqual({ type: 'refusal', category: null, explanation: null });
  });

  it('puts reasoning_content first as a thinking block', () => {
    const out = toAnthropicResponse(completion({ content: '42', reasoning_content: 'Six times seven.' }));
    expect(out.content).toEqual([
      { type: 'thinking', thinking: 'Six times seven.', signature: '' },
      { type: 'text', text: '42' },
    ]);
  });

  it('fails precisely when the upstream model wrote tool arguments that are not JSON', () => {
    let error: unknown;
    try {
      toAnthropicResponse(completion({ tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a": 1,' } }] }, 'tool_calls'));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SwitchyardError);
    expect((error as SwitchyardError).code).toBe('upstream_error');
    expect((error as SwitchyardError).message).toContain('choices[0].message.tool_calls[0].function.arguments');
  });

  it('derives msg_ ids from upstream ids', () => {
    expect(anthropicMessageId('chatcmpl-AbC123')).toBe('msg_AbC123');
    expect(anthropicMessageId('msg_01Xy')).toBe('msg_01Xy');
    expect(anthropicMessageId('cmpl-7f2e')).toBe('msg_cmpl-7f2e');
  });

  it('uses the client-facing model name when given, and zero usage when the upstream sent none', () => {
    const bare = { ...completion({ content: 'x' }), usage: undefined };
    const out = toAnthropicResponse(bare, { model: 'claude-compatible' });
    expect(out.model).toBe('claude-compatible');
    expect(out.usage).toMatchObject({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens_details: null, service_tier: 'standard' });
  });
});
