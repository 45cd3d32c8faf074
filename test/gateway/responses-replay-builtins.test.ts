/**
 * A stored response of OpenAI's own built-in tools (code interpreter, file search, image
 * generation, MCP) replayed with `GET /v1/responses/{id}?stream=true`: each call streams the
 * progress events and text deltas OpenAI's live stream has for it, which the SDK reads. The
 * upstream is a stand-in for OpenAI answering one fixed response.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../../src/test-support/fake-upstream.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

const output = [
  { id: 'ci_1', type: 'code_interpreter_call', status: 'completed', code: 'print(6 * 7)', container_id: 'cntr_1', outputs: [{ type: 'logs', logs: '42' }] },
  { id: 'fs_1', type: 'file_search_call', status: 'completed', queries: ['refund policy'], results: null },
  { id: 'ig_1', type: 'image_generation_call', status: 'completed', result: 'iVBORw0KGgo=' },
  { id: 'mcpl_1', type: 'mcp_list_tools', server_label: 'crm', tools: [{ name: 'find', input_schema: {} }] },
  { id: 'mcp_1', type: 'mcp_call', server_label: 'crm', name: 'find', arguments: '{"q":"Ada"}', output: 'Ada Lovelace', error: null },
  { id: 'mcp_2', type: 'mcp_call', server_label: 'crm', name: 'find', arguments: '{}', output: null, error: 'timeout' },
  { id: 'ctc_1', type: 'custom_tool_call', call_id: 'call_1', name: 'exec', input: 'await tools.ls()' },
  { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Done.', annotations: [] }] },
];

let upstream: FakeUpstream;
let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeUpstream((_req, _body, res) => {
    const response = { id: 'resp_builtins1', object: 'response', created_at: 1, status: 'completed', model: 'gpt-5.4', output, usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response));
  });
  h = await startHarness('', () => `
providers:
  openai: { type: openai, base_url: "${upstream.v1}", api_key: sk-up, responses: native }
models:
  gpt-5.4: { provider: openai, model: gpt-5.4 }
keys:
  - { key: sk-sy-replay, name: replay }
`);
  client = h.openai('sk-sy-replay');
});
afterAll(async () => {
  await h.close();
  await upstream.close();
});

describe("a stored response with OpenAI's built-in tool calls, replayed as a stream", () => {
  it('streams each call with the progress events and text deltas of a live stream', async () => {
    const created = await client.responses.create({ model: 'gpt-5.4', input: 'Compute, search, draw, look up' });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of await client.responses.retrieve(created.id, { stream: true })) events.push(event);
    const between = (index: number) => {
      const own = events.filter((e) => 'output_index' in e && e.output_index === index);
      return own.map((e) => e.type);
    };
    expect(between(0)).toEqual([
      'response.output_item.added', 'response.code_interpreter_call.in_progress', 'response.code_interpreter_call_code.delta',
      'response.code_interpreter_call_code.done', 'response.code_interpreter_call.interpreting', 'response.code_interpreter_call.completed', 'response.output_item.done',
    ]);
    expect(between(1)).toEqual(['response.output_item.added', 'response.file_search_call.in_progress', 'response.file_search_call.searching', 'response.file_search_call.completed', 'response.output_item.done']);
    expect(between(2)).toEqual(['response.output_item.added', 'response.image_generation_call.in_progress', 'response.image_generation_call.generating', 'response.image_generation_call.completed', 'response.output_item.done']);
    expect(between(3)).toEqual(['response.output_item.added', 'response.mcp_list_tools.in_progress', 'response.mcp_list_tools.completed', 'response.output_item.done']);
    expect(between(4)).toEqual(['response.output_item.added', 'response.mcp_call.in_progress', 'response.mcp_call_arguments.delta', 'response.mcp_call_arguments.done', 'response.mcp_call.completed', 'response.output_item.done']);
    // A call that failed ends with the failed event.
    expect(between(5).at(-2)).toBe('response.mcp_call.failed');
    expect(between(6)).toEqual(['response.output_item.added', 'response.custom_tool_call_input.delta', 'response.custom_tool_call_input.done', 'response.output_item.done']);

    // The added item is in progress with its streamed text empty; the deltas and done events carry it.
    expect(events.find((e) => e.type === 'response.output_item.added' && e.output_index === 0)).toMatchObject({ item: { type: 'code_interpreter_call', status: 'in_progress', code: '' } });
    expect(events.find((e) => e.type === 'response.code_interpreter_call_code.delta')).toMatchObject({ item_id: 'ci_1', delta: 'print(6 * 7)' });
    expect(events.find((e) => e.type === 'response.code_interpreter_call_code.done')).toMatchObject({ item_id: 'ci_1', code: 'print(6 * 7)' });
    expect(events.find((e) => e.type === 'response.mcp_call_arguments.done')).toMatchObject({ item_id: 'mcp_1', arguments: '{"q":"Ada"}' });
    expect(events.find((e) => e.type === 'response.custom_tool_call_input.done')).toMatchObject({ item_id: 'ctc_1', input: 'await tools.ls()' });
    expect(events.find((e) => e.type === 'response.output_item.done' && e.output_index === 0)).toMatchObject({ item: output[0] });
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.at(-1)).toMatchObject({ type: 'response.completed', response: { id: created.id, output } });
  });
});
