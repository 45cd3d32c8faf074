import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

// A request translated to another API keeps only what that API can say: every provider refuses a
// field it does not know, so the gateway drops the rest, and names it on the trace and in
// `x-switchyard-dropped-params`. A same-format request passes through untouched, new fields and all.
let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 }
  gpt: { provider: oai, model: gpt-4.1-mini }
  flash: { provider: gem, model: gemini-2.5-flash }
  gembed: { provider: gem, model: gemini-embedding-001 }`);
  openai = h.openai('x');
  anthropic = h.anthropic('x');
});
afterAll(() => h.close());

const sent = () => h.sim.stats().lastRequests.at(-1)?.body as Record<string, unknown>;
const dropped = async (response: Response) => (await h.traceOf(response)).decisions?.dropped_params;
// A field no API has yet, sent the way SDKs send extra body fields.
const extra = { frobnicate: 'yes' } as Record<string, unknown>;

describe('fields a translated request cannot carry', () => {
  it('drops an OpenAI client’s seed, store, metadata and unknown field for Claude, and names them', async () => {
    const { data, response } = await openai.chat.completions
      .create({ model: 'sonnet', seed: 7, store: true, metadata: { team: 'a' }, temperature: 0.5, top_p: 0.9, ...extra, messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBeTruthy();
    for (const name of ['seed', 'store', 'metadata', 'frobnicate', 'top_p']) expect(sent()).not.toHaveProperty(name);
    expect(sent()).toMatchObject({ temperature: 0.5 });
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('seed, store, metadata, frobnicate, top_p');
    expect(await dropped(response)).toEqual({ anthropic: ['seed', 'store', 'metadata', 'frobnicate', 'top_p'] });
  });

  it('drops what Gemini has no field for, streamed too, and keeps what it has (seed)', async () => {
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'flash', stream: true, seed: 7, user: 'u-1', ...extra, messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBeTruthy();
    expect(sent()).toMatchObject({ generationConfig: { seed: 7 } });
    expect(JSON.stringify(sent())).not.toContain('frobnicate');
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('user, frobnicate');
    expect(await dropped(response)).toEqual({ gemini: ['user', 'frobnicate'] });
  });

  it('drops an Anthropic client’s Claude-only fields for an OpenAI model, and says so per step on the way to Gemini', async () => {
    const claudeOnly = { service_tier: 'auto', container: 'container_1', ...extra } as Record<string, unknown>;
    const toGpt = await anthropic.messages.create({ model: 'gpt', max_tokens: 64, ...claudeOnly, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    for (const name of ['service_tier', 'container', 'frobnicate']) expect(sent()).not.toHaveProperty(name);
    expect(toGpt.response.headers.get('x-switchyard-dropped-params')).toBe('service_tier, container, frobnicate');
    expect(await dropped(toGpt.response)).toEqual({ chat: ['service_tier', 'container', 'frobnicate'] });

    const toFlash = await anthropic.messages
      .create({ model: 'flash', max_tokens: 64, metadata: { user_id: 'u-1' }, ...claudeOnly, messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();
    // Anthropic's metadata.user_id is OpenAI's user, which Gemini has no field for.
    expect(await dropped(toFlash.response)).toEqual({ chat: ['service_tier', 'container', 'frobnicate'], gemini: ['user'] });
  });

  it('names an Anthropic client’s top_k as dropped for an OpenAI model (OpenAI has no such knob) and sends it to Gemini as topK', async () => {
    const toGpt = await anthropic.messages.create({ model: 'gpt', max_tokens: 64, ...({ top_k: 5 } as Record<string, unknown>), messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    expect(sent()).not.toHaveProperty('top_k');
    expect(toGpt.response.headers.get('x-switchyard-dropped-params')).toBe('top_k');
    expect(await dropped(toGpt.response)).toEqual({ openai: ['top_k'] });

    const toFlash = await anthropic.messages.create({ model: 'flash', max_tokens: 64, ...({ top_k: 5 } as Record<string, unknown>), messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    expect(sent()).toMatchObject({ generationConfig: { topK: 5 } });
    expect(toFlash.response.headers.get('x-switchyard-dropped-params')).toBeNull();
  });

  it('gives an Anthropic client’s beta output_format to an OpenAI model as response_format instead of dropping it', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    const { response } = await anthropic.messages
      .create({ model: 'gpt', max_tokens: 64, ...({ output_format: { type: 'json_schema', schema } } as Record<string, unknown>), messages: [{ role: 'user', content: 'Capital of Norway?' }] })
      .withResponse();
    expect(sent()).toMatchObject({ response_format: { type: 'json_schema', json_schema: { schema } } });
    expect(response.headers.get('x-switchyard-dropped-params')).toBeNull();
  });

  it('drops a Responses client’s truncation for a chat upstream', async () => {
    const { response } = await openai.responses.create({ model: 'sonnet', input: 'Hi', truncation: 'auto', max_output_tokens: 64 }).withResponse();
    expect(sent()).not.toHaveProperty('truncation');
    expect(await dropped(response)).toEqual({ chat: ['truncation'] });
  });

  it('passes a Responses client’s prompt_cache_retention to an OpenAI chat model (chat takes it too), echoes it, and names it dropped for Claude', async () => {
    // Before, the translation to chat dropped it for every model: a day's cache asked for, five minutes kept.
    const toGpt = await openai.responses.create({ model: 'gpt', input: 'Hi', prompt_cache_retention: '24h', max_output_tokens: 64 }).withResponse();
    expect(sent()).toMatchObject({ prompt_cache_retention: '24h' });
    expect(toGpt.data.prompt_cache_retention).toBe('24h');
    expect(toGpt.response.headers.get('x-switchyard-dropped-params')).toBeNull();
    const toClaude = await openai.responses.create({ model: 'sonnet', input: 'Hi', prompt_cache_retention: '24h', max_output_tokens: 64 }).withResponse();
    expect(await dropped(toClaude.response)).toEqual({ anthropic: ['prompt_cache_retention'] });
    // The Response object echoes the setting as OpenAI's does, null when not asked.
    expect(toClaude.data.prompt_cache_retention).toBe('24h');
    expect((await openai.responses.create({ model: 'gpt', input: 'Hi', max_output_tokens: 64 })).prompt_cache_retention).toBeNull();
  });

  it('passes a Responses client’s prompt_cache_options to an OpenAI chat model, but the 12-hour ttl and comparison id chat has no room for, named', async () => {
    // Before, the translation to chat dropped it whole: an `explicit` mode lost, OpenAI wrote a breakpoint of its own.
    const plain = await openai.responses.create({ model: 'gpt', input: 'Hi', prompt_cache_options: { mode: 'explicit', ttl: '30m' }, max_output_tokens: 64 }).withResponse();
    expect(sent()).toMatchObject({ prompt_cache_options: { mode: 'explicit', ttl: '30m' } });
    expect(plain.response.headers.get('x-switchyard-dropped-params')).toBeNull();
    // openai 7.50 added the Responses API's 12-hour lifetime and 7.60 comparison_response_id; chat takes neither request-wide.
    const twelve = { prompt_cache_options: { mode: 'explicit', ttl: '12h', comparison_response_id: 'resp_1' } } as object;
    const long = await openai.responses.create({ model: 'gpt', input: 'Hi', max_output_tokens: 64, ...twelve }).withResponse();
    expect(sent()).toMatchObject({ prompt_cache_options: { mode: 'explicit' } });
    expect(await dropped(long.response)).toEqual({ chat: ['prompt_cache_options.ttl', 'prompt_cache_options.comparison_response_id'] });
    const toClaude = await openai.responses.create({ model: 'sonnet', input: 'Hi', prompt_cache_options: { mode: 'explicit' }, max_output_tokens: 64 }).withResponse();
    expect(sent()).not.toHaveProperty('prompt_cache_options');
    expect(await dropped(toClaude.response)).toEqual({ anthropic: ['prompt_cache_options'] });
  });

  it('drops openai 7.60’s Responses access_programs, background_options and image for a translated model, named, and answers access_programs null', async () => {
    const fresh = { access_programs: { cyber: 'standard' }, background_options: { completion_window: 'soonest' }, image: { context_compression: 'auto' } } as object;
    const { data, response } = await openai.responses.create({ model: 'sonnet', input: 'Hi', max_output_tokens: 64, ...fresh }).withResponse();
    for (const name of ['access_programs', 'background_options', 'image']) expect(sent()).not.toHaveProperty(name);
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('access_programs, background_options, image');
    // The Response type 7.60 reads requires the field: null is OpenAI's "no program chosen".
    expect(data as unknown).toMatchObject({ access_programs: null });
  });

  it('drops what Gemini’s embeddings have no field for, and keeps the dimensions', async () => {
    const { data, response } = await openai.embeddings.create({ model: 'gembed', input: ['a', 'b'], dimensions: 8, user: 'u-1' }).withResponse();
    expect(data.data[0]?.embedding).toHaveLength(8);
    expect(JSON.stringify(sent())).not.toContain('u-1');
    expect(response.headers.get('x-switchyard-dropped-params')).toBe('user');
    expect(await dropped(response)).toEqual({ gemini: ['user'] });
  });

  it('passes a same-format request through untouched, fields the gateway does not know included, with no header', async () => {
    const { response } = await openai.chat.completions
      .create({ model: 'gpt', seed: 7, store: true, prompt_cache_key: 'k1', messages: [{ role: 'user', content: 'Hi' }] }, { headers: { 'x-switchyard-metadata': '{"team":"a"}' } })
      .withResponse();
    expect(sent()).toMatchObject({ seed: 7, store: true, prompt_cache_key: 'k1' });
    // The gateway's own metadata (a header) stays with the gateway: not in the body, not in the headers.
    expect(sent()).not.toHaveProperty('metadata');
    const headers = Object.keys(h.sim.stats().lastRequests.at(-1)?.headers ?? {});
    expect(headers.filter((name) => name.startsWith('x-switchyard'))).toEqual([]);
    expect((await h.traceOf(response)).metadata).toEqual({ team: 'a' });
    expect(response.headers.get('x-switchyard-dropped-params')).toBeNull();
    expect(await dropped(response)).toBeUndefined();
  });
});
