import { describe, expect, it } from 'vitest';
import { parseBlocks } from '../../core/sse-blocks.js';
import type { JsonObject } from '../../core/openai-wire.js';
import { replayResponse } from './replay-response.js';

const events = (text: string) => parseBlocks(text).map((block) => JSON.parse(block.data) as JsonObject & { type: string; sequence_number: number });

const stored: JsonObject = {
  id: 'resp_1',
  object: 'response',
  status: 'incomplete',
  output: [
    { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking of trains.' }], encrypted_content: 'swy-thinking.v1.abc' },
    { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'trains' } },
    { id: 'msg_1', type: 'message', role: 'assistant', status: 'incomplete', content: [{ type: 'output_text', text: 'Trains run', annotations: [{ type: 'url_citation', url: 'https://rail.example/', title: 'Rail', start_index: 0, end_index: 10 }], logprobs: [] }, { type: 'refusal', refusal: 'No more.' }] },
  ],
  usage: { input_tokens: 3, output_tokens: 5, total_tokens: 8 },
  incomplete_details: { reason: 'max_output_tokens' },
  error: null,
};

describe('replayResponse', () => {
  it('writes each item as a live stream would, the reasoning summary as its own events, and ends as the response ended', () => {
    const replay = events(replayResponse(stored, null));
    expect(replay.map((e) => e.sequence_number)).toEqual(replay.map((_, i) => i));
    expect(replay.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.web_search_call.in_progress',
      'response.web_search_call.searching',
      'response.web_search_call.completed',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.annotation.added',
      'response.output_text.done',
      'response.content_part.done',
      'response.content_part.added',
      'response.refusal.delta',
      'response.refusal.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.incomplete',
    ]);
    expect(replay[0]).toMatchObject({ response: { id: 'resp_1', status: 'in_progress', output: [], usage: null, incomplete_details: null } });
    // Signed thinking shows when its item is done, as live.
    expect(replay[2]).toEqual({ type: 'response.output_item.added', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [] }, sequence_number: 2 });
    expect(replay[7]?.item).toEqual(stored.output && (stored.output as JsonObject[])[0]);
    expect(replay[8]).toMatchObject({ item: { id: 'ws_1', status: 'in_progress' } });
    expect(replay[16]).toMatchObject({ item_id: 'msg_1', output_index: 2, content_index: 0, annotation_index: 0, annotation: { url: 'https://rail.example/' } });
    expect(replay[20]).toMatchObject({ item_id: 'msg_1', output_index: 2, content_index: 1, delta: 'No more.' });
    expect(replay.at(-1)?.response).toEqual(stored);
  });

  it('returns only the events after starting_after', () => {
    const all = events(replayResponse(stored, null));
    expect(events(replayResponse(stored, 17))).toEqual(all.slice(18));
    expect(replayResponse(stored, all.length - 1)).toBe('');
  });
});
