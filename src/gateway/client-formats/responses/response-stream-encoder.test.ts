import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../../core/errors.js';
import type { ChatCompletionChunk } from '../../../core/openai-wire.js';
import type { ResponsesRequest } from '../../../core/responses-wire.js';
import { accumulate, chunksOf, eventsOf, fixture, fixtureText, pinnedIds } from './__fixtures__/replay.js';
import { ResponsesStreamEncoder } from './response-stream-encoder.js';

const request = fixture<ResponsesRequest>('responses-request-agent.json');

function encode(chunks: ChatCompletionChunk[], req: ResponsesRequest = request): { text: string; encoder: ResponsesStreamEncoder } {
  const encoder = new ResponsesStreamEncoder(req, pinnedIds());
  let text = '';
  for (const chunk of chunks) text += encoder.push([chunk]);
  return { text: text + encoder.end(), encoder };
}

function chunk(delta: ChatCompletionChunk['choices'][number]['delta'], finish: ChatCompletionChunk['choices'][number]['finish_reason'] = null): ChatCompletionChunk {
  return { id: 'c', object: 'chat.completion.chunk', created: 1_760_000_000, model: 'up', choices: [{ index: 0, delta, finish_reason: finish }] };
}

describe('canonical chunks as Responses stream events', () => {
  it('replays a translated Claude turn (thinking, text, two calls, usage) into the recorded event stream', () => {
    const { text } = encode(chunksOf('chat-stream-reasoning-text-tools.chunks.txt'));
    expect(text).toBe(fixtureText('responses-stream-agent.sse.txt'));
  });

  it('builds, through the official SDK accumulator, exactly the Response its last event carries', () => {
    const { text, encoder } = encode(chunksOf('chat-stream-reasoning-text-tools.chunks.txt'));
    const events = eventsOf(text);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const built = accumulate(events);
    expect(built?.status).toBe('completed');
    expect(built?.output).toEqual(JSON.parse(JSON.stringify((encoder.response() as { output: unknown }).output)));
    expect(built?.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call']);
    expect(built?.usage).toEqual({ input_tokens: 812, input_tokens_details: { cached_tokens: 512, cache_write_tokens: 128 }, output_tokens: 64, output_tokens_details: { reasoning_tokens: 20 }, total_tokens: 876 });
    // Settings the client sent come back as sent.
    expect(built).toMatchObject({ instructions: request.instructions, tool_choice: request.tool_choice, text: request.text, max_output_tokens: 400, store: true });
  });

  it('streams thinking as the reasoning summary the recorded request asked for, with the summary events', () => {
    const events = eventsOf(encode(chunksOf('chat-stream-reasoning-text-tools.chunks.txt')).text);
    const thinking = chunksOf('chat-stream-reasoning-text-tools.chunks.txt')
      .map((c) => c.choices[0]?.delta['reasoning_content'] ?? '')
      .join('');
    const forReasoning = events.filter((e) => 'item_id' in e && e.item_id === 'rs_1_0').map((e) => e.type);
    expect(forReasoning).toEqual([
      'response.reasoning_summary_part.added',
      ...forReasoning.filter((t) => t === 'response.reasoning_summary_text.delta').map(() => 'response.reasoning_summary_text.delta'),
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
    ]);
    expect(forReasoning.length).toBeGreaterThan(4);
    const done = events.find((e) => e.type === 'response.reasoning_summary_text.done');
    expect(done).toMatchObject({ output_index: 0, summary_index: 0, text: thinking });
    expect(accumulate(events)?.output[0]).toEqual({ id: 'rs_1_0', type: 'reasoning', summary: [{ type: 'summary_text', text: thinking }] });
  });

  it('streams thinking as reasoning_text content when no summary was asked for', () => {
    const { reasoning: _asked, ...unasked } = request;
    const events = eventsOf(encode(chunksOf('chat-stream-reasoning-text-tools.chunks.txt'), unasked).text);
    expect(events.some((e) => e.type.startsWith('response.reasoning_summary'))).toBe(false);
    expect(accumulate(events)?.output[0]).toMatchObject({ type: 'reasoning', summary: [], content: [{ type: 'reasoning_text' }] });
  });

  it('ends a stream stopped by the token limit with response.incomplete', () => {
    const events = eventsOf(encode([chunk({ role: 'assistant', content: 'Once upon' }), chunk({}, 'length')], { model: 'm', input: 'story' }).text);
    const last = events.at(-1);
    expect(last?.type).toBe('response.incomplete');
    expect(last?.type === 'response.incomplete' && last.response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(accumulate(events)?.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
  });

  it("carries each chunk's token log probabilities on its text delta, and all of them on the finished part", () => {
    const token = (text: string, logprob: number) => ({ token: text, logprob, bytes: [...Buffer.from(text)], top_logprobs: [{ token: text, logprob, bytes: [...Buffer.from(text)] }] });
    const withLogprobs = (content: string, logprob: number): ChatCompletionChunk => ({ ...chunk({ content }), choices: [{ index: 0, delta: { content }, finish_reason: null, logprobs: { content: [token(content, logprob)] } }] });
    const events = eventsOf(encode([withLogprobs('Hel', -0.1), withLogprobs('lo', -0.2), chunk({}, 'stop')], { model: 'm', input: 'x', include: ['message.output_text.logprobs'] }).text);
    const deltas = events.filter((e) => e.type === 'response.output_text.delta');
    expect(deltas.map((e) => e.type === 'response.output_text.delta' && e.logprobs)).toEqual([[token('Hel', -0.1)], [token('lo', -0.2)]]);
    const done = events.find((e) => e.type === 'response.output_text.done');
    expect(done?.type === 'response.output_text.done' && done.logprobs).toEqual([token('Hel', -0.1), token('lo', -0.2)]);
    expect(accumulate(events)?.output[0]).toMatchObject({ content: [{ type: 'output_text', text: 'Hello', logprobs: [token('Hel', -0.1), token('lo', -0.2)] }] });
  });

  it('streams a refusal as its own content part', () => {
    const events = eventsOf(encode([chunk({ role: 'assistant', refusal: "I can't " }), chunk({ refusal: 'help with that.' }), chunk({}, 'stop')], { model: 'm', input: 'x' }).text);
    expect(events.map((e) => e.type)).toContain('response.refusal.delta');
    expect(accumulate(events)?.output[0]).toMatchObject({ type: 'message', content: [{ type: 'refusal', refusal: "I can't help with that." }] });
  });

  it('answers an empty upstream stream with a complete, empty response', () => {
    const events = eventsOf(encode([], { model: 'asked', input: 'x' }).text);
    expect(events.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.completed']);
    expect(accumulate(events)).toMatchObject({ model: 'asked', output: [], status: 'completed' });
  });

  it('closes a stream that broke mid-answer with error and response.failed, numbered after what was sent', () => {
    const encoder = new ResponsesStreamEncoder({ model: 'm', input: 'x' }, pinnedIds());
    let text = encoder.push([chunk({ role: 'assistant', content: 'Hel' })]);
    text += encoder.fail(new SwitchyardError('upstream_error', 'provider "p" broke the connection', { status: 502 }));
    const events = eventsOf(text);
    expect(events.slice(-2).map((e) => [e.type, e.sequence_number])).toEqual([
      ['error', 5],
      ['response.failed', 6],
    ]);
    // Flat as the API reference documents it, nested as OpenAI sends it (the SDKs raise on that).
    expect(events.at(-2)).toMatchObject({ code: 'server_error', message: 'provider "p" broke the connection', error: { code: 'server_error', message: 'provider "p" broke the connection' } });
    const built = accumulate(events);
    expect(built).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
    expect(built?.output[0]).toMatchObject({ status: 'incomplete', content: [{ text: 'Hel' }] });
  });

  it('opens the response before failing a stream that broke before its first chunk, so SDKs can read the failure', () => {
    const encoder = new ResponsesStreamEncoder({ model: 'm', input: 'x' }, pinnedIds());
    const events = eventsOf(encoder.fail(new SwitchyardError('upstream_error', 'rate limited upstream', { status: 429 })));
    expect(events.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'error', 'response.failed']);
    expect(events[2]).toMatchObject({ code: 'rate_limit_exceeded' });
  });

  it('holds a JSON answer that may search until it knows: words said before a search are dropped, the JSON after it sent whole', () => {
    const json: ResponsesRequest = { model: 'claude', input: 'Latest Node LTS?', tools: [{ type: 'web_search' }], text: { format: { type: 'json_object' } } };
    const citation = { type: 'url_citation', url_citation: { url: 'https://nodejs.org/', title: 'Node.js', start_index: 15, end_index: 25 } };
    const encoder = new ResponsesStreamEncoder(json, pinnedIds());
    let text = encoder.push([chunk({ role: 'assistant', content: 'Let me search. ' })]);
    text += encoder.push([chunk({ web_search_calls: [{ id: 's1', query: 'node lts' }] })]);
    const before = eventsOf(text).map((e) => e.type);
    text += encoder.push([chunk({ content: '{"v":"24"}' })]);
    // Held: nothing of the JSON is out until the stream says whether another search follows.
    expect(eventsOf(text).map((e) => e.type)).toEqual(before);
    text += encoder.push([chunk({ annotations: [citation] })]);
    text += encoder.push([chunk({}, 'stop')]) + encoder.end();
    const built = accumulate(eventsOf(text));
    expect(built?.output.map((item) => item.type)).toEqual(['web_search_call', 'message']);
    expect(built?.output[1]).toMatchObject({ content: [{ type: 'output_text', text: '{"v":"24"}', annotations: [{ url: 'https://nodejs.org/', start_index: 0, end_index: 10 }] }] });
    expect(JSON.parse(built?.output_text ?? '')).toEqual({ v: '24' });
  });

  it('streams a JSON answer without the search tool as it comes', () => {
    const json: ResponsesRequest = { model: 'claude', input: 'Hi', text: { format: { type: 'json_object' } } };
    const encoder = new ResponsesStreamEncoder(json, pinnedIds());
    const text = encoder.push([chunk({ role: 'assistant', content: '{"a":' })]);
    expect(eventsOf(text).map((e) => e.type)).toContain('response.output_text.delta');
  });
});
