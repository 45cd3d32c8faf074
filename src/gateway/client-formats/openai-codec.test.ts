import { describe, expect, it } from 'vitest';
import { completionToChunks } from '../../core/completion-to-chunks.js';
import type { ChatCompletion } from '../../core/openai-wire.js';
import { rebuildCaptured } from '../../providers/captured-stream.js';
import { openaiCodec } from './openai-codec.js';

const text: ChatCompletion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_767_225_600,
  model: 'local:support-intent@v3',
  choices: [{ index: 0, message: { role: 'assistant', content: 'card_arrival' }, finish_reason: 'stop', logprobs: null }],
};

const tools: ChatCompletion = {
  ...text,
  choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"card"}' } }] }, finish_reason: 'tool_calls', logprobs: null }],
  usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
};

describe('openaiCodec stream encoder for a whole answer', () => {
  for (const [name, completion] of [['text', text], ['tool calls with usage', tools]] as const) {
    for (const includeUsage of [false, true]) {
      it(`gives the trace the same answer as parsing its text back (${name}, usage ${includeUsage ? 'asked for' : 'dropped'})`, () => {
        const whole = openaiCodec.streamEncoder(includeUsage, {}, true);
        const sse = whole.push(completionToChunks(completion)) + whole.end();
        const piecewise = openaiCodec.streamEncoder(includeUsage, {});
        expect(piecewise.push(completionToChunks(completion)) + piecewise.end()).toBe(sse);
        const response = whole.response() as { format: 'openai'; blocks: string[] };
        expect(JSON.stringify(response)).toBe(JSON.stringify(rebuildCaptured(response)));
        expect(JSON.stringify(response)).toBe(JSON.stringify(piecewise.response()));
        expect(response.blocks.join('')).toBe(sse);
      });
    }
  }
});
