import { describe, expect, it } from 'vitest';
import { completionToChunks } from './completion-to-chunks.js';

describe('completionToChunks', () => {
  it('streams a whole answer as role-and-content, tool calls, finish and usage chunks, in the wire key order', () => {
    const chunks = completionToChunks({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 7,
      model: 'local:r@v1',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, finish_reason: 'tool_calls', logprobs: null }],
      usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
    });
    const head = '"id":"chatcmpl-1","object":"chat.completion.chunk","created":7,"model":"local:r@v1"';
    expect(chunks.map((c) => JSON.stringify(c))).toEqual([
      `{${head},"choices":[{"index":0,"delta":{"role":"assistant","content":"ok"},"finish_reason":null}]}`,
      `{${head},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":null}]}`,
      `{${head},"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}`,
      `{${head},"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}`,
    ]);
  });

  it('streams an answer with OpenAI’s envelope with it: service_tier and system_fingerprint on each chunk, logprobs on each choice, refusal on the role delta', () => {
    const chunks = completionToChunks({
      id: 'chatcmpl-2',
      object: 'chat.completion',
      created: 7,
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok', refusal: null, annotations: [] }, finish_reason: 'stop', logprobs: null }],
      service_tier: 'default',
      system_fingerprint: null,
    });
    const head = '"id":"chatcmpl-2","object":"chat.completion.chunk","created":7,"model":"m","service_tier":"default","system_fingerprint":null';
    expect(chunks.map((c) => JSON.stringify(c))).toEqual([
      `{${head},"choices":[{"index":0,"delta":{"role":"assistant","content":"ok","refusal":null},"logprobs":null,"finish_reason":null}]}`,
      `{${head},"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}`,
    ]);
  });
});
