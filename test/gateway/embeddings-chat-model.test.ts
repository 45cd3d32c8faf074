import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * A gateway model that names a chat model, asked for embeddings: OpenAI refuses with a 403, Google
 * has no `embedContent` for it (404). The simulator embedded with any model, so such a config
 * passed every check and failed only against the real APIs. The client gets the provider's own
 * refusal, its 403 or 404 quoted (a 4xx its SDK raises as PermissionDenied or NotFound, as it
 * would calling the provider), not a 502 saying the gateway failed. The request below is the one the
 * OpenAI SDK 7.60 (`embeddings.create`, its default base64 encoding) sent, recorded by a logging
 * proxy in front of the gateway on 2026-12-04.
 */
const RECORDED = { model: 'gpt-5.4-mini', input: 'a', encoding_format: 'base64' };
const KEY = 'sk-sy-alpha-key';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => `
providers:
  sim-openai: { type: openai, base_url: ${sim}/v1, api_key: sk-upstream }
  sim-google: { type: gemini, base_url: ${sim}, api_key: AIza-sim-key }
models:
  gpt-5.4-mini: { provider: sim-openai, model: gpt-5.4-mini }
  gemini-2.5-flash: { provider: sim-google, model: gemini-2.5-flash }
  text-embedding-3-small: { provider: sim-openai, model: text-embedding-3-small }
  gemini-embedding-001: { provider: sim-google, model: gemini-embedding-001 }
keys:
  - { key: ${KEY}, name: alpha }
`);
});
afterAll(() => h.close());

async function replay(model: string): Promise<{ status: number; message: string }> {
  const res = await fetch(`${h.baseURL}/embeddings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, 'user-agent': 'OpenAI/JS 7.60.0' },
    body: JSON.stringify({ ...RECORDED, model }),
  });
  const body = (await res.json()) as { error?: { message: string } };
  return { status: res.status, message: body.error?.message ?? '' };
}

describe('embeddings from a chat model', () => {
  it("quotes OpenAI's 403 for a GPT model", async () => {
    expect(await replay('gpt-5.4-mini')).toEqual({
      status: 403,
      message: 'provider "sim-openai" answered 403: You are not allowed to generate embeddings from this model',
    });
    const openai = h.openai(KEY);
    const error = await openai.embeddings.create({ model: 'gpt-5.4-mini', input: 'a' }).then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((error as Error).message).toContain('answered 403: You are not allowed to generate embeddings from this model');
  });

  it('tells the OpenAI SDK not to retry it: a retry gets the same 403, so the upstream sees one request', async () => {
    h.sim.resetStats();
    // The SDK's default, 2 retries: before, it sent the request three times (no x-should-retry on the 502).
    const openai = new OpenAI({ baseURL: h.baseURL, apiKey: KEY, maxRetries: 2 });
    const error = await openai.embeddings.create({ model: 'gpt-5.4-mini', input: 'a' }).then(() => undefined, (thrown: unknown) => thrown as InstanceType<typeof OpenAI.APIError>);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error?.headers?.get('x-should-retry')).toBe('false');
    expect(h.sim.stats().requests).toBe(1);
  });

  it("quotes Google's 404 for a Gemini chat model, naming embedContent", async () => {
    const { status, message } = await replay('gemini-2.5-flash');
    expect(status).toBe(404);
    expect(message).toContain('provider "sim-google" answered 404: models/gemini-2.5-flash is not found for API version v1beta, or is not supported for embedContent');
  });

  it.each(['gpt-5.4-mini', 'gemini-2.5-flash'])("leaves %s's circuit closed: its chat calls still answer after a client's embeddings requests", async (model) => {
    // The default breaker opens after 5 failures in a row; these refusals say nothing of the target.
    for (let i = 0; i < 6; i++) expect((await replay(model)).status).toBe(model === 'gpt-5.4-mini' ? 403 : 404);
    const providers = (await (await fetch(`${h.gateway.url}/api/providers`)).json()) as { targets: { target: string; state: string; consecutiveFailures: number }[] };
    expect(providers.targets.find((t) => t.target.endsWith(`/${model}`))).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    const chat = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(chat.status).toBe(200);
  });

  it.each(['text-embedding-3-small', 'gemini-embedding-001'])('still embeds with an embedding model (%s)', async (model) => {
    expect((await replay(model)).status).toBe(200);
  });
});
