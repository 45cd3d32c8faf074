import { describe, expect, it } from 'vitest';
import type { ChatCompletion, ChatCompletionChunk } from '../../../core/openai-wire.js';
import type { ResponsesRequest } from '../../../core/responses-wire.js';
import { pinnedIds } from './__fixtures__/replay.js';
import { noteEarlierTools } from './additional-tools.js';
import { ResponsesStreamEncoder } from './response-stream-encoder.js';
import { toChatRequest } from './to-chat-request.js';
import { toResponse } from './to-response.js';

/** As the Codex CLI sends its default model's tools (codex exec 0.171, shortened). */
const codexTools = {
  type: 'additional_tools',
  id: 'at_1',
  role: 'developer',
  tools: [
    {
      type: 'namespace',
      name: 'functions',
      description: '',
      tools: [
        { type: 'custom', name: 'exec', description: 'Run JavaScript code', format: { type: 'grammar', syntax: 'lark', definition: 'start: SOURCE' } },
        { type: 'function', name: 'wait', description: 'Wait on a cell', parameters: { type: 'object', properties: { cell_id: { type: 'string' } } } },
      ],
    },
    { type: 'namespace', name: 'clock', description: 'Time', tools: [{ type: 'function', name: 'sleep', parameters: { type: 'object' } }] },
  ],
};
const request = { model: 'm', input: [codexTools, { type: 'message', role: 'user', content: 'Run ls' }] } as unknown as ResponsesRequest;

const completion = (name: string, args: string): ChatCompletion => ({
  id: 'c',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name, arguments: args } }] } }],
});

describe("tools in an additional_tools input item (the Codex CLI's default model)", () => {
  it('offers them as chat tools: the functions namespace by bare names, a custom tool as a function of its text', () => {
    const chat = toChatRequest(request);
    expect(chat.messages).toEqual([{ role: 'user', content: 'Run ls' }]);
    expect(chat.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'exec',
          description: 'Run JavaScript code',
          parameters: {
            type: 'object',
            properties: { input: { type: 'string', description: 'Raw text (not JSON) that matches this lark grammar:\nstart: SOURCE' } },
            required: ['input'],
            additionalProperties: false,
          },
        },
      },
      { type: 'function', function: { name: 'wait', description: 'Wait on a cell', parameters: { type: 'object', properties: { cell_id: { type: 'string' } } } } },
      { type: 'function', function: { name: 'clock__sleep', description: 'Time', parameters: { type: 'object' } } },
    ]);
  });

  it("answers a call of the custom tool as a custom_tool_call with the model's text, a namespaced call with its namespace", () => {
    const custom = toResponse(completion('exec', '{"input":"await tools.ls()"}'), request, pinnedIds()).output[0];
    expect(custom).toEqual({ id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', call_id: 'call_1', name: 'exec', input: 'await tools.ls()' });
    const namespaced = toResponse(completion('clock__sleep', '{}'), request, pinnedIds()).output[0];
    expect(namespaced).toMatchObject({ type: 'function_call', name: 'sleep', namespace: 'clock', arguments: '{}' });
  });

  it('streams a custom call as OpenAI does: added, the input delta and done, then the item done', () => {
    const encoder = new ResponsesStreamEncoder(request, pinnedIds());
    const chunk = (delta: ChatCompletionChunk['choices'][0]['delta'], finish: 'tool_calls' | null = null): ChatCompletionChunk => ({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });
    const sse = encoder.push([
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'exec', arguments: '{"input":"await ' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'tools.ls()"}' } }] }, 'tool_calls'),
    ]) + encoder.end();
    const events = sse.split('\n\n').filter(Boolean).map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { type: string; item?: object; delta?: string; input?: string });
    expect(events.map((e) => e.type)).toEqual([
      'response.created', 'response.in_progress', 'response.output_item.added',
      'response.custom_tool_call_input.delta', 'response.custom_tool_call_input.done', 'response.output_item.done', 'response.completed',
    ]);
    expect(events[3]?.delta).toBe('await tools.ls()');
    expect(events[4]?.input).toBe('await tools.ls()');
    expect(events[5]?.item).toEqual({ id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', call_id: 'call_1', name: 'exec', input: 'await tools.ls()' });
  });

  it('sends a custom call and its output back as a tool call and its result, and skips configuration items', () => {
    const chat = toChatRequest({
      model: 'm',
      input: [
        codexTools,
        { type: 'custom_tool_call', call_id: 'call_1', name: 'exec', input: 'await tools.ls()' },
        { type: 'custom_tool_call_output', call_id: 'call_1', output: [{ type: 'input_text', text: 'notes.txt' }] },
        // What Codex adds when it sends the conversation again after reconnecting.
        { type: 'configuration_update', reasoning: { effort: 'low' } },
      ],
    } as unknown as ResponsesRequest);
    expect(chat.messages).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'exec', arguments: '{"input":"await tools.ls()"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'notes.txt' }] },
    ]);
  });

  it("names the calls of a turn that continues a stored one by the stored turn's tools", () => {
    const next = { model: 'm', previous_response_id: 'resp_1', input: [{ type: 'custom_tool_call_output', call_id: 'call_1', output: 'ok' }] } as unknown as ResponsesRequest;
    noteEarlierTools(next as never, [codexTools as never]);
    expect(toResponse(completion('exec', '{"input":"1"}'), next, pinnedIds()).output[0]).toMatchObject({ type: 'custom_tool_call', input: '1' });
  });

  it('lets a later definition of a tool replace an earlier one', () => {
    const later = { type: 'additional_tools', tools: [{ type: 'function', name: 'wait', description: 'newer' }] };
    const chat = toChatRequest({ model: 'm', tools: [{ type: 'function', name: 'wait', description: 'older' }], input: [later, { role: 'user', content: 'hi' }] } as unknown as ResponsesRequest);
    expect(chat.tools).toEqual([{ type: 'function', function: { name: 'wait', description: 'newer' } }]);
  });
});
