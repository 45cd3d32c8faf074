import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../../src/test-support/fake-upstream.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * An embeddings model whose vector holds a value that is no number (helper hostile11, 2026-12-05).
 * The semantic cache took any array: a string element made the query's vector NaN, a NaN product is
 * not below any threshold, and the first cached answer of the partition was served as a hit
 * ("similarity NaN") to a question it never answered. Such a vector is now refused, naming the
 * position and the value: the lookup is a miss, the trace says why, and the call goes upstream.
 */
let upstream: FakeUpstream;
let h: Harness;
beforeAll(async () => {
  upstream = await startFakeUpstream((req, body, res) => {
    const request = JSON.parse(body) as { input?: string; messages?: { content: string }[] };
    res.setHeader('content-type', 'application/json');
    if (req.url?.endsWith('/embeddings')) {
      // Orthogonal vectors for the two wordings: a sound embedder never matches them.
      const embedding = request.input?.includes('!') ? ['fast', 1, 0, 0] : [1, 0, 0, 0];
      res.end(JSON.stringify({ object: 'list', data: [{ object: 'embedding', index: 0, embedding }], model: 'e', usage: { prompt_tokens: 3, total_tokens: 3 } }));
      return;
    }
    const asked = request.messages?.at(-1)?.content ?? '';
    res.end(JSON.stringify({ id: 'chatcmpl-x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: `answer to ${asked}` }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 } }));
  });
  h = await startHarness('', () => `
providers:
  odd: { type: openai, base_url: ${upstream.v1}, api_key: sk-x }
models:
  faq: { provider: odd, model: m }
  odd-embed: { provider: odd, model: e }
cache:
  routes:
    faq: { semantic: { embed_model: odd-embed, threshold: 0.9 } }
`);
});
afterAll(async () => {
  await h?.close();
  await upstream?.close();
});

async function ask(content: string): Promise<{ cache: string | null; similarity: string | null; answer: string; response: Response }> {
  const response = await fetch(`${h.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'faq', temperature: 0, messages: [{ role: 'user', content }] }) });
  const json = (await response.json()) as { choices: { message: { content: string } }[] };
  return { cache: response.headers.get('x-switchyard-cache'), similarity: response.headers.get('x-switchyard-cache-similarity'), answer: json.choices[0]?.message.content ?? '', response };
}

describe('a semantic cache whose embeddings model returns a value that is no number', () => {
  it('misses, names the value on the trace, and never answers with another question\'s answer', async () => {
    expect(await ask('how do I reset my password')).toMatchObject({ cache: 'miss', answer: 'answer to how do I reset my password' });
    const odd = await ask('how do I reset my password!');
    // Was: a hit, similarity "NaN", with the first question's answer.
    expect(odd).toMatchObject({ cache: 'miss', similarity: null, answer: 'answer to how do I reset my password!' });
    const trace = await h.traceOf(odd.response);
    expect(JSON.stringify(trace.decisions)).toContain('embedding[0] must be a finite number, got \\"fast\\"');
    // The sound question still hits its own answer.
    expect(await ask('how do I reset my password')).toMatchObject({ cache: 'hit', answer: 'answer to how do I reset my password' });
  });
});
