import { describe, expect, it, vi } from 'vitest';
import { accumulateOpenAIChunks } from './accumulate-stream.js';
import { foldOpenAISse } from './fold-openai-sse.js';
import type { ChatCompletionChunk } from './openai-wire.js';
import { parseBlocks } from './sse-blocks.js';
import { seededRandom } from './seeded-random.js';

/** What the trace held before: every chunk parsed, then folded. */
function parseEveryChunk(blocks: readonly string[]) {
  const chunks: ChatCompletionChunk[] = [];
  for (const whole of blocks) for (const event of parseBlocks(whole)) if (event.data !== '[DONE]') chunks.push(JSON.parse(event.data) as ChatCompletionChunk);
  return accumulateOpenAIChunks(chunks);
}

const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1796054796, model: 'gpt-4o-mini', system_fingerprint: 'fp_1' };
const chunk = (fields: Record<string, unknown>) => `data: ${JSON.stringify({ ...head, ...fields })}\n\n`;
const text = (content: string, index = 0, extra: Record<string, unknown> = {}) =>
  chunk({ choices: [{ index, delta: { content, ...extra }, logprobs: null, finish_reason: null }], usage: null });

describe('foldOpenAISse', () => {
  it('rebuilds the answer a relay captured, as parsing every chunk does', () => {
    const blocks = [
      chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], usage: null }),
      text('Hello'),
      text(' "quoted" \\ back\\slash\n'),
      text(' ünïcödé ☃ 𝄞 \u2028'),
      text('</script>\t'),
      chunk({ choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], usage: null }),
      chunk({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } }),
      'data: [DONE]\n\n',
    ];
    const answer = foldOpenAISse(blocks);
    expect(answer).toEqual(parseEveryChunk(blocks));
    expect(answer?.choices[0]?.message.content).toBe('Hello "quoted" \\ back\\slash\n ünïcödé ☃ 𝄞 \u2028</script>\t');
    expect(answer?.usage?.total_tokens).toBe(7);
  });

  it('reads chunks that differ in more than their text in full', () => {
    const blocks = [
      text('a'),
      text('b'),
      // Another choice, a refusal beside the text, a tool call, a changed id: none is only more text.
      text('c', 1),
      text('d', 0, { refusal: 'no' }),
      chunk({ choices: [{ index: 0, delta: { content: 'e', tool_calls: [{ index: 0, id: 't1', type: 'function', function: { name: 'f', arguments: '{"x":' } }] }, finish_reason: null }] }),
      chunk({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }] }, finish_reason: null }] }),
      `data: ${JSON.stringify({ ...head, id: 'other', choices: [{ index: 0, delta: { content: 'f' }, logprobs: null, finish_reason: null }], usage: null })}\n\n`,
      text('g', 0, {}),
      chunk({ choices: [{ index: 0, delta: { content: 'h' }, finish_reason: 'length' }] }),
      'data: [DONE]\n\n',
    ];
    const answer = foldOpenAISse(blocks);
    expect(answer).toEqual(parseEveryChunk(blocks));
    expect(answer?.choices.map((c) => c.message.content)).toEqual(['abdefgh', 'c']);
    expect(answer?.choices[0]?.message.tool_calls?.[0]?.function.arguments).toBe('{"x":1}');
  });

  it('keeps the reasoning deltas, as a whole answer carries them: reasoning_content, and OpenRouter’s reasoning', () => {
    const reasoning = (field: string, piece: string) => chunk({ choices: [{ index: 0, delta: { [field]: piece }, logprobs: null, finish_reason: null }], usage: null });
    const blocks = [
      chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], usage: null }),
      reasoning('reasoning_content', 'Is 91 '),
      reasoning('reasoning_content', 'prime? 7 × 13.'),
      text('No'),
      text(': 7 × 13.'),
      reasoning('reasoning', 'checked'),
      chunk({ choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], usage: null }),
      'data: [DONE]\n\n',
    ];
    const answer = foldOpenAISse(blocks);
    expect(answer).toEqual(parseEveryChunk(blocks));
    expect(answer?.choices[0]?.message).toMatchObject({ content: 'No: 7 × 13.', reasoning_content: 'Is 91 prime? 7 × 13.', reasoning: 'checked' });
    expect(foldOpenAISse([text('Hi')])?.choices[0]?.message).not.toHaveProperty('reasoning_content');
  });

  it('takes several events to a block, names, comments, split data lines and spaced JSON', () => {
    const spaced = (content: string) => `data: {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": [{"index": 0, "delta": {"content": ${JSON.stringify(content)}}, "finish_reason": null}]}\n\n`;
    const blocks = [
      text('one') + text(' two') + ': keep-alive\n\n',
      'event: chunk\n' + text(' three'),
      'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1796054796,"model":"gpt-4o-mini","system_fingerprint":"fp_1",\ndata: "choices":[{"index":0,"delta":{"content":" four"},"logprobs":null,"finish_reason":null}],"usage":null}\n\n',
      spaced(' five') + spaced(' six'),
      text(' seven') + 'data: [DONE]',
    ];
    const answer = foldOpenAISse(blocks);
    expect(answer).toEqual(parseEveryChunk(blocks));
    expect(answer?.choices[0]?.message.content).toBe('one two three four five six seven');
  });

  it('fails where parsing the chunk would: a raw control character in the text', () => {
    const bad = text('x').replace('"x"', '"a\u0001b"');
    expect(() => parseEveryChunk([text('ok'), bad])).toThrow(SyntaxError);
    expect(() => foldOpenAISse([text('ok'), bad])).toThrow(SyntaxError);
  });

  it('matches parsing every chunk on random streams', () => {
    const random = seededRandom(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const pieces = ['a', ' b', '"', '\\', '\\"', 'é', '\n', '😀', '', '"delta":{"content":"', 'usage', '}]}'];
    for (let run = 0; run < 200; run++) {
      const blocks: string[] = [];
      for (let i = 0, n = 1 + Math.floor(random() * 12); i < n; i++) {
        const content = Array.from({ length: Math.floor(random() * 4) }, () => pick(pieces)).join('');
        const kind = random();
        if (kind < 0.6) blocks.push(text(content, random() < 0.9 ? 0 : 1));
        else if (kind < 0.7) blocks.push(text(content, 0, { role: 'assistant', refusal: null }));
        else if (kind < 0.8) blocks.push(chunk({ choices: [{ index: 0, delta: { refusal: content }, finish_reason: null }] }));
        else if (kind < 0.9) blocks.push(chunk({ choices: [{ index: 0, delta: { content }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }));
        else blocks.push(text(content) + text(content));
      }
      blocks.push('data: [DONE]\n\n');
      expect(foldOpenAISse(blocks)).toEqual(parseEveryChunk(blocks));
    }
  });

  it('is null for a stream without chunks', () => {
    expect(foldOpenAISse(['data: [DONE]\n\n'])).toBeNull();
  });
});

describe('foldOpenAISse cost', () => {
  it('parses only the chunks that are more than text: the first, the last and the usage', () => {
    const blocks = [
      chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], usage: null }),
      ...Array.from({ length: 30 }, (_, i) => text(` word${i}`)),
      chunk({ choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], usage: null }),
      chunk({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 30, total_tokens: 33 } }),
      'data: [DONE]\n\n',
    ];
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const answer = foldOpenAISse(blocks);
      // The first text chunk is parsed to learn its shape (and its text checked once more).
      expect(parse.mock.calls.length).toBeLessThanOrEqual(5);
      expect(answer?.choices[0]?.message.content).toBe(Array.from({ length: 30 }, (_, i) => ` word${i}`).join(''));
    } finally {
      parse.mockRestore();
    }
  });
});
