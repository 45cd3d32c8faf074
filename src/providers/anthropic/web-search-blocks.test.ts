import { describe, expect, it } from 'vitest';
import type { UrlCitation } from '../../core/web-search.js';
import { citedText, searchBlocks } from './web-search-blocks.js';

const cite = (url: string, start: number, end: number): UrlCitation => ({ type: 'url_citation', url_citation: { url, title: url.slice(8), start_index: start, end_index: end } });

describe('a canonical answer’s search as Claude’s blocks', () => {
  it('cuts the text where cited ranges start and end, each piece with the pages covering all of it', () => {
    const text = 'Node 24 is LTS. It ships npm 11. Ask more.';
    const blocks = citedText(text, [cite('https://a.org', 0, 15), cite('https://b.org', 0, 32), cite('https://a.org', 0, 15)]);
    expect(blocks.map((b) => [b.text, (b.citations ?? []).map((c) => c['url'])])).toEqual([
      ['Node 24 is LTS.', ['https://a.org', 'https://b.org']],
      [' It ships npm 11.', ['https://b.org']],
      [' Ask more.', []],
    ]);
    expect(blocks[1]?.citations?.[0]).toEqual({ type: 'web_search_result_location', url: 'https://b.org', title: 'b.org', cited_text: text.slice(0, 32), encrypted_index: '' });
    expect(blocks.map((b) => b.text).join('')).toBe(text);
  });

  it('keeps uncited text whole, and ignores ranges outside the text', () => {
    expect(citedText('Hello.', [])).toEqual([{ type: 'text', text: 'Hello.' }]);
    expect(citedText('Hello.', [cite('https://a.org', 9, 12)])).toEqual([{ type: 'text', text: 'Hello.' }]);
    expect(citedText('', [])).toEqual([]);
  });

  it('gives each search a use and a result, the pages cited once, with the first', () => {
    const blocks = searchBlocks([{ id: 'chatcmpl-x1_gs0', query: 'a' }, { id: 'chatcmpl-x1_gs1', query: 'b' }], [cite('https://a.org', 0, 1), cite('https://a.org', 2, 3)]);
    expect(blocks).toEqual([
      { type: 'server_tool_use', id: 'srvtoolu_x1_gs0', name: 'web_search', input: { query: 'a' } },
      { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_x1_gs0', content: [{ type: 'web_search_result', url: 'https://a.org', title: 'a.org', encrypted_content: '', page_age: null }] },
      { type: 'server_tool_use', id: 'srvtoolu_x1_gs1', name: 'web_search', input: { query: 'b' } },
      { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_x1_gs1', content: [] },
    ]);
  });
});
