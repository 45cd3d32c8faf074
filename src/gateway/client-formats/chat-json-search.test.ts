import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '../../core/openai-wire.js';
import { saysBeforeSearching, withoutWordsBeforeSearches, WordsBeforeSearches } from './chat-json-search.js';

const chunk = (delta: Record<string, unknown>, finish: 'stop' | null = null): ChatCompletionChunk => ({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });
const cite = (start: number, end: number) => ({ type: 'url_citation', url_citation: { url: 'https://a/', title: 'a', start_index: start, end_index: end } });

describe('saysBeforeSearching', () => {
  it('is a JSON format with a search offered, and nothing less', () => {
    expect(saysBeforeSearching({ model: 'm', messages: [], web_search_options: {}, response_format: { type: 'json_schema' } })).toBe(true);
    expect(saysBeforeSearching({ model: 'm', messages: [], web_search_options: {}, response_format: { type: 'text' } })).toBe(false);
    expect(saysBeforeSearching({ model: 'm', messages: [], response_format: { type: 'json_object' } })).toBe(false);
  });
});

describe('withoutWordsBeforeSearches', () => {
  it('keeps the text from the last search on, its citations counted from there', () => {
    const text = 'Let me search. {"a":1}';
    const completion = withoutWordsBeforeSearches({ id: 'c', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: text, annotations: [cite(15, 22), cite(0, 3)], web_search_calls: [{ id: 's', query: 'q', at: 15 }] } as never }] });
    expect(completion.choices[0]?.message).toMatchObject({ content: '{"a":1}', annotations: [cite(0, 7)], web_search_calls: [{ id: 's', query: 'q', at: 0 }] });
  });
});

describe('WordsBeforeSearches', () => {
  it('drops the text said before a search, keeping the role, and moves later citations back', () => {
    const filter = new WordsBeforeSearches();
    const out = [
      chunk({ role: 'assistant', content: 'Let me ' }),
      chunk({ content: 'search. ' }),
      chunk({ web_search_calls: [{ id: 's', query: 'q' }] }),
      chunk({ content: '{"a":1}' }),
      chunk({ annotations: [cite(15, 22)] }),
      chunk({}, 'stop'),
    ].flatMap((c) => filter.push(c));
    expect(out.map((c) => c.choices[0]?.delta)).toEqual([{ role: 'assistant' }, { web_search_calls: [{ id: 's', query: 'q' }] }, { content: '{"a":1}' }, { annotations: [cite(0, 7)] }, {}]);
  });

  it('sends held text on as it came when no search follows', () => {
    const filter = new WordsBeforeSearches();
    const first = chunk({ role: 'assistant', content: '{"a":' });
    expect(filter.push(first)).toEqual([]);
    expect(filter.push(chunk({ content: '1}' }))).toEqual([]);
    expect(filter.release().map((c) => c.choices[0]?.delta.content)).toEqual(['{"a":', '1}']);
    expect(filter.push(chunk({ content: 'x' }))).toEqual([]);
    expect(filter.push(chunk({}, 'stop')).map((c) => c.choices[0]?.delta.content ?? null)).toEqual(['x', null]);
  });
});
