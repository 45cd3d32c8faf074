import { describe, expect, it } from 'vitest';
import type { AnthropicContentBlock, AnthropicMessageResponse } from '../../core/anthropic-wire.js';
import { fixture } from './__fixtures__/replay.js';
import { fromAnthropicResponse } from './convert-from-anthropic-response.js';

const CREATED = 1_741_570_283;

function message(content: AnthropicContentBlock[], extra: Partial<AnthropicMessageResponse> = {}): AnthropicMessageResponse {
  return {
    id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
    type: 'message',
    role: 'assistant',
    model: 'claude-haiku-4-5-20251001',
    content,
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 20, output_tokens: 7 },
    ...extra,
  };
}

describe('fromAnthropicResponse', () => {
  it('converts text and parallel tool_use blocks with cache usage into a chat completion', () => {
    const out = fromAnthropicResponse(fixture('anthropic-message-tool-use.json'), { created: CREATED });
    expect(out).toEqual({
      id: 'chatcmpl-01XFDUDYJgAACzvnptvVoYEL', // OpenAI's form, Claude's id after the prefix
      object: 'chat.completion',
      created: CREATED,
      model: 'claude-sonnet-4-5-20250929',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: "I'll look up the weather in both cities.",
            refusal: null,
            annotations: [],
            tool_calls: [
              { id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo","unit":"celsius"}' } },
              { id: 'toolu_01Kx7QeVZ2pN3nYh8m4Wc5rB', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' } },
            ],
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ],
      // 472 fresh + 1850 read from cache
      usage: {
        prompt_tokens: 2322,
        completion_tokens: 141,
        total_tokens: 2463,
        prompt_tokens_details: { cached_tokens: 1850, audio_tokens: 0 },
        // No thinking block in the answer: 0 reasoning tokens, as OpenAI always sends the field
        // (@openrouter/ai-sdk-provider refused an answer without it as "Invalid JSON response").
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      // Every field of OpenAI's answer: the fixture's usage names Claude's standard tier.
      service_tier: 'default',
      system_fingerprint: null,
    });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
  ] as const)('maps stop_reason %s to finish_reason %s', (stopReason, finishReason) => {
    expect(fromAnthropicResponse(message([{ type: 'text', text: 'x' }], { stop_reason: stopReason })).choices[0]!.finish_reason).toBe(finishReason);
  });

  it('counts cache writes into prompt_tokens and reports them for pricing', () => {
    const out = fromAnthropicResponse(
      message([{ type: 'text', text: 'x' }], {
        usage: { input_tokens: 3, cache_creation_input_tokens: 2048, cache_read_input_tokens: 512, output_tokens: 9 },
      }),
    );
    expect(out.usage).toMatchObject({
      prompt_tokens: 2563,
      completion_tokens: 9,
      total_tokens: 2572,
      prompt_tokens_details: { cached_tokens: 512, audio_tokens: 0, cache_write_tokens: 2048 },
    });
  });

  it('reports Claude’s priority tier as OpenAI’s, and any other as default', () => {
    const tier = (service_tier: string) => fromAnthropicResponse(message([{ type: 'text', text: 'x' }], { usage: { input_tokens: 1, output_tokens: 1, service_tier } })).service_tier;
    expect([tier('priority'), tier('standard'), tier('batch')]).toEqual(['priority', 'default', 'default']);
  });

  it('keeps thinking as reasoning_content, the signed and redacted blocks whole as thinking_blocks, and reports thinking tokens', () => {
    const out = fromAnthropicResponse(
      message(
        [
          { type: 'thinking', thinking: 'Compare both options.', signature: 'EqQBCgIYAh' },
          { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
          { type: 'text', text: 'Option B.' },
        ],
        { usage: { input_tokens: 50, output_tokens: 120, output_tokens_details: { thinking_tokens: 90 } } },
      ),
    );
    const choice = out.choices[0]!;
    expect(choice.message.content).toBe('Option B.');
    expect(choice.message['reasoning_content']).toBe('Compare both options.');
    // What Claude needs back in a tool loop with thinking, in order; the chat codec takes it off for chat clients.
    expect(choice.message['thinking_blocks']).toEqual([
      { type: 'thinking', thinking: 'Compare both options.', signature: 'EqQBCgIYAh' },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
    ]);
    expect(out.usage?.completion_tokens_details).toMatchObject({ reasoning_tokens: 90 });
  });

  it('leaves reasoning_tokens out when Claude thought without counting it apart, and says 0 when it did not think', () => {
    const thought = fromAnthropicResponse(message([{ type: 'thinking', thinking: 'Hmm.', signature: 'sig' }, { type: 'text', text: 'A.' }], { usage: { input_tokens: 5, output_tokens: 20 } }));
    expect(thought.usage?.completion_tokens_details).not.toHaveProperty('reasoning_tokens');
    const plain = fromAnthropicResponse(message([{ type: 'text', text: 'A.' }], { usage: { input_tokens: 5, output_tokens: 2 } }));
    expect(plain.usage?.completion_tokens_details?.reasoning_tokens).toBe(0);
  });

  it('turns the forced JSON tool back into JSON text content with finish_reason stop', () => {
    const out = fromAnthropicResponse(
      message([{ type: 'tool_use', id: 'toolu_01', name: 'json_response', input: { label: 'bug', confidence: 0.93 } }], { stop_reason: 'tool_use' }),
      { jsonResponseTool: 'json_response' },
    );
    const choice = out.choices[0]!;
    expect(choice.message.content).toBe('{"label":"bug","confidence":0.93}');
    expect(JSON.parse(choice.message.content as string)).toEqual({ label: 'bug', confidence: 0.93 });
    expect(choice.message.tool_calls).toBeUndefined();
    expect(choice.finish_reason).toBe('stop');
  });

  it('still reports tool_calls when a real tool is called next to the JSON tool', () => {
    const out = fromAnthropicResponse(
      message(
        [
          { type: 'tool_use', id: 'toolu_01', name: 'search', input: { q: 'x' } },
          { type: 'tool_use', id: 'toolu_02', name: 'json_response', input: {} },
        ],
        { stop_reason: 'tool_use' },
      ),
      { jsonResponseTool: 'json_response' },
    );
    expect(out.choices[0]!.finish_reason).toBe('tool_calls');
    expect(out.choices[0]!.message.tool_calls?.map((c) => c.function.name)).toEqual(['search']);
  });

  it('gives empty content for an empty answer and null content beside tool calls only', () => {
    expect(fromAnthropicResponse(message([])).choices[0]!.message.content).toBe('');
    const toolsOnly = fromAnthropicResponse(message([{ type: 'tool_use', id: 't', name: 'f', input: {} }], { stop_reason: 'tool_use' }));
    expect(toolsOnly.choices[0]!.message.content).toBeNull();
    expect(toolsOnly.choices[0]!.message.tool_calls![0]!.function.arguments).toBe('{}');
  });

  it('uses the client-facing model name when given', () => {
    expect(fromAnthropicResponse(message([]), { model: 'support-triage' }).model).toBe('support-triage');
  });
});
