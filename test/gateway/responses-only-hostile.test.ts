import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { lastUpstream, responsesOnlyConfig } from './responses-only-config.js';

/**
 * Odd requests from clients that do not know their model is served only by OpenAI's Responses API:
 * each is answered as chat completions would answer it, or refused with a 400 naming the client's
 * own field, never with the Responses API's 400 about a field the client never wrote.
 */
const KEY = 'sk-sy-responses-odd';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => responsesOnlyConfig(sim, KEY));
});
afterAll(() => h.close());

const fn = (name: string) => ({ type: 'function' as const, function: { name, parameters: { type: 'object', properties: { city: { type: 'string' } } } } });
type Failure = { status: number; message: string; param?: string | null };
const failureOf = (error: unknown) => error as Failure;

describe('a cap below the Responses API floor', () => {
  it("sends an OpenAI client's max_tokens: 1 as the 16 the Responses API takes at least, and says so on the trace", async () => {
    const { data: answer, response } = await h.openai(KEY).chat.completions.create({ model: 'o3-pro', max_tokens: 1, messages: [{ role: 'user', content: 'ping' }] }).withResponse();
    expect(answer.object).toBe('chat.completion');
    expect(lastUpstream(h)).toMatchObject({ path: '/v1/responses', body: { max_output_tokens: 16 } });
    const trace = await h.traceOf(response);
    expect(trace.decisions?.output_cap).toMatchObject({ requested: 1, sent: 16, model: 'o3-pro' });
  });

  it("answers an Anthropic client's max_tokens: 1 ping (Claude Code's quota check) on a codex model", async () => {
    const message = await h.anthropic(KEY).messages.create({ model: 'codex', max_tokens: 1, messages: [{ role: 'user', content: 'quota' }] });
    expect(message.type).toBe('message');
    expect(lastUpstream(h).body.max_output_tokens).toBe(16);
  });
});

describe('tool turns the Responses API cannot take as they are', () => {
  it('refuses a tool message without tool_call_id, naming it, rather than sending a call id of ""', async () => {
    const failure = await h
      .openai(KEY)
      .chat.completions.create({
        model: 'o3-pro',
        tools: [fn('weather')],
        messages: [
          { role: 'user', content: 'Weather in Oslo?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }] },
          { role: 'tool', content: 'sunny' } as unknown as { role: 'tool'; content: string; tool_call_id: string },
        ],
      })
      .catch(failureOf);
    expect(failure).toMatchObject({ status: 400, param: 'messages[2].tool_call_id' });
    expect((failure as Failure).message).toMatch(/messages\[2\]\.tool_call_id/);
  });

  it('refuses a custom tool naming it and where it can be had, as for Claude and Gemini (a custom call could not come back)', async () => {
    const failure = await h
      .openai(KEY)
      .chat.completions.create({ model: 'codex', tools: [{ type: 'custom', custom: { name: 'apply_patch', description: 'Apply a patch' } }], messages: [{ role: 'user', content: 'Fix it' }] })
      .catch(failureOf);
    expect(failure).toMatchObject({ status: 400, param: 'tools[0].type' });
    // It said only `got type "custom"`: not which tool, nor that /v1/responses takes it.
    expect((failure as Failure).message).toMatch(
      /tools\[0\]: custom tool "apply_patch" cannot be sent to gpt-5\.1-codex\S* \(served by OpenAI's Responses API\), which is given function tools only: send the request to \/v1\/responses through a provider with responses: native, where OpenAI takes the custom tool and answers its call as a custom_tool_call, or declare it as a function tool/,
    );
    const forced = await h
      .openai(KEY)
      .chat.completions.create({ model: 'codex', tools: [fn('weather')], tool_choice: { type: 'custom', custom: { name: 'apply_patch' } }, messages: [{ role: 'user', content: 'Fix it' }] })
      .catch(failureOf);
    expect(forced).toMatchObject({ status: 400, param: 'tool_choice' });
    expect((forced as Failure).message).toMatch(/tool_choice: custom tool "apply_patch" cannot be forced on gpt-5\.1-codex/);
  });

  it("narrows the tools to an allowed_tools choice's set, which chat and the Responses API shape differently", async () => {
    await h.openai(KEY).chat.completions.create({
      model: 'codex',
      tools: [fn('weather'), fn('time')],
      tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'time' } }] } },
      messages: [{ role: 'user', content: 'Time in Oslo?' }],
    });
    const { body } = lastUpstream(h);
    expect((body.tools as { name: string }[]).map((tool) => tool.name)).toEqual(['time']);
    expect(body.tool_choice).toBe('required');
  });
});

describe("a refusal in the client's own terms", () => {
  it("names a Gemini client's candidateCount, not chat's n, when it asks a Responses-only model for two answers", async () => {
    const response = await fetch(`${h.gateway.url}/v1beta/models/o3-pro:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': KEY },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Two ideas?' }] }], generationConfig: { candidateCount: 2 } }),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string; status: string } };
    expect(error.status).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/^generationConfig\.candidateCount is 2\b.*generationConfig\.candidateCount: 1/);
  });
});

describe("an Anthropic client's tool result without the id of its call", () => {
  it('is refused naming its tool_use_id, as Claude refuses it, not the chat field it became', async () => {
    const failure = await h
      .anthropic(KEY)
      .messages.create({
        model: 'codex',
        max_tokens: 200,
        tools: [{ name: 'weather', input_schema: { type: 'object' } }],
        messages: [
          { role: 'user', content: 'Weather in Oslo?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: '', content: 'sunny' }] },
        ],
      })
      .catch((error: unknown) => error as { status: number; message: string });
    expect(failure).toMatchObject({ status: 400 });
    expect((failure as { message: string }).message).toMatch(/messages\.2\.content\.0\.tool_use_id|messages\[2\]\.content\[0\]\.tool_use_id/);
  });
});

describe("a Responses client's function_call_output without the id of its call", () => {
  it('is refused naming its call_id', async () => {
    const failure = await h
      .openai(KEY)
      .responses.create({
        model: 'codex',
        tools: [{ type: 'function', name: 'weather', parameters: { type: 'object' }, strict: false }],
        input: [
          { role: 'user', content: 'Weather in Oslo?' },
          { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{}' },
          { type: 'function_call_output', call_id: '', output: 'sunny' },
        ],
      })
      .catch(failureOf);
    expect(failure).toMatchObject({ status: 400, param: 'input[2].call_id' });
    expect((failure as Failure).message).toMatch(/call_id of the function_call it answers/);
  });
});

describe('a json_schema response format whose schema is not an object', () => {
  it('is refused naming response_format.json_schema.schema, not the text.format.schema it would become', async () => {
    const failure = await h
      .openai(KEY)
      .chat.completions.create({
        model: 'o3-pro',
        messages: [{ role: 'user', content: 'A city?' }],
        response_format: { type: 'json_schema', json_schema: { name: 'city', schema: 'an object with a city' as unknown as Record<string, unknown> } },
      })
      .catch(failureOf);
    expect(failure).toMatchObject({ status: 400, param: 'response_format.json_schema.schema' });
    expect((failure as Failure).message).toMatch(/expected object, got "an object with a city"/);
  });
});

describe('a chat field the Responses API has under another name', () => {
  it("refuses a verbosity outside low, medium and high naming verbosity, not the text.verbosity it would become", async () => {
    for (const verbosity of ['shouty', 3]) {
      const failure = await h
        .openai(KEY)
        .chat.completions.create({ model: 'o3-pro', messages: [{ role: 'user', content: 'Hi' }], verbosity: verbosity as 'low' })
        .catch(failureOf);
      expect(failure).toMatchObject({ status: 400, param: 'verbosity' });
      expect((failure as Failure).message).toMatch(/invalid request: verbosity: .* is not one of "low", "medium", "high"/);
    }
  });

  it('refuses a store that is no boolean naming store, rather than storing the answer at OpenAI as if true', async () => {
    for (const store of ['yes', 1]) {
      const failure = await h
        .openai(KEY)
        .chat.completions.create({ model: 'o3-pro', messages: [{ role: 'user', content: 'Hi' }], store: store as unknown as boolean })
        .catch(failureOf);
      expect(failure).toMatchObject({ status: 400, param: 'store' });
      expect((failure as Failure).message).toMatch(/invalid request: store: expected boolean/);
    }
    await h.openai(KEY).chat.completions.create({ model: 'o3-pro', messages: [{ role: 'user', content: 'Hi' }], store: true });
    expect(lastUpstream(h).body.store).toBe(true);
  });

  it("keeps a json_schema format a json_schema when the client's json_schema object holds a type of its own", async () => {
    await h.openai(KEY).chat.completions.create({
      model: 'o3-pro',
      messages: [{ role: 'user', content: 'A city?' }],
      response_format: { type: 'json_schema', json_schema: { name: 'city', schema: { type: 'object', properties: { city: { type: 'string' } } }, type: 'text' } as unknown as { name: string } },
    });
    expect((lastUpstream(h).body.text as { format: { type: string; name: string } }).format).toMatchObject({ type: 'json_schema', name: 'city' });
  });
});

describe('an empty tool name', () => {
  // Every vendor refuses one; the gateway renamed it for the upstream and gave it back as "".
  it('is refused naming the field, from a chat, an Anthropic and a Gemini client, in a tool and in a past call', async () => {
    const chat = await h.openai(KEY).chat.completions.create({ model: 'codex', tools: [fn('')], messages: [{ role: 'user', content: 'Hi' }] }).catch(failureOf);
    expect(chat).toMatchObject({ status: 400, param: 'tools[0].function.name' });
    const history = await h
      .openai(KEY)
      .chat.completions.create({
        model: 'codex',
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: '', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'done' },
        ],
      })
      .catch(failureOf);
    expect(history).toMatchObject({ status: 400, param: 'messages[1].tool_calls[0].function.name' });
    const claude = await h.anthropic(KEY).messages.create({ model: 'codex', max_tokens: 100, tools: [{ name: '', input_schema: { type: 'object' } }], messages: [{ role: 'user', content: 'Hi' }] }).catch(failureOf);
    expect(claude).toMatchObject({ status: 400 });
    expect((claude as Failure).message).toMatch(/tools\.0\.name|tools\[0\]\.name/);
    const gemini = await fetch(`${h.gateway.url}/v1beta/models/codex:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': KEY },
      body: JSON.stringify({ tools: [{ functionDeclarations: [{ name: '' }] }], contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }),
    });
    expect(gemini.status).toBe(400);
    expect(((await gemini.json()) as { error: { message: string } }).error.message).toMatch(/tools\[0\]\.functionDeclarations\[0\]\.name must be a non-empty string/);
  });
});

describe('a past tool call without an id', () => {
  it("is refused naming the client's own field: chat's tool_calls[j].id, Claude's tool_use id, a Responses function_call's call_id", async () => {
    for (const id of [undefined, '']) {
      const chat = await h
        .openai(KEY)
        .chat.completions.create({
          model: 'codex',
          tools: [fn('weather')],
          messages: [
            { role: 'user', content: 'Weather in Oslo?' },
            { role: 'assistant', content: null, tool_calls: [{ ...(id === undefined ? {} : { id }), type: 'function', function: { name: 'weather', arguments: '{}' } } as { id: string; type: 'function'; function: { name: string; arguments: string } }] },
            { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
          ],
        })
        .catch(failureOf);
      expect(chat).toMatchObject({ status: 400, param: 'messages[1].tool_calls[0].id' });
    }
    const claude = await h
      .anthropic(KEY)
      .messages.create({
        model: 'codex',
        max_tokens: 100,
        tools: [{ name: 'weather', input_schema: { type: 'object' } }],
        messages: [
          { role: 'user', content: 'Weather in Oslo?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: '', name: 'weather', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
        ],
      })
      .catch(failureOf);
    expect(claude).toMatchObject({ status: 400 });
    expect((claude as Failure).message).toMatch(/messages\.1\.content\.0\.id|messages\[1\]\.content\[0\]\.id/);
    const responses = await h
      .openai(KEY)
      .responses.create({
        model: 'codex',
        tools: [{ type: 'function', name: 'weather', parameters: { type: 'object' }, strict: false }],
        input: [
          { role: 'user', content: 'Weather in Oslo?' },
          { type: 'function_call', call_id: '', name: 'weather', arguments: '{}' },
          { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
        ],
      })
      .catch(failureOf);
    expect(responses).toMatchObject({ status: 400, param: 'input[1].call_id' });
  });
});
