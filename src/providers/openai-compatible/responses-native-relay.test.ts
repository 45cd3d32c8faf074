import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors.js';
import { parseBlocks } from '../../core/sse-blocks.js';
import { ResponsesNativeRelay } from './responses-native-relay.js';

const response = (status: string, extra: object = {}) => ({ id: 'resp_1', object: 'response', created_at: 1, status, model: 'gpt-5', output: [], usage: null, ...extra });
const event = (type: string, seq: number, fields: object = {}) => `event: ${type}\ndata: ${JSON.stringify({ type, ...fields, sequence_number: seq })}\n\n`;
const usage = { input_tokens: 20, input_tokens_details: { cached_tokens: 8 }, output_tokens: 9, output_tokens_details: { reasoning_tokens: 4 }, total_tokens: 29 };

const opening = event('response.created', 0, { response: response('in_progress') }) + event('response.in_progress', 1, { response: response('in_progress') });
const delta = event('response.output_text.delta', 2, { item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'say \\"type\\":\\"error\\" here', logprobs: [] });

function typesOf(text: string): [string, number][] {
  return parseBlocks(text).map((e) => {
    const data = JSON.parse(e.data) as { type: string; sequence_number: number };
    return [data.type, data.sequence_number];
  });
}

describe('Responses → Responses relay', () => {
  it('forwards events byte for byte, even split across reads, and reads usage from response.completed', () => {
    const relay = new ResponsesNativeRelay('openai');
    const all = opening + delta + event('response.completed', 3, { response: response('completed', { usage }) });
    expect(relay.push(all.slice(0, 50))).toBe('');
    expect(relay.push(all.slice(50)) + relay.end()).toBe(all);
    expect(relay.usage).toEqual({ inputTokens: 20, cachedTokens: 8, cacheWriteTokens: 0, outputTokens: 9, reasoningTokens: 4, estimated: false });
    expect(relay.response()).toMatchObject({ id: 'resp_1', status: 'completed' });
  });

  it("counts the web searches OpenAI ran: tool_usage.web_search.num_requests (openai 7.46), else the web_search_call items", () => {
    const searched = (extra: object) => {
      const relay = new ResponsesNativeRelay('openai');
      relay.push(opening + event('response.completed', 2, { response: response('completed', { usage, ...extra }) }));
      relay.end();
      return relay.usage?.webSearches;
    };
    expect(searched({ tool_usage: { web_search: { num_requests: 3 }, image_gen: { input_tokens: 0, output_tokens: 0, total_tokens: 0 } } })).toBe(3);
    const call = (status: string) => ({ type: 'web_search_call', id: 'ws_1', status, action: { type: 'search', query: 'trains' } });
    expect(searched({ output: [call('completed'), call('failed'), { type: 'web_search_call', status: 'completed', action: { type: 'open_page' } }] })).toBe(1);
    expect(searched({})).toBeUndefined();
  });

  it('forwards an upstream error event as the stream\'s one ending, raises it at the end, and adds no response.failed after it', () => {
    const relay = new ResponsesNativeRelay('openai');
    const upstream = opening + event('error', 2, { code: 'server_error', message: 'The server had an error', param: null });
    expect(relay.push(upstream)).toBe(upstream);
    let raised: unknown;
    try {
      relay.end();
    } catch (error) {
      raised = error;
    }
    expect(raised).toMatchObject({ code: 'upstream_error', message: 'provider "openai" sent an error mid-stream: The server had an error' });
    expect(relay.fail(raised as SwitchyardError)).toBe('');
  });

  it("reads OpenAI's refusal of a prompt past the window (nested under error) as context_length_exceeded, kept in its words for a Responses client", () => {
    const relay = new ResponsesNativeRelay('openai');
    const refusal = { type: 'invalid_request_error', code: 'context_length_exceeded', message: 'Your input exceeds the context window of this model. Please adjust your input and try again.', param: 'input' };
    relay.push(opening + event('error', 2, { error: refusal }));
    expect(() => relay.end()).toThrow(
      expect.objectContaining({ status: 400, retryable: false, vendorCode: 'context_length_exceeded', vendorError: { format: 'responses', ...refusal } }),
    );
  });

  it('is started once an event past response.created and response.in_progress came, not before', () => {
    const relay = new ResponsesNativeRelay('openai');
    relay.push(event('response.created', 0, { response: response('in_progress', { tools: [{ type: 'function', name: 'f' }] }) }));
    relay.push(': keep-alive\n\n');
    relay.push(event('response.in_progress', 1, { response: response('in_progress') }));
    expect(relay.started()).toBe(false);
    relay.push(event('response.output_item.added', 2, { output_index: 0, item: { type: 'message', id: 'msg_1', role: 'assistant', content: [] } }));
    expect(relay.started()).toBe(true);
  });

  it('is not started by an error at sequence 2, nor by both arriving in one read', () => {
    const relay = new ResponsesNativeRelay('openai');
    relay.push(opening + event('error', 2, { error: { type: 'invalid_request_error', code: 'context_length_exceeded', message: 'too long', param: 'input' } }));
    expect(relay.started()).toBe(false);
    const answering = new ResponsesNativeRelay('openai');
    answering.push(opening + delta);
    expect(answering.started()).toBe(true);
  });

  it('reads an overload as a 503 whether the code, the type nested under error, or only the message says it', () => {
    const statusOf = (events: string) => {
      const relay = new ResponsesNativeRelay('openai');
      relay.push(opening + events);
      try {
        relay.end();
      } catch (error) {
        return (error as SwitchyardError).status;
      }
      return undefined;
    };
    const overloaded = 'Our servers are currently overloaded. Please try again later.';
    // OpenAI's stream: the error nested, with its type and code, then a failed Response with code server_error.
    expect(statusOf(event('error', 2, { error: { type: 'service_unavailable_error', code: 'server_is_overloaded', message: overloaded, param: null } }))).toBe(503);
    expect(statusOf(event('response.failed', 2, { response: response('failed', { error: { code: 'server_error', message: overloaded } }) }))).toBe(503);
    expect(statusOf(event('response.failed', 2, { response: response('failed', { error: { code: 'server_error', message: 'The server had an error' } }) }))).toBe(502);
  });

  it('adds nothing when the upstream itself ended with response.failed', () => {
    const relay = new ResponsesNativeRelay('openai');
    relay.push(opening + event('response.failed', 2, { response: response('failed', { error: { code: 'rate_limit_exceeded', message: 'slow down' } }) }));
    expect(() => relay.end()).toThrow(expect.objectContaining({ status: 429 }));
    expect(relay.fail(new SwitchyardError('upstream_error', 'x'))).toBe('');
  });

  it('closes a cut connection with error and response.failed that continue the sequence', () => {
    const relay = new ResponsesNativeRelay('openai');
    relay.push(opening + delta);
    const closing = relay.fail(new SwitchyardError('upstream_unreachable', 'connection reset'));
    expect(typesOf(closing)).toEqual([
      ['error', 3],
      ['response.failed', 4],
    ]);
    expect(JSON.parse(parseBlocks(closing)[0]?.data ?? '{}')).toMatchObject({ code: 'server_error', message: 'connection reset', error: { type: 'server_error', code: 'server_error', message: 'connection reset' } });
    expect(JSON.parse(parseBlocks(closing)[1]?.data ?? '{}')).toMatchObject({ response: { id: 'resp_1', status: 'failed', error: { code: 'server_error', message: 'connection reset' } } });
  });

  it('fails a stream that ended without a final response', () => {
    const relay = new ResponsesNativeRelay('openai');
    relay.push(opening + delta);
    expect(() => relay.end()).toThrow('provider "openai" ended the stream before the answer was complete');
  });
});
