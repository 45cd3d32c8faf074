import { describe, expect, it, vi } from 'vitest';
import { accumulateAnthropicEvents } from './accumulate-stream.js';
import type { AnthropicStreamEvent } from './anthropic-wire.js';
import { foldAnthropicSse } from './fold-anthropic-sse.js';
import { seededRandom } from './seeded-random.js';
import { parseBlocks } from './sse-blocks.js';

/** What the trace held before: every event but pings parsed, then folded. */
function parseEveryEvent(blocks: readonly string[]) {
  const events: AnthropicStreamEvent[] = [];
  for (const whole of blocks) for (const event of parseBlocks(whole)) if (event.name !== 'ping') events.push(JSON.parse(event.data) as AnthropicStreamEvent);
  return accumulateAnthropicEvents(events);
}

const event = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
const start = event('message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 9, output_tokens: 1 } } });
const blockStart = (index: number, block: object = { type: 'text', text: '' }) => event('content_block_start', { type: 'content_block_start', index, content_block: block });
const text = (t: string, index = 0) => event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } });
const end = (output: number) =>
  event('content_block_stop', { type: 'content_block_stop', index: 0 }) +
  event('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: output } }) +
  event('message_stop', { type: 'message_stop' });

describe('foldAnthropicSse', () => {
  it('rebuilds the message as parsing every event does, text deltas read from their bytes', () => {
    const blocks = [start, blockStart(0), text('Hello'), text(' "there" \\ \n'), event('ping', { type: 'ping' }), text(' ☃ 𝄞'), end(5)];
    const parse = vi.spyOn(JSON, 'parse');
    let message;
    try {
      message = foldAnthropicSse(blocks);
      // message_start, block start, first delta (+ its text checked), message_delta, stops: not the later deltas.
      expect(parse.mock.calls.length).toBeLessThanOrEqual(8);
    } finally {
      parse.mockRestore();
    }
    expect(message).toEqual(parseEveryEvent(blocks));
    expect(message?.content).toEqual([{ type: 'text', text: 'Hello "there" \\ \n ☃ 𝄞' }]);
    expect(message?.usage.output_tokens).toBe(5);
  });

  it('matches parsing every event on random streams of text, thinking, tool and odd deltas', () => {
    const random = seededRandom(11);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const pieces = ['a', ' b', '"', '\\', 'é', '\n', '😀', '', '"delta":{"type":"text_delta","text":"', '}}'];
    for (let run = 0; run < 200; run++) {
      const blocks = [start, blockStart(0), blockStart(1, { type: 'tool_use', id: 't', name: 'f', input: {} }), blockStart(2, { type: 'thinking', thinking: '' })];
      for (let i = 0, n = 1 + Math.floor(random() * 12); i < n; i++) {
        const t = Array.from({ length: Math.floor(random() * 4) }, () => pick(pieces)).join('');
        const kind = random();
        if (kind < 0.5) blocks.push(text(t, random() < 0.8 ? 0 : pick([1, 2, 3])));
        else if (kind < 0.6) blocks.push(event('content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: pick(['{"x":', '1}', '']) } }));
        else if (kind < 0.7) blocks.push(event('content_block_delta', { type: 'content_block_delta', index: 2, delta: { type: 'thinking_delta', thinking: t } }));
        else if (kind < 0.8) blocks.push(event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t, extra: 1 } }));
        else if (kind < 0.9) blocks.push(blockStart(0));
        else blocks.push(text(t) + text(t));
      }
      blocks.push(end(7));
      expect(foldAnthropicSse(blocks)).toEqual(parseEveryEvent(blocks));
    }
  });
});
