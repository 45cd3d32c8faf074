import { createAnthropic } from '@ai-sdk/anthropic';
import Anthropic from '@anthropic-ai/sdk';
import { generateText, type ModelMessage, streamText } from 'ai';
import OpenAI from 'openai';
import { zodResponseFormat, zodTextFormat } from 'openai/helpers/zod';
import { ApiError, GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeUpstream } from '../../src/test-support/fake-upstream.js';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness();
  openai = h.openai('sk-sy-test');
  anthropic = h.anthropic('sk-sy-test');
});
afterAll(() => h.close());

const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('SDK helpers across formats', () => {
  it('parses structured output with the OpenAI SDK helper from an Anthropic model', async () => {
    const Triage = z.object({ category: z.enum(['billing', 'technical', 'account']), urgent: z.boolean() });
    const completion = await openai.chat.completions.parse({
      model: 'claude',
      messages: [{ role: 'user', content: 'My card was charged twice, please fix it today!' }],
      response_format: zodResponseFormat(Triage, 'triage'),
    });
    const parsed = completion.choices[0]?.message.parsed;
    expect(Triage.safeParse(parsed).success).toBe(true);
    const sent = h.sim.stats().lastRequests.at(-1)?.body as { tools: { name: string }[]; tool_choice: { type: string; name: string } };
    expect(sent.tool_choice).toMatchObject({ type: 'tool' });
    expect(sent.tools.map((t) => t.name)).toContain(sent.tool_choice.name);
  });

  it('sends an OpenAI image part to Anthropic as a base64 image block', async () => {
    await openai.chat.completions.create({
      model: 'claude',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL}` } },
          ],
        },
      ],
    });
    const sent = h.sim.stats().lastRequests.at(-1)?.body as { messages: { content: { type: string; source?: unknown }[] }[] };
    expect(sent.messages[0]?.content[1]).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL } });
  });

  it('streams an Anthropic tool call assembled by the SDK from an OpenAI provider', async () => {
    const message = await anthropic.messages
      .stream({
        model: 'small',
        max_tokens: 200,
        tool_choice: { type: 'any' },
        tools: [{ name: 'lookup_order', description: 'Find an order', input_schema: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] } }],
        messages: [{ role: 'user', content: 'Where is order 1234?' }],
      })
      .finalMessage();
    const call = message.content.find((block) => block.type === 'tool_use');
    expect(call?.type === 'tool_use' && call.name).toBe('lookup_order');
    expect(call?.type === 'tool_use' && typeof (call.input as { order_id?: unknown }).order_id).toBe('string');
    expect(message.stop_reason).toBe('tool_use');
    expect(h.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ tool_choice: 'required', stream: true, stream_options: { include_usage: true } });
  });

  it('sends an Anthropic image block to an OpenAI provider as a data URL', async () => {
    await anthropic.messages.create({
      model: 'small',
      max_tokens: 50,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL } }, { type: 'text', text: 'Describe it' }] }],
    });
    const sent = h.sim.stats().lastRequests.at(-1)?.body as { messages: { content: unknown[] }[] };
    expect(sent.messages[0]?.content[0]).toMatchObject({ type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL}` } });
  });
});

describe('structured output (json_schema) on Claude', () => {
  let local: Harness;
  beforeAll(async () => {
    local = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  sonnet45: { provider: anth, model: claude-sonnet-4-5-20250929 }
  sonnet4: { provider: anth, model: claude-sonnet-4-20250514 }`);
  });
  afterAll(() => local.close());
  const sent = () => local.sim.stats().lastRequests.at(-1)?.body as { output_config?: { format?: { type: string; schema: Record<string, unknown> } }; tools?: { name: string }[]; tool_choice?: unknown; thinking?: unknown };
  const Triage = z.object({ category: z.enum(['billing', 'technical', 'account']), urgent: z.boolean(), summary: z.string().max(80) });
  const question = [{ role: 'user' as const, content: 'My card was charged twice, please fix it today!' }];

  it('uses Claude’s native structured output where the model has it, whole and streamed, with the client’s tools still callable and thinking possible', async () => {
    const client = local.openai('x');
    const parsed = await client.chat.completions.parse({ model: 'sonnet45', messages: question, response_format: zodResponseFormat(Triage, 'triage') });
    expect(Triage.safeParse(parsed.choices[0]?.message.parsed).success).toBe(true);
    expect(sent().output_config?.format).toMatchObject({ type: 'json_schema', schema: { type: 'object', additionalProperties: false, required: ['category', 'urgent', 'summary'] } });
    // zod's max length is no constraint Claude enforces: it reaches the model in the description.
    expect(sent().output_config?.format?.schema.properties).toMatchObject({ summary: { type: 'string', description: '{maxLength: 80}' } });
    expect(sent()).not.toHaveProperty('tool_choice');
    expect(sent()).not.toHaveProperty('tools');

    const lookup: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'lookup_account', parameters: { type: 'object', properties: { id: { type: 'string' } } } } };
    const streamed = await client.chat.completions
      .stream({ model: 'sonnet45', messages: question, tools: [lookup], reasoning_effort: 'low', response_format: zodResponseFormat(Triage, 'triage') })
      .finalChatCompletion();
    expect(Triage.safeParse(streamed.choices[0]?.message.parsed).success).toBe(true);
    // No tool is forced: the client's own tool is offered as it is, and Claude may think first.
    expect(sent().tools?.map((tool) => tool.name)).toEqual(['lookup_account']);
    expect(sent()).not.toHaveProperty('tool_choice');
    expect(sent()).toHaveProperty('thinking');
  });

  it('gives a Responses API client the same: text.format json_schema as native structured output, streamed with tools, and with reasoning', async () => {
    const client = local.openai('x');
    const lookup = { type: 'function' as const, name: 'lookup_account', parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false }, strict: true };
    const streamed = await client.responses.stream({ model: 'sonnet45', input: question[0]!.content, tools: [lookup], text: { format: zodTextFormat(Triage, 'triage') } }).finalResponse();
    expect(Triage.safeParse(streamed.output_parsed).success).toBe(true);
    expect(sent().output_config?.format?.type).toBe('json_schema');
    expect(sent().tools?.map((tool) => tool.name)).toEqual(['lookup_account']);
    expect(sent()).not.toHaveProperty('tool_choice');
    const reasoned = await client.responses.parse({ model: 'sonnet45', input: question[0]!.content, reasoning: { effort: 'low' }, text: { format: zodTextFormat(Triage, 'triage') } });
    expect(Triage.safeParse(reasoned.output_parsed).success).toBe(true);
    // Nothing forced, so Claude thinks, and the thinking comes back as a reasoning item.
    expect(sent()).toHaveProperty('thinking');
    expect(reasoned.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
  });

  it('keeps the forced-tool workaround for a Claude model without structured outputs, which would refuse output_config.format', async () => {
    const client = local.openai('x');
    const parsed = await client.chat.completions.parse({ model: 'sonnet4', messages: question, response_format: zodResponseFormat(Triage, 'triage') });
    expect(Triage.safeParse(parsed.choices[0]?.message.parsed).success).toBe(true);
    expect(sent()).not.toHaveProperty('output_config');
    expect(sent().tool_choice).toEqual({ type: 'tool', name: 'json_response' });
    // What the workaround avoids: that model refuses native structured output (the simulator as Anthropic).
    const claude = local.anthropic('x');
    const refused = await claude.messages
      .create({ model: 'sonnet4', max_tokens: 200, messages: question, output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: {}, additionalProperties: false } } } })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, message: expect.stringContaining("does not support structured outputs") });
  });
});

describe('sampling settings on Claude 4.5 models, which take temperature or top_p, not both', () => {
  it('sends an OpenAI client’s temperature alone, and lets a native client meet Anthropic’s own 400', async () => {
    const local = await startHarness('', (sim) => `
providers: { anth: { type: anthropic, base_url: "${sim}", api_key: sk-ant-up } }
models: { sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 } }`);
    try {
      const client = local.openai('x');
      const answer = await client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'Hello' }], temperature: 0.3, top_p: 0.9 });
      expect(answer.choices[0]?.message.content).toEqual(expect.any(String));
      const sent = local.sim.stats().lastRequests.at(-1)?.body as Record<string, unknown>;
      expect(sent).toMatchObject({ temperature: 0.3 });
      expect(sent).not.toHaveProperty('top_p');
      await client.chat.completions.create({ model: 'sonnet', messages: [{ role: 'user', content: 'Hello' }], top_p: 0.9 });
      expect(local.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ top_p: 0.9 });

      const native = local.anthropic('x');
      // @ts-expect-error the SDK's types no longer have temperature or top_p; the test sends both to see the gateway refuse them together
      const error = await native.messages.create({ model: 'sonnet', max_tokens: 20, temperature: 0.3, top_p: 0.9, messages: [{ role: 'user', content: 'Hello' }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as Error).message).toContain('temperature and top_p cannot both be specified for this model');
    } finally {
      await local.close();
    }
  });
});

describe('reasoning across formats: reasoning_effort and extended thinking', () => {
  let local: Harness;
  beforeAll(async () => {
    local = await startHarness('', (sim) => `
${threeVendorProviders(sim, `  native: { type: openai, base_url: "${sim}/v1", api_key: sk-up, responses: native }`)}
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 }
  haiku35: { provider: anth, model: claude-3-5-haiku-20241022 }
  o4: { provider: oai, model: o4-mini }
  gpt4o: { provider: oai, model: gpt-4o }
  gpt4oNative: { provider: native, model: gpt-4o }
  gpt4oThenO4:
    fallbacks: [ { provider: oai, model: gpt-4o }, { provider: oai, model: o4-mini } ]
  flash: { provider: gem, model: gemini-2.5-flash }
  gpt5: { provider: oai, model: gpt-5-mini }
  gpt54: { provider: oai, model: gpt-5.4-mini }`);
  });
  afterAll(() => local.close());
  const sent = () => local.sim.stats().lastRequests.at(-1)?.body as Record<string, unknown>;
  const weather: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];

  it('gives an OpenAI client’s reasoning_effort to Claude as thinking, and the thinking back as reasoning_content, whole and streamed', async () => {
    const client = local.openai('x');
    const answer = await client.chat.completions.create({ model: 'sonnet', reasoning_effort: 'medium', temperature: 0.2, messages: [{ role: 'user', content: 'Think it over: is 91 prime?' }] });
    expect(sent()).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 8192 }, max_tokens: 4096 + 8192 });
    expect(sent()).not.toHaveProperty('temperature');
    const message = answer.choices[0]?.message as { content: string | null; reasoning_content?: string };
    expect(message.reasoning_content?.length).toBeGreaterThan(0);
    expect(message.content?.length).toBeGreaterThan(0);

    const stream = await client.chat.completions.create({ model: 'sonnet', reasoning_effort: 'high', max_completion_tokens: 3000, stream: true, messages: [{ role: 'user', content: 'Think again' }] });
    let reasoning = '';
    for await (const chunk of stream) reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
    expect(reasoning.length).toBeGreaterThan(0);
    // A budget above the client’s own limit shrinks to fit under it.
    expect(sent()).toMatchObject({ thinking: { budget_tokens: 2999 }, max_tokens: 3000 });
  });

  it('leaves thinking off where Claude would refuse it: a forced tool, answered tool calls, no room, a model that cannot think', async () => {
    const client = local.openai('x');
    local.sim.addScript({ match: 'weather in oslo', reply: { tool_calls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] } });
    try {
      const { data: first, response: firstResponse } = await client.chat.completions.create({ model: 'sonnet', reasoning_effort: 'low', tools: weather, messages: [{ role: 'user', content: 'Weather in Oslo?' }] }).withResponse();
      expect(sent()).toHaveProperty('thinking');
      expect((await local.traceOf(firstResponse)).decisions?.thinking).toBeUndefined();
      const call = first.choices[0]?.message;
      expect(call?.tool_calls?.length).toBe(1);
      // The client cannot send back the signed thinking block the next turn would need: without
      // thinking on that turn, Claude accepts the tool results (the simulator checks as Claude does).
      const { data: second, response } = await client.chat.completions
        .create({
          model: 'sonnet',
          reasoning_effort: 'low',
          tools: weather,
          messages: [{ role: 'user', content: 'Weather in Oslo?' }, call!, { role: 'tool', tool_call_id: call!.tool_calls![0]!.id, content: '4°C' }],
        })
        .withResponse();
      expect(second.choices).toHaveLength(1);
      expect(sent()).not.toHaveProperty('thinking');
      // Not silently: the trace says the thinking asked for was left off, and why.
      expect((await local.traceOf(response)).decisions?.thinking).toEqual({
        requested: 'low',
        model: 'claude-sonnet-4-5-20250929',
        applied: false,
        reason: expect.stringContaining('the request answers tool calls'),
      });
    } finally {
      local.sim.clearScripts();
    }
    const reasonOf = async (response: Response) => ((await local.traceOf(response)).decisions?.thinking as { reason?: string } | undefined)?.reason;
    const forced = await client.chat.completions.create({ model: 'sonnet', reasoning_effort: 'low', tools: weather, tool_choice: 'required', messages: [{ role: 'user', content: 'Weather?' }] }).withResponse();
    expect(sent()).not.toHaveProperty('thinking');
    expect(await reasonOf(forced.response)).toContain('a tool is forced');
    const small = await client.chat.completions.create({ model: 'sonnet', reasoning_effort: 'low', max_completion_tokens: 500, messages: [{ role: 'user', content: 'Quick' }] }).withResponse();
    expect(sent()).not.toHaveProperty('thinking');
    expect(await reasonOf(small.response)).toBe("a limit of 500 tokens leaves less than Claude's smallest thinking budget (1024)");
    const old = await client.chat.completions.create({ model: 'haiku35', reasoning_effort: 'high', messages: [{ role: 'user', content: 'Quick' }] }).withResponse();
    expect(sent()).not.toHaveProperty('thinking');
    expect(await reasonOf(old.response)).toBe('claude-3-5-haiku-20241022 has no extended thinking');
  });

  it('gives an Anthropic client’s top_k to Gemini as topK, and drops it for OpenAI models as before', async () => {
    const client = local.anthropic('x');
    // The installed SDK's types leave top_k out, though the API takes it; a spread passes it as sent.
    const topK = (top_k: number) => ({ top_k });
    await client.messages.create({ model: 'flash', max_tokens: 64, ...topK(12), messages: [{ role: 'user', content: 'Hi' }] });
    expect(sent()).toMatchObject({ generationConfig: { topK: 12 } });
    await client.messages.stream({ model: 'flash', max_tokens: 64, ...topK(3), messages: [{ role: 'user', content: 'Hi' }] }).finalMessage();
    expect(sent()).toMatchObject({ generationConfig: { topK: 3 } });
    // OpenAI has no top_k: the request goes without it rather than being refused.
    await client.messages.create({ model: 'gpt4o', max_tokens: 64, ...topK(12), messages: [{ role: 'user', content: 'Hi' }] });
    expect(JSON.stringify(sent())).not.toContain('top_k');
    // Claude itself gets it as sent.
    await client.messages.create({ model: 'sonnet', max_tokens: 64, ...topK(12), messages: [{ role: 'user', content: 'Hi' }] });
    expect(sent()).toMatchObject({ top_k: 12 });
  });

  it('hands Claude’s refusal to the client whole, its documentation link included', async () => {
    const client = local.anthropic('x');
    const error = await client.messages.create({ model: 'sonnet', max_tokens: 1500, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [{ role: 'user', content: 'Think' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as Error).message).toContain('https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size');
  });

  it('gives an Anthropic client’s thinking budget to Gemini 2.5 as that budget, and to OpenAI reasoning models as the nearest effort', async () => {
    const client = local.anthropic('x');
    const gemini = await client.messages.create({ model: 'flash', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [{ role: 'user', content: 'Think' }] });
    // The budget itself, not the nearest effort's (low: 1,024), which was all Gemini got before.
    expect(sent()).toMatchObject({ generationConfig: { maxOutputTokens: 4000, thinkingConfig: { thinkingBudget: 2000, includeThoughts: true } } });
    // Gemini’s thought summary comes back as the thinking block the client asked for, streamed too.
    expect(gemini.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const streamed = await client.messages.stream({ model: 'flash', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [{ role: 'user', content: 'Think again' }] }).finalMessage();
    expect(streamed.content[0]?.type === 'thinking' && streamed.content[0].thinking.length).toBeGreaterThan(0);
    const o4 = await client.messages.create({ model: 'o4', max_tokens: 21000, thinking: { type: 'enabled', budget_tokens: 20000 }, messages: [{ role: 'user', content: 'Think' }] });
    expect(sent()).toMatchObject({ reasoning_effort: 'high', max_completion_tokens: 21000 });
    expect(sent()).not.toHaveProperty('anthropic_thinking_budget');
    // What the answer spent thinking, as Claude reports it (output_tokens_details.thinking_tokens),
    // whole and streamed: the reasoning tokens Gemini and OpenAI count were dropped.
    for (const message of [gemini, streamed, o4]) {
      const thinking = message.usage.output_tokens_details?.thinking_tokens ?? 0;
      expect([message.model, thinking]).toEqual([message.model, expect.any(Number)]);
      expect(thinking).toBeGreaterThan(0);
      expect(thinking).toBeLessThanOrEqual(message.usage.output_tokens);
    }
    expect(sent()).not.toHaveProperty('include_reasoning');
  });

  it('turns Gemini 2.5 Flash’s thinking off for an Anthropic client’s thinking disabled, as Claude’s is', async () => {
    // Flash thinks unless told not to: the request went without thinkingConfig, and Gemini thought.
    const client = local.anthropic('x');
    const answer = await client.messages.create({ model: 'flash', max_tokens: 4000, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'Think' }] });
    expect(sent()).toMatchObject({ generationConfig: { thinkingConfig: { thinkingBudget: 0 } } });
    expect(answer.usage.output_tokens_details?.thinking_tokens ?? 0).toBe(0);
  });

  it('gives a Gemini client’s thinkingBudget to a Claude model that takes budgets as that budget, within Claude’s rules, not the nearest effort’s', async () => {
    const ai = new GoogleGenAI({ apiKey: 'x', httpOptions: { baseUrl: local.gateway.url } });
    const ask = (thinkingBudget: number, maxOutputTokens?: number) =>
      ai.models.generateContent({ model: 'sonnet', contents: 'Think', config: { thinkingConfig: { thinkingBudget }, ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }) } });
    // 2,000 went as the nearest effort's budget (low: 1,024), and 10,000 as medium's 8,192.
    await ask(2000, 4000);
    expect(sent()).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2000 }, max_tokens: 4000 });
    await ask(10_000);
    expect(sent()).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 10_000 }, max_tokens: 4096 + 10_000 });
    // Claude's smallest budget is 1,024, and a budget must stay below max_tokens.
    await ask(600, 4000);
    expect(sent()).toMatchObject({ thinking: { budget_tokens: 1024 } });
    await ask(8000, 3000);
    expect(sent()).toMatchObject({ thinking: { budget_tokens: 2999 }, max_tokens: 3000 });
    const streamed = await ai.models.generateContentStream({ model: 'sonnet', contents: 'Think', config: { thinkingConfig: { thinkingBudget: 2000 } } });
    for await (const chunk of streamed) void chunk;
    expect(sent()).toMatchObject({ thinking: { budget_tokens: 2000 }, stream: true });
    // The budget is the gateway's own field: an OpenAI model gets the nearest effort and no more.
    await ai.models.generateContent({ model: 'o4', contents: 'Think', config: { thinkingConfig: { thinkingBudget: 2000 } } });
    expect(sent()).toMatchObject({ reasoning_effort: 'low' });
    expect(JSON.stringify(sent())).not.toContain('thinking_budget');
  });

  it('turns an OpenAI reasoning model’s reasoning down to the least it takes for Anthropic thinking disabled and a Gemini thinkingBudget of 0', async () => {
    // OpenAI: gpt-5.1 on take "none"; models before it default to medium and do not take "none"
    // (gpt-5, -mini, -nano go as low as "minimal"), and the o-series as low as "low".
    const least = { gpt5: 'minimal', gpt54: 'none', o4: 'low' } as const;
    const claude = local.anthropic('x');
    const ai = new GoogleGenAI({ apiKey: 'x', httpOptions: { baseUrl: local.gateway.url } });
    for (const [model, effort] of Object.entries(least)) {
      // Disabled sent no effort at all: gpt-5-mini and o4-mini reasoned at their default, medium.
      const { response } = await claude.messages.create({ model, max_tokens: 2000, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'Quick' }] }).withResponse();
      expect([model, sent().reasoning_effort]).toEqual([model, effort]);
      if (effort !== 'none') expect((await local.traceOf(response)).decisions?.reasoning_effort).toMatchObject({ sent: effort, model: expect.any(String) });
      // Budget 0 went as "none", which gpt-5-mini and o4-mini refuse.
      await ai.models.generateContent({ model, contents: 'Quick', config: { thinkingConfig: { thinkingBudget: 0 } } });
      expect([model, sent().reasoning_effort]).toEqual([model, effort]);
    }
    // Not a reasoning model: nothing to turn down, and nothing sent.
    await claude.messages.create({ model: 'gpt4o', max_tokens: 200, thinking: { type: 'disabled' }, messages: [{ role: 'user', content: 'Quick' }] });
    expect(sent()).not.toHaveProperty('reasoning_effort');
  });

  it('sends an Anthropic client’s thinking to a GPT-4-era model without the effort, which that model would refuse the request over, and says so', async () => {
    const claude = local.anthropic('x');
    const { data: message, response } = await claude.messages.create({ model: 'gpt4o', max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [{ role: 'user', content: 'Think' }] }).withResponse();
    expect(message.content[0]?.type).toBe('text');
    expect(sent()).not.toHaveProperty('reasoning_effort');
    expect((await local.traceOf(response)).decisions?.dropped_params).toEqual({ openai: ['reasoning_effort'] });
  });

  it('answers a Responses client’s reasoning.effort on a GPT-4-era model with OpenAI’s own 400, translated or native, whole and streamed', async () => {
    const openai = local.openai('x');
    const before = local.sim.stats().requests;
    const refusal = { status: 400, code: 'unsupported_parameter', param: 'reasoning.effort', error: { message: "Unsupported parameter: 'reasoning.effort' is not supported with this model." } };
    // Translated to chat, it was dropped and the answer came back as if the model had reasoned.
    const translated = await openai.responses.create({ model: 'gpt4o', input: 'Think', reasoning: { effort: 'low' } }).catch((e: unknown) => e);
    expect(translated).toMatchObject(refusal);
    const streamed = await openai.responses.create({ model: 'gpt4o', input: 'Think', reasoning: { effort: 'low' }, stream: true }).catch((e: unknown) => e);
    expect(streamed).toMatchObject(refusal);
    // Refused before it left: nothing reached the model.
    expect(local.sim.stats().requests).toBe(before);
    // What OpenAI itself answers, through a native target.
    expect(await openai.responses.create({ model: 'gpt4oNative', input: 'Think', reasoning: { effort: 'low' } }).catch((e: unknown) => e)).toMatchObject(refusal);
    // A route passes over that target to one that reasons.
    const { data: answer, response } = await openai.responses.create({ model: 'gpt4oThenO4', input: 'Think', reasoning: { effort: 'low' } }).withResponse();
    expect(answer.model).toBe('o4-mini');
    expect(sent()).toMatchObject({ model: 'o4-mini', reasoning_effort: 'low' });
    expect((await local.traceOf(response)).decisions?.unsupported).toBeDefined();
    // No effort, or none set, is no refusal.
    expect((await openai.responses.create({ model: 'gpt4o', input: 'Think', reasoning: { summary: null } })).status).toBe('completed');
    // An OpenAI client’s own request passes through as sent, and meets OpenAI’s answer to it.
    const error = await openai.chat.completions.create({ model: 'gpt4o', reasoning_effort: 'low', messages: [{ role: 'user', content: 'Think' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'reasoning_effort' });
  });
});

describe('thinking blocks the gateway wrote, on their way back to Claude', () => {
  let local: Harness;
  beforeAll(async () => {
    // Gemini first, Claude behind it: a conversation Gemini began may finish on Claude.
    local = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  agent:
    fallbacks: [ { provider: gem, model: gemini-2.5-flash }, { provider: anth, model: claude-sonnet-4-5-20250929 } ]
retry: { max_attempts: 1 }`);
  });
  afterAll(() => local.close());
  const sent = () => local.sim.stats().lastRequests.at(-1)?.body as { thinking?: unknown; messages: { role: string; content: { type: string }[] }[] };
  const weather: Anthropic.Tool[] = [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
  const thinking = { type: 'enabled' as const, budget_tokens: 2000 };

  it('leaves out the unsigned thinking of a Gemini turn when the tool loop falls back to Claude, and thinking off on that turn, as Anthropic requires', async () => {
    const client = local.anthropic('x');
    local.sim.addScript({ match: 'weather in oslo', thinking: 'I should look the weather up.', reply: { tool_calls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] } });
    try {
      const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in Oslo?' };
      const first = await client.messages.create({ model: 'agent', max_tokens: 4000, thinking, tools: weather, messages: [question] });
      // Gemini answered; its thought is a thinking block with no signature to give.
      expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
      expect(first.content[0]).toMatchObject({ type: 'thinking', signature: '' });
      const call = first.content[1] as Anthropic.ToolUseBlock;

      // Gemini is down for the next step: Claude gets the conversation, and would refuse the
      // unsigned block (the simulator checks signatures as Claude does).
      local.sim.addFault({ kind: 'status', status: 503, model: 'gemini-2.5-flash' });
      const { data: second, response } = await client.messages
        .create({ model: 'agent', max_tokens: 4000, thinking, tools: weather, messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '4°C' }] }] })
        .withResponse();
      expect(second.content.length).toBeGreaterThan(0);
      expect(local.sim.stats().lastRequests.at(-1)?.path).toBe('/v1/messages');
      expect(sent().messages[1]?.content.map((block) => block.type)).toEqual(['tool_use']);
      expect(sent()).not.toHaveProperty('thinking');
      expect((await local.traceOf(response)).decisions?.thinking).toEqual({
        model: 'claude-sonnet-4-5-20250929',
        unsigned_dropped: 1,
        requested: 'enabled',
        applied: false,
        reason: expect.stringContaining('thinking is off for this request'),
      });

      // A later turn, streamed: the unsigned block of an earlier turn goes, thinking stays on.
      const later = await client.messages
        .stream({ model: 'agent', max_tokens: 4000, thinking, tools: weather, messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '4°C' }] }, { role: 'assistant', content: 'It is 4°C in Oslo.' }, { role: 'user', content: 'And tomorrow?' }] })
        .finalMessage();
      expect(later.content[0]?.type).toBe('thinking');
      expect(sent().thinking).toEqual(thinking);
      expect(sent().messages[1]?.content.map((block) => block.type)).toEqual(['tool_use']);
    } finally {
      local.sim.clearScripts();
      local.sim.clearFaults();
    }
  });
});

describe('thinking blocks the gateway wrote, sent back by the official Anthropic SDK to Gemini and OpenAI', () => {
  let local: Harness;
  beforeAll(async () => {
    local = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  flash: { provider: gem, model: gemini-2.5-flash }
  o4: { provider: oai, model: o4-mini }`);
  });
  afterAll(() => local.close());
  const weather: Anthropic.Tool[] = [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
  const thinking = { type: 'enabled' as const, budget_tokens: 2000 };

  /** The last request the simulator got: its path, and its body as text (to look for the thought). */
  const upstream = () => {
    const last = local.sim.stats().lastRequests.at(-1);
    return { path: last?.path ?? '', body: JSON.stringify(last?.body) };
  };

  it.each([
    { model: 'flash', path: /generatecontent/i },
    { model: 'o4', path: /^\/v1\/chat\/completions$/ },
  ])('$model: the next turn of a conversation streamed with messages.stream() carries the unsigned thinking as the SDK kept it, and the gateway takes it', async ({ model, path }) => {
    const client = local.anthropic('x');
    local.sim.addScript({ match: 'bergen or oslo', thinking: 'Bergen is wetter than Oslo.', reply: 'Oslo.' });
    try {
      const question: Anthropic.MessageParam = { role: 'user', content: 'Bergen or Oslo for a dry weekend?' };
      const first = await client.messages.stream({ model, max_tokens: 4000, thinking, messages: [question] }).finalMessage();
      // The SDK accumulates the block as streamed: its signature_delta was empty, as the whole answer's signature is.
      expect(first.content).toEqual([{ type: 'thinking', thinking: 'Bergen is wetter than Oslo.', signature: '' }, { type: 'text', text: 'Oslo.' }]);
      const history: Anthropic.MessageParam[] = [question, { role: 'assistant', content: first.content }, { role: 'user', content: 'And in winter?' }];
      const streamed = await client.messages.stream({ model, max_tokens: 4000, thinking, messages: history }).finalMessage();
      expect(streamed.content.some((block) => block.type === 'text')).toBe(true);
      expect(upstream().path).toMatch(path);
      // The earlier answer reaches the model; its unsigned thought does not come back as text.
      expect(upstream().body).toContain('Oslo.');
      expect(upstream().body).not.toContain('Bergen is wetter than Oslo.');
      expect((await client.messages.create({ model, max_tokens: 4000, thinking, messages: history })).content.some((block) => block.type === 'text')).toBe(true);
    } finally {
      local.sim.clearScripts();
    }
  });

  it.each(['flash', 'o4'])('%s: the AI SDK keeps streamed reasoning for the next turn, as it keeps a whole answer’s, with no warning, and the gateway takes it', async (model) => {
    const provider = createAnthropic({ baseURL: `${local.gateway.url}/v1`, apiKey: 'x' });
    const providerOptions = { anthropic: { thinking: { type: 'enabled', budgetTokens: 2000 } } };
    local.sim.addScript({ match: 'bergen or oslo', thinking: 'Bergen is wetter than Oslo.', reply: 'Oslo.' });
    try {
      const question: ModelMessage = { role: 'user', content: 'Bergen or Oslo for a dry weekend?' };
      const whole = await generateText({ model: provider(model), maxOutputTokens: 4000, providerOptions, messages: [question] });
      const streamed = streamText({ model: provider(model), maxOutputTokens: 4000, providerOptions, messages: [question] });
      await streamed.consumeStream();
      const turns = { whole: whole.response.messages, streamed: (await streamed.response).messages };
      for (const earlier of Object.values(turns)) {
        // The reasoning carries the (empty) signature in its provider options, streamed as whole: the AI SDK sends it back.
        expect(earlier[0]?.content).toEqual([{ type: 'reasoning', text: 'Bergen is wetter than Oslo.', providerOptions: { anthropic: { signature: '' } } }, { type: 'text', text: 'Oslo.' }]);
        const next = await generateText({ model: provider(model), maxOutputTokens: 4000, providerOptions, messages: [question, ...earlier, { role: 'user', content: 'And in winter?' }] });
        expect(next.warnings ?? []).toEqual([]);
        expect(next.text.length).toBeGreaterThan(0);
        expect(upstream().body).toContain('Oslo.');
        expect(upstream().body).not.toContain('Bergen is wetter than Oslo.');
      }
    } finally {
      local.sim.clearScripts();
    }
  });

  it('flash: a tool loop sends the unsigned thinking back with the tool call, and Gemini gets the call and its result', async () => {
    const client = local.anthropic('x');
    local.sim.addScript({ match: 'weather in bergen', thinking: 'I should look the weather up.', reply: { tool_calls: [{ name: 'get_weather', arguments: { city: 'Bergen' } }] } });
    try {
      const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in Bergen?' };
      const first = await client.messages.stream({ model: 'flash', max_tokens: 4000, thinking, tools: weather, messages: [question] }).finalMessage();
      expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
      expect(first.content[0]).toMatchObject({ type: 'thinking', signature: '' });
      const call = first.content[1] as Anthropic.ToolUseBlock;
      const history: Anthropic.MessageParam[] = [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'Rain, 4°C' }] }];
      const second = await client.messages.stream({ model: 'flash', max_tokens: 4000, thinking, tools: weather, messages: history }).finalMessage();
      expect(second.stop_reason).not.toBeNull();
      expect(upstream().body).toContain('"functionCall":{"name":"get_weather"');
      expect(upstream().body).toContain('Rain, 4°C');
      expect(upstream().body).not.toContain('I should look the weather up.');
    } finally {
      local.sim.clearScripts();
    }
  });
});

describe('Anthropic clients on OpenAI reasoning models', () => {
  it('sends max_tokens as max_completion_tokens, which those models require', async () => {
    const local = await startHarness('', (sim) => `
providers: { sim: { type: openai, base_url: "${sim}/v1", api_key: sk-up } }
models: { thinker: { provider: sim, model: o4-mini } }`);
    try {
      const client = local.anthropic('x');
      const message = await client.messages.create({ model: 'thinker', max_tokens: 300, messages: [{ role: 'user', content: 'Think, then answer: 2+2?' }] });
      expect(message.content[0]?.type).toBe('text');
      const sent = local.sim.stats().lastRequests.at(-1)?.body as Record<string, unknown>;
      expect(sent).toMatchObject({ model: 'o4-mini', max_completion_tokens: 300 });
      expect(sent).not.toHaveProperty('max_tokens');
    } finally {
      await local.close();
    }
  });
});

describe('Azure OpenAI-style providers', () => {
  it('keeps the base URL query (api-version) on every call and sends the configured api-key header', async () => {
    const seen: { url: string; apiKey: string | undefined }[] = [];
    const azure = await startFakeUpstream((req, _body, res) => {
      seen.push({ url: req.url ?? '', apiKey: req.headers['api-key'] as string | undefined });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }));
    });
    const local = await startHarness('', () => `
providers:
  azure: { type: openai, base_url: "http://127.0.0.1:${azure.port}/openai/deployments/my-gpt?api-version=2024-10-21", headers: { api-key: sk-azure } }
models: { gpt: { provider: azure, model: gpt-4o } }`);
    try {
      const client = local.openai('x');
      const answer = await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] });
      expect(answer.choices[0]?.message.content).toBe('hi');
      expect(seen).toEqual([{ url: '/openai/deployments/my-gpt/chat/completions?api-version=2024-10-21', apiKey: 'sk-azure' }]);
    } finally {
      await local.close();
      await azure.close();
    }
  });
});

describe('tool turns translated between vendors', () => {
  let local: Harness;
  beforeAll(async () => {
    local = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 }
  gpt: { provider: oai, model: gpt-4.1-mini }
  flash: { provider: gem, model: gemini-2.5-flash }`);
  });
  afterAll(() => local.close());
  const weather: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];

  it('reports a forced named tool as finish_reason "stop" on every backend, as OpenAI itself does, whole and streamed', async () => {
    const client = local.openai('x');
    const request = { messages: [{ role: 'user' as const, content: 'Weather in Oslo?' }], tools: weather, tool_choice: { type: 'function' as const, function: { name: 'get_weather' } } };
    for (const model of ['gpt', 'sonnet', 'flash']) {
      const whole = await client.chat.completions.create({ model, ...request });
      expect(whole.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: 'get_weather' } });
      expect([model, whole.choices[0]?.finish_reason]).toEqual([model, 'stop']);
      const streamed = await client.chat.completions.stream({ model, ...request }).finalChatCompletion();
      expect(streamed.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: 'get_weather' } });
      expect([model, streamed.choices[0]?.finish_reason]).toEqual([model, 'stop']);
      // "required" lets the model pick the tool, and OpenAI reports tool_calls then.
      const required = await client.chat.completions.create({ model, ...request, tool_choice: 'required' });
      expect([model, required.choices[0]?.finish_reason]).toEqual([model, 'tool_calls']);
    }
    // An Anthropic client still sees tool_use for a forced tool on the translated backends.
    const anthropicClient = local.anthropic('x');
    for (const model of ['gpt', 'flash']) {
      const message = await anthropicClient.messages.create({
        model,
        max_tokens: 200,
        tool_choice: { type: 'tool', name: 'get_weather' },
        tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
        messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      });
      expect([model, message.stop_reason]).toEqual([model, 'tool_use']);
    }
  });

  it('narrows the tools to an allowed_tools choice (GPT-5 era) on every backend, whole and streamed, and refuses custom tools with a 400 naming the field', async () => {
    const client = local.openai('x');
    const time: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { tz: { type: 'string' } }, required: ['tz'] } } };
    const allowed: OpenAI.ChatCompletionAllowedToolChoice = { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'get_time' } }] } };
    // The prompt asks for the weather: only the allowed set keeps the model off get_weather.
    const request = { messages: [{ role: 'user' as const, content: 'What is the weather in Oslo?' }], tools: [...weather, time], tool_choice: allowed };
    for (const model of ['gpt', 'sonnet', 'flash']) {
      const whole = await client.chat.completions.create({ model, ...request });
      const names = (whole.choices[0]?.message.tool_calls ?? []).map((call) => (call.type === 'function' ? call.function.name : call.type));
      expect([model, names]).toEqual([model, ['get_time']]);
      expect([model, whole.choices[0]?.finish_reason]).toEqual([model, 'tool_calls']);
      const streamed = await client.chat.completions.stream({ model, ...request }).finalChatCompletion();
      expect([model, streamed.choices[0]?.message.tool_calls?.map((call) => (call.type === 'function' ? call.function.name : call.type))]).toEqual([model, ['get_time']]);
    }
    const sent = local.sim.stats().lastRequests.at(-1)?.body as { tools?: { functionDeclarations: { name: string }[] }[] };
    expect(sent.tools?.[0]?.functionDeclarations.map((d) => d.name)).toEqual(['get_time']);

    const stray = { ...request, tool_choice: { ...allowed, allowed_tools: { mode: 'auto' as const, tools: [{ type: 'function', function: { name: 'get_stock' } }] } } };
    const custom = { messages: request.messages, tools: [{ type: 'custom' as const, custom: { name: 'run_sql' } }] };
    for (const model of ['sonnet', 'flash']) {
      await expect(client.chat.completions.create({ model, ...stray })).rejects.toMatchObject({ status: 400, param: 'tool_choice.allowed_tools.tools[0]' });
      await expect(client.chat.completions.create({ model, ...custom })).rejects.toMatchObject({ status: 400, param: 'tools[0].type', message: expect.stringMatching(/custom tool "run_sql" cannot be sent to (Anthropic|Gemini), which is given function tools only: declare it as a function tool .*or send the request to \/v1\/responses/) });
      await expect(client.chat.completions.create({ model, ...request, tool_choice: { type: 'custom', custom: { name: 'get_time' } } })).rejects.toMatchObject({ status: 400, param: 'tool_choice' });
    }
  });

  it('carries a tool loop Gemini started on to an OpenAI model, whose 40-character limit on tool call ids the Gemini ids (with their thought signature) exceed', async () => {
    const client = local.openai('x');
    const asked: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'Weather in Oslo?' };
    const first = await client.chat.completions.create({ model: 'flash', messages: [asked], tools: weather, tool_choice: 'required' });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(call?.id.length).toBeGreaterThan(40);
    const loop: OpenAI.ChatCompletionMessageParam[] = [asked, first.choices[0]!.message, { role: 'tool', tool_call_id: call!.id, content: '4°C and clear' }];
    const whole = await client.chat.completions.create({ model: 'gpt', messages: loop, tools: weather });
    expect(whole.choices[0]?.message.content).toEqual(expect.any(String));
    const sent = local.sim.stats().lastRequests.at(-1)?.body as { messages: { tool_calls?: { id: string }[]; tool_call_id?: string }[] };
    const sentId = sent.messages[1]?.tool_calls?.[0]?.id;
    expect(sentId?.length).toBeLessThanOrEqual(40);
    expect(sent.messages[2]?.tool_call_id).toBe(sentId);
    const streamed = await client.chat.completions.stream({ model: 'gpt', messages: loop, tools: weather }).finalChatCompletion();
    expect(streamed.choices[0]?.message.content).toEqual(expect.any(String));

    // An Anthropic client's loop takes the translated path to the same end.
    const claude = local.anthropic('x');
    const tools: Anthropic.Tool[] = [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
    const started = await claude.messages.create({ model: 'flash', max_tokens: 200, tools, tool_choice: { type: 'any' }, messages: [{ role: 'user', content: 'Weather in Oslo?' }] });
    const use = started.content.find((block) => block.type === 'tool_use');
    expect(use?.id.length).toBeGreaterThan(40);
    const answered = await claude.messages.create({
      model: 'gpt',
      max_tokens: 200,
      tools,
      messages: [{ role: 'user', content: 'Weather in Oslo?' }, { role: 'assistant', content: started.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use!.id, content: '4°C and clear' }] }],
    });
    expect(answered.stop_reason).toBe('end_turn');
  });

  it('keeps an Anthropic client’s failed tool result failed: "Error: …" text for OpenAI, functionResponse.response.error for Gemini', async () => {
    const anthropicClient = local.anthropic('x');
    const sent = () => local.sim.stats().lastRequests.at(-1)?.body as { messages?: { role: string; content: unknown }[]; contents?: { parts: Record<string, unknown>[] }[] };
    const turn = (isError: boolean): Anthropic.MessageParam[] => [
      { role: 'user', content: 'Weather in Atlantis?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Atlantis' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'city not found', is_error: isError }] },
    ];
    const tools: Anthropic.Tool[] = [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }];
    for (const isError of [true, false]) {
      await anthropicClient.messages.create({ model: 'gpt', max_tokens: 100, tools, messages: turn(isError) });
      const toolMessage = sent().messages?.find((m) => m.role === 'tool');
      expect(toolMessage).toEqual({ role: 'tool', tool_call_id: 'toolu_01', content: isError ? 'Error: city not found' : 'city not found' });

      await anthropicClient.messages.create({ model: 'flash', max_tokens: 100, tools, messages: turn(isError) });
      const response = sent().contents?.flatMap((c) => c.parts).find((p) => 'functionResponse' in p)?.['functionResponse'];
      expect(response).toMatchObject({ name: 'get_weather', response: isError ? { error: 'city not found' } : { output: 'city not found' } });
    }
  });

  const oslo = [{ role: 'user' as const, content: 'Weather in Oslo?' }];

  it("refuses them with a 400 naming the field in the client's own words, where a translation dropped them or Claude named a field the client never wrote", async () => {
    const openai = local.openai('x');
    const fn = (extra: Record<string, unknown>) => [{ type: 'function', function: { name: 'get_weather', ...extra } }] as unknown as OpenAI.ChatCompletionTool[];
    const before = local.sim.stats().lastRequests.length;
    for (const model of ['gpt', 'sonnet', 'flash']) {
      // Claude answered "tools.0.custom.input_schema: Field required"; Gemini and the rest took it as no schema.
      await expect(openai.chat.completions.create({ model, messages: oslo, tools: fn({ parameters: 'str' }) })).rejects.toMatchObject({ status: 400, code: 'invalid_type', param: 'tools[0].function.parameters', message: expect.stringContaining('expected object, got "str"') });
      await expect(openai.chat.completions.create({ model, messages: oslo, tools: fn({ strict: 'yes' }) })).rejects.toMatchObject({ status: 400, param: 'tools[0].function.strict' });
      await expect(openai.chat.completions.create({ model, messages: oslo, tools: fn({ description: 5 }) })).rejects.toMatchObject({ status: 400, param: 'tools[0].function.description' });
      await expect(openai.responses.create({ model, input: 'Weather?', tools: [{ type: 'function', name: 'get_weather', parameters: 'str', strict: true } as never] })).rejects.toMatchObject({ status: 400, param: 'tools[0].parameters' });
    }
    const claude = local.anthropic('x');
    for (const model of ['gpt', 'sonnet', 'flash']) {
      for (const [tool, field] of [
        [{ name: 'get_weather' }, 'tools[0].input_schema: expected object, got nothing'],
        [{ name: 'get_weather', input_schema: 'str' }, 'tools[0].input_schema: expected object, got "str"'],
        [{ name: 'get_weather', input_schema: { type: 'object' }, description: 7 }, 'tools[0].description: expected string, got 7'],
        // A deferred tool stays hidden from a translated model until a tool result names it: "yes" hid nothing.
        [{ name: 'get_weather', input_schema: { type: 'object' }, defer_loading: 'yes' }, 'tools[0].defer_loading: expected boolean, got "yes"'],
      ] as const) {
        await expect(claude.messages.create({ model, max_tokens: 100, messages: oslo, tools: [tool as never] })).rejects.toMatchObject({ status: 400, error: { error: { type: 'invalid_request_error', message: expect.stringContaining(field) } } });
      }
    }
    for (const [declaration, field] of [
      [{ name: 'get_weather', parameters: 'str' }, 'parameters must be a JSON object, got "str"'],
      [{ name: 'get_weather', description: 5 }, 'description must be a string, got 5'],
    ] as const) {
      const response = await fetch(`${local.gateway.url}/v1beta/models/sonnet:generateContent`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'x' }, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Weather?' }] }], tools: [{ functionDeclarations: [declaration] }] }) });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(`tools[0].functionDeclarations[0].${field}`);
    }
    // Nothing reached a provider.
    expect(local.sim.stats().lastRequests.length).toBe(before);
  });

  it('leaves tools without a schema, server tools and null fields as the vendors take them', async () => {
    const openai = local.openai('x');
    for (const model of ['gpt', 'sonnet', 'flash']) {
      const answer = await openai.chat.completions.create({ model, messages: oslo, tools: [{ type: 'function', function: { name: 'get_time', description: null, parameters: null, strict: null } as never }] });
      expect([model, answer.choices.length]).toEqual([model, 1]);
    }
    const claude = local.anthropic('x');
    const searched = await claude.messages.create({ model: 'sonnet', max_tokens: 200, messages: oslo, tools: [{ type: 'web_search_20250305', name: 'web_search' }] });
    expect(searched.stop_reason).toBe('end_turn');
  });

  it('is what the simulator answers for OpenAI and Anthropic themselves', async () => {
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${local.sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x', 'x-api-key': 'x', 'anthropic-version': '2023-06-01' }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as { error: { message: string; param?: string; code?: string } } };
    };
    const openaiTool = (extra: Record<string, unknown>) => ({ model: 'gpt-4o', messages: oslo, tools: [{ type: 'function', function: { name: 'get_weather', ...extra } }] });
    expect(await post('/v1/chat/completions', openaiTool({ parameters: 'str' }))).toMatchObject({ status: 400, body: { error: { message: "Invalid type for 'tools[0].function.parameters': expected an object, but got a string instead.", param: 'tools[0].function.parameters', code: 'invalid_type' } } });
    expect(await post('/v1/chat/completions', openaiTool({ strict: 'yes' }))).toMatchObject({ status: 400, body: { error: { param: 'tools[0].function.strict', code: 'invalid_type' } } });
    expect(await post('/v1/chat/completions', openaiTool({ parameters: { type: 'object' }, strict: null }))).toMatchObject({ status: 200 });
    const claudeTool = (tool: Record<string, unknown>) => ({ model: 'claude-sonnet-4-5-20250929', max_tokens: 50, messages: oslo, tools: [{ name: 'get_weather', ...tool }] });
    expect(await post('/v1/messages', claudeTool({ input_schema: 'str' }))).toMatchObject({ status: 400, body: { error: { message: 'tools.0.custom.input_schema: Input should be a valid dictionary' } } });
    expect(await post('/v1/messages', claudeTool({}))).toMatchObject({ status: 400, body: { error: { message: 'tools.0.custom.input_schema: Field required' } } });
    expect(await post('/v1/messages', claudeTool({ input_schema: { type: 'object' }, defer_loading: 'yes' }))).toMatchObject({ status: 400, body: { error: { message: 'tools.0.custom.defer_loading: Input should be a valid boolean' } } });
  });
});

describe('stop sequences across vendors', () => {
  let local: Harness;
  beforeAll(async () => {
    local = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 }
  gpt: { provider: oai, model: gpt-4.1-mini }
  o4: { provider: oai, model: o4-mini }
  o4-then-claude:
    fallbacks: [ { provider: oai, model: o4-mini }, { provider: anth, model: claude-sonnet-4-5-20250929 } ]
  flash: { provider: gem, model: gemini-2.5-flash }
`);
    local.sim.addScript({ match: 'count to five', reply: 'one two three four five' });
  });
  afterAll(() => local.close());
  const ask = [{ role: 'user' as const, content: 'Count to five' }];

  it('gives an OpenAI client finish_reason "stop" when Claude stopped on a sequence, whole and streamed', async () => {
    const client = local.openai('x');
    const whole = await client.chat.completions.create({ model: 'sonnet', stop: ['four'], messages: ask });
    expect(local.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ stop_sequences: ['four'] });
    expect(whole.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'one two three ' } });
    const streamed = await client.chat.completions.stream({ model: 'sonnet', stop: 'four', messages: ask }).finalChatCompletion();
    expect(streamed.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'one two three ' } });
  });

  it('gives an Anthropic client stop_reason "stop_sequence" and the sequence from Claude, and "end_turn" from OpenAI and Gemini, which do not say which', async () => {
    const client = local.anthropic('x');
    const request = { max_tokens: 50, stop_sequences: ['four', 'nine'], messages: ask };
    const claude = await client.messages.create({ model: 'sonnet', ...request });
    expect(claude).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'four', content: [{ type: 'text', text: 'one two three ' }] });
    // OpenAI cut the text at the sequence too, but reports finish_reason "stop" either way and
    // never the string: the gateway does not guess, it says end_turn with no sequence.
    const gpt = await client.messages.create({ model: 'gpt', ...request });
    expect(local.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ stop: ['four', 'nine'] });
    expect(gpt).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null, content: [{ type: 'text', text: 'one two three ' }] });
    const streamed = await client.messages.stream({ model: 'gpt', ...request }).finalMessage();
    expect(streamed).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null });
    // Gemini's finishReason is STOP for a natural end and a stop sequence alike; one sequence or two.
    for (const stop_sequences of [['four'], ['four', 'nine']]) {
      const gemini = await client.messages.create({ model: 'flash', ...request, stop_sequences });
      expect(local.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ generationConfig: { stopSequences: stop_sequences } });
      expect(gemini).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null, content: [{ type: 'text', text: 'one two three ' }] });
      expect(await client.messages.stream({ model: 'flash', ...request, stop_sequences }).finalMessage()).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null });
    }
  });

  it('takes an Anthropic client’s stop sequences past the 4 OpenAI takes: the first 4 go to OpenAI, the gateway stops at the rest and names the one matched, whole and streamed', async () => {
    const client = local.anthropic('x');
    // The fifth, which the answer reaches, is one OpenAI never sees.
    const five = ['six', 'seven', 'eight', 'nine', 'four'];
    const whole = await client.messages.create({ model: 'gpt', max_tokens: 50, stop_sequences: five, messages: ask });
    expect(local.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ stop: five.slice(0, 4) });
    expect(whole).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'four', content: [{ type: 'text', text: 'one two three ' }] });
    const streamed = await client.messages.stream({ model: 'gpt', max_tokens: 50, stop_sequences: five, messages: ask }).finalMessage();
    expect(local.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ stop: five.slice(0, 4), stream: true });
    expect(streamed).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'four', content: [{ type: 'text', text: 'one two three ' }] });
    // None matched: the answer is OpenAI's, whole.
    const none = await client.messages.create({ model: 'gpt', max_tokens: 50, stop_sequences: ['six', 'seven', 'eight', 'nine', 'ten'], messages: ask });
    expect(none).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null, content: [{ type: 'text', text: 'one two three four five' }] });
  });

  it('refuses an Anthropic client’s stop sequences on an OpenAI reasoning model, which takes none, in its own format naming its field; a fallback passes over', async () => {
    const client = local.anthropic('x');
    const before = local.sim.stats().lastRequests.length;
    const reasoning = await client.messages.create({ model: 'o4', max_tokens: 50, stop_sequences: ['four'], messages: ask }).catch((e: unknown) => e);
    expect(reasoning).toBeInstanceOf(Anthropic.BadRequestError);
    expect((reasoning as Error).message).toContain("stop_sequences is not supported by o4-mini: OpenAI's reasoning models refuse stop sequences");
    // Refused before it left: OpenAI never saw it (it would have answered about a 'stop' field the client never sent).
    expect(local.sim.stats().lastRequests.length).toBe(before);
    // With a fallback, the target that cannot honour them is passed over and Claude answers.
    const { data, response } = await client.messages.create({ model: 'o4-then-claude', max_tokens: 50, stop_sequences: ['four'], messages: ask }).withResponse();
    expect(data).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'four' });
    expect(local.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ stop_sequences: ['four'] });
    expect(JSON.stringify((await local.traceOf(response)).decisions?.unsupported)).toContain('not supported by o4-mini');
  });

  it('names a Gemini client’s own field, generationConfig.stopSequences, when refusing its stop sequences on an OpenAI reasoning model', async () => {
    const ai = new GoogleGenAI({ apiKey: 'x', httpOptions: { baseUrl: local.gateway.url } });
    const before = local.sim.stats().lastRequests.length;
    const refused = await ai.models.generateContent({ model: 'o4', contents: 'Count to ten', config: { stopSequences: ['four'] } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(400);
    // It named stop_sequences, the Anthropic client's field, which this client never sent.
    expect((refused as Error).message).toContain("generationConfig.stopSequences is not supported by o4-mini: OpenAI's reasoning models refuse stop sequences; omit generationConfig.stopSequences");
    expect((refused as Error).message).not.toContain('stop_sequences');
    expect(local.sim.stats().lastRequests.length).toBe(before);
  });

  it('takes stop sequences past the 5 Gemini takes: the first 5 go to Gemini, the gateway stops at the rest and names the one matched, whole and streamed', async () => {
    const client = local.anthropic('x');
    // The sixth, which the answer reaches, is one Gemini never sees.
    const six = ['six', 'seven', 'eight', 'nine', 'ten', 'four'];
    const whole = await client.messages.create({ model: 'flash', max_tokens: 50, stop_sequences: six, messages: ask });
    expect(local.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ generationConfig: { stopSequences: six.slice(0, 5) } });
    expect(whole).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'four', content: [{ type: 'text', text: 'one two three ' }] });
    const streamed = await client.messages.stream({ model: 'flash', max_tokens: 50, stop_sequences: six, messages: ask }).finalMessage();
    expect(local.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ generationConfig: { stopSequences: six.slice(0, 5) } });
    expect(streamed).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'four', content: [{ type: 'text', text: 'one two three ' }] });
    // An OpenAI client's list of 6 too.
    const openai = local.openai('x');
    const chat = await openai.chat.completions.create({ model: 'flash', stop: six, messages: ask });
    expect(chat.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'one two three ' } });
    const chatStreamed = await openai.chat.completions.stream({ model: 'flash', stop: six, messages: ask }).finalChatCompletion();
    expect(chatStreamed.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'one two three ' } });
    // None matched: the answer is Gemini's, whole.
    const none = await client.messages.create({ model: 'flash', max_tokens: 50, stop_sequences: ['six', 'seven', 'eight', 'nine', 'ten', 'eleven'], messages: ask });
    expect(none).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null, content: [{ type: 'text', text: 'one two three four five' }] });
  });

  it('reports the sequence to an Anthropic client when an OpenAI-compatible server names it (vLLM’s stop_reason), whole and streamed', async () => {
    const vllm = await startFakeUpstream((_req, text, res) => {
      const body = JSON.parse(text) as { stream?: boolean; stop?: string[] };
      // Only the sequence the client sent is named; a string it did not send is ignored.
      const matched = body.stop?.includes('###') ? '###' : 'not-sent';
      const base = { id: 'chatcmpl-v', model: 'llama', created: 1 };
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'A' }, finish_reason: 'stop', stop_reason: matched }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (choices: unknown[], usage?: unknown) => `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...(usage ? { usage } : {}) })}\n\n`;
      res.write(chunk([{ index: 0, delta: { role: 'assistant', content: 'A' }, finish_reason: null }]));
      res.write(chunk([{ index: 0, delta: {}, finish_reason: 'stop', stop_reason: matched }]));
      res.write(chunk([], { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 }));
      res.end('data: [DONE]\n\n');
    });
    const gateway = await startHarness('', () => `
providers: { vllm: { type: openai, base_url: "${vllm.v1}", api_key: none } }
models: { llama: { provider: vllm, model: llama } }`);
    try {
      const client = gateway.anthropic('x');
      const request = { model: 'llama', max_tokens: 50, messages: ask };
      expect(await client.messages.create({ ...request, stop_sequences: ['###'] })).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: '###' });
      expect(await client.messages.stream({ ...request, stop_sequences: ['###'] }).finalMessage()).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: '###' });
      expect(await client.messages.create({ ...request, stop_sequences: ['END'] })).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null });
      expect(await client.messages.stream({ ...request, stop_sequences: ['END'] }).finalMessage()).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null });
    } finally {
      await gateway.close();
      await vllm.close();
    }
  });
});

describe('Anthropic search results and custom-content documents on OpenAI and Gemini models', () => {
  let local: Harness;
  beforeAll(async () => {
    local = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  gpt: { provider: oai, model: gpt-4.1-mini }
  flash: { provider: gem, model: gemini-2.5-flash }`);
  });
  afterAll(() => local.close());
  const sent = () => local.sim.stats().lastRequests.at(-1)?.body as { messages?: { role: string; content: unknown }[]; contents?: { parts: Record<string, unknown>[] }[] };
  const sentText = () => JSON.stringify(sent().messages ?? sent().contents);

  // Both were a 400 "content block type "search_result (source undefined)" cannot be sent to an
  // OpenAI-compatible model", for Gemini too: the RAG shapes Anthropic documents had no way to
  // another provider's model. They are text the model reads; the answer comes back uncited.
  it('reads them as text, in a user turn and in a tool result, whole and streamed', async () => {
    const client = local.anthropic('x');
    const searchResult: Anthropic.SearchResultBlockParam = { type: 'search_result', source: 'https://kb.example/sky', title: 'Sky', content: [{ type: 'text', text: 'The sky on Mars is butterscotch.' }], citations: { enabled: true } };
    const customDocument: Anthropic.DocumentBlockParam = { type: 'document', title: 'Handbook', context: 'HR, 2026', source: { type: 'content', content: [{ type: 'text', text: 'Leave is 30 days.' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL } }] } };
    for (const model of ['gpt', 'flash']) {
      const answer = await client.messages.create({ model, max_tokens: 100, messages: [{ role: 'user', content: [searchResult, customDocument, { type: 'text', text: 'What colour is the Martian sky?' }] }] });
      expect(answer.content[0]?.type, model).toBe('text');
      expect(sentText(), model).toContain('Sky\\n\\nhttps://kb.example/sky\\n\\nThe sky on Mars is butterscotch.');
      expect(sentText(), model).toContain('Handbook\\n\\nHR, 2026');
      expect(sentText(), model).toContain('Leave is 30 days.');
      expect(sentText(), model).toContain(PIXEL);

      const streamed = await client.messages
        .stream({
          model,
          max_tokens: 100,
          tools: [{ name: 'search', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
          messages: [
            { role: 'user', content: 'Martian sky?' },
            { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'search', input: { q: 'mars sky' } }] },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: [searchResult] }] },
          ],
        })
        .finalMessage();
      expect(streamed.stop_reason, model).toBeTruthy();
      if (model === 'gpt') expect(sent().messages?.find((m) => m.role === 'tool')).toEqual({ role: 'tool', tool_call_id: 'toolu_01', content: 'Sky\n\nhttps://kb.example/sky\n\nThe sky on Mars is butterscotch.' });
      else expect(sentText()).toContain('The sky on Mars is butterscotch.');
    }
  });

  it('still refuses a block no other API has, naming it and the blocks that translate', async () => {
    const client = local.anthropic('x');
    for (const model of ['gpt', 'flash']) {
      const error = await client.messages
        .create({ model, max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'container_upload', file_id: 'file_1' } as never, { type: 'text', text: 'hi' }] }] })
        .catch((e: unknown) => e);
      expect(error, model).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as InstanceType<typeof Anthropic.BadRequestError>).error, model).toMatchObject({
        error: { type: 'invalid_request_error', message: 'messages[0].content[0]: content block type "container_upload" cannot be translated for an OpenAI or Gemini model (text, image, document and search_result blocks can)' },
      });
    }
  });
});
