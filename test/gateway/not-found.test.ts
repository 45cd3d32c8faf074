import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import { request } from 'node:http';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;

/** A POST with a Host header of the test's choosing, which fetch does not let a caller set. */
function rawPost(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(h.gateway.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject).end('{}');
  });
}
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
    // It named http://127.0.0.1:4000 whatever the port: here the harness's own.
    expect(body?.error?.message).toContain(`drop "/v1" from the base URL (use the host root, ${h.gateway.url})`);
  });

  it('shows the base URL at the address the client used (its Host), never echoing a Host that is not a plain host and port', async () => {
    const hintFor = async (host: string, headers: Record<string, string> = {}) => {
      const { status, body } = await rawPost('/v1/v1/messages', { host, 'anthropic-version': '2023-06-01', ...headers });
      expect(status, host).toBe(404);
      return (JSON.parse(body) as { error: { message: string } }).error.message;
    };
    // Behind a proxy, or another host name for the machine: the client's own address is the one to give.
    expect(await hintFor('gateway.internal:8080')).toContain('(use the host root, http://gateway.internal:8080)');
    expect(await hintFor('[::1]:5100')).toContain('(use the host root, http://[::1]:5100)');
    expect(await hintFor('llm.example.com', { 'x-forwarded-proto': 'https' })).toContain('(use the host root, https://llm.example.com)');
    // Anything else falls back to the address the gateway listens on.
    for (const hostile of ['evil.example/"><script>', `${'a'.repeat(120)}.example`, 'x y', 'host:port']) {
      const message = await hintFor(hostile);
      expect(message, hostile).toContain(`(use the host root, ${h.gateway.url})`);
      expect(message, hostile).not.toContain(hostile);
    }
  });

  it('tells an SDK whose base URL ends in an endpoint, another API\'s path or /api what base URL to give it', async () => {
    const chat = (baseURL: string) =>
      new OpenAI({ baseURL, apiKey: 'sk-sy-test', maxRetries: 0 }).chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    const openaiCases: [string, string][] = [
      // Was the hint for stored chat completions (GET /v1/chat/completions/{id}), which this is not.
      ['/v1/chat/completions', `adds "/chat/completions" to the base URL, which here ends in "/v1/chat/completions": give it the host root and /v1 (${h.gateway.url}/v1)`],
      // The OpenAI SDK given the Anthropic endpoint.
      ['/v1/messages', 'adds "/chat/completions" to the base URL, which here ends in "/v1/messages": give it the host root and /v1'],
      // Were the admin API's 401 for the key ("neither the admin key nor a virtual key"): the key was right, the URL wrong.
      ['/api', `adds "/chat/completions" to the base URL, which here ends in "/api": give it the host root and /v1 (${h.gateway.url}/v1) (/api is the admin API)`],
      ['/api/v1', 'ends in "/api/v1": give it the host root and /v1'],
      // `/openai/v1/…` is served since 2026-12-07 (groq-sdk's paths: test/gateway/groq-sdk-path.test.ts).
      ['/openai', 'ends in "/openai": give it the host root and /v1'],
    ];
    for (const [suffix, says] of openaiCases) {
      const error = await chat(`${h.gateway.url}${suffix}`);
      expect(error, suffix).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as Error).message, suffix).toContain(says);
    }
    const models = await new OpenAI({ baseURL: `${h.gateway.url}/api/v1`, apiKey: 'sk-sy-test', maxRetries: 0 }).models.list().catch((e: unknown) => e);
    expect((models as Error).message).toContain('adds "/models" to the base URL, which here ends in "/api/v1"');
    for (const suffix of ['/v1/messages', '/v1/chat/completions']) {
      const claude = new Anthropic({ baseURL: `${h.gateway.url}${suffix}`, apiKey: 'sk-sy-test', maxRetries: 0 });
      const error = await claude.messages.create({ model: 'small', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
      expect(error, suffix).toBeInstanceOf(Anthropic.NotFoundError);
      expect((error as InstanceType<typeof Anthropic.NotFoundError>).error, suffix).toMatchObject({
        type: 'error',
        error: { type: 'not_found_error', message: expect.stringContaining(`the Anthropic SDK adds "/v1/messages" to the base URL, which here ends in "${suffix}": give it the host root (${h.gateway.url})`) },
      });
    }
    // A GET of the chat endpoint (curl without -d, a browser): it says POST first, then that listing is not served.
    const get = await fetch(`${h.baseURL}/chat/completions`, { headers: { authorization: 'Bearer sk-sy-test' } });
    expect(((await get.json()) as { error: { message: string } }).error.message).toMatch(/^no route GET \/v1\/chat\/completions: a chat completion is asked for with POST and a JSON body .*; stored chat completions/);
    // The admin API's own paths still refuse a virtual key (its own traces it may read: own-trace-routes.ts).
    expect((await fetch(`${h.gateway.url}/api/keys`, { headers: { authorization: 'Bearer sk-sy-test' } })).status).toBe(403);
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

  it('names the endpoint a mistyped path meant, and tells an Ollama client which API to use', async () => {
    const message = async (method: string, path: string) => {
      const res = await fetch(`${h.gateway.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect(res.status, path).toBe(404);
      return ((await res.json()) as { error: { message: string } }).error.message;
    };
    // Each was the list of every API ("the OpenAI-compatible API is under /v1 (…)"), which names the right path among eight.
    expect(await message('POST', '/v1/chat/completion')).toBe('no route POST /v1/chat/completion: did you mean /v1/chat/completions?');
    expect(await message('POST', '/v1/embedding')).toBe('no route POST /v1/embedding: did you mean /v1/embeddings?');
    expect(await message('POST', '/v1/message')).toBe('no route POST /v1/message: did you mean /v1/messages?');
    expect(await message('POST', '/v1/chat')).toBe('no route POST /v1/chat: did you mean /v1/chat/completions?');
    expect(await message('POST', '/chat/completion')).toBe('no route POST /chat/completion: did you mean /chat/completions?');
    expect(await message('POST', '/v1/chat/completions/')).toBe('no route POST /v1/chat/completions/: did you mean /v1/chat/completions (without the trailing "/")?');
    expect(await message('GET', '/healthz')).toBe('no route GET /healthz: did you mean /health?');
    // Nothing near: the list, as before.
    expect(await message('POST', '/v1/nothing')).toContain('the OpenAI-compatible API is under /v1');
    // Hugging Face's InferenceClient posts featureExtraction's {"inputs": …} to its endpointUrl itself
    // (recorded with @huggingface/inference 4.13): told that such a client needs the endpoint in its URL.
    for (const path of ['/', '/v1']) {
      const res = await fetch(`${h.gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"inputs":"hello"}' });
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { message: string } }).error.message, path).toBe(
        `no route POST ${path}: nothing is served at the base URL itself, and a client that posts to the URL it was given (Hugging Face's featureExtraction with endpointUrl sends Text Embeddings Inference's {"inputs": …} there) needs the endpoint in it: embeddings are POST ${h.gateway.url}/v1/embeddings with {"model", "input"}, chat is POST ${h.gateway.url}/v1/chat/completions`,
      );
    }
    // Ollama's own API: was the admin API's "missing or wrong x-switchyard-csrf header".
    for (const path of ['/api/chat', '/api/generate', '/api/tags']) {
      expect(await message(path === '/api/tags' ? 'GET' : 'POST', path)).toContain(`Ollama's own API is not served: give the client the OpenAI-compatible API, base URL ${h.gateway.url}/v1`);
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

  it('answers every SDK method the gateway does not serve with the SDK\'s NotFoundError, naming what is not served', async () => {
    const openai = h.openai('sk-sy-test');
    const claude = h.anthropic('sk-sy-test');
    const calls: [string, () => Promise<unknown>, string][] = [
      // Stored chat completions: GET /v1/chat/completions was a 405 APIError.
      ['chat.completions.list', () => openai.chat.completions.list(), 'stored chat completions'],
      ['chat.completions.retrieve', () => openai.chat.completions.retrieve('chatcmpl-1'), 'stored chat completions'],
      ['chat.completions.delete', () => openai.chat.completions.delete('chatcmpl-1'), 'stored chat completions'],
      ['chat.completions.messages.list', () => openai.chat.completions.messages.list('chatcmpl-1'), 'stored chat completions'],
      // Was a 405 saying /v1/responses/{response_id} takes GET or DELETE.
      ['responses.compact', () => openai.responses.compact({ model: 'small', input: 'hi' }), 'compaction (responses.compact) is not served'],
      ['conversations.create', () => openai.conversations.create({}), 'the Conversations API is not served'],
      ['evals.list', () => openai.evals.list(), 'the Evals API is not served'],
      ['moderations.create', () => openai.moderations.create({ input: 'hi' }), 'the Moderations API is not served'],
      ['files.list', () => openai.files.list(), 'the Batch and Files APIs are not served'],
      // Was a 405 saying /v1/models/{model} takes GET.
      ['models.delete', () => openai.models.delete('small'), 'deleting a model (models.delete) is not served'],
    ];
    for (const [name, call, says] of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as InstanceType<typeof OpenAI.NotFoundError>).error, name).toMatchObject({ type: 'invalid_request_error', code: 'not_found', message: expect.stringContaining(says) });
      expect((error as InstanceType<typeof OpenAI.NotFoundError>).requestID, name).toMatch(/^req_/);
    }
    const skills = await claude.beta.skills.list().catch((e: unknown) => e);
    expect(skills).toBeInstanceOf(Anthropic.NotFoundError);
    expect((skills as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ type: 'error', error: { type: 'not_found_error', message: expect.stringContaining('the Skills API is not served') } });
    // The chat completions endpoint itself still answers.
    expect((await openai.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] })).object).toBe('chat.completion');
  });

  it("tells an Anthropic client which of Anthropic's APIs is not served, and the Anthropic API that is", async () => {
    const claude = h.anthropic('sk-sy-test');
    const served = 'the Anthropic API served here is /v1/messages, /v1/messages/count_tokens and /v1/models';
    const calls: [string, () => Promise<unknown>, string][] = [
      // Was told to send each request to OpenAI's /v1/chat/completions, /v1/responses or /v1/embeddings.
      ['beta.files.list', () => claude.beta.files.list(), `no route GET /v1/files: the Files API is not served: put each document or image in the message itself (a base64, URL or text source) sent to POST /v1/messages (${served})`],
      ['beta.files.upload', () => claude.beta.files.upload({ file: new File(['notes'], 'notes.txt', { type: 'text/plain' }) }), 'no route POST /v1/files: the Files API is not served'],
      // Was "did you mean /v1/messages?", the nearest name to /v1/sessions.
      ['beta.sessions.create', () => claude.beta.sessions.create({ agent: 'agent_1', environment_id: 'env_1' } as never), `no route POST /v1/sessions: Claude Managed Agents (agents, sessions, environments, vaults, memory stores, deployments) is not served: run the agent loop in the client over POST /v1/messages (${served})`],
      ['beta.agents.list', () => claude.beta.agents.list(), 'no route GET /v1/agents: Claude Managed Agents (agents, sessions, environments, vaults, memory stores, deployments) is not served'],
      ['beta.environments.list', () => claude.beta.environments.list(), 'no route GET /v1/environments: Claude Managed Agents'],
      ['beta.vaults.list', () => claude.beta.vaults.list(), 'no route GET /v1/vaults: Claude Managed Agents'],
    ];
    for (const [name, call, says] of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(Anthropic.NotFoundError);
      expect((error as InstanceType<typeof Anthropic.NotFoundError>).error, name).toMatchObject({ type: 'error', error: { type: 'not_found_error', message: expect.stringContaining(says) } });
    }
    // An OpenAI client asking for its Files API is still pointed at OpenAI's endpoints.
    const files = await h.openai('sk-sy-test').files.list().catch((e: unknown) => e);
    expect((files as Error).message).toContain('the Batch and Files APIs are not served: send each request on its own to /v1/chat/completions');
  });

  it("tells Google's SDK whose baseUrl ends in /v1beta or /v1 to drop it, in Google's shape", async () => {
    for (const suffix of ['/v1beta', '/v1']) {
      const genai = new GoogleGenAI({ apiKey: 'sk-sy-test', httpOptions: { baseUrl: `${h.gateway.url}${suffix}` } });
      const error = await genai.models.generateContent({ model: 'small', contents: 'Hi' }).catch((e: unknown) => e);
      expect(error, suffix).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(404);
      // With /v1 the 404 came in OpenAI's shape, which the SDK shows raw, and named no fix.
      expect(JSON.parse((error as ApiError).message), suffix).toEqual({ error: { code: 404, status: 'NOT_FOUND', message: expect.stringContaining(`the Gemini SDK adds "/v1beta" itself: its httpOptions.baseUrl is the host root (${h.gateway.url}), with no "${suffix}"`) } });
    }
  });

  it("answers the parts of Google's Gemini API it does not serve in Google's error shape, saying what it serves", async () => {
    // @ai-sdk/google showed a bare "Not Found" for an OpenAI-shaped body: Google's SDKs read only Google's shape.
    for (const [method, path] of [
      ['POST', '/upload/v1beta/files'],
      ['GET', '/v1beta/cachedContents'],
      ['POST', '/v1beta/models/flash:batchGenerateContent'],
      ['GET', '/v1beta/tunedModels/my-tune'],
    ] as const) {
      const res = await fetch(`${h.gateway.url}${path}`, { method, headers: { 'x-goog-api-key': 'sk-sy-test', 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect(res.status, path).toBe(404);
      const body = (await res.json()) as { error: { code: number; message: string; status: string } };
      expect(body, path).toEqual({ error: { code: 404, status: 'NOT_FOUND', message: expect.stringContaining('this part of the Gemini API is not served') } });
      expect(body.error.message, path).toContain(':generateContent, :streamGenerateContent, :countTokens');
    }
    // Google's own SDK shows that message in its ApiError.
    const genai = new GoogleGenAI({ apiKey: 'sk-sy-test', httpOptions: { baseUrl: h.gateway.url } });
    const error = await genai.caches.list().then(async (pager) => pager.page).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).message).toContain('this part of the Gemini API is not served');
    // An OpenAI fine-tuned model id has colons too: still looked up as a model.
    const tuned = await fetch(`${h.baseURL}/models/ft:gpt-4o-mini:acme::abc123`, { headers: { authorization: 'Bearer sk-sy-test' } });
    expect(tuned.status).toBe(404);
    expect(((await tuned.json()) as { error: { code: string } }).error.code).toBe('model_not_found');
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
