import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('paths no route serves', () => {
  it('tells an Anthropic client whose base URL ends in /v1 to drop it, in the Anthropic shape', async () => {
    const claude = new Anthropic({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sy-test', maxRetries: 0 });
    const error = await claude.messages.create({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    const body = (error as { error?: { type?: string; error?: { type?: string; message?: string } } }).error;
    expect(body?.type).toBe('error');
    expect(body?.error?.type).toBe('not_found_error');
    expect(body?.error?.message).toContain('drop "/v1" from the base URL');
  });

  it('answers an OpenAI client on a wrong path with a JSON 404 and a hint, never the dashboard page', async () => {
    const openai = new OpenAI({ baseURL: h.gateway.url, apiKey: 'sk-sy-test', maxRetries: 0 });
    const error = await openai.models.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as Error).message).toContain('did you mean /v1/models');
    for (const path of ['/stats', '/v2/chat/completions', '/v1/nothing', '/api/nothing']) {
      const res = await fetch(`${h.gateway.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('application/json');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('names the OpenAI API that is not served, as the AI SDK reaches for it (generateImage, transcribe)', async () => {
    // experimental_generateImage with openai.image('dall-e-3') sends this request.
    const res = await fetch(`${h.baseURL}/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test' },
      body: JSON.stringify({ model: 'dall-e-3', prompt: 'cat', n: 1, response_format: 'b64_json' }),
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      "no route POST /v1/images/generations: the Images API is not served: the gateway serves language models (/v1/chat/completions, /v1/responses, /v1/embeddings and Anthropic's /v1/messages)",
    );
    const audio = await fetch(`${h.baseURL}/audio/transcriptions`, { method: 'POST', headers: { authorization: 'Bearer sk-sy-test' }, body: new FormData() });
    expect(((await audio.json()) as { error: { message: string } }).error.message).toContain('the Audio API (speech, transcriptions, translations) is not served');
  });

  it('serves the dashboard to browsers at / and for page paths they type', async () => {
    for (const path of ['/', '/overview']) {
      const res = await fetch(`${h.gateway.url}${path}`, { headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(res.headers.get('content-type'), path).toContain('text/html');
    }
    const api = await fetch(`${h.gateway.url}/overview`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(404);
  });
});
