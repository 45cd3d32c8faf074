import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * Hostile values in the fields that landed on 2026-12-07 (helper hostile15): `service_tier` (the
 * gateway reads it for budgets and Gemini's tier), a Responses or chat `prompt_cache_options`
 * (its mode and ttl are translated) and an Anthropic client's `output_config.effort` and
 * `service_tier`. Each was taken as sent by every model, native or translated: a tier of 5 or of a
 * megabyte, an effort of "ultra" dropped without a word, `mode: {}` sent on to OpenAI.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
models:
  opus: { provider: anth, model: claude-opus-4-7, price: { input_per_mtok: 5, output_per_mtok: 25 } }
  pro: { provider: gem, model: gemini-2.5-pro, price: { input_per_mtok: 1.25, output_per_mtok: 10 } }
  sol: { provider: oai, model: gpt-5.6-sol, price: { input_per_mtok: 5, output_per_mtok: 30 } }
keys:
  - key: sk-sy-test
    name: compat
`);
});
afterAll(() => h.close());

const MODELS = ['sol', 'opus', 'pro'];
const HUGE = JSON.stringify('t'.repeat(1_000_000));
const CONTROL = JSON.stringify('a\u0000\u001b[31m\u202e');

async function post(path: string, raw: string): Promise<{ status: number; message: string; param: unknown }> {
  const res = await fetch(`${h.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'anthropic-version': '2023-06-01' },
    body: raw,
  });
  const json = (await res.json()) as { error?: { message: string; param?: unknown } };
  return { status: res.status, message: json.error?.message ?? '', param: json.error?.param };
}

const chat = (model: string, field: string): string => `{"model":"${model}","max_tokens":64,"messages":[{"role":"user","content":"hi"}],${field}}`;
const responses = (model: string, field: string): string => `{"model":"${model}","input":"hi",${field}}`;
const OPENAI_TIERS = '"auto", "default", "flex", "scale", "priority", "fast", "ultrafast"';

describe('service_tier on chat completions and the Responses API', () => {
  const CASES: [string, string][] = [
    ['5', 'service_tier: 5 is not one of'],
    ['{}', 'service_tier: {} is not one of'],
    ['"ultra"', 'service_tier: "ultra" is not one of'],
    ['"FAST"', 'service_tier: "FAST" is not one of'],
    [CONTROL, 'service_tier: "a\\u0000\\u001b[31m\u202e" is not one of'],
  ];
  for (const [value, said] of CASES) {
    it(`${value} is a 400 naming service_tier and its values, on OpenAI, Claude and Gemini models`, async () => {
      for (const model of MODELS) {
        for (const [path, body] of [['/v1/chat/completions', chat(model, `"service_tier":${value}`)], ['/v1/responses', responses(model, `"service_tier":${value}`)]] as const) {
          const answer = await post(path, body);
          expect({ model, path, status: answer.status, param: answer.param }).toEqual({ model, path, status: 400, param: 'service_tier' });
          expect(answer.message).toBe(`invalid request: ${said} ${OPENAI_TIERS}`);
        }
      }
    });
  }

  it('a megabyte of tier is quoted short', async () => {
    const answer = await post('/v1/chat/completions', chat('pro', `"service_tier":${HUGE}`));
    expect(answer.status).toBe(400);
    expect(answer.param).toBe('service_tier');
    expect(answer.message.length).toBeLessThan(300);
  });

  it('the tiers OpenAI takes, and null, are still served everywhere', async () => {
    for (const model of MODELS) {
      for (const tier of ['"fast"', '"ultrafast"', '"scale"', '"flex"', 'null']) expect((await post('/v1/chat/completions', chat(model, `"service_tier":${tier}`))).status).toBe(200);
    }
  });

  it('the openai SDK gets the 400 as a BadRequestError naming the field', async () => {
    const client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'sk-sy-test', maxRetries: 0 });
    const error = await client.responses.create({ model: 'opus', input: 'hi', service_tier: 'turbo' as 'flex' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('service_tier');
  });
});

describe('prompt_cache_options', () => {
  const CASES: [string, string, string][] = [
    ['5', 'prompt_cache_options', 'invalid request: prompt_cache_options: expected object, got 5'],
    ['{"ttl":5}', 'prompt_cache_options.ttl', 'invalid request: prompt_cache_options.ttl: 5 is not one of "30m", "12h"'],
    ['{"ttl":"99h"}', 'prompt_cache_options.ttl', 'invalid request: prompt_cache_options.ttl: "99h" is not one of "30m", "12h"'],
    ['{"mode":{}}', 'prompt_cache_options.mode', 'invalid request: prompt_cache_options.mode: {} is not one of "implicit", "explicit"'],
    ['{"mode":"__proto__"}', 'prompt_cache_options.mode', 'invalid request: prompt_cache_options.mode: "__proto__" is not one of "implicit", "explicit"'],
    ['{"comparison_response_id":""}', 'prompt_cache_options.comparison_response_id', 'invalid request: prompt_cache_options.comparison_response_id: must be a response id (resp_…): 1 to 256 characters, none a space or control character (got "")'],
    [`{"comparison_response_id":"resp_${'a'.repeat(252)}"}`, 'prompt_cache_options.comparison_response_id', `invalid request: prompt_cache_options.comparison_response_id: must be a response id (resp_…): 1 to 256 characters, none a space or control character (got "resp_${'a'.repeat(51)}...)`],
    ['{"comparison_response_id":"resp_1\\u0000\\u001b[31m"}', 'prompt_cache_options.comparison_response_id', 'invalid request: prompt_cache_options.comparison_response_id: must be a response id (resp_…): 1 to 256 characters, none a space or control character (got "resp_1\\u0000\\u001b[31m")'],
    ['{"ttl":"12h","comparison_response_id":5}', 'prompt_cache_options.comparison_response_id', 'invalid request: prompt_cache_options.comparison_response_id: expected string, got 5'],
  ];
  for (const [value, param, message] of CASES) {
    it(`${value} is a 400 naming ${param}, on every model and both APIs`, async () => {
      for (const model of MODELS) {
        for (const [path, body] of [['/v1/chat/completions', chat(model, `"prompt_cache_options":${value}`)], ['/v1/responses', responses(model, `"prompt_cache_options":${value}`)]] as const) {
          expect({ model, path, ...(await post(path, body)) }).toEqual({ model, path, status: 400, param, message });
        }
      }
    });
  }

  it('the options OpenAI takes are still served', async () => {
    for (const model of MODELS) {
      for (const id of ['null', `"resp_${'0a'.repeat(125)}"`]) {
        const answer = await post('/v1/responses', responses(model, `"prompt_cache_options":{"mode":"explicit","ttl":"12h","comparison_response_id":${id}}`));
        expect({ model, id, status: answer.status }).toEqual({ model, id, status: 200 });
      }
    }
  });
});

describe('an Anthropic client\'s output_config.effort and service_tier', () => {
  const messages = (model: string, field: string): string => `{"model":"${model}","max_tokens":64,"messages":[{"role":"user","content":"hi"}],${field}}`;
  const CASES: [string, string][] = [
    ['"output_config":{"effort":"ultra"}', 'invalid request: output_config.effort: "ultra" is not one of "low", "medium", "high", "xhigh", "max"'],
    ['"output_config":{"effort":5}', 'invalid request: output_config.effort: 5 is not one of "low", "medium", "high", "xhigh", "max"'],
    ['"service_tier":"priority"', 'invalid request: service_tier: "priority" is not one of "auto", "standard_only"'],
    ['"service_tier":[]', 'invalid request: service_tier: [] is not one of "auto", "standard_only"'],
  ];
  for (const [field, message] of CASES) {
    it(`${field} is a 400 in Anthropic's shape naming the field, on Claude and translated models`, async () => {
      for (const model of MODELS) expect({ model, ...(await post('/v1/messages', messages(model, field))) }).toEqual({ model, status: 400, message, param: undefined });
    });
  }

  it('a megabyte of effort is quoted short', async () => {
    const answer = await post('/v1/messages', messages('sol', `"output_config":{"effort":${HUGE}}`));
    expect(answer.status).toBe(400);
    expect(answer.message.length).toBeLessThan(300);
  });

  it('efforts and tiers Claude takes are still served', async () => {
    for (const model of MODELS) {
      for (const field of ['"output_config":{"effort":"xhigh"}', '"output_config":{"effort":null}', '"service_tier":"standard_only"']) {
        expect({ model, field, status: (await post('/v1/messages', messages(model, field))).status }).toEqual({ model, field, status: 200 });
      }
    }
  });
});

describe('the Responses API\'s settings objects of openai 7.24 to 7.60', () => {
  for (const field of ['access_programs', 'background_options', 'image']) {
    it(`${field} that is no object is a 400 naming it, on every model; the objects OpenAI takes still answer`, async () => {
      for (const model of MODELS) {
        for (const [value, got] of [['5', '5'], ['"standard"', '"standard"'], ['[]', '[]']]) {
          expect({ model, ...(await post('/v1/responses', responses(model, `"${field}":${value}`))) }).toEqual({ model, status: 400, param: field, message: `invalid request: ${field}: expected object, got ${got}` });
        }
      }
      const body = '"access_programs":{"cyber":"standard"},"background_options":{"completion_window":"soonest"},"image":{"context_compression":"auto"}';
      for (const model of MODELS) expect({ model, status: (await post('/v1/responses', responses(model, body))).status }).toEqual({ model, status: 200 });
    });
  }
});
