import { describe, expect, it } from 'vitest';
import type { AnthropicMessagesRequest } from '../../core/anthropic-wire.js';
import { SwitchyardError } from '../../core/errors.js';
import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import { fixture } from './__fixtures__/replay.js';
import { fromAnthropicRequest } from './convert-from-anthropic-request.js';

const base = (extra: Partial<AnthropicMessagesRequest> = {}): AnthropicMessagesRequest => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 256,
  messages: [{ role: 'user', content: 'Hi' }],
  ...extra,
});

describe('fromAnthropicRequest', () => {
  it('converts a coding-agent turn (system blocks, thinking, tool use, tool results, images) into the recorded OpenAI body', () => {
    const out = fromAnthropicRequest(fixture('anthropic-request-coding-agent.json'));
    expect(out).toEqual(fixture<ChatCompletionRequest>('openai-request-coding-agent.json'));
  });

  it('puts tool results first, one tool message per result in order, then the user text', () => {
    const out = fromAnthropicRequest(fixture('anthropic-request-coding-agent.json'));
    expect(out.messages.slice(3).map((m) => [m.role, m.tool_call_id])).toEqual([
      ['tool', 'toolu_01T1x1fJ34qAmk2tNTrN7Up6'],
      ['tool', 'toolu_01V2kWcR8fJ3mQ9pLx7sT4uZ'],
      ['user', undefined],
    ]);
  });

  it('drops thinking blocks and cache_control, which OpenAI upstreams do not understand, and carries top_k under the gateway’s own name', () => {
    const out = fromAnthropicRequest(fixture('anthropic-request-coding-agent.json'));
    const text = JSON.stringify(out);
    for (const gone of ['"top_k"', 'thinking', 'signature', 'cache_control', 'metadata', 'stop_sequences', 'is_error']) expect(text).not.toContain(gone);
    // For Gemini's topK; OpenAI-compatible providers delete it (an OpenAI client's own top_k is another field).
    expect(out.anthropic_top_k).toBe(40);
  });

  it('gives adaptive thinking and output_config.effort to OpenAI-compatible models as the nearest reasoning_effort', () => {
    const pick = (extra: Partial<AnthropicMessagesRequest>) => {
      const out = fromAnthropicRequest(base(extra));
      return [out.reasoning_effort, out.include_reasoning];
    };
    expect(pick({ thinking: { type: 'adaptive' }, output_config: { effort: 'medium' } })).toEqual(['medium', true]);
    expect(pick({ thinking: { type: 'adaptive' }, output_config: { effort: 'max' } })).toEqual(['max', true]);
    expect(pick({ thinking: { type: 'adaptive', display: 'omitted' } })).toEqual([undefined, undefined]);
    expect(pick({ output_config: { effort: 'low' } })).toEqual(['low', undefined]);
    expect(pick({ thinking: { type: 'disabled' }, output_config: { effort: 'high' } })).toEqual([undefined, undefined]);
    // A budget says more than an effort level.
    expect(pick({ thinking: { type: 'enabled', budget_tokens: 20000 }, output_config: { effort: 'low' } })).toEqual(['high', true]);
  });

  it('carries the thinking budget itself under the gateway’s own name, 0 when thinking is disabled, for targets that take budgets', () => {
    const budget = (extra: Partial<AnthropicMessagesRequest>) => fromAnthropicRequest(base(extra)).anthropic_thinking_budget;
    expect(budget({ thinking: { type: 'enabled', budget_tokens: 2048 } })).toBe(2048);
    expect(budget({ thinking: { type: 'disabled' } })).toBe(0);
    expect(budget({ thinking: { type: 'adaptive' }, output_config: { effort: 'low' } })).toBeUndefined();
    expect(budget({})).toBeUndefined();
  });

  it.each([
    [{ type: 'auto' }, 'auto'],
    [{ type: 'any' }, 'required'],
    [{ type: 'none' }, 'none'],
    [{ type: 'tool', name: 'read_file' }, { type: 'function', function: { name: 'read_file' } }],
  ] as const)('maps tool_choice %j to %j', (choice, expected) => {
    const out = fromAnthropicRequest(base({ tools: [{ name: 'read_file', input_schema: { type: 'object' } }], tool_choice: choice }));
    expect(out.tool_choice).toEqual(expected);
    expect(out).not.toHaveProperty('parallel_tool_calls');
  });

  it('keeps a plain string system prompt and string content as they are', () => {
    const out = fromAnthropicRequest(base({ system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] }));
    expect(out.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
    ]);
    expect(out).not.toHaveProperty('stream_options');
  });

  it('gives an assistant turn of only tool calls null content', () => {
    const out = fromAnthropicRequest(
      base({
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'run', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1' }] },
        ],
      }),
    );
    expect(out.messages[1]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'run', arguments: '{}' } }],
    });
    // A result with no content is an empty tool message, and no empty user message follows it.
    expect(out.messages.slice(2)).toEqual([{ role: 'tool', tool_call_id: 'toolu_1', content: '' }]);
  });

  it('maps native structured outputs to response_format json_schema', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const out = fromAnthropicRequest(base({ output_config: { format: { type: 'json_schema', schema } } }));
    expect(out.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema, strict: true } });
  });

  it('converts PDF and plain-text documents, and names unsupported blocks, server tools and unknown tool types precisely', () => {
    const out = fromAnthropicRequest(
      base({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' }, title: 'q3.pdf' },
              { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Q3 revenue rose 4%.' } },
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0y' } },
              { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Net 30.' }, title: 'Contract', context: 'Signed in 2026' },
            ],
          },
        ],
      }),
    );
    expect(out.messages[0]!.content).toEqual([
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0x', filename: 'q3.pdf' } },
      { type: 'text', text: 'Q3 revenue rose 4%.' },
      // Untitled, it still gets the filename OpenAI requires beside file_data.
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0y', filename: 'document.pdf' } },
      { type: 'text', text: 'Contract\n\nSigned in 2026\n\nNet 30.' },
    ]);
    let error: unknown;
    try {
      fromAnthropicRequest(base({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'container_upload', file_id: 'file_1' }] }] }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SwitchyardError);
    expect(error).toMatchObject({ code: 'unsupported', param: 'messages[0].content[1]' });
    expect(() => fromAnthropicRequest(base({ tools: [{ type: 'web_search_20250305', name: 'web_search' } as never, { type: 'code_execution_20250825', name: 'code_execution' } as never] }))).toThrow(
      /tools\[1\]: Anthropic server tool "code_execution_20250825" is not available/,
    );
    expect(() => fromAnthropicRequest(base({ tools: [{ type: 'teleport_20990101', name: 'teleport' } as never] }))).toThrow(/tools\[0\]: tool type "teleport_20990101" is not an Anthropic tool/);
  });

  it('offers Anthropic-defined client tools as function tools with the input schema Anthropic documents', () => {
    const tools = [
      { type: 'bash_20250124', name: 'bash' },
      { type: 'text_editor_20250124', name: 'str_replace_editor' },
      { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool', max_characters: 10_000 },
      { type: 'computer_20250124', name: 'computer', display_width_px: 1024, display_height_px: 768 },
      { type: 'memory_20250818', name: 'memory' },
    ];
    const out = fromAnthropicRequest(base({ tools: tools as never, tool_choice: { type: 'tool', name: 'bash' } }));
    const fns = out.tools!.map((tool) => tool.function);
    expect(fns.map((fn) => fn.name)).toEqual(['bash', 'str_replace_editor', 'str_replace_based_edit_tool', 'computer', 'memory']);
    expect(fns[0]!.parameters).toMatchObject({ type: 'object', properties: { command: { type: 'string' }, restart: { type: 'boolean' } } });
    expect(fns[1]!.parameters).toMatchObject({ required: ['command', 'path'], properties: { command: { enum: ['view', 'create', 'str_replace', 'insert', 'undo_edit'] } } });
    // undo_edit went with text_editor_20250429.
    expect(fns[2]!.parameters).toMatchObject({ properties: { command: { enum: ['view', 'create', 'str_replace', 'insert'] }, insert_line: { type: 'integer' } } });
    expect(fns[3]!.description).toContain('1024x768');
    expect(fns[3]!.parameters).toMatchObject({ required: ['action'], properties: { action: { enum: expect.arrayContaining(['screenshot', 'scroll', 'triple_click']) }, scroll_direction: { enum: ['up', 'down', 'left', 'right'] } } });
    expect(fns[4]!.parameters).toMatchObject({ properties: { command: { enum: ['view', 'create', 'str_replace', 'insert', 'delete', 'rename'] }, insert_text: { type: 'string' }, new_path: { type: 'string' } } });
    expect(out.tool_choice).toEqual({ type: 'function', function: { name: 'bash' } });
  });

  it('carries the web search server tool as the canonical web_search (Google Search on Gemini), out of the function tools', () => {
    const search = { type: 'web_search_20250305', name: 'web_search', max_uses: 2, blocked_domains: ['example.com'], user_location: { type: 'approximate', city: 'Oslo', timezone: 'Europe/Oslo' } };
    const out = fromAnthropicRequest(base({ tools: [search as never, { name: 'f', input_schema: { type: 'object' } }] }));
    expect(out.web_search).toEqual({ max_uses: 2, blocked_domains: ['example.com'], user_location: { city: 'Oslo', timezone: 'Europe/Oslo' } });
    expect(out.tools?.map((tool) => tool.function.name)).toEqual(['f']);
    const alone = fromAnthropicRequest(base({ tools: [search as never], tool_choice: { type: 'auto' } }));
    expect(alone).not.toHaveProperty('tools');
    expect(alone).not.toHaveProperty('tool_choice');
  });

  it('asks a streaming upstream for usage so the Anthropic client gets token counts', () => {
    const out = fromAnthropicRequest(base({ stream: true }));
    expect(out.stream_options).toEqual({ include_usage: true });
  });
});
