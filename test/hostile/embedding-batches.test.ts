import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * Embedding batches past the providers' own limits (helper hostile8). Google's batchEmbedContents
 * takes at most 100 requests, each naming the batch's model; OpenAI's embeddings at most 2,048
 * inputs. The gateway took 20,000 of either (a 74 MB answer, /health held up 8 s on the simulator)
 * and embedded a request naming another model with the path's: a client that works here failed on
 * Google. Each is now a 400 naming the field, the count or the model, and what is expected.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
models:
  embed: { provider: oai, model: text-embedding-3-small }
  gem-embed: { provider: gem, model: gemini-embedding-001 }
keys:
  - key: sk-sy-test
    name: emb
`);
});
afterAll(() => h.close());

async function batch(model: string, requests: unknown[]): Promise<{ status: number; message: string; count: number }> {
  const res = await fetch(`${h.gateway.url}/v1beta/models/${model}:batchEmbedContents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-sy-test' },
    body: JSON.stringify({ requests }),
  });
  const json = (await res.json()) as { error?: { message: string; status: string }; embeddings?: unknown[] };
  if (res.status !== 200) expect(json.error?.status).toBe('INVALID_ARGUMENT');
  return { status: res.status, message: json.error?.message ?? '', count: json.embeddings?.length ?? 0 };
}

const text = (i: number, model?: string) => ({ ...(model ? { model } : {}), content: { parts: [{ text: `item ${i}` }] } });

describe('Gemini API batchEmbedContents', () => {
  it('takes 100 requests, as Google does', async () => {
    for (const model of ['embed', 'gem-embed']) {
      const answer = await batch(model, Array.from({ length: 100 }, (_, i) => text(i)));
      expect(answer).toMatchObject({ status: 200, count: 100 });
    }
  });

  it('refuses 101 or more in Google\'s words, with the count', async () => {
    for (const model of ['embed', 'gem-embed']) {
      const answer = await batch(model, Array.from({ length: 20_000 }, (_, i) => text(i)));
      expect(answer.status).toBe(400);
      expect(answer.message).toBe('BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch (got 20000)');
    }
  });

  it('refuses a request naming another model than the path, which it embedded with the path\'s', async () => {
    const answer = await batch('embed', [text(0, 'models/embed'), text(1, 'models/other-model')]);
    expect(answer.status).toBe(400);
    expect(answer.message).toBe('requests[1].model must be the batch\'s model, "models/embed", got "models/other-model"');
  });

  it('takes each request\'s model as Google writes it, with or without models/', async () => {
    expect(await batch('embed', [text(0, 'models/embed'), text(1, 'embed'), text(2)])).toMatchObject({ status: 200, count: 3 });
  });

  it('quotes a long or odd model short', async () => {
    const answer = await batch('embed', [text(0, 'm'.repeat(5_000))]);
    expect(answer.status).toBe(400);
    expect(answer.message.length).toBeLessThan(250);
    expect((await batch('embed', [{ model: 5, content: { parts: [{ text: 'x' }] } }])).message).toBe('requests[0].model must be the batch\'s model, "models/embed", got 5');
  });
});

describe('OpenAI embeddings', () => {
  async function embed(input: unknown): Promise<{ status: number; message: string; param: string | null; count: number }> {
    const res = await fetch(`${h.gateway.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test' },
      body: JSON.stringify({ model: 'embed', input }),
    });
    const json = (await res.json()) as { error?: { message: string; param: string | null }; data?: unknown[] };
    return { status: res.status, message: json.error?.message ?? '', param: json.error?.param ?? null, count: json.data?.length ?? 0 };
  }

  it('takes 2,048 inputs, OpenAI\'s limit', async () => {
    expect(await embed(Array.from({ length: 2048 }, (_, i) => `x${i}`))).toMatchObject({ status: 200, count: 2048 });
  });

  it('refuses more, naming input, the count and the limit', async () => {
    const answer = await embed(Array.from({ length: 20_000 }, (_, i) => `x${i}`));
    expect(answer).toMatchObject({ status: 400, param: 'input' });
    expect(answer.message).toBe("Invalid 'input': array of 20000 items; at most 2048 inputs per request (send the rest in further requests)");
  });

  it('and 2,049 token arrays', async () => {
    const answer = await embed(Array.from({ length: 2049 }, () => [1, 2, 3]));
    expect(answer).toMatchObject({ status: 400, param: 'input' });
    expect(answer.message).toContain('array of 2049 items; at most 2048');
  });
});
