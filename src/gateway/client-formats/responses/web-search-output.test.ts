/**
 * The canonical answer's web search as a Responses client gets it: `web_search_call` items and
 * `url_citation` annotations, whole and streamed with the events OpenAI sends for its own search.
 */
import { describe, expect, it } from 'vitest';
import type { ChatCompletion, ChatCompletionChunk } from '../../../core/openai-wire.js';
import type { ResponsesRequest } from '../../../core/responses-wire.js';
import { accumulate, eventsOf, pinnedIds } from './__fixtures__/replay.js';
import { ResponsesStreamEncoder } from './response-stream-encoder.js';
import { toResponse } from './to-response.js';

const request: ResponsesRequest = { model: 'sonnet', input: 'node lts?', tools: [{ type: 'web_search' }] };
const cite = (start: number, end: number) => ({ type: 'url_citation', url_citation: { url: 'https://nodejs.org/', title: 'Node.js', start_index: start, end_index: end } });

function chunk(delta: ChatCompletionChunk['choices'][number]['delta'], finish: ChatCompletionChunk['choices'][number]['finish_reason'] = null): ChatCompletionChunk {
  return { id: 'c', object: 'chat.completion.chunk', created: 1_760_000_000, model: 'up', choices: [{ index: 0, delta, finish_reason: finish }] };
}

describe('web search in a Response', () => {
  it('puts each search before the message as a completed web_search_call, and the citations on its text', () => {
    const completion: ChatCompletion = {
      id: 'c', object: 'chat.completion', created: 1, model: 'up',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Let me check. Node 24 is LTS.', annotations: [cite(14, 29)], web_search_calls: [{ id: 'srvtoolu_1', query: 'node lts' }] } }],
    };
    const output = toResponse(completion, request, pinnedIds()).output as Record<string, unknown>[];
    expect(output[0]).toEqual({ id: expect.stringMatching(/^ws_/), type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'node lts' } });
    expect(output[1]).toMatchObject({ type: 'message', content: [{ type: 'output_text', annotations: [{ type: 'url_citation', url: 'https://nodejs.org/', title: 'Node.js', start_index: 14, end_index: 29 }] }] });
  });

  it('streams a search as OpenAI does, and each citation as an annotation of the text part it cites, counted from that part', () => {
    const encoder = new ResponsesStreamEncoder(request, pinnedIds());
    let text = '';
    for (const c of [
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Let me check. ' }),
      chunk({ web_search_calls: [{ id: 'srvtoolu_1', query: 'node lts' }] }),
      chunk({ content: 'Node 24 is LTS.' }),
      chunk({ annotations: [cite(14, 29)] }),
      chunk({}, 'stop'),
    ]) text += encoder.push([c]);
    text += encoder.end();
    const events = eventsOf(text);
    const types = events.map((e) => e.type);
    const at = types.indexOf('response.web_search_call.in_progress');
    expect(types.slice(at - 1, at + 4)).toEqual(['response.output_item.added', 'response.web_search_call.in_progress', 'response.web_search_call.searching', 'response.web_search_call.completed', 'response.output_item.done']);
    expect(events[at - 1]).toMatchObject({ item: { type: 'web_search_call', status: 'in_progress' } });
    expect(events.find((e) => e.type === 'response.output_text.annotation.added')).toMatchObject({ output_index: 2, content_index: 0, annotation_index: 0, annotation: { type: 'url_citation', start_index: 0, end_index: 15 } });
    const built = accumulate(events);
    expect(built?.output.map((item) => item.type)).toEqual(['message', 'web_search_call', 'message']);
    const cited = built?.output[2];
    expect(cited?.type === 'message' && cited.content[0]).toMatchObject({ text: 'Node 24 is LTS.', annotations: [{ url: 'https://nodejs.org/', start_index: 0, end_index: 15 }] });
  });
});
