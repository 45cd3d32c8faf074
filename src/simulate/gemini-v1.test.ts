/**
 * The Gemini API under `/v1` as well as `/v1beta`: @google/genai 3 sends every call to `/v1`
 * (2.x sent them to `/v1beta`), so the simulator answers both, and `GET /v1/models` with a Google
 * key lists Gemini models while the OpenAI and Anthropic SDKs still get their own lists there.
 * `__fixtures__/genai3-v1-requests.json` holds the requests @google/genai 3.3.0 sent on Node 22.
 */
import { readFileSync } from 'node:fs';
import { GoogleGenAI } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { simulatorPerFile } from '../test-support/simulator-per-file.js';
import type { Simulator } from './types.js';

interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}
const { requests } = JSON.parse(readFileSync(new URL('./__fixtures__/genai3-v1-requests.json', import.meta.url), 'utf8')) as { requests: RecordedRequest[] };

let sim: Simulator;
simulatorPerFile((started) => {
  sim = started;
});

function replay(request: RecordedRequest): Promise<Response> {
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.body !== null) init.body = JSON.stringify(request.body);
  return fetch(`${sim.url}${request.path}`, init);
}
function recorded(method: string, path: string, nth = 0): RecordedRequest {
  const found = requests.filter((r) => r.method === method && r.path === path)[nth];
  if (!found) throw new Error(`no recorded ${method} ${path} #${nth}`);
  return found;
}

describe('@google/genai 3 requests (API version v1)', () => {
  it('generateContent answers in Gemini shape with usage', async () => {
    const response = await replay(recorded('POST', '/v1/models/gemini-2.5-flash:generateContent'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { candidates: Array<{ content: { role: string; parts: Array<{ text?: string }> }; finishReason: string }>; usageMetadata: { promptTokenCount: number }; modelVersion: string };
    expect(body.candidates[0]?.content.role).toBe('model');
    expect(body.candidates[0]?.content.parts.some((p) => (p.text ?? '').length > 0)).toBe(true);
    expect(body.candidates[0]?.finishReason).toBe('STOP');
    expect(body.usageMetadata.promptTokenCount).toBeGreaterThan(0);
    expect(body.modelVersion).toBe('gemini-2.5-flash');
  });

  it('streamGenerateContent?alt=sse streams data: events that end with usage', async () => {
    const response = await replay(recorded('POST', '/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = (await response.text()).split('\r\n\r\n').filter((e) => e.startsWith('data: ')).map((e) => JSON.parse(e.slice(6)) as { usageMetadata?: { totalTokenCount: number } });
    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)?.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
  });

  it('a function result sent back with its thought signature is answered in text', async () => {
    const answer = await replay(recorded('POST', '/v1/models/gemini-2.5-flash:generateContent', 1));
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { candidates: Array<{ content: { parts: Array<{ text?: string; functionCall?: unknown }> } }> };
    const parts = body.candidates[0]?.content.parts ?? [];
    expect(parts.some((p) => (p.text ?? '').length > 0)).toBe(true);
    expect(parts.some((p) => p.functionCall !== undefined)).toBe(false);
  });

  it('countTokens and batchEmbedContents answer', async () => {
    const count = await replay(recorded('POST', '/v1/models/gemini-2.5-flash:countTokens'));
    expect(count.status).toBe(200);
    expect(((await count.json()) as { totalTokens: number }).totalTokens).toBeGreaterThan(0);
    const embed = await replay(recorded('POST', '/v1/models/gemini-embedding-001:batchEmbedContents'));
    expect(embed.status).toBe(200);
    expect(((await embed.json()) as { embeddings: Array<{ values: number[] }> }).embeddings[0]?.values).toHaveLength(256);
  });

  it('GET /v1/models and /v1/models/{model} with a Google key are the Gemini model list and model', async () => {
    const list = await replay(recorded('GET', '/v1/models'));
    expect(list.status).toBe(200);
    const models = ((await list.json()) as { models: Array<{ name: string }> }).models.map((m) => m.name);
    expect(models).toContain('models/gemini-2.5-flash');
    const one = await replay(recorded('GET', '/v1/models/gemini-2.5-flash'));
    expect(((await one.json()) as { name: string; outputTokenLimit: number }).outputTokenLimit).toBe(65536);
  });

  it('the SDK pinned here answers the same under apiVersion v1', async () => {
    const ai = new GoogleGenAI({ apiKey: 'AIza-test', apiVersion: 'v1', httpOptions: { baseUrl: sim.url } });
    const answer = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Say hello', config: { systemInstruction: 'Be brief' } });
    expect(answer.text?.length).toBeGreaterThan(0);
    let streamed = '';
    for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Tell me a story' })) streamed += chunk.text ?? '';
    expect(streamed.length).toBeGreaterThan(0);
  });
});

describe('/v1/models stays OpenAI and Anthropic for their SDKs', () => {
  it('a Bearer key lists OpenAI models, an anthropic-version header Anthropic models', async () => {
    const openai = (await (await fetch(`${sim.url}/v1/models`, { headers: { authorization: 'Bearer sk-test' } })).json()) as { object: string };
    expect(openai.object).toBe('list');
    const anthropic = (await (await fetch(`${sim.url}/v1/models`, { headers: { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' } })).json()) as { data: unknown[]; has_more: boolean };
    expect(anthropic.has_more).toBe(false);
    const missing = await fetch(`${sim.url}/v1/models/gemini-2.5-flash:generateContent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"contents":[]}' });
    expect(missing.status).toBe(403);
  });
});
