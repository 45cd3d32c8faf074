import { describe, expect, it } from 'vitest';
import type { AnthropicMessagesRequest } from '../../core/anthropic-wire.js';
import { SwitchyardError } from '../../core/errors.js';
import type { ChatCompletionRequest, ChatMessage } from '../../core/openai-wire.js';
import { fixture } from './__fixtures__/replay.js';
import { DEFAULT_MAX_TOKENS, jsonResponseToolName, toAnthropicRequest } from './convert-to-anthropic-request.js';

const MODEL = 'claude-sonnet-4-5-20250929';
const request = (messages: ChatMessage[], extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: 'route',
  messages,
  ...extra,
});
const user = (content: string): ChatMessage => ({ role: 'user', content });

function thrown(fn: () => unknown): SwitchyardError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SwitchyardError);
    return error as SwitchyardError;
  }
  throw new Error('expected a SwitchyardError');
}

describe('toAnthropicRequest', () => {
  it('converts a multi-turn tool conversation with images into the exact recorded Anthropic body', () => {
    const out = toAnthropicRequest(fixture('openai-request-agent.json'), MODEL);
    expect(out).toEqual(fixture<AnthropicMessagesRequest>('anthropic-request-agent.json'));
  });

  it('sends no field that Anthropic does not define', () => {
    const out = toAnthropicRequest(fixture('openai-request-agent.json'), MODEL);
    for (const dropped of ['seed', 'logprobs', 'top_logprobs', 'frequency_penalty', 'presence_penalty', 'logit_bias', 'store', 'n', 'user', 'parallel_tool_calls', 'stop', 'max_completion_tokens']) {
      expect(out, dropped).not.toHaveProperty(dropped);
    }
    expect(out).not.toHaveProperty('stream');
  });

  it('keeps a single system message as a plain string and the order of several', () => {
    expect(toAnthropicRequest(request([{ role: 'system', content: 'A' }, user('hi')]), MODEL).system).toBe('A');
    const several = toAnthropicRequest(
      request([{ role: 'developer', content: 'first' }, user('hi'), { role: 'system', content: 'second' }]),
      MODEL,
    );
    expect(several.system).toEqual([
      { type: 'text', text: 'first' },
      { type: 'text', text: 'second' },
    ]);
    expect(several.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('merges consecutive messages of the same role so turns alternate', () => {
    const out = toAnthropicRequest(request([user('one'), user('two'), { role: 'assistant', content: 'ok' }, user('three')]), MODEL);
    expect(out.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(out.messages[0]!.content).toEqual([
      { type: 'text', text: 'one' },
      { type: 'text', text: 'two' },
    ]);
  });

  it('puts consecutive tool results into one user message, in order, before the next user text', () => {
    const out = toAnthropicRequest(
      request([
        user('weather?'),
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'w', arguments: '{"c":"Oslo"}' } },
            { id: 'call_b', type: 'function', function: { name: 'w', arguments: '{"c":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: '4' },
        { role: 'tool', tool_call_id: 'call_b', content: '' },
      ]),
      MODEL,
    );
    expect(out.messages).toHaveLength(3);
    expect(out.messages[1]!.content).toEqual([
      { type: 'tool_use', id: 'call_a', name: 'w', input: { c: 'Oslo' } },
      { type: 'tool_use', id: 'call_b', name: 'w', input: { c: 'Rome' } },
    ]);
    // An empty result is still a result: the tool_use must be answered.
    expect(out.messages[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'call_a', content: '4' },
        { type: 'tool_result', tool_use_id: 'call_b' },
      ],
    });
  });

  it('maps tool ids Anthropic would reject onto its alphabet, identically on use and result', () => {
    const out = toAnthropicRequest(
      request([
        user('x'),
        { role: 'assistant', tool_calls: [{ id: 'chatcmpl-tool.1:a', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'chatcmpl-tool.1:a', content: 'done' },
      ]),
      MODEL,
    );
    expect((out.messages[1]!.content as { id: string }[])[0]!.id).toBe('chatcmpl-tool_1_a');
    expect((out.messages[2]!.content as { tool_use_id: string }[])[0]!.tool_use_id).toBe('chatcmpl-tool_1_a');
  });

  it('names the exact field when tool call arguments are not JSON', () => {
    const error = thrown(() =>
      toAnthropicRequest(
        request([
          user('x'),
          { role: 'assistant', content: 'ok' },
          user('y'),
          {
            role: 'assistant',
            tool_calls: [
              { id: 'c0', type: 'function', function: { name: 'f', arguments: '{}' } },
              { id: 'c1', type: 'function', function: { name: 'f', arguments: '{"city": "Oslo"' } },
            ],
          },
        ]),
        MODEL,
      ),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages[3].tool_calls[1].function.arguments');
    expect(error.message).toMatch(/^messages\[3\]\.tool_calls\[1\]\.function\.arguments is not valid JSON/);
    expect(error.message).toContain('{\\"city\\": \\"Oslo\\"');
  });

  it('rejects arguments that are JSON but not an object, and treats "" as no arguments', () => {
    const bad = thrown(() =>
      toAnthropicRequest(request([user('x'), { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '[1]' } }] }]), MODEL),
    );
    expect(bad.param).toBe('messages[1].tool_calls[0].function.arguments');
    const empty = toAnthropicRequest(request([user('x'), { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '' } }] }]), MODEL);
    expect(empty.messages[1]!.content).toEqual([{ type: 'tool_use', id: 'c', name: 'f', input: {} }]);
  });

  it('rejects n > 1 naming n, but accepts n = 1', () => {
    const error = thrown(() => toAnthropicRequest(request([user('x')], { n: 3 }), MODEL));
    expect(error.code).toBe('unsupported');
    expect(error.param).toBe('n');
    expect(error.message).toContain('n=3');
    expect(toAnthropicRequest(request([user('x')], { n: 1 }), MODEL)).not.toHaveProperty('n');
  });

  it('requires something to send: empty messages are dropped and none left is an error', () => {
    const out = toAnthropicRequest(request([user(''), user('real'), { role: 'assistant', content: '' }]), MODEL);
    expect(out.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'real' }] }]);
    expect(thrown(() => toAnthropicRequest(request([{ role: 'system', content: '' }, user('')]), MODEL)).param).toBe('messages');
  });

  it('sends a system prompt with no other message as the user turn, as OpenAI answers it', () => {
    const out = toAnthropicRequest(request([{ role: 'system', content: 'only' }, user('')]), MODEL);
    expect(out.system).toBeUndefined();
    expect(out.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'only' }] }]);
  });

  it('defaults max_tokens, prefers max_completion_tokens, and clamps temperature to [0, 1]', () => {
    expect(toAnthropicRequest(request([user('x')]), MODEL).max_tokens).toBe(DEFAULT_MAX_TOKENS);
    expect(toAnthropicRequest(request([user('x')], { max_tokens: 77 }), MODEL).max_tokens).toBe(77);
    expect(toAnthropicRequest(request([user('x')], { max_tokens: 77, max_completion_tokens: 55 }), MODEL).max_tokens).toBe(55);
    expect(toAnthropicRequest(request([user('x')], { temperature: 2 }), MODEL).temperature).toBe(1);
    expect(toAnthropicRequest(request([user('x')], { temperature: 0.3 }), MODEL).temperature).toBe(0.3);
    expect(toAnthropicRequest(request([user('x')], { temperature: -1 }), MODEL).temperature).toBe(0);
    // Claude 4.1+ refuses temperature with top_p: temperature wins, top_p alone is kept.
    expect(toAnthropicRequest(request([user('x')], { temperature: 0.3, top_p: 0.9 }), MODEL)).not.toHaveProperty('top_p');
    expect(toAnthropicRequest(request([user('x')], { top_p: 0.9 }), MODEL).top_p).toBe(0.9);
  });

  it("holds the client's cap to the model's output limit, which Anthropic refuses to exceed, with thinking fitted under it", () => {
    const decided: Record<string, unknown> = {};
    const decisions = { decide: (stage: string, decision: unknown) => void (decided[stage] = decision) };
    expect(toAnthropicRequest(request([user('x')], { max_tokens: 200_000 }), MODEL, decisions).max_tokens).toBe(64_000);
    expect(decided.output_cap).toEqual({ requested: 200_000, sent: 64_000, model: MODEL, reason: `${MODEL} produces at most 64000 output tokens` });
    expect(toAnthropicRequest(request([user('x')], { max_completion_tokens: 200_000 }), 'claude-3-5-haiku-20241022').max_tokens).toBe(8_192);
    expect(toAnthropicRequest(request([user('x')], { max_tokens: 200_000 }), 'claude-standin').max_tokens).toBe(200_000);
    const thinking = toAnthropicRequest(request([user('x')], { max_tokens: 200_000, reasoning_effort: 'high' }), MODEL);
    expect(thinking).toMatchObject({ max_tokens: 64_000, thinking: { type: 'enabled', budget_tokens: 24_576 } });
  });

  it('thinks on a turn answering tool calls when that turn brings back its signed thinking (thinking_blocks), which leads the turn; without it, thinking stays off', () => {
    const signed = { type: 'thinking' as const, thinking: 'Call get_weather.', signature: 'EqQBCgIYAh' };
    const call = { id: 'toolu_1', type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } };
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const loop = (assistant: ChatMessage[]) => request([user('Weather in Oslo?'), ...assistant, { role: 'tool', tool_call_id: 'toolu_1', content: '4°C' }], { tools, reasoning_effort: 'low' });
    const decided: Record<string, unknown> = {};
    const decisions = { decide: (stage: string, decision: unknown) => void (decided[stage] = decision) };
    // Interleaved calls come back as two assistant messages: one Claude turn, led by the first's thinking.
    const out = toAnthropicRequest(loop([{ role: 'assistant', content: null, thinking_blocks: [signed], tool_calls: [call] }, { role: 'assistant', content: 'More.' }]), MODEL, decisions);
    expect(out.thinking).toEqual({ type: 'enabled', budget_tokens: expect.any(Number) });
    expect(out.messages[1]).toEqual({ role: 'assistant', content: [signed, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } }, { type: 'text', text: 'More.' }] });
    expect(decided.thinking).toBeUndefined();
    const unsigned = toAnthropicRequest(loop([{ role: 'assistant', content: null, tool_calls: [call] }]), MODEL, decisions);
    expect(unsigned.thinking).toBeUndefined();
    expect(decided.thinking).toMatchObject({ requested: 'low', reason: expect.stringContaining('answers tool calls') });
  });

  it.each([
    ['none', { type: 'none' }],
    ['auto', { type: 'auto' }],
    ['required', { type: 'any' }],
    [{ type: 'function', function: { name: 'get_weather' } }, { type: 'tool', name: 'get_weather' }],
  ] as const)('maps tool_choice %j to %j', (choice, expected) => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } }];
    expect(toAnthropicRequest(request([user('x')], { tools, tool_choice: choice }), MODEL).tool_choice).toEqual(expected);
  });

  it('turns parallel_tool_calls: false into disable_parallel_tool_use, even without tool_choice', () => {
    const tools = [{ type: 'function' as const, function: { name: 'f' } }];
    const out = toAnthropicRequest(request([user('x')], { tools, parallel_tool_calls: false }), MODEL);
    expect(out.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(out.tools).toEqual([{ name: 'f', input_schema: { type: 'object', properties: {} } }]);
  });

  it('sends no tool_choice when there are no tools', () => {
    const out = toAnthropicRequest(request([user('x')], { tool_choice: 'none', parallel_tool_calls: false }), MODEL);
    expect(out).not.toHaveProperty('tool_choice');
    expect(out).not.toHaveProperty('tools');
  });

  it('sends json_schema as Claude’s structured output on models that have it, in the subset Claude takes', () => {
    const schema = {
      type: 'object',
      properties: { label: { type: 'string', enum: ['bug', 'question'] }, votes: { type: 'integer', minimum: 1 }, tags: { type: 'array', items: { type: 'string', format: 'hostname' }, minItems: 2 } },
      required: ['label'],
    };
    const req = request([user('Classify: the app crashes')], {
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
      response_format: { type: 'json_schema', json_schema: { name: 'ticket', schema, strict: true } },
    });
    const out = toAnthropicRequest(req, MODEL);
    expect(jsonResponseToolName(req, MODEL)).toBeUndefined();
    expect(out.output_config).toEqual({
      format: {
        type: 'json_schema',
        schema: {
          type: 'object',
          properties: {
            label: { enum: ['bug', 'question'] },
            // What Claude cannot enforce is said in the description, as Anthropic's SDK does.
            votes: { type: 'integer', description: '{minimum: 1}' },
            tags: { type: 'array', items: { type: 'string', format: 'hostname' }, description: '{minItems: 2}' },
          },
          additionalProperties: false,
          required: ['label'],
        },
      },
    });
    // The client's tools stay callable: nothing is forced.
    expect(out.tools?.map((t) => t.name)).toEqual(['lookup']);
    expect(out).not.toHaveProperty('tool_choice');
    expect(schema.properties.votes).toEqual({ type: 'integer', minimum: 1 }); // the client's schema is left as it was
  });

  it('turns json_schema into a forced tool on models without structured outputs, and for a schema Claude’s subset cannot say', () => {
    const schema = { type: 'object', properties: { label: { type: 'string', enum: ['bug', 'question'] } }, required: ['label'] };
    const req = request([user('Classify: the app crashes')], {
      response_format: { type: 'json_schema', json_schema: { name: 'ticket', schema, strict: true } },
    });
    for (const model of ['claude-sonnet-4-20250514', 'claude-3-5-haiku-20241022']) {
      const out = toAnthropicRequest(req, model);
      expect(jsonResponseToolName(req, model)).toBe('json_response');
      expect(out).not.toHaveProperty('output_config');
      expect(out.tools).toEqual([{ name: 'json_response', description: expect.any(String), input_schema: schema }]);
      expect(out.tool_choice).toEqual({ type: 'tool', name: 'json_response' });
    }
    const untyped = request([user('x')], { response_format: { type: 'json_schema', json_schema: { name: 'any', schema: { properties: { a: {} } } } } });
    expect(toAnthropicRequest(untyped, MODEL).tool_choice).toEqual({ type: 'tool', name: 'json_response' });
  });

  it('lets the model use client tools before answering through the JSON tool', () => {
    const req = request([user('x')], {
      tools: [{ type: 'function', function: { name: 'json_response', parameters: { type: 'object' } } }],
      response_format: { type: 'json_object' },
    });
    const out = toAnthropicRequest(req, MODEL);
    // The client's own tool keeps its name; ours steps aside.
    expect(jsonResponseToolName(req, MODEL)).toBe('json_response_1');
    expect(out.tools!.map((t) => t.name)).toEqual(['json_response', 'json_response_1']);
    expect(out.tools![1]!.input_schema).toEqual({ type: 'object', additionalProperties: true });
    expect(out.tool_choice).toEqual({ type: 'any' });
    expect(jsonResponseToolName(request([user('x')], { response_format: { type: 'text' } }), MODEL)).toBeUndefined();
  });

  it('converts data: URLs to base64 sources and rejects other image URLs precisely', () => {
    const out = toAnthropicRequest(
      request([{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } }] }]),
      MODEL,
    );
    expect(out.messages[0]!.content).toEqual([{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } }]);
    const error = thrown(() =>
      toAnthropicRequest(request([user('x'), { role: 'user', content: [{ type: 'text', text: 'y' }, { type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }]), MODEL),
    );
    expect(error.param).toBe('messages[1].content[1].image_url.url');
    expect(thrown(() => toAnthropicRequest(request([{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/svg+xml,<svg/>' } }] }]), MODEL)).param).toBe(
      'messages[0].content[0].image_url.url',
    );
  });

  it('converts inline PDF and text files to document blocks and refuses parts Anthropic cannot take', () => {
    const out = toAnthropicRequest(
      request([{ role: 'user', content: [{ type: 'file', file: { filename: 'invoice.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } }] }]),
      MODEL,
    );
    expect(out.messages[0]!.content).toEqual([
      { type: 'document', title: 'invoice.pdf', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' } },
    ]);
    // A text file is a text source: Claude takes base64 for application/pdf only.
    const text = toAnthropicRequest(request([{ role: 'user', content: [{ type: 'file', file: { filename: 'notes.txt', file_data: `data:text/plain;charset=utf-8;base64,${Buffer.from('héllo').toString('base64')}` } }] }]), MODEL);
    expect(text.messages[0]!.content).toEqual([{ type: 'document', title: 'notes.txt', source: { type: 'text', media_type: 'text/plain', data: 'héllo' } }]);
    const image = thrown(() => toAnthropicRequest(request([{ role: 'user', content: [{ type: 'file', file: { filename: 'a.png', file_data: 'data:image/png;base64,iVBORw0K' } }] }]), MODEL));
    expect([image.code, image.param]).toEqual(['unsupported', 'messages[0].content[0].file.file_data']);
    const audio = thrown(() => toAnthropicRequest(request([{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: '', format: 'wav' } }] }]), MODEL));
    expect(audio.code).toBe('unsupported');
    expect(audio.message).toContain('input_audio');
    expect(audio.param).toBe('messages[0].content[0]');
  });

  it('keeps cache_control breakpoints set on content parts', () => {
    const out = toAnthropicRequest(
      request([{ role: 'system', content: [{ type: 'text', text: 'long policy', cache_control: { type: 'ephemeral' } }] }, user('q')]),
      MODEL,
    );
    expect(out.system).toEqual([{ type: 'text', text: 'long policy', cache_control: { type: 'ephemeral' } }]);
  });

  it('maps stream and user', () => {
    const out = toAnthropicRequest(request([user('x')], { stream: true, stream_options: { include_usage: true }, user: 'u-1', stop: [] }), MODEL);
    expect(out.stream).toBe(true);
    expect(out.metadata).toEqual({ user_id: 'u-1' });
    expect(out).not.toHaveProperty('stream_options');
    expect(out).not.toHaveProperty('stop_sequences');
  });
});
