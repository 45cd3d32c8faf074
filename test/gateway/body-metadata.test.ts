import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * A request body's own `metadata` is bounded as OpenAI bounds it (16 keys, keys up to 64
 * characters, values up to 512), on Chat Completions, the Responses API and the Messages API
 * (whose `user_id` takes 256, Anthropic's bound). It was taken whole: 400 keys of 2,000 characters
 * were routed on, stored with the trace and echoed on the Response (an 800 kB `metadata`).
 */
let h: Harness;
let openai: OpenAI;
let claude: Anthropic;

beforeAll(async () => {
  h = await startHarness();
  openai = h.openai('sk-sy-test');
  claude = h.anthropic('sk-sy-test');
});
afterAll(() => h.close());

const many = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, 'v'.repeat(2000)]));
const full = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`${i}`.padEnd(64, 'k'), 'v'.repeat(512)]));

async function refusal(call: () => Promise<unknown>): Promise<{ status: number; param: unknown; code: unknown; message: string }> {
  try {
    await call();
  } catch (error) {
    const e = error as { status: number; error?: { param?: unknown; code?: unknown; error?: { param?: unknown; code?: unknown } }; message: string };
    const body = e.error?.error ?? e.error;
    return { status: e.status, param: body?.param, code: body?.code, message: e.message };
  }
  throw new Error('the request was answered');
}

const chat = (metadata: Record<string, unknown>) => openai.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Hi' }], metadata: metadata as Record<string, string> });
const response = (metadata: Record<string, string>) => openai.responses.create({ model: 'small', input: 'Hi', max_output_tokens: 16, metadata });
const message = (metadata: Record<string, unknown>) => claude.messages.create({ model: 'claude', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }], metadata: metadata as Anthropic.Metadata });

describe('a request body\'s metadata', () => {
  it('is answered at every bound, and echoed whole on a Response', async () => {
    expect((await chat(full)).choices[0]?.message.role).toBe('assistant');
    expect((await response(full)).metadata).toEqual(full);
    // user_id counts among the 16.
    const fifteen = Object.fromEntries(Object.entries(full).slice(0, 15));
    expect((await message({ ...fifteen, user_id: 'u'.repeat(256) })).type).toBe('message');
    expect((await refusal(() => message({ ...full, user_id: 'u' }))).message).toContain('but got an object with 17 properties instead');
  });

  /** Each API's call with this metadata; Anthropic's error shape has no param or code, so its message names them. */
  const apis = (metadata: Record<string, string>) => [
    { api: 'chat', call: () => chat(metadata), shape: true },
    { api: 'responses', call: () => response(metadata), shape: true },
    { api: 'messages', call: () => message(metadata), shape: false },
  ];

  it('over 16 keys is a 400 in OpenAI\'s words, naming the count and the bound', async () => {
    for (const { api, call, shape } of apis(many)) {
      const error = await refusal(call);
      expect(error, api).toMatchObject(shape ? { status: 400, param: 'metadata', code: 'object_above_max_properties' } : { status: 400 });
      expect(error.message, api).toContain("Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with 400 properties instead.");
    }
  });

  it('a value over 512 characters is a 400 naming the key, its length and the bound', async () => {
    for (const { api, call, shape } of apis({ note: 'x'.repeat(100_000) })) {
      const error = await refusal(call);
      expect(error, api).toMatchObject(shape ? { status: 400, param: 'metadata.note', code: 'string_above_max_length' } : { status: 400 });
      expect(error.message, api).toContain("Invalid 'metadata.note': string too long. Expected a string with maximum length 512, but got a string with length 100000 instead.");
      expect(error.message.length, api).toBeLessThan(400);
    }
    // A nested value (the chat schema takes any JSON) counts by its JSON.
    const nested = await refusal(() => chat({ user: { names: Array.from({ length: 200 }, () => 'abc') } }));
    expect(nested).toMatchObject({ status: 400, param: 'metadata.user' });
    expect(nested.message).toContain('but got one with length 1211 instead');
  });

  it('a key over 64 characters is a 400 quoting it cut short', async () => {
    const error = await refusal(() => chat({ ['k'.repeat(5000)]: 'v' }));
    expect(error).toMatchObject({ status: 400, param: 'metadata' });
    expect(error.message).toContain(`Invalid 'metadata': key "${'k'.repeat(40)}…" too long. Expected keys with maximum length 64, but got a key with length 5000 instead.`);
    expect(error.message.length).toBeLessThan(400);
  });

  it('Anthropic\'s user_id over 256 characters is a 400 in Anthropic\'s words', async () => {
    const error = await refusal(() => message({ user_id: 'u'.repeat(100_000) }));
    expect(error).toMatchObject({ status: 400 });
    expect(error.message).toContain('metadata.user_id: String should have at most 256 characters, got 100000');
  });

  it('a refused call stores none of it on its trace', async () => {
    const before = h.sim.stats().lastRequests.length;
    await refusal(() => chat(many));
    const trace = await h.waitForTrace((t) => t.status === 400 && t.requestedModel === 'small');
    expect(JSON.stringify(trace).length).toBeLessThan(5_000);
    expect(h.sim.stats().lastRequests.length).toBe(before);
  });
});
