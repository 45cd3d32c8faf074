import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '../../../core/openai-wire.js';
import { SwitchyardError } from '../../../core/errors.js';
import { StreamBreak } from '../../stream-break.js';
import { ResponsesChunkDecoder } from './responses-chunk-decoder.js';

const response = { id: 'resp_1', object: 'response', created_at: 1700000000, model: 'o3-pro', status: 'in_progress', error: null, incomplete_details: null, output: [], usage: null };
const usage = { input_tokens: 12, input_tokens_details: { cached_tokens: 4 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 20 }, total_tokens: 42 };

function sse(...events: object[]): string {
  return events.map((event) => `event: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

function decodeAll(text: string, splitAt = text.length): ChatCompletionChunk[] {
  const decoder = new ResponsesChunkDecoder('openai');
  return [...decoder.push(text.slice(0, splitAt)), ...decoder.push(text.slice(splitAt)), ...decoder.end()];
}

const toolStream = sse(
  { type: 'response.created', response },
  { type: 'response.output_item.added', output_index: 0, item: { type: 'reasoning', id: 'rs_1', summary: [] } },
  { type: 'response.output_item.added', output_index: 1, item: { type: 'function_call', id: 'fc_1', call_id: 'call_A', name: 'lookup_order', arguments: '' } },
  { type: 'response.function_call_arguments.delta', output_index: 1, delta: '{"order_id":' },
  { type: 'response.function_call_arguments.delta', output_index: 1, delta: '"A-17"}' },
  { type: 'response.output_item.added', output_index: 2, item: { type: 'function_call', id: 'fc_2', call_id: 'call_B', name: 'lookup_order', arguments: '' } },
  { type: 'response.function_call_arguments.delta', output_index: 2, delta: '{"order_id":"B-2"}' },
  { type: 'response.completed', response: { ...response, status: 'completed', usage } },
);

describe('ResponsesChunkDecoder', () => {
  it('reads text deltas as content, then the finish and the usage, at any split of the bytes', () => {
    const text = sse(
      { type: 'response.created', response },
      { type: 'response.in_progress', response },
      { type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: 'Blue, ' },
      { type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: 'mostly.' },
      { type: 'response.output_text.done', output_index: 0, content_index: 0, text: 'Blue, mostly.' },
      { type: 'response.completed', response: { ...response, status: 'completed', usage } },
    );
    for (const at of [0, 17, 200, text.length - 5]) {
      const chunks = decodeAll(text, at);
      expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Blue, mostly.');
      expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
      expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe('stop');
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 30, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 20 } } });
      expect(chunks.every((chunk) => chunk.id === 'resp_1' && chunk.model === 'o3-pro')).toBe(true);
    }
  });

  it('numbers function calls from 0 in the order their items come, whatever their output index', () => {
    const chunks = decodeAll(toolStream);
    const deltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toEqual({ index: 0, id: 'call_A', type: 'function', function: { name: 'lookup_order', arguments: '' } });
    expect(deltas.filter((d) => d.index === 0).map((d) => d.function?.arguments).join('')).toBe('{"order_id":"A-17"}');
    expect(deltas.filter((d) => d.index === 1).map((d) => d.function?.arguments).join('')).toBe('{"order_id":"B-2"}');
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('gives a finished search its call and a cited page its annotation, counted over the whole text', () => {
    const chunks = decodeAll(
      sse(
        { type: 'response.created', response },
        { type: 'response.output_item.added', output_index: 0, item: { type: 'web_search_call', id: 'ws_1', status: 'in_progress' } },
        { type: 'response.output_item.done', output_index: 0, item: { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'node lts' } } },
        { type: 'response.output_text.delta', output_index: 1, content_index: 0, delta: 'Node 24. ' },
        { type: 'response.output_text.delta', output_index: 1, content_index: 1, delta: 'See the ' },
        { type: 'response.output_text.delta', output_index: 1, content_index: 1, delta: 'schedule.' },
        { type: 'response.output_text.annotation.added', output_index: 1, content_index: 1, annotation_index: 0, annotation: { type: 'url_citation', url: 'https://nodejs.org/', title: 'Node.js', start_index: 4, end_index: 16 } },
        { type: 'response.completed', response: { ...response, status: 'completed', usage } },
      ),
    );
    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta ?? {});
    expect(deltas.flatMap((d) => (d.web_search_calls as unknown[] | undefined) ?? [])).toEqual([{ id: 'ws_1', query: 'node lts' }]);
    expect(deltas.flatMap((d) => (d.annotations as unknown[] | undefined) ?? [])).toEqual([{ type: 'url_citation', url_citation: { url: 'https://nodejs.org/', title: 'Node.js', start_index: 13, end_index: 25 } }]);
  });

  it('ends an incomplete response for its cap as length', () => {
    const chunks = decodeAll(sse({ type: 'response.created', response }, { type: 'response.output_text.delta', delta: 'Blue' }, { type: 'response.incomplete', response: { ...response, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, usage } }));
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe('length');
  });

  it('fails on an error event after sending what came before it, with the status its code means', () => {
    const decoder = new ResponsesChunkDecoder('openai');
    let thrown: unknown;
    try {
      decoder.push(sse({ type: 'response.created', response }, { type: 'response.output_text.delta', delta: 'Bl' }, { type: 'error', code: 'rate_limit_exceeded', message: 'Rate limit reached', param: null }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StreamBreak);
    const broken = thrown as StreamBreak<ChatCompletionChunk[]>;
    expect(broken.before.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Bl');
    expect(broken.error).toBeInstanceOf(SwitchyardError);
    expect((broken.error as SwitchyardError).message).toContain('Rate limit reached');
    expect((broken.error as SwitchyardError).status).toBe(429);
  });

  it('fails on response.failed with the error the response carries', () => {
    const decoder = new ResponsesChunkDecoder('openai');
    expect(() => decoder.push(sse({ type: 'response.failed', response: { ...response, status: 'failed', error: { code: 'server_error', message: 'The model had an error' } } }))).toThrow(/The model had an error/);
  });

  it('says a stream cut before its closing event was cut', () => {
    const decoder = new ResponsesChunkDecoder('openai');
    decoder.push(sse({ type: 'response.created', response }, { type: 'response.output_text.delta', delta: 'Blue' }));
    let thrown: unknown;
    try {
      decoder.end();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SwitchyardError);
    expect((thrown as SwitchyardError).message).toMatch(/ended the stream before the answer was complete/);
  });
  it('gives each function call item its own index even when an upstream repeats an output index', () => {
    const call = (output_index: number, call_id: string) => ({ type: 'response.output_item.added', output_index, item: { type: 'function_call', call_id, name: 'f', arguments: '' } });
    const chunks = decodeAll(sse({ type: 'response.created', response }, call(0, 'c1'), call(0, 'c2'), call(1, 'c3'), { type: 'response.completed', response: { ...response, status: 'completed', usage } }));
    const added = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []).map((d) => [d.index, d.id]);
    expect(added).toEqual([[0, 'c1'], [1, 'c2'], [2, 'c3']]);
  });
  it('passes over a streamed citation whose span is negative, reversed or past a safe integer', () => {
    const cite = (start_index: number, end_index: number) => ({ type: 'response.output_text.annotation.added', output_index: 0, content_index: 0, annotation: { type: 'url_citation', url: 'https://a.example/', start_index, end_index } });
    const chunks = decodeAll(sse({ type: 'response.created', response }, { type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: 'hello' }, cite(-3, 2), cite(4, 1), cite(0, 1e300), cite(0, 5), { type: 'response.completed', response: { ...response, status: 'completed', usage } }));
    const cited = chunks.flatMap((chunk) => chunk.choices[0]?.delta.annotations ?? []).map((a) => { const span = (a as { url_citation: { start_index: number; end_index: number } }).url_citation; return [span.start_index, span.end_index]; });
    expect(cited).toEqual([[0, 5]]);
  });
  it('ends the stream naming a computer_call, after what came before it, where chat has no place for it', () => {
    const decoder = new ResponsesChunkDecoder('openai');
    const computer = { ...response, model: 'computer-use-preview-2025-03-11' };
    let thrown: unknown;
    try {
      decoder.push(
        sse(
          { type: 'response.created', response: computer },
          { type: 'response.output_text.delta', output_index: 0, content_index: 0, delta: 'Opening the page.' },
          { type: 'response.output_item.added', output_index: 1, item: { type: 'computer_call', id: 'cu_1', call_id: 'call_1', action: { type: 'click', x: 10, y: 20 }, pending_safety_checks: [], status: 'in_progress' } },
        ),
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StreamBreak);
    const broken = thrown as StreamBreak<ChatCompletionChunk[]>;
    expect(broken.before.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Opening the page.');
    const error = broken.error as SwitchyardError;
    expect(error.message).toBe(
      'provider "openai" answered with a computer_call item (a computer action for the client to take), which a chat completion has no place for: call computer-use-preview-2025-03-11 on /v1/responses through a provider with responses: native, where the item comes as OpenAI sent it',
    );
    expect([error.code, error.status, error.retryable, error.vendorCode]).toEqual(['upstream_error', 502, false, 'unsupported_output_item']);
  });
  it('names the provider of an event that goes on past the bound without its end', () => {
    const decoder = new ResponsesChunkDecoder('openai-eu');
    const piece = 'x'.repeat(1024 * 1024);
    decoder.push('data: "');
    expect(() => {
      for (let i = 0; i <= 64; i++) decoder.push(piece);
    }).toThrow(/^provider "openai-eu" sent a stream event of more than 67108864 characters without its end/);
  });
});
