/**
 * The simulator's Responses API as the official `openai` SDK sees it: `responses.create`, the
 * `responses.stream` helper, function calls, structured output, `previous_response_id` and
 * in-band stream failures, so the gateway's native path is tested against something faithful.
 */
import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pngImage } from '../test-support/png-image.js';
import { openaiOn, simulatorPerFile } from '../test-support/simulator-per-file.js';
import type { Simulator } from './types.js';

let sim: Simulator;
let client: OpenAI;

simulatorPerFile((started) => {
  sim = started;
  client = openaiOn(sim);
}, { clearBetweenTests: true });

const lookupOrder = {
  type: 'function' as const,
  name: 'lookup_order',
  description: 'Find an order by id',
  parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'], additionalProperties: false },
  strict: true,
};

describe('simulated POST /v1/responses', () => {
  it('answers text with usage, deterministically for the same input', async () => {
    const first = await client.responses.create({ model: 'standin-small', instructions: 'Be brief.', input: 'Tell me about rate limits' });
    const again = await client.responses.create({ model: 'standin-small', instructions: 'Be brief.', input: 'Tell me about rate limits' });
    expect(first).toMatchObject({ object: 'response', status: 'completed', instructions: 'Be brief.', model: 'standin-small' });
    expect(first.id).toMatch(/^resp_/);
    expect(first.output_text.length).toBeGreaterThan(0);
    expect(again.output_text).toBe(first.output_text);
    expect(first.usage?.input_tokens).toBeGreaterThan(0);
    expect(first.usage?.total_tokens).toBe((first.usage?.input_tokens ?? 0) + (first.usage?.output_tokens ?? 0));
  });

  it('refuses a temperature that is no number or lies outside 0–2 in the words chat completions use', async () => {
    const refusal = async (temperature: unknown) =>
      ((await client.responses.create({ model: 'standin-small', input: 'x', temperature: temperature as number }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>).error;
    expect(await refusal('hot')).toEqual({ message: 'Invalid \'temperature\': expected a number between 0 and 2, but got "hot" instead.', type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' });
    expect(await refusal(2.5)).toEqual({ message: "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 2.5 instead.", type: 'invalid_request_error', param: 'temperature', code: 'decimal_above_max_value' });
    expect(await refusal(-1)).toMatchObject({ param: 'temperature', code: 'decimal_below_min_value' });
  });

  it('refuses text.format json_object unless an input message says "json" (instructions do not count), in OpenAI\'s words', async () => {
    const ask = (instructions: string, input: string) => client.responses.create({ model: 'gpt-4.1-mini', instructions, input, text: { format: { type: 'json_object' } } });
    const refused = await ask('Reply in JSON.', 'The largest city of Norway').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({
      type: 'invalid_request_error',
      message: "Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.",
      param: 'text.format',
      code: null,
    });
    expect(JSON.parse((await ask('Be brief.', 'The largest city of Norway, as json')).output_text)).toBeTypeOf('object');
  });

  it('counts an input_image as OpenAI does for the model and detail, in usage.input_tokens', async () => {
    const image = `data:image/png;base64,${pngImage(1024, 1024).toString('base64')}`;
    const input = (detail?: 'low' | 'high'): OpenAI.Responses.ResponseInput => [
      { role: 'user', content: [...(detail ? [{ type: 'input_image' as const, image_url: image, detail }] : []), { type: 'input_text', text: 'What is in this picture?' }] },
    ];
    const tokens = async (detail?: 'low' | 'high') => (await client.responses.create({ model: 'gpt-4o', input: input(detail) })).usage?.input_tokens ?? 0;
    const text = await tokens();
    expect((await tokens('high')) - text).toBe(85 + 4 * 170);
    expect((await tokens('low')) - text).toBe(85);
  });

  it('answers the question, not an agent’s tagged context in the same message', async () => {
    const environment = '<environment_context>\n  <cwd>/tmp/project</cwd>\n  <shell>bash</shell>\n</environment_context>';
    const response = await client.responses.create({
      model: 'standin-small',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Tell me about rate limits' }, { type: 'input_text', text: environment }] }],
    });
    expect(response.output_text).toMatch(/rate limits/);
    expect(response.output_text).not.toMatch(/environment|bash/);
  });

  it('streams typed events the SDK helper assembles, numbered from 0', async () => {
    const stream = client.responses.stream({ model: 'standin-small', input: 'Say something about trains.' });
    const types: string[] = [];
    const numbers: number[] = [];
    let deltas = '';
    stream.on('event', (event) => {
      types.push(event.type);
      numbers.push(event.sequence_number);
    });
    stream.on('response.output_text.delta', (event) => {
      deltas += event.delta;
    });
    const final = await stream.finalResponse();
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.at(-1)).toBe('response.completed');
    expect(numbers).toEqual(numbers.map((_, i) => i));
    expect(final.output_text).toBe(deltas);
    expect(final.usage?.output_tokens).toBeGreaterThan(0);
  });

  it('calls a function, then answers its output in text', async () => {
    const call = await client.responses.create({ model: 'standin-small', input: 'Where is order 1234?', tools: [lookupOrder], tool_choice: 'required' });
    const fc = call.output.find((item) => item.type === 'function_call');
    expect(fc?.type === 'function_call' && fc.name).toBe('lookup_order');
    const callId = fc?.type === 'function_call' ? fc.call_id : '';
    const answer = await client.responses.create({
      model: 'standin-small',
      previous_response_id: call.id,
      input: [{ type: 'function_call_output', call_id: callId, output: '{"status":"shipped"}' }],
      tools: [lookupOrder],
    });
    expect(answer.output[0]?.type).toBe('message');
    expect(answer.previous_response_id).toBe(call.id);
    expect(answer.usage?.input_tokens).toBeGreaterThan(call.usage?.input_tokens ?? 0);
  });

  it('fills a json_schema text format that the zod helper parses', async () => {
    const Ticket = z.object({ category: z.enum(['billing', 'technical']), urgent: z.boolean() });
    const parsed = await client.responses.parse({ model: 'standin-small', input: 'Charged twice!', text: { format: zodTextFormat(Ticket, 'ticket') } });
    expect(Ticket.safeParse(parsed.output_parsed).success).toBe(true);
  });

  it('refuses what the real API refuses, naming the parameter', async () => {
    await expect(client.responses.create({ model: 'standin-small', input: 'x', previous_response_id: 'resp_nope' })).rejects.toMatchObject({
      status: 400,
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    });
    await expect(client.responses.create({ model: 'standin-small', input: 'x', max_output_tokens: 5 })).rejects.toMatchObject({ status: 400, param: 'max_output_tokens' });
    await expect(client.responses.create({ model: 'standin-small', input: 'x', top_logprobs: 30 })).rejects.toMatchObject({ status: 400, param: 'top_logprobs', code: 'integer_above_max_value' });
    // Above the model's output limit (gpt-4.1-mini: 32,768), as Chat Completions refuses max_completion_tokens.
    const tooMany = await client.responses.create({ model: 'gpt-4.1-mini', input: 'x', max_output_tokens: 40_000 }).catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(OpenAI.BadRequestError);
    expect((tooMany as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({
      message: 'max_output_tokens is too large: 40000. This model supports at most 32768 output tokens, whereas you provided 40000.',
      type: 'invalid_request_error',
      param: 'max_output_tokens',
      code: null,
    });
    expect((await client.responses.create({ model: 'gpt-4.1-mini', input: 'x', max_output_tokens: 32_768 })).status).toBe('completed');
    await expect(client.responses.create({ model: 'standin-small', input: 'x', store: false }).then((r) => client.responses.create({ model: 'standin-small', input: 'y', previous_response_id: r.id }))).rejects.toMatchObject({ status: 400 });
  });

  it("refuses an embedding model in the Responses API's own words, streamed or not (it answered one)", async () => {
    for (const model of ['text-embedding-3-small', 'text-embedding-ada-002']) {
      for (const stream of [false, true]) {
        const error = await client.responses.create({ model, input: 'hi', stream }).then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(OpenAI.BadRequestError);
        expect(error).toMatchObject({ status: 400, param: 'model', code: 'model_not_found', error: { message: `The requested model, '${model}' was not found.`, type: 'invalid_request_error' } });
      }
    }
    // A chat model, and a stand-in name, still answer.
    expect((await client.responses.create({ model: 'standin-small', input: 'hi' })).status).toBe('completed');
  });

  it('runs the built-in web_search tool once before answering, as OpenAI bills it: a web_search_call item and tool_usage.web_search.num_requests, whole and streamed', async () => {
    const tools = [{ type: 'web_search' as const }];
    const whole = await client.responses.create({ model: 'standin-small', input: 'What is the latest Node.js LTS release?', tools });
    expect(whole.output.map((item) => item.type)).toEqual(['web_search_call', 'message']);
    expect(whole.output[0]).toMatchObject({ type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'What is the latest Node.js LTS release' } });
    expect((whole as unknown as { tool_usage?: unknown }).tool_usage).toEqual({ web_search: { num_requests: 1 } });

    const events: string[] = [];
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of await client.responses.create({ model: 'standin-small', input: 'What is the latest Node.js LTS release?', tools, stream: true })) {
      events.push(event.type);
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(events.slice(2, 7)).toEqual(['response.output_item.added', 'response.web_search_call.in_progress', 'response.web_search_call.searching', 'response.web_search_call.completed', 'response.output_item.done']);
    expect((completed as unknown as { tool_usage?: unknown }).tool_usage).toEqual({ web_search: { num_requests: 1 } });

    // Without the tool, or with tool_choice "none", nothing is searched.
    const plain = await client.responses.create({ model: 'standin-small', input: 'What is the latest Node.js LTS release?' });
    expect(plain.output.map((item) => item.type)).toEqual(['message']);
    expect(plain).not.toHaveProperty('tool_usage');
    const none = await client.responses.create({ model: 'standin-small', input: 'What is the latest Node.js LTS release?', tools, tool_choice: 'none' });
    expect((none as unknown as { tool_usage?: unknown }).tool_usage).toEqual({ web_search: { num_requests: 0 } });
  });

  it('stops at max_output_tokens with an incomplete response', async () => {
    sim.addScript({ match: 'long', reply: 'word '.repeat(100) });
    const response = await client.responses.create({ model: 'standin-small', input: 'a long answer please', max_output_tokens: 16 });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
  });

  it('reports a reasoning item and reasoning tokens for reasoning models', async () => {
    const response = await client.responses.create({ model: 'gpt-5-mini', input: 'Think about it' });
    expect(response.output[0]?.type).toBe('reasoning');
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('reasons on gpt-5.4-mini only when reasoning.effort asks for it', async () => {
    const plain = await client.responses.create({ model: 'gpt-5.4-mini', input: 'Where is my card?' });
    expect(plain.output.map((o) => o.type)).toEqual(['message']);
    expect(plain.usage?.output_tokens_details.reasoning_tokens).toBe(0);
    const thought = await client.responses.create({ model: 'gpt-5.4-mini', input: 'Where is my card?', reasoning: { effort: 'medium' } });
    expect(thought.output[0]?.type).toBe('reasoning');
    expect(thought.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('refuses reasoning.effort on a model that does not reason, in OpenAI’s words, as chat refuses reasoning_effort', async () => {
    // What LangChain's ChatOpenAI({ reasoning: { effort } }) and the AI SDK's reasoningEffort send.
    const error = await client.responses.create({ model: 'gpt-4.1-mini', input: 'Hi', reasoning: { effort: 'low', summary: 'auto' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({
      message: "Unsupported parameter: 'reasoning.effort' is not supported with this model.",
      type: 'invalid_request_error',
      param: 'reasoning.effort',
      code: 'unsupported_parameter',
    });
    const chat = await client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Hi' }], reasoning_effort: 'low' }).catch((e: unknown) => e);
    expect((chat as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('reasoning_effort');
    // No effort, or a null one, is taken.
    expect((await client.responses.create({ model: 'gpt-4.1-mini', input: 'Hi', reasoning: { effort: null } })).status).toBe('completed');
  });

  it('returns token log probabilities when include names them, one per token, streamed per delta', async () => {
    const asked = { model: 'standin-small', input: 'Hello', include: ['message.output_text.logprobs' as const], top_logprobs: 2 };
    const whole = await client.responses.create(asked);
    const part = whole.output[0]?.type === 'message' ? whole.output[0].content[0] : undefined;
    const logprobs = part?.type === 'output_text' ? (part.logprobs ?? []) : [];
    expect(logprobs.map((entry) => entry.token).join('')).toBe(whole.output_text);
    expect(logprobs[0]?.top_logprobs).toHaveLength(2);
    const deltas: unknown[][] = [];
    for await (const event of await client.responses.create({ ...asked, stream: true })) if (event.type === 'response.output_text.delta') deltas.push(event.logprobs ?? []);
    expect(deltas.flat()).toEqual(logprobs);
    const plain = await client.responses.create({ model: 'standin-small', input: 'Hello', top_logprobs: 2 });
    expect(plain.output[0]?.type === 'message' && plain.output[0].content[0]).toMatchObject({ logprobs: [] });
  });

  it('fails a stream in-band with a typed error event after the events it promised, which the SDK raises', async () => {
    sim.addFault({ kind: 'status', status: 500, afterChunks: 3, path: '/v1/responses', times: 1 });
    const res = await fetch(`${sim.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sim' }, body: JSON.stringify({ model: 'standin-small', input: 'Hello', stream: true }) });
    const seen = (await res.text()).split('\n').filter((line) => line.startsWith('data: ')).map((line) => JSON.parse(line.slice(6)) as { type: string; sequence_number: number });
    expect(seen.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'error']);
    expect(seen.at(-1)).toMatchObject({ sequence_number: 3, code: 'server_error', error: { type: 'server_error', code: 'server_error' } });
    sim.addFault({ kind: 'status', status: 500, afterChunks: 3, path: '/v1/responses', times: 1 });
    const stream = await client.responses.create({ model: 'standin-small', input: 'Hello', stream: true });
    await expect((async () => { for await (const _ of stream); })()).rejects.toThrow(/server had an error/);
  });

  it("refuses an inline image whose base64 is empty or does not decode, in the API's words (it answered one)", async () => {
    const expected = "Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU=')";
    const png = pngImage(8, 8).toString('base64');
    const ask = (url: string): OpenAI.Responses.ResponseInput => [
      { role: 'user', content: 'Look at this' },
      { role: 'user', content: [{ type: 'input_text', text: 'What is it?' }, { type: 'input_image', image_url: url, detail: 'auto' }] },
    ];
    const refusal = (input: OpenAI.Responses.ResponseInput) => client.responses.create({ model: 'gpt-5.4-mini', input }).then(() => undefined, (e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
    const empty = await refusal(ask('data:image/png;base64,'));
    expect(empty).toBeInstanceOf(OpenAI.BadRequestError);
    expect(empty?.error).toEqual({ message: `Invalid 'input[1].content[1].image_url'. ${expected}, but got empty base64-encoded bytes.`, type: 'invalid_request_error', param: 'input[1].content[1].image_url', code: 'invalid_value' });
    const garbled = await refusal(ask('data:image/png;base64,notbase64!!'));
    expect(garbled?.error).toMatchObject({ message: `Invalid 'input[1].content[1].image_url'. ${expected}, but got an invalid base64-encoded value.`, param: 'input[1].content[1].image_url' });
    // A tool's screenshot comes back in a function call output's list.
    const screenshot = await refusal([
      { type: 'function_call', call_id: 'call_1', name: 'screenshot', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_1', output: [{ type: 'input_image', image_url: 'data:image/png;base64,%%%' }] },
    ]);
    expect(screenshot?.error).toMatchObject({ param: 'input[1].output[0].image_url', code: 'invalid_value' });
    // Good base64 and a plain URL are answered.
    expect((await client.responses.create({ model: 'gpt-5.4-mini', input: ask(`data:image/png;base64,${png}`) })).status).toBe('completed');
    expect((await client.responses.create({ model: 'gpt-5.4-mini', input: ask('https://example.com/cat.png') })).status).toBe('completed');
  });

  it("refuses an input_image whose image_url is neither a web URL nor a data URL, and a text.verbosity outside low/medium/high, in OpenAI's words (it took both)", async () => {
    const refusal = (body: Partial<OpenAI.Responses.ResponseCreateParamsNonStreaming>) =>
      client.responses.create({ model: 'gpt-5.4-mini', input: 'Hi', ...body }).then(() => undefined, (e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
    for (const url of ['not a url', 'iVBORw0KGgoAAAANSUhEUg==', 'ftp://example.com/cat.png']) {
      const image = await refusal({ input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is it?' }, { type: 'input_image', image_url: url, detail: 'auto' }] }] });
      expect(image, url).toBeInstanceOf(OpenAI.BadRequestError);
      expect(image?.error, url).toEqual({
        message: "Invalid 'input[0].content[1].image_url'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got a value without the 'data:' prefix.",
        type: 'invalid_request_error',
        param: 'input[0].content[1].image_url',
        code: 'invalid_value',
      });
    }
    const verbosity = await refusal({ text: { verbosity: 'shouty' as 'low' } });
    expect(verbosity).toBeInstanceOf(OpenAI.BadRequestError);
    expect(verbosity?.error).toEqual({ message: "Invalid value: 'shouty'. Supported values are: 'low', 'medium', and 'high'.", type: 'invalid_request_error', param: 'text.verbosity', code: 'invalid_value' });
    for (const level of ['low', 'medium', 'high', null] as const) expect((await client.responses.create({ model: 'gpt-5.4-mini', input: 'Hi', text: { verbosity: level } })).status).toBe('completed');
  });

  it('refuses an include value it does not know, naming it as OpenAI does', async () => {
    const error = await client.responses.create({ model: 'standin-small', input: 'Hi', include: ['reasoning.encrypted_content', 'bogus' as 'reasoning.encrypted_content'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: 'include[1]', code: 'invalid_value' });
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toMatch(/^400 Invalid value: 'bogus'\. Supported values are: 'file_search_call\.results', .*, and 'message\.output_text\.logprobs'\.$/);
  });

  it('gives reasoning state in encrypted_content when include asks, and takes it back from a client that stores nothing', async () => {
    const request = { model: 'gpt-5.4-mini', reasoning: { effort: 'low' as const }, store: false, include: ['reasoning.encrypted_content' as const] };
    const first = await client.responses.create({ ...request, input: 'Where is my card?' });
    const reasoning = first.output.find((item) => item.type === 'reasoning');
    expect(reasoning?.encrypted_content).toMatch(/^gAAAAA/);
    const next = await client.responses.create({ ...request, input: [{ role: 'user', content: 'Where is my card?' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]).filter((item) => item.type === 'reasoning'), { role: 'user', content: 'And now?' }] });
    expect(next.status).toBe('completed');
    const { include: _, ...plain } = request;
    expect((await client.responses.create({ ...plain, input: 'Where is my card?' })).output.find((item) => item.type === 'reasoning')).not.toHaveProperty('encrypted_content');
  });

  it('refuses earlier reasoning and messages it cannot resolve: content it did not write (400), an id it did not store (404); calls only need their kind’s prefix', async () => {
    const refusal = (input: OpenAI.Responses.ResponseInputItem[], store = true) =>
      client.responses.create({ model: 'gpt-5.4-mini', input, store }).then(
        () => undefined,
        (e: InstanceType<typeof OpenAI.APIError>) => ({ status: e.status, param: e.param, code: e.code, message: (e.error as { message?: string }).message }),
      );
    const ask: OpenAI.Responses.ResponseInputItem = { role: 'user', content: 'Hi' };
    expect(await refusal([ask, { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'swy-thinking.v1.W3sidHlwZSI6InRoaW5raW5nIn1d' }])).toEqual({
      status: 400,
      param: null,
      code: 'invalid_encrypted_content',
      message: 'The encrypted content swy-...In1d could not be verified. Reason: Encrypted content could not be decrypted or parsed.',
    });
    expect(await refusal([ask, { type: 'reasoning', id: 'rs_0mx4k5_0', summary: [] }])).toEqual({ status: 404, param: 'input', code: null, message: "Item with id 'rs_0mx4k5_0' not found." });
    expect(await refusal([ask, { type: 'reasoning', id: 'rs_0mx4k5_0', summary: [] }], false)).toEqual({
      status: 404,
      param: 'input',
      code: null,
      message: "Item with id 'rs_0mx4k5_0' not found. Items are not persisted when `store` is set to false. Try again with `store` set to true, or remove this item from your input.",
    });
    expect(await refusal([ask, { type: 'function_call', id: 'call_1', call_id: 'call_1', name: 'f', arguments: '{}' }])).toEqual({
      status: 400,
      param: 'input[1].id',
      code: 'invalid_id_prefix',
      message: "Invalid 'input[1].id': 'call_1'. Expected an ID that begins with 'fc'.",
    });
    // Items of a stored response are found by id; a message by an id it did not store is not (a
    // gateway handing OpenAI another provider's turn meets this); a call is taken as sent.
    const stored = await client.responses.create({ model: 'gpt-5.4-mini', input: 'Hi', reasoning: { effort: 'low' } });
    expect(await refusal([ask, ...(stored.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'More' }])).toBeUndefined();
    const foreignMessage: OpenAI.Responses.ResponseInputItem = { type: 'message', id: 'msg_0mx4k5_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hello', annotations: [] }] };
    expect(await refusal([ask, foreignMessage, { role: 'user', content: 'More' }])).toEqual({ status: 404, param: 'input', code: null, message: "Item with id 'msg_0mx4k5_1' not found." });
    expect(await refusal([ask, { type: 'message', role: 'assistant', content: 'Hello' }, { role: 'user', content: 'More' }], false)).toBeUndefined();
    // The ids a client gives its own messages (the Codex CLI's msg_<uuid>) are taken.
    const codexMessage = { type: 'message', id: 'msg_01a23dab-11de-7500-91a3-28c2478f9818', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] };
    expect(await refusal([codexMessage as OpenAI.Responses.ResponseInputItem], false)).toBeUndefined();
    expect(await refusal([ask, { type: 'function_call', id: 'fc_0mx4k5_2', call_id: 'call_2', name: 'f', arguments: '{}' }, { type: 'function_call_output', call_id: 'call_2', output: 'ok' }])).toBeUndefined();
  });
});
