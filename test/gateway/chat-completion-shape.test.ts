import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * A chat client gets the fields OpenAI's own answers carry, whichever vendor answers: the
 * simulator as OpenAI itself (no gateway) is the reference for the shape.
 */
let h: Harness;
let openai: OpenAI;
let direct: OpenAI;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 }
  gpt: { provider: oai, model: gpt-4.1-mini }
  flash: { provider: gem, model: gemini-2.5-flash }
`);
  openai = h.openai('x');
  direct = new OpenAI({ apiKey: 'sk-up', baseURL: `${h.sim.url}/v1`, maxRetries: 0 });
});
afterAll(() => h.close());

/** A value's shape: its keys, all the way down, and the type of each leaf (arrays by their first item). */
function shape(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (typeof value !== 'object') return typeof value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, shape((value as Record<string, unknown>)[key])]));
}

/**
 * The shape, with OpenAI's fingerprint string standing as the null a translation sends (there is
 * no backend configuration to name). `reasoning_tokens` is in every answer's usage, as in
 * OpenAI's: a Claude answer without thinking says 0 (before 2026-12-07 it left the field out,
 * and `@openrouter/ai-sdk-provider`, which requires it, refused every non-streamed Claude answer).
 */
/**
 * A chunk's fields but OpenAI's `obfuscation` padding: OpenAI pads each streamed chunk on its own
 * link against length side channels (the simulator too); a stream the gateway translates from
 * Claude or Gemini has none, and no client reads it.
 */
function fieldsOf(chunk: object): string[] {
  return Object.keys(chunk).filter((key) => key !== 'obfuscation').sort();
}

function shapeOf(value: unknown): unknown {
  const { system_fingerprint: _, obfuscation: __, ...rest } = value as Record<string, unknown>;
  return shape(rest);
}

const messages = [{ role: 'user' as const, content: 'Say hello' }];

describe('a translated chat completion', () => {
  it('carries every field of OpenAI’s: system_fingerprint, service_tier, annotations, refusal, and both usage details', async () => {
    const openAIs = await direct.chat.completions.create({ model: 'gpt-4.1-mini', messages });
    expect(openAIs.choices[0]?.message).toMatchObject({ refusal: null, annotations: [] });
    for (const model of ['sonnet', 'flash']) {
      const answer = await openai.chat.completions.create({ model, messages });
      expect([model, shapeOf(answer)]).toEqual([model, shapeOf(openAIs)]);
      expect([model, answer.system_fingerprint, answer.service_tier]).toEqual([model, null, 'default']);
      expect([model, answer.usage?.prompt_tokens_details?.cached_tokens]).toEqual([model, 0]);
    }
  });

  it('streams chunks with OpenAI’s fields: service_tier and system_fingerprint on each, refusal on the role delta, logprobs on each choice, and the usage chunk’s details', async () => {
    const collect = async (client: OpenAI, model: string) => {
      const chunks: OpenAI.ChatCompletionChunk[] = [];
      for await (const chunk of await client.chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true } })) chunks.push(chunk);
      return chunks;
    };
    const openAIs = await collect(direct, 'gpt-4.1-mini');
    const [first, , ...rest] = openAIs;
    const usage = rest.at(-1);
    expect(usage?.choices).toEqual([]);
    for (const model of ['sonnet', 'flash']) {
      const chunks = await collect(openai, model);
      expect([model, shapeOf(chunks[0])]).toEqual([model, shapeOf(first)]);
      // Every chunk has OpenAI's top-level fields, and every choice its index, delta, logprobs and finish_reason.
      for (const chunk of chunks) {
        expect([model, fieldsOf(chunk)]).toEqual([model, fieldsOf(first!)]);
        expect([model, chunk.service_tier, chunk.system_fingerprint]).toEqual([model, 'default', null]);
        for (const choice of chunk.choices) expect([model, Object.keys(choice).sort()]).toEqual([model, ['delta', 'finish_reason', 'index', 'logprobs']]);
      }
      expect([model, shapeOf(chunks.at(-1))]).toEqual([model, shapeOf(usage)]);
    }
  });

  it('reports the reasoning tokens Gemini and Claude counted, 0 when they did not think', async () => {
    // Gemini 2.5 Flash thinks unless told not to.
    const flash = await openai.chat.completions.create({ model: 'flash', messages });
    expect(flash.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
    const flashQuiet = await openai.chat.completions.create({ model: 'flash', messages, reasoning_effort: 'none' as 'low' });
    expect(flashQuiet.usage?.completion_tokens_details?.reasoning_tokens).toBe(0);
    const sonnet = await openai.chat.completions.create({ model: 'sonnet', messages });
    expect(sonnet.usage?.completion_tokens_details).toEqual({ reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 });
    const sonnetThinking = await openai.chat.completions.create({ model: 'sonnet', messages, reasoning_effort: 'low' });
    expect(sonnetThinking.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
    // Streamed too: the usage chunk says 0 when no thinking block came.
    let streamed: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of await openai.chat.completions.create({ model: 'sonnet', messages, stream: true, stream_options: { include_usage: true } })) streamed = chunk.usage ?? streamed;
    expect(streamed?.completion_tokens_details?.reasoning_tokens).toBe(0);
  });
});

describe('a translated answer’s id', () => {
  // OpenAI's chat ids read `chatcmpl-…`; a Claude answer kept Claude's `msg_…` where a Gemini one
  // was given a chatcmpl id, so a client (or a log) keyed on the prefix saw two kinds.
  it('is a chatcmpl id as OpenAI’s are, whole and streamed (one id for every chunk of a stream), from Claude as from Gemini', async () => {
    for (const model of ['sonnet', 'flash']) {
      const answer = await openai.chat.completions.create({ model, messages });
      expect([model, answer.id]).toEqual([model, expect.stringMatching(/^chatcmpl-[\w-]+$/)]);
      const ids = new Set<string>();
      for await (const chunk of await openai.chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true } })) ids.add(chunk.id);
      expect([model, ids.size]).toEqual([model, 1]);
      expect([model, [...ids][0]]).toEqual([model, expect.stringMatching(/^chatcmpl-[\w-]+$/)]);
      expect([model, [...ids][0] === answer.id]).toEqual([model, false]);
    }
  });
});

describe('a stream whose client did not ask for usage', () => {
  it('has no usage field and no usage chunk, as from OpenAI, though the gateway asks the upstream for usage to count it', async () => {
    const collect = async (client: OpenAI, model: string) => {
      const chunks: OpenAI.ChatCompletionChunk[] = [];
      for await (const chunk of await client.chat.completions.create({ model, messages, stream: true })) chunks.push(chunk);
      return chunks;
    };
    const openAIs = await collect(direct, 'gpt-4.1-mini');
    expect(openAIs.some((chunk) => 'usage' in chunk || chunk.choices.length === 0)).toBe(false);
    for (const model of ['gpt', 'sonnet', 'flash']) {
      const chunks = await collect(openai, model);
      expect([model, chunks.filter((chunk) => 'usage' in chunk || chunk.choices.length === 0)]).toEqual([model, []]);
      expect([model, chunks.map((chunk) => fieldsOf(chunk))]).toEqual([model, chunks.map(() => fieldsOf(openAIs[0]!))]);
    }
    // OpenAI's padding is on every chunk of its own stream, and the gateway relays it from an OpenAI model.
    expect(openAIs.every((chunk) => typeof (chunk as { obfuscation?: unknown }).obfuscation === 'string')).toBe(true);
    expect((await collect(openai, 'gpt')).every((chunk) => typeof (chunk as { obfuscation?: unknown }).obfuscation === 'string')).toBe(true);
    // The upstream was asked for usage all the same, and the call is counted.
    expect(h.sim.stats().lastRequests.findLast((r) => (r.body as { model?: string }).model === 'gpt-4.1-mini')?.body).toMatchObject({ stream_options: { include_usage: true } });
  });
});
