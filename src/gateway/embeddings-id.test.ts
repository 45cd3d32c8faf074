import { describe, expect, it } from 'vitest';
import { withEmbeddingsId } from './embeddings-id.js';

describe('withEmbeddingsId', () => {
  it('puts an id first in an OpenAI answer, pretty-printed or not, keeping the rest as it came', () => {
    expect(JSON.parse(withEmbeddingsId('{"object":"list","data":[{"embedding":[0.5]}]}', 'embd-1'))).toEqual({ id: 'embd-1', object: 'list', data: [{ embedding: [0.5] }] });
    const pretty = '{\n  "object": "list",\n  "data": []\n}\n';
    expect(withEmbeddingsId(pretty, 'embd-2')).toBe(`{"id":"embd-2",${pretty.slice(1)}`);
    expect(JSON.parse(withEmbeddingsId('{}', 'embd-3'))).toEqual({ id: 'embd-3' });
  });

  it('leaves an answer with an id of its own (vLLM, Mistral) and anything that is not an object alone', () => {
    for (const text of ['{"id":"embd-up","object":"list"}', '{ "id" : "x"}', '[1,2]', 'not json']) expect(withEmbeddingsId(text, 'embd-4')).toBe(text);
  });
});
