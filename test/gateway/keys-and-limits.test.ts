import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;

const config = (sim: string) => `
providers:
  sim: { type: openai, base_url: ${sim}/v1, api_key: sk-upstream }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 1000, output_per_mtok: 1000 } }
  large: { provider: sim, model: standin-large }
  embed: { provider: sim, model: standin-embed, price: { input_per_mtok: 1000, output_per_mtok: 0 } }
keys:
  - { key: sk-sy-limited, name: limited, rate_limit: { requests_per_minute: 2 } }
  - { key: sk-sy-budget, name: budgeted, budget: { usd: 0.25 } }
  - { key: sk-sy-small-only, name: small-only, models: [small] }
  - { key: sk-sy-embed-limited, name: embed-limited, rate_limit: { requests_per_minute: 1 } }
  - { key: sk-sy-embed-budget, name: embed-budget, budget: { usd: 0.1 } }
  - { key: sk-sy-tpm, name: tpm, rate_limit: { tokens_per_minute: 10 } }
  - { key: sk-sy-claude-limited, name: claude-limited, models: [small], rate_limit: { requests_per_minute: 1 } }
  - { key: sk-sy-claude-broke, name: claude-broke, budget: { usd: 0.000001 } }
  - { key: sk-sy-team-a, name: team-a, team: batch }
  - { key: sk-sy-team-b, name: team-b, team: batch }
teams:
  - { name: batch, rate_limit: { requests_per_minute: 3 } }
`;

beforeAll(async () => {
  h = await startHarness('', config);
});
afterAll(() => h.close());

const as = (key: string) => h.openai(key);
const hello = { messages: [{ role: 'user' as const, content: 'hello there' }] };

describe('virtual keys', () => {
  it('requires a key when keys are configured', async () => {
    const response = await fetch(`${h.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'small', ...hello }) });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { message: string } };
    // OpenAI's own 401 for a request without a key: invalid_request_error (it has no
    // authentication_error), code null, a message opening "You didn't provide an API key.".
    expect(body.error.message).toMatch(/^You didn't provide an API key\. Send a Switchyard virtual key as "Authorization: Bearer <key>" or "x-api-key: <key>"/);
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: null, param: null });
    // The official client hands application code the same null.
    const keyless = new OpenAI({ apiKey: 'unused', baseURL: h.baseURL, maxRetries: 0, defaultHeaders: { authorization: null } });
    const missing = (await keyless.chat.completions.create({ model: 'small', ...hello }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(missing).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(missing).toMatchObject({ status: 401, type: 'invalid_request_error', code: null });
    // The model listing refuses it the same way.
    const listing = await fetch(`${h.baseURL}/models`);
    expect(listing.status).toBe(401);
    expect(((await listing.json()) as { error: unknown }).error).toMatchObject({ type: 'invalid_request_error', code: null });
    // Anthropic answers both a missing and a wrong x-api-key 401 authentication_error.
    for (const headers of [{}, { 'x-api-key': 'sk-sy-nobody' }] as Record<string, string>[]) {
      const claude = await fetch(`${h.baseURL}/messages`, { method: 'POST', headers: { ...headers, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'small', max_tokens: 10, ...hello }) });
      expect(claude.status).toBe(401);
      expect(await claude.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    }
    const wrong = (await as('sk-sy-nobody').chat.completions.create({ model: 'small', ...hello }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(wrong).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(wrong).toMatchObject({ status: 401, type: 'invalid_request_error', code: 'invalid_api_key' });
  });

  it('says a key sent in Authorization without "Bearer " lacks the scheme, and shows the fix in the client\'s API shape', async () => {
    const post = (path: string, headers: Record<string, string>) =>
      fetch(`${h.baseURL}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ model: 'small', max_tokens: 10, ...hello }) });
    // Was "You didn't provide an API key. Send … as "Authorization: Bearer <key>" …", which the client believed it did.
    const openai = await post('/chat/completions', { authorization: 'sk-sy-small-only' });
    expect(openai.status).toBe(401);
    expect(await openai.json()).toMatchObject({
      error: {
        type: 'invalid_request_error',
        code: null,
        message: `You didn't provide an API key: the Authorization header holds a key without the "Bearer " scheme in front of it. Send the key as "Authorization: Bearer <key>" (or as "x-api-key: <key>").`,
      },
    });
    const claude = await post('/messages', { authorization: 'sk-sy-small-only', 'anthropic-version': '2023-06-01' });
    expect(claude.status).toBe(401);
    expect(await claude.json()).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error', message: expect.stringContaining('Send the key as "Authorization: Bearer <key>" (or as "x-api-key: <key>", as the Anthropic SDK sends it).') },
    });
    // "Bearer $KEY" with the variable unset, and the model listing (which checks the key itself).
    const empty = await post('/chat/completions', { authorization: 'Bearer ' });
    expect(((await empty.json()) as { error: { message: string } }).error.message).toContain('the Authorization header is "Bearer" with no key after it');
    const listing = await fetch(`${h.baseURL}/models`, { headers: { authorization: 'Token sk-sy-small-only', 'anthropic-version': '2023-06-01' } });
    expect(listing.status).toBe(401);
    expect(await listing.json()).toMatchObject({ error: { message: expect.stringContaining('uses the "Token" scheme, which the gateway does not read. Send the key as "Authorization: Bearer <key>" (or as "x-api-key: <key>", as the Anthropic SDK sends it)') } });
    // Azure OpenAI's key header (its SDK's, and its curl examples'): named too.
    const azure = await post('/chat/completions', { 'api-key': 'sk-sy-small-only' });
    expect(((await azure.json()) as { error: { message: string } }).error.message).toBe(
      `You didn't provide an API key: the key is in an "api-key" header (Azure OpenAI's), which the gateway does not read. Send the key as "Authorization: Bearer <key>" (or as "x-api-key: <key>").`,
    );
    // The portkey-ai SDK (3.1) given the gateway's URL and apiKey sends the key in its own header alone.
    const portkey = await post('/chat/completions', { 'x-portkey-api-key': 'sk-sy-small-only' });
    expect(((await portkey.json()) as { error: { message: string } }).error.message).toContain(
      `the key is in "x-portkey-api-key" (the portkey-ai SDK's apiKey), which the gateway does not read; give the SDK Authorization: "Bearer <key>". Send the key as`,
    );
    // The fix works.
    expect((await post('/chat/completions', { authorization: 'Bearer sk-sy-small-only' })).status).toBe(200);
  });

  it("tells a Gemini API client without a key where Google's SDKs put one, and takes it there", async () => {
    const ask = (init: { headers?: Record<string, string>; query?: string } = {}) =>
      fetch(`${h.gateway.url}/v1beta/models/small:generateContent${init.query ?? ''}`, { method: 'POST', headers: { 'content-type': 'application/json', ...init.headers }, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }] }) });
    const missing = await ask();
    expect(missing.status).toBe(401);
    // Before: "Authorization: Bearer" or "x-api-key", neither of which @google/genai sends.
    expect(await missing.json()).toEqual({ error: { code: 401, status: 'UNAUTHENTICATED', message: `You didn't provide an API key. Send a Switchyard virtual key as "x-goog-api-key: <key>" (@google/genai's apiKey) or "?key=<key>".` } });
    // Google's model listing and token count, which check the key before any model call, say the same.
    for (const [method, path] of [['GET', '/v1beta/models'], ['POST', '/v1beta/models/small:countTokens']] as const) {
      const refused = await fetch(`${h.gateway.url}${path}`, { method, ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{"contents":[{"parts":[{"text":"hi"}]}]}' } : {}) });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('"x-goog-api-key: <key>"');
    }
    expect((await ask({ headers: { 'x-goog-api-key': 'sk-sy-small-only' } })).status).toBe(200);
    expect((await ask({ query: '?key=sk-sy-small-only' })).status).toBe(200);
  });

  it('accepts x-api-key as well as Bearer', async () => {
    const response = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-sy-small-only', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'small', ...hello }),
    });
    expect(response.status).toBe(200);
  });

  it('limits a key to its models with a 403 naming key and model', async () => {
    const error = (await as('sk-sy-small-only').chat.completions.create({ model: 'large', ...hello }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error.message).toContain('key "small-only" may not use model "large" (allowed: small)');
    // What OpenAI answers a project without access to a model: 403 invalid_request_error, code model_not_found.
    expect(error).toMatchObject({ status: 403, type: 'invalid_request_error', code: 'model_not_found', param: 'model' });
    const models = [];
    for await (const m of as('sk-sy-small-only').models.list()) models.push(m.id);
    expect(models).toEqual(['small']);
  });

  it('enforces the request rate limit with a 429 and retry-after', async () => {
    const client = as('sk-sy-limited');
    await client.chat.completions.create({ model: 'small', ...hello });
    await client.chat.completions.create({ model: 'small', ...hello });
    const error = (await client.chat.completions.create({ model: 'small', ...hello }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.message).toContain('key "limited" is over its rate limit of 2 requests per minute');
    const seconds = Number(error.headers?.get('retry-after'));
    expect(seconds).toBeGreaterThan(50);
    // The exact wait too, which the SDKs read first: within the second retry-after rounds up to.
    const ms = Number(error.headers?.get('retry-after-ms'));
    expect(ms).toBeLessThanOrEqual(seconds * 1000);
    expect(ms).toBeGreaterThan((seconds - 1) * 1000);
    // OpenAI's rate limits name the limit hit as the type (requests or tokens), code rate_limit_exceeded.
    expect(error).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded', param: null });
  });

  it('enforces the token rate limit with a 429 of type tokens, as OpenAI names it', async () => {
    const client = as('sk-sy-tpm');
    await client.chat.completions.create({ model: 'small', ...hello });
    const error = (await client.chat.completions.create({ model: 'small', ...hello }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.message).toContain('key "tpm" is over its rate limit of 10 tokens per minute');
    expect(error).toMatchObject({ type: 'tokens', code: 'rate_limit_exceeded' });
  });

  it('holds a team’s rate limit across its keys', async () => {
    await as('sk-sy-team-a').chat.completions.create({ model: 'small', ...hello });
    await as('sk-sy-team-b').chat.completions.create({ model: 'small', ...hello });
    await as('sk-sy-team-a').chat.completions.create({ model: 'small', ...hello });
    const error = (await as('sk-sy-team-b').chat.completions.create({ model: 'small', ...hello }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.message).toContain('team "batch" is over its rate limit of 3 requests per minute');
  });

  it('stops a key at its budget without ever spending past it', async () => {
    const client = as('sk-sy-budget');
    // $1000/M tokens: the worst case of one request (each body byte an input token, 16 output) is ~$0.1.
    const capped = { model: 'small', max_tokens: 16, ...hello };
    const worstCase = (JSON.stringify(capped).length + 16) * 0.001;
    let answered = 0;
    let refusal: InstanceType<typeof OpenAI.APIError> | undefined;
    while (!refusal && answered < 50) {
      const result = await client.chat.completions.create(capped).catch((e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
      if (result instanceof OpenAI.APIError) refusal = result;
      else answered++;
    }
    expect(refusal?.status).toBe(429);
    expect(refusal?.message).toMatch(/key "budgeted" has spent \$0\.\d+ of its \$0\.25 total budget; this request may cost up to \$0\.1\d+/);
    // OpenAI's spent-credit 429: type and code both insufficient_quota.
    expect(refusal).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
    await h.waitForTrace((t) => t.keyName === 'budgeted' && t.status === 429);
    const spent = await h.gateway.stores.spend.spendOfKey(h.gateway.keys.find('sk-sy-budget')!, 0);
    expect(answered).toBeGreaterThan(1);
    expect(spent).toBeLessThanOrEqual(0.25);
    expect(spent).toBeGreaterThan(0.25 - worstCase);
  });

  it('says when one request could cost more than the whole budget', async () => {
    const error = (await as('sk-sy-budget').chat.completions.create({ model: 'small', ...hello }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(429);
    expect(error.message).toContain('key "budgeted": its $0.25 total budget is below the worst-case cost of this request ($4.');
  });

  // Embeddings are model calls like any other: a key's rate limit and budget hold on /v1/embeddings too.
  it('enforces rate limits and budgets on embeddings', async () => {
    const limited = as('sk-sy-embed-limited');
    await limited.embeddings.create({ model: 'embed', input: 'one' });
    const tooMany = (await limited.embeddings.create({ model: 'embed', input: 'two' }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(tooMany).toBeInstanceOf(OpenAI.RateLimitError);
    expect(tooMany.message).toContain('key "embed-limited" is over its rate limit of 1 request per minute');
    expect(tooMany).toMatchObject({ type: 'requests', code: 'rate_limit_exceeded' });

    // $1000/M input tokens: a body of ~200 bytes may cost ~$0.2, more than the $0.1 budget.
    const budgeted = as('sk-sy-embed-budget');
    const small = await budgeted.embeddings.create({ model: 'embed', input: 'hi' });
    expect(small.data).toHaveLength(1);
    const overBudget = (await budgeted.embeddings.create({ model: 'embed', input: 'x'.repeat(200) }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(overBudget.status).toBe(429);
    expect(overBudget.message).toContain('key "embed-budget": its $0.1 total budget is below the worst-case cost of this request');
    expect(overBudget).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
    const spent = () => h.gateway.stores.spend.spendOfKey(h.gateway.keys.find('sk-sy-embed-budget')!, 0);
    await h.waitForTrace((t) => t.keyName === 'embed-budget' && t.status === 200);
    expect(await spent()).toBeGreaterThan(0);
  });
});

describe('the same refusals to an Anthropic client', () => {
  const claude = (key: string) => h.anthropic(key);
  const ask = (key: string, model = 'small') => claude(key).messages.create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hello there' }] }).catch((e: unknown) => e as InstanceType<typeof Anthropic.APIError>);

  it('keeps Anthropic’s own types: authentication_error, permission_error, rate_limit_error', async () => {
    const wrong = await ask('sk-sy-nobody');
    expect(wrong).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(wrong).toMatchObject({ status: 401, type: 'authentication_error', error: { type: 'error', error: { type: 'authentication_error' } } });
    const forbidden = await ask('sk-sy-claude-limited', 'large');
    expect(forbidden).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(forbidden).toMatchObject({ status: 403, type: 'permission_error' });
    expect(await ask('sk-sy-claude-limited')).toMatchObject({ type: 'message' });
    const limited = await ask('sk-sy-claude-limited');
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited).toMatchObject({ status: 429, type: 'rate_limit_error' });
    const broke = await ask('sk-sy-claude-broke');
    expect(broke).toBeInstanceOf(Anthropic.RateLimitError);
    expect(broke).toMatchObject({ status: 429, type: 'rate_limit_error' });
    expect((broke as Error).message).toContain('budget');
  });
});
