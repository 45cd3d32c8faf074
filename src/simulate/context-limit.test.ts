/**
 * A prompt past the model's context window, as the official SDKs meet it: refused with each
 * API's 400 (OpenAI's `context_length_exceeded`, Anthropic's "prompt is too long", Google's
 * INVALID_ARGUMENT), streamed or not, at the simulator's own count (the one its usage reports).
 */
import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { anthropicOn, openaiOn, simulatorPerFile } from '../test-support/simulator-per-file.js';
import type { Simulator } from './types.js';

let sim: Simulator;
let openai: OpenAI;
let anthropic: Anthropic;
let gemini: GoogleGenAI;

simulatorPerFile((started) => {
  sim = started;
  openai = openaiOn(sim);
  anthropic = anthropicOn(sim);
  gemini = new GoogleGenAI({ apiKey: 'AIza-test', httpOptions: { baseUrl: sim.url } });
});

/** The simulator counts 4 characters a token, plus 3 per message and 3 to prime the reply. */
const chatOf = (tokens: number) => 'abcd'.repeat(tokens - 6);

async function refusal(call: () => Promise<unknown>): Promise<{ status: number; error: Record<string, unknown> }> {
  try {
    await call();
  } catch (error) {
    if (error instanceof OpenAI.APIError || error instanceof Anthropic.APIError) return { status: error.status as number, error: error.error as Record<string, unknown> };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('chat completions (gpt-4o-mini, 128,000 tokens)', () => {
  it('answers a prompt of exactly the window when the request sets no output cap, and reports it in usage', async () => {
    const answer = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: chatOf(128_000) }] });
    expect(answer.usage?.prompt_tokens).toBe(128_000);
  });

  it.each(['max_tokens', 'max_completion_tokens'] as const)("refuses a prompt that fits when it and %s do not, naming both, with context_length_exceeded", async (field) => {
    const { status, error } = await refusal(() => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: chatOf(120_000) }], [field]: 10_000 }));
    expect(status).toBe(400);
    expect(error).toEqual({
      message: "This model's maximum context length is 128000 tokens. However, you requested 130000 tokens (120000 in the messages, 10000 in the completion). Please reduce the length of the messages or completion.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    });
    const fits = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: chatOf(120_000) }], [field]: 8_000 });
    expect(fits.usage?.prompt_tokens).toBe(120_000);
  });

  it('words a prompt past the window with the cap when one is set', async () => {
    const { error } = await refusal(() => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: chatOf(130_000) }], max_tokens: 5 }));
    expect(error.message).toBe("This model's maximum context length is 128000 tokens. However, you requested 130005 tokens (130000 in the messages, 5 in the completion). Please reduce the length of the messages or completion.");
  });

  it('refuses a cap above the output limit as too large, not as context_length_exceeded', async () => {
    const { status, error } = await refusal(() => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 20_000 }));
    expect(status).toBe(400);
    expect(error).toEqual({ message: 'max_tokens is too large: 20000. This model supports at most 16384 completion tokens, whereas you provided 20000.', type: 'invalid_request_error', param: 'max_tokens', code: null });
  });

  it('holds GPT-5 to its input limit alone: its output has its own 128,000', async () => {
    const answer = await openai.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: chatOf(272_000) }], max_completion_tokens: 128_000 });
    expect(answer.usage?.prompt_tokens).toBe(272_000);
  });

  it.each([false, true])('refuses one token more with OpenAI\'s 400 context_length_exceeded (stream: %s)', async (stream) => {
    const { status, error } = await refusal(async () => {
      const answer = await openai.chat.completions.create({ model: 'gpt-4o-mini-2024-07-18', messages: [{ role: 'user', content: `${chatOf(128_000)}x` }], stream });
      if (stream) for await (const _ of answer as AsyncIterable<unknown>) void _;
    });
    expect(status).toBe(400);
    expect(error).toEqual({
      message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 128001 tokens. Please reduce the length of the messages.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    });
  });

  it('takes any length on a model whose window it does not know', async () => {
    const answer = await openai.chat.completions.create({ model: 'standin-small', messages: [{ role: 'user', content: chatOf(300_000) }], max_tokens: 5 });
    expect(answer.usage?.prompt_tokens).toBe(300_000);
  });
});

describe('responses (gpt-4o-mini)', () => {
  const refused = { message: 'Your input exceeds the context window of this model. Please adjust your input and try again.', type: 'invalid_request_error', param: 'input', code: 'context_length_exceeded' };

  it("refuses with the Responses API's words, param input, as an HTTP 400", async () => {
    const { status, error } = await refusal(() => openai.responses.create({ model: 'gpt-4o-mini', input: chatOf(130_000) }));
    expect(status).toBe(400);
    expect(error).toEqual(refused);
  });

  it('streamed, opens the stream and refuses in an error event at sequence_number 2, which the SDK throws with the code', async () => {
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of await openai.responses.create({ model: 'gpt-4o-mini', input: chatOf(130_000), stream: true })) seen.push(event.type);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['response.created', 'response.in_progress']);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: undefined, code: 'context_length_exceeded', param: 'input', type: 'invalid_request_error', error: refused });

    const raw = await fetch(`${sim.url}/v1/responses`, { method: 'POST', headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', input: chatOf(130_000), stream: true }) });
    expect(raw.status).toBe(200);
    const events = (await raw.text()).trim().split('\n\n').map((block) => JSON.parse(block.split('\n')[1]?.slice('data: '.length) ?? '') as { type: string; sequence_number: number; response?: { status: string } });
    expect(events.map((e) => `${e.type}:${e.sequence_number}`)).toEqual(['response.created:0', 'response.in_progress:1', 'error:2']);
    expect(events[0]?.response?.status).toBe('in_progress');
    expect(events[2]).toEqual({ type: 'error', error: refused, sequence_number: 2 });
  });
});

describe('messages (claude-haiku-4-5, 200,000 tokens)', () => {
  const long = 'abcd'.repeat(200_100);

  it.each([false, true])('refuses with "prompt is too long: N tokens > 200000 maximum", N as count_tokens counts it (stream: %s)', async (stream) => {
    const { input_tokens } = await anthropic.messages.countTokens({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: long }] });
    expect(input_tokens).toBeGreaterThan(200_000);
    const { status, error } = await refusal(async () => {
      const answer = await anthropic.messages.create({ model: 'claude-haiku-4-5-20251001', max_tokens: 10, messages: [{ role: 'user', content: long }], stream });
      if (stream) for await (const _ of answer as AsyncIterable<unknown>) void _;
    });
    expect(status).toBe(400);
    expect(error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: `prompt is too long: ${input_tokens} tokens > 200000 maximum` } });
  });

  it('answers a prompt under the window', async () => {
    const answer = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'abcd'.repeat(199_000) }] });
    expect(answer.usage.input_tokens).toBeLessThanOrEqual(200_000);
  });

  it.each([false, true])('refuses a prompt that fits when it and max_tokens do not, in Anthropic\'s words (stream: %s)', async (stream) => {
    const content = 'abcd'.repeat(195_000);
    const { input_tokens } = await anthropic.messages.countTokens({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content }] });
    expect(input_tokens).toBeLessThan(200_000);
    const { status, error } = await refusal(async () => {
      const answer = await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 8192, messages: [{ role: 'user', content }], stream });
      if (stream) for await (const _ of answer as AsyncIterable<unknown>) void _;
    });
    expect(status).toBe(400);
    expect(error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: `input length and \`max_tokens\` exceed context limit: ${input_tokens} + 8192 > 200000, decrease input length or \`max_tokens\` and try again` } });
  });

  it('refuses max_tokens above the output limit naming the limit and the model, a different refusal', async () => {
    // Streamed: the SDK refuses so large a cap unstreamed itself, before sending.
    const { error } = await refusal(async () => {
      for await (const _ of await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 70_000, messages: [{ role: 'user', content: 'Hi' }], stream: true })) void _;
    });
    expect(error).toMatchObject({ error: { type: 'invalid_request_error', message: 'max_tokens: 70000 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5' } });
  });

  it('lists the window as max_input_tokens', async () => {
    expect((await anthropic.models.retrieve('claude-haiku-4-5')).max_input_tokens).toBe(200_000);
  });
});

describe('generateContent (gemini-2.5-flash, 1,048,576 tokens)', () => {
  it.each([false, true])("refuses with Google's 400 INVALID_ARGUMENT naming the count and the limit (stream: %s)", async (stream) => {
    const contents = 'abcd'.repeat(1_050_000);
    const { totalTokens } = await gemini.models.countTokens({ model: 'gemini-2.5-flash', contents });
    const call = async () => {
      if (!stream) return gemini.models.generateContent({ model: 'gemini-2.5-flash', contents });
      for await (const _ of await gemini.models.generateContentStream({ model: 'gemini-2.5-flash', contents })) void _;
    };
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    const body = JSON.parse((error as ApiError).message) as { error: { code: number; status: string; message: string } };
    expect(body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: `The input token count (${totalTokens}) exceeds the maximum number of tokens allowed (1048576).` });
  });
});
