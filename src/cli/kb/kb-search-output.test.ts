import { describe, expect, it } from 'vitest';
import { formatSearchAnswer } from './kb-search-output.js';

const answer = (text: string) => ({ results: [{ docId: 'faq.md', chunkId: 'faq.md#0', score: 1, text }] });
/** The snippet lines under the result's id (indented 10). */
const snippet = (text: string, width: number) => formatSearchAnswer(1, 'q', answer(text), width).trimEnd().split('\n').slice(2);

describe('kb search on a terminal', () => {
  it('keeps a wrapped line that fills the width whole: no word is cut while the text goes on', () => {
    // Width 30 leaves 20 characters after the indent; the first line is exactly 20 long.
    expect(snippet('aaaa bbbb cccc ddddd eeee ffff', 30)).toEqual(['          aaaa bbbb cccc ddddd', '          eeee ffff']);
  });

  it('still cuts a word longer than the line, marked with …', () => {
    expect(snippet(`${'x'.repeat(30)} tail`, 30)).toEqual([`          ${'x'.repeat(19)}…`, '          tail']);
  });
});
