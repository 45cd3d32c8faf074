import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { lastUpstream, responsesOnlyConfig } from './responses-only-config.js';

/**
 * OpenAI serves some models on its Responses API only (o1-pro, o3-pro, gpt-5-pro, the codex
 * models…) and answers a chat completion for one with a 404. A chat, Anthropic or Gemini client
 * reaching such a model through the gateway gets its answer all the same: the OpenAI provider
 * sends the call to `/responses` and reads the Response back into the client's format.
 */
const KEY = 'sk-sy-responses-only';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => responsesOnlyConfig(sim, KEY));
});
afterAll(() => h.close());

const lookupOrder: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: { name: 'lookup_order', description: 'Find an order by id', parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] } },
};

describe('a model only the Responses API serves', () => {
  it('is refused on chat completions by the simulated OpenAI, as OpenAI refuses it', async () => {
    const response = await fetch(`${h.sim.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-up' },
      body: JSON.stringify({ model: 'o3-pro', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('This model is only supported in v1/responses and not in v1/chat/completions.');
  });

  it("answers an OpenAI chat client through /responses, with usage, reasoning tokens and the call's cost", async () => {
    const { data: answer, response } = await h
      .openai(KEY)
      .chat.completions.create({ model: 'o3-pro', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Name a colour of the sky.' }], max_completion_tokens: 400 })
      .withResponse();
    expect(answer.object).toBe('chat.completion');
    expect(answer.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(answer.choices[0]?.finish_reason).toBe('stop');
    expect(answer.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(answer.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
    const upstream = lastUpstream(h);
    expect(upstream.path).toBe('/v1/responses');
    expect(upstream.body).toMatchObject({ model: 'o3-pro', max_output_tokens: 400, store: false, input: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Name a colour of the sky.' }] });
    expect(upstream.body).not.toHaveProperty('messages');
    const trace = await h.traceOf(response);
    expect(trace.status).toBe(200);
    // 20 and 80 dollars a million tokens, reasoning billed as output.
    expect(trace.costUsd).toBeCloseTo((answer.usage!.prompt_tokens * 20 + answer.usage!.completion_tokens * 80) / 1e6, 9);
  });

  it('streams to an OpenAI chat client, the usage last', async () => {
    const stream = await h.openai(KEY).chat.completions.create({ model: 'o3-pro', messages: [{ role: 'user', content: 'Say something about rivers.' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.Completions.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(lastUpstream(h)).toMatchObject({ path: '/v1/responses', body: { model: 'o3-pro', stream: true } });
  });

  it('carries a tool loop: the call comes back as a tool call, its result goes up as function_call_output', async () => {
    const client = h.openai(KEY);
    const first = await client.chat.completions.create({ model: 'codex', messages: [{ role: 'user', content: 'Where is order A-17?' }], tools: [lookupOrder], tool_choice: 'required' });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' ? call.function.name : undefined).toBe('lookup_order');
    expect(lastUpstream(h).body.tools).toEqual([{ type: 'function', name: 'lookup_order', description: 'Find an order by id', parameters: lookupOrder.function.parameters, strict: false }]);
    const second = await client.chat.completions.create({
      model: 'codex',
      tools: [lookupOrder],
      messages: [{ role: 'user', content: 'Where is order A-17?' }, first.choices[0]!.message, { role: 'tool', tool_call_id: call!.id, content: '{"status":"shipped"}' }],
    });
    expect(second.choices[0]?.message.content?.length).toBeGreaterThan(0);
    const input = lastUpstream(h).body.input as { type?: string; call_id?: string; output?: string }[];
    expect(input.find((item) => item.type === 'function_call')?.call_id).toBe(call!.id);
    expect(input.find((item) => item.type === 'function_call_output')).toMatchObject({ call_id: call!.id, output: '{"status":"shipped"}' });
  });

  it('streams a tool call to an Anthropic client', async () => {
    const stream = h.anthropic(KEY).messages.stream({
      model: 'codex',
      max_tokens: 500,
      messages: [{ role: 'user', content: 'Where is order A-17?' }],
      tools: [{ name: 'lookup_order', description: 'Find an order by id', input_schema: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] } }],
      tool_choice: { type: 'any' },
    });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    const use = message.content.find((block) => block.type === 'tool_use');
    expect(use?.type === 'tool_use' ? use.name : undefined).toBe('lookup_order');
    expect(use?.type === 'tool_use' ? typeof use.input : undefined).toBe('object');
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(lastUpstream(h)).toMatchObject({ path: '/v1/responses', body: { model: 'gpt-5.1-codex', stream: true, tool_choice: 'required' } });
  });

  it("gives an Anthropic client's thinking the model's reasoning summary", async () => {
    const message = await h.anthropic(KEY).messages.create({ model: 'o3-pro', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: 'Why is the sky blue?' }] });
    const thinking = message.content.find((block) => block.type === 'thinking');
    expect(thinking?.type === 'thinking' ? thinking.thinking.length : 0).toBeGreaterThan(20);
    expect(message.content.at(-1)?.type).toBe('text');
    expect(lastUpstream(h).body.reasoning).toEqual({ effort: 'low', summary: 'auto' });
  });

  it("searches with the Responses API's own web_search tool for an Anthropic client, the search billed on the trace", async () => {
    const { data: message, response } = await h
      .anthropic(KEY)
      .messages.create({ model: 'o3-pro', max_tokens: 2000, tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 2 }], messages: [{ role: 'user', content: 'What is the latest Node.js LTS release?' }] })
      .withResponse();
    expect(lastUpstream(h).body.tools).toEqual([{ type: 'web_search' }]);
    const use = message.content.find((block) => block.type === 'server_tool_use');
    expect(use?.type === 'server_tool_use' ? use.name : undefined).toBe('web_search');
    expect(message.usage.server_tool_use?.web_search_requests).toBe(1);
    const trace = await h.traceOf(response);
    // $20 and $80 a million tokens, and OpenAI's $10 a thousand searches.
    expect(trace.costUsd).toBeCloseTo((message.usage.input_tokens * 20 + message.usage.output_tokens * 80) / 1e6 + 0.01, 6);
    expect(JSON.stringify(trace.decisions?.dropped_params ?? {})).toContain('web_search.max_uses');
  });

  it('refuses n above 1 naming the field, since a Response is one answer', async () => {
    const failure = await h.openai(KEY).chat.completions.create({ model: 'o3-pro', messages: [{ role: 'user', content: 'Hi' }], n: 2 }).catch((error: unknown) => error as { status: number; message: string });
    expect(failure).toMatchObject({ status: 400 });
    expect((failure as { message: string }).message).toMatch(/\bn is 2\b.*Responses API/);
  });
});

describe('a model only the Responses API serves, in the model listing', () => {
  it("gives the o-series model's output limit and window, as its family's (they read null before 2026-12-07)", async () => {
    expect(await h.anthropic(KEY).models.retrieve('o3-pro')).toMatchObject({ id: 'o3-pro', max_tokens: 100_000, max_input_tokens: 200_000 });
  });
});
