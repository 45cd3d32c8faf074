/**
 * Claude's web search both ways: a client's search (Responses tool, chat `web_search_options`)
 * as the `web_search_20250305` server tool, and the searches and cited pages of the answer, whole
 * or streamed, as `web_search_calls` and `url_citation` annotations.
 */
import { describe, expect, it } from 'vitest';
import type { AnthropicMessageResponse, AnthropicStreamEvent } from '../../core/anthropic-wire.js';
import type { ChatCompletionChunk } from '../../core/openai-wire.js';
import { usageFromAnthropic } from '../../tokens/usage.js';
import { AnthropicToOpenAIStream } from './anthropic-stream-to-openai.js';
import { fromAnthropicResponse } from './convert-from-anthropic-response.js';
import { toAnthropicRequest } from './convert-to-anthropic-request.js';
import { toAnthropicWebSearch } from './web-search-tool.js';

const MODEL = 'claude-sonnet-4-5-20250929';
const citation = { type: 'web_search_result_location', url: 'https://nodejs.org/en/about/previous-releases', title: 'Node.js Releases', encrypted_index: 'Eo8B', cited_text: 'Node.js 24 is the Active LTS.' };

describe('the web search server tool', () => {
  it('takes max_uses from the context size (medium when unsaid), the allowed or blocked domains and the location', () => {
    expect(toAnthropicWebSearch({})).toEqual({ type: 'web_search_20250305', name: 'web_search', max_uses: 3 });
    expect(toAnthropicWebSearch({ search_context_size: 'low' })).toMatchObject({ max_uses: 1 });
    expect(toAnthropicWebSearch({ search_context_size: 'high', max_uses: 9 })).toMatchObject({ max_uses: 9 });
    // Anthropic refuses both lists at once: the narrower one goes.
    expect(toAnthropicWebSearch({ allowed_domains: ['a.org'], blocked_domains: ['b.org'], user_location: { city: 'Paris' } })).toEqual({
      type: 'web_search_20250305', name: 'web_search', max_uses: 3, allowed_domains: ['a.org'], user_location: { type: 'approximate', city: 'Paris' },
    });
  });

  it('goes beside the client’s functions for a chat web_search_options, which is not named as dropped', () => {
    const decisions: Record<string, unknown> = {};
    const sink = { decide: (stage: string, decision: unknown) => void (decisions[stage] = decision), decisions };
    const out = toAnthropicRequest(
      {
        model: 'm',
        messages: [{ role: 'user', content: 'news?' }],
        tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
        web_search_options: { search_context_size: 'low', user_location: { type: 'approximate', approximate: { country: 'DE' } } },
      },
      MODEL,
      sink,
    );
    expect(out.tools).toEqual([
      { name: 'f', input_schema: { type: 'object' } },
      { type: 'web_search_20250305', name: 'web_search', max_uses: 1, user_location: { type: 'approximate', country: 'DE' } },
    ]);
    expect(decisions['dropped_params']).toBeUndefined();
  });

  it('is not added to a request that asked for no search', () => {
    expect(toAnthropicRequest({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] }, MODEL)).not.toHaveProperty('tools');
  });
});

const answer: AnthropicMessageResponse = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: MODEL,
  content: [
    { type: 'text', text: 'Let me check. ' },
    { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'node lts' } },
    { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', url: citation.url, title: citation.title, encrypted_content: 'EqgC', page_age: null }] },
    { type: 'text', text: 'Node.js 24 “Krypton” is LTS.', citations: [citation, { ...citation, cited_text: 'again' }] },
    { type: 'text', text: ' Upgrade soon.', citations: null },
  ],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 900, output_tokens: 40, server_tool_use: { web_search_requests: 1, web_fetch_requests: 0 } },
};

describe('an answer with web searches', () => {
  it('has its searches as web_search_calls and its cited pages as url_citation annotations over the cited text', () => {
    const message = fromAnthropicResponse(answer, { created: 1 }).choices[0]!.message;
    expect(message.content).toBe('Let me check. Node.js 24 “Krypton” is LTS. Upgrade soon.');
    // With where it ran: after 'Let me check. ' (14 characters), said before searching.
    expect(message['web_search_calls']).toEqual([{ id: 'srvtoolu_1', query: 'node lts', at: 14 }]);
    // One annotation per page; it spans the cited block.
    expect(message['annotations']).toEqual([{ type: 'url_citation', url_citation: { url: citation.url, title: citation.title, start_index: 14, end_index: 42 } }]);
    expect((message.content as string).slice(14, 42)).toBe('Node.js 24 “Krypton” is LTS.');
  });

  it('counts the searches in usage, at $10 per 1,000', () => {
    expect(usageFromAnthropic(answer.usage)).toMatchObject({ inputTokens: 900, webSearches: 1, webSearchUsd: 0.01 });
    expect(usageFromAnthropic({ input_tokens: 1, output_tokens: 1 })).not.toHaveProperty('webSearches');
  });

  it('streams the same: the search once its query is whole, the annotations once the cited block closes', () => {
    const events: AnthropicStreamEvent[] = [
      { type: 'message_start', message: { ...answer, content: [], usage: { input_tokens: 900, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Let me check. ' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"query": "node' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: ' lts"}' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: answer.content[2]! },
      { type: 'content_block_stop', index: 2 },
      { type: 'content_block_start', index: 3, content_block: { type: 'text', text: '', citations: [] } },
      { type: 'content_block_delta', index: 3, delta: { type: 'citations_delta', citation } as never },
      { type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text: 'Node.js 24 “Krypton”' } },
      { type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text: ' is LTS.' } },
      { type: 'content_block_stop', index: 3 },
      { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 40, server_tool_use: { web_search_requests: 1 } } as never },
      { type: 'message_stop' },
    ];
    const stream = new AnthropicToOpenAIStream({ created: 1 });
    const chunks: ChatCompletionChunk[] = events.flatMap((event) => stream.push(event));
    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta ?? {});
    expect(deltas.filter((d) => d['web_search_calls'])).toEqual([{ web_search_calls: [{ id: 'srvtoolu_1', query: 'node lts' }] }]);
    expect(deltas.filter((d) => d['annotations'])).toEqual([{ annotations: [{ type: 'url_citation', url_citation: { url: citation.url, title: citation.title, start_index: 14, end_index: 42 } }] }]);
    // The search's input never reaches the client as a tool call.
    expect(deltas.some((d) => d.tool_calls)).toBe(false);
    expect(stream.webSearches).toBe(1);
  });
});
