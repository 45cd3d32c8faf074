/**
 * Conversation state and failures of the Responses API through the gateway: a conversation
 * continued with `previous_response_id` on a different provider each turn, stored responses read
 * and deleted by their own key only, precise 400s for malformed fields, and streams that break
 * upstream ending in the API's own `error` / `response.failed` events.
 */
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { lookupOrder, responsesConfig } from './responses-config.js';

let h: Harness;
let alpha: OpenAI;
let bravo: OpenAI;

beforeAll(async () => {
  h = await startHarness('', responsesConfig);
  alpha = h.openai('sk-sy-alpha-key');
  bravo = h.openai('sk-sy-bravo-key');
});
afterAll(() => h.close());
afterEach(() => {
  h.sim.clearFaults();
  h.sim.clearScripts();
});

const lastUpstream = () => h.sim.stats().lastRequests.at(-1);

describe('previous_response_id', () => {
  it('continues one conversation across Anthropic, a chat provider, a native provider and Gemini', async () => {
    h.sim.addScript({ match: 'favourite colour is', reply: 'Noted: teal.' });
    const first = await alpha.responses.create({ model: 'claude', instructions: 'Remember facts.', input: 'My favourite colour is teal.' });
    expect(first.output_text).toBe('Noted: teal.');

    const second = await alpha.responses.create({ model: 'small', previous_response_id: first.id, input: 'What is my favourite colour?' });
    expect(second.previous_response_id).toBe(first.id);
    const chat = lastUpstream()?.body as { messages: { role: string; content: unknown }[] };
    // The earlier turn, without its instructions (the API does not carry them over), then the new input.
    expect(chat.messages).toEqual([
      { role: 'user', content: 'My favourite colour is teal.' },
      { role: 'assistant', content: 'Noted: teal.' },
      { role: 'user', content: 'What is my favourite colour?' },
    ]);

    const third = await alpha.responses.create({ model: 'native', previous_response_id: second.id, input: 'And in French?' });
    const sent = lastUpstream()?.body as { input: { role?: string; content?: unknown }[]; previous_response_id?: unknown };
    expect(lastUpstream()?.path).toBe('/v1/responses');
    expect(sent.previous_response_id).toBeUndefined();
    expect(sent.input.map((item) => item.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(sent.input[4]).toEqual({ type: 'message', role: 'user', content: 'And in French?' });

    const fourth = await alpha.responses.create({ model: 'flash', previous_response_id: third.id, input: 'Thanks!' });
    const gemini = lastUpstream()?.body as { contents: { role: string }[] };
    expect(gemini.contents.map((c) => c.role)).toEqual(['user', 'model', 'user', 'model', 'user', 'model', 'user']);
    expect(fourth.status).toBe('completed');
    const trace = await h.waitForTrace((t) => t.endpoint === 'responses' && t.requestedModel === 'flash' && t.decisions !== null);
    expect(trace.decisions).toEqual({ conversation: { previous_response_id: third.id, earlier_items: 6 } });
  });

  it('continues a streamed response: it is stored before its last event reaches the client', async () => {
    const stream = alpha.responses.stream({ model: 'small', input: 'Hello there' });
    const streamed = await stream.finalResponse();
    const next = await alpha.responses.create({ model: 'claude', previous_response_id: streamed.id, input: 'Go on' });
    expect(next.status).toBe('completed');
    const sent = lastUpstream()?.body as { messages: { role: string; content: unknown }[] };
    expect(sent.messages[1]).toMatchObject({ role: 'assistant', content: [{ type: 'text', text: streamed.output_text }] });
  });

  it('carries a function call and its output across providers', async () => {
    const tools = [{ type: 'function' as const, name: 'lookup_order', parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] }, strict: false }];
    const first = await alpha.responses.create({ model: 'native', input: 'Where is order 42? Use lookup_order.', tools, tool_choice: 'required' });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('expected a function call');
    const answer = await alpha.responses.create({ model: 'claude', previous_response_id: first.id, input: [{ type: 'function_call_output', call_id: call.call_id, output: 'delivered' }], tools });
    expect(answer.output_text.length).toBeGreaterThan(0);
    const sent = lastUpstream()?.body as { messages: { role: string; content: { type: string; id?: string; tool_use_id?: string }[] }[] };
    expect(sent.messages[1]?.content.some((block) => block.type === 'tool_use' && block.id === call.call_id)).toBe(true);
    expect(sent.messages[2]?.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: call.call_id });
  });

  it("refuses another key's response, an unknown one, and one created with store: false, naming the field", async () => {
    const mine = await alpha.responses.create({ model: 'small', input: 'secret plans' });
    const unstored = await alpha.responses.create({ model: 'small', input: 'ephemeral', store: false });
    for (const [client, id] of [
      [bravo, mine.id],
      [alpha, 'resp_does_not_exist'],
      [alpha, unstored.id],
    ] as const) {
      await expect(client.responses.create({ model: 'small', previous_response_id: id, input: 'continue' })).rejects.toMatchObject({ status: 400, type: 'invalid_request_error', param: 'previous_response_id', code: 'previous_response_not_found' });
    }
  });
});

describe('stored responses', () => {
  it('retrieves a response exactly as created, and deletes it once', async () => {
    const created = await alpha.responses.create({ model: 'claude', input: 'Keep this one' });
    const retrieved = await alpha.responses.retrieve(created.id);
    expect(retrieved).toEqual(created);
    await alpha.responses.delete(created.id);
    await expect(alpha.responses.retrieve(created.id)).rejects.toMatchObject({ status: 404 });
    await expect(alpha.responses.delete(created.id)).rejects.toMatchObject({ status: 404 });
  });

  it('retrieves a streamed native response as its response.completed event carried it', async () => {
    const final = await alpha.responses.stream({ model: 'native', input: 'Stream me' }).finalResponse();
    const retrieved = await alpha.responses.retrieve(final.id);
    expect(retrieved.status).toBe('completed');
    expect(retrieved.output.map((item) => item.id)).toEqual(final.output.map((item) => item.id));
    expect(retrieved.output_text).toBe(final.output_text);
    expect(retrieved.usage).toEqual(final.usage);
  });

  it("lets no key read or delete another key's response, and keeps none created with store: false", async () => {
    const mine = await alpha.responses.create({ model: 'small', input: 'private' });
    await expect(bravo.responses.retrieve(mine.id)).rejects.toMatchObject({ status: 404 });
    await expect(bravo.responses.delete(mine.id)).rejects.toMatchObject({ status: 404 });
    expect((await alpha.responses.retrieve(mine.id)).id).toBe(mine.id);
    const unstored = await alpha.responses.create({ model: 'small', input: 'ephemeral', store: false });
    await expect(alpha.responses.retrieve(unstored.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe('input items', () => {
  it('lists a stored response\'s input items with the SDK, newest first by default, paged with after, its own key only', async () => {
    const first = await alpha.responses.create({ model: 'small', input: 'My name is Ada.' });
    const second = await alpha.responses.create({ model: 'claude', previous_response_id: first.id, input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is my name?' }] }] });
    const newest = await alpha.responses.inputItems.list(second.id);
    // The whole conversation the model saw: the first turn, its answer, the new question.
    expect(newest.data.map((item) => (item.type === 'message' ? `${item.role}` : item.type))).toEqual(['user', 'assistant', 'user']);
    const texts = newest.data.map((item) => (item.type === 'message' ? item.content.map((part) => ('text' in part ? part.text : '')).join('') : ''));
    expect(texts[0]).toBe('What is my name?');
    expect(texts[2]).toBe('My name is Ada.');
    const firstPage = await alpha.responses.inputItems.list(second.id, { order: 'asc', limit: 1 });
    expect(firstPage.data).toHaveLength(1);
    expect(firstPage.data[0]).toMatchObject({ type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'My name is Ada.' }] });
    const all: string[] = [];
    for await (const item of alpha.responses.inputItems.list(second.id, { order: 'asc', limit: 1 })) all.push(item.id ?? '');
    expect(all).toHaveLength(3);
    expect(new Set(all).size).toBe(3);
    await expect(bravo.responses.inputItems.list(second.id)).rejects.toMatchObject({ status: 404 });
  });
});

type StreamEvent = OpenAI.Responses.ResponseStreamEvent;

async function replayed(id: string, startingAfter?: number): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  const stream = await alpha.responses.retrieve(id, startingAfter === undefined ? { stream: true } : { stream: true, starting_after: startingAfter });
  for await (const event of stream) events.push(event);
  return events;
}

/** Event types with runs of one type (a live stream's many deltas, a replay's one) said once. */
const typesOf = (events: StreamEvent[]) => events.map((e) => e.type).filter((type, i, all) => type !== all[i - 1]);

describe('a stored response replayed as a stream (GET with stream=true)', () => {
  it.each(['small', 'claude'] as const)('replays an answer from %s as the event sequence its live stream had, numbered from 0, ending with the response whole', async (model) => {
    const live: StreamEvent[] = [];
    for await (const event of await alpha.responses.create({ model, instructions: 'Be brief.', input: 'Tell me about trains.', stream: true })) live.push(event);
    const id = (live[0] as { response: { id: string } }).response.id;
    const whole = await alpha.responses.retrieve(id);
    const events = await replayed(id);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(typesOf(events)).toEqual(typesOf(live));
    // The SDK adds output_text to what retrieve returns; the wire's response has none.
    const { output_text: _, ...wire } = whole;
    expect(events.at(-1)).toEqual({ type: 'response.completed', response: wire, sequence_number: events.length - 1 });
    expect(events[0]).toMatchObject({ type: 'response.created', response: { id, status: 'in_progress', output: [] } });
    const text = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : [])).join('');
    expect(text).toBe(whole.output_text);
    expect(text.length).toBeGreaterThan(0);
  });

  it('replays a function call, and resumes after starting_after as the SDK’s stream helper does', async () => {
    const created = await alpha.responses.create({ model: 'small', input: 'Where is order 1234? Use lookup_order.', tools: [lookupOrder], tool_choice: 'required' });
    const call = created.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error(`expected a function call, got ${JSON.stringify(created.output)}`);
    const events = await replayed(created.id);
    const added = events.find((e) => e.type === 'response.output_item.added');
    expect(added).toMatchObject({ item: { type: 'function_call', id: call.id, call_id: call.call_id, name: 'lookup_order', arguments: '', status: 'in_progress' } });
    const args = events.flatMap((e) => (e.type === 'response.function_call_arguments.delta' ? [e.delta] : [])).join('');
    expect(args).toBe(call.arguments);
    expect(events.find((e) => e.type === 'response.function_call_arguments.done')).toMatchObject({ item_id: call.id, name: 'lookup_order', arguments: call.arguments });

    const after = await replayed(created.id, 2);
    expect(after.map((e) => e.sequence_number)).toEqual(events.slice(3).map((e) => e.sequence_number));
    expect(after).toEqual(events.slice(3));
    // responses.stream({ response_id }) reads the replay from the start and drops what it had.
    const resumed = alpha.responses.stream({ response_id: created.id, starting_after: 2 });
    const seen: number[] = [];
    resumed.on('event', (event) => seen.push(event.sequence_number));
    const final = await resumed.finalResponse();
    expect(seen).toEqual(after.map((e) => e.sequence_number));
    // The helper adds parsed_arguments to a function call; otherwise the stored item as it is.
    expect(final.output).toEqual([{ ...call, parsed_arguments: null }]);
    // Another key's stored response is a 404, streamed as whole.
    await expect(bravo.responses.retrieve(created.id, { stream: true })).rejects.toMatchObject({ status: 404 });
  });
});

describe('stored response routes', () => {
  it('answers what it does not serve in the OpenAI error shape, naming why', async () => {
    const created = await alpha.responses.create({ model: 'small', input: 'hello' });
    const call = (method: string, path: string) =>
      fetch(`${h.baseURL}${path}`, { method, headers: { authorization: 'Bearer sk-sy-alpha-key' } }).then(async (res) => ({ status: res.status, body: (await res.json()) as { error: { message: string; param: string | null } } }));
    expect(await call('GET', `/responses/${created.id}?stream=yes`)).toMatchObject({ status: 400, body: { error: { param: 'stream' } } });
    expect(await call('GET', `/responses/${created.id}?stream=true&starting_after=-1`)).toMatchObject({ status: 400, body: { error: { param: 'starting_after' } } });
    expect((await call('GET', `/responses/resp_unknown?stream=true`)).status).toBe(404);
    const cancel = await call('POST', `/responses/${created.id}/cancel`);
    expect(cancel.status).toBe(400);
    expect(cancel.body.error.message).toContain('background');
    expect((await call('GET', '/responses')).status).toBe(405);
    expect((await call('GET', `/responses/${created.id}/input_items/x`)).status).toBe(404);
    expect(await call('GET', `/responses/${created.id}/input_items?limit=500`)).toMatchObject({ status: 400, body: { error: { param: 'limit' } } });
    expect(await call('GET', `/responses/${created.id}/input_items?order=newest`)).toMatchObject({ status: 400, body: { error: { param: 'order' } } });
    expect((await call('PATCH', `/responses/${created.id}`)).status).toBe(405);
    const anonymous = await fetch(`${h.baseURL}/responses/${created.id}`);
    expect(anonymous.status).toBe(401);
  });
});

describe('errors about a conversation continued with previous_response_id', () => {
  it("name the client's own input item, not its place after the stored turns, in OpenAI's own 400 too", async () => {
    const first = await alpha.responses.create({ model: 'native', input: 'My name is Ada.' });
    const input = [{ type: 'message' as const, role: 'user' as const, id: 'bad_1', content: [{ type: 'input_text' as const, text: 'What is my name?' }] }];
    const error = (await alpha.responses.create({ model: 'native', previous_response_id: first.id, input }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    // Upstream, the item came after the first turn's input and answer: OpenAI named it input[2].
    expect((lastUpstream()?.body as { input: unknown[] }).input).toHaveLength(3);
    expect(error).toMatchObject({ param: 'input[0].id', code: 'invalid_id_prefix' });
    expect(error.message).toContain("Invalid 'input[0].id': 'bad_1'");
  });
});

describe('malformed requests', () => {
  it('answers a mistyped field with a 400 naming it, before any upstream call', async () => {
    const before = h.sim.stats().requests;
    const cases: [Record<string, unknown>, string][] = [
      [{ temperature: 'hot' }, 'temperature'],
      [{ input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id'],
      [{ input: [{ role: 'robot', content: 'hi' }] }, 'input[0].role'],
      [{ max_output_tokens: -5 }, 'max_output_tokens'],
      [{ text: { format: { type: 'json_schema', schema: {} } } }, 'text.format.name'],
      [{ tools: [{ type: 'function', parameters: {} }] }, 'tools[0].name'],
      [{ background: true }, 'background'],
    ];
    for (const [fields, param] of cases) {
      const body = { model: 'small', input: 'hi', ...fields } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming;
      const error = await alpha.responses.create(body).then(
        () => undefined,
        (e: unknown) => e as { status: number; param: string; message: string },
      );
      expect(error, param).toMatchObject({ status: 400, param });
      expect(error?.message).toContain(param);
    }
    expect(h.sim.stats().requests).toBe(before);
  });

  it('refuses a built-in tool for a translated model, naming it, and requires input', async () => {
    await expect(alpha.responses.create({ model: 'claude', input: 'news?', tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] })).rejects.toMatchObject({ status: 400, param: 'tools[0].type' });
    await expect(alpha.responses.create({ model: 'small' } as OpenAI.Responses.ResponseCreateParamsNonStreaming)).rejects.toMatchObject({ status: 400, param: 'input' });
  });
});

describe('a stream that breaks upstream', () => {
  /** Every event of a streamed answer as sent: the SDK raises at the error event and never shows what follows. */
  async function rawEvents(model: string): Promise<{ type: string; sequence_number: number; message?: string }[]> {
    const res = await fetch(`${h.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-alpha-key' }, body: JSON.stringify({ model, input: 'Hello', stream: true }) });
    return (await res.text()).split('\n').filter((line) => line.startsWith('data: ')).map((line) => JSON.parse(line.slice(6)));
  }
  const drain = async (stream: AsyncIterable<unknown>) => {
    for await (const _ of stream);
  };

  it('ends a translated stream with error and response.failed, which the SDK raises, raw or with its helper', async () => {
    h.sim.addFault({ kind: 'status', status: 503, afterChunks: 3, path: '/v1/chat/completions', times: 3 });
    const events = await rawEvents('small');
    expect(events.slice(-2).map((e) => e.type)).toEqual(['error', 'response.failed']);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const failed = events.at(-1) as unknown as OpenAI.Responses.ResponseFailedEvent;
    expect(failed.response).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
    expect(failed.response.error?.message).toContain('overloaded');

    const raw = await alpha.responses.create({ model: 'small', input: 'Hello', stream: true });
    await expect(drain(raw)).rejects.toThrow(/overloaded/);
    await expect(alpha.responses.stream({ model: 'small', input: 'Hello' }).finalResponse()).rejects.toThrow(/overloaded/);
    // The simulator's in-band 503 is OpenAI's older overload (server_error, the overload in its words): traced as the 503 it is.
    const trace = await h.waitForTrace((t) => t.endpoint === 'responses' && t.requestedModel === 'small' && t.stream && t.status === 503);
    expect(trace.errorMessage).toContain('overloaded');
  });

  it('reports a rate limit that broke a translated stream with OpenAI’s type and code, which the SDK’s error carries', async () => {
    h.sim.addFault({ kind: 'status', status: 429, afterChunks: 3, path: '/v1/chat/completions', times: 1 });
    const raw = await alpha.responses.create({ model: 'small', input: 'Hello', stream: true });
    const error = await drain(raw).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    // In-band, after the 200: no status, but the type (`requests`, not Anthropic's rate_limit_error) and code.
    expect(error).toMatchObject({ status: undefined, type: 'requests', code: 'rate_limit_exceeded', param: null });
  });

  it("forwards a native upstream's error event as the stream's one ending (no response.failed added after it), and traces the failure", async () => {
    h.sim.addFault({ kind: 'status', status: 500, afterChunks: 4, path: '/v1/responses' });
    const events = await rawEvents('native');
    expect(events.map((e) => e.type).slice(-2)).toEqual(['response.content_part.added', 'error']);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.at(-1)?.message).toBe('The server had an error while processing your request. Sorry about that!');
    const trace = await h.waitForTrace((t) => t.endpoint === 'responses' && t.requestedModel === 'native' && t.status === 502);
    expect(trace.errorMessage).toContain('sent an error mid-stream');
  });

  it('retries a native stream whose upstream failed it before answering (an error at sequence 2): the client gets the retry\'s stream alone', async () => {
    h.sim.addFault({ kind: 'status', status: 503, afterChunks: 2, path: '/v1/responses', times: 1 });
    const events = await rawEvents('native');
    expect(events.map((e) => e.type)).not.toContain('error');
    expect(events.filter((e) => e.type === 'response.created')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
  });

  it('closes a native stream whose connection was cut with error and response.failed', async () => {
    h.sim.addFault({ kind: 'stream_cut', afterChunks: 5, path: '/v1/responses', times: 2 });
    const events = await rawEvents('native');
    expect(events.map((e) => e.type).slice(-2)).toEqual(['error', 'response.failed']);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    // The SDK raises the error event (its nested error, as OpenAI sends it) instead of ending quietly.
    const raw = await alpha.responses.create({ model: 'native', input: 'Hello', stream: true });
    await expect(drain(raw)).rejects.toThrow(/broke the connection/);
  });
});
