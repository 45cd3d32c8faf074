import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { lastUpstream, responsesOnlyConfig } from './responses-only-config.js';

/**
 * A capped call to a model only the Responses API serves, through the gateway, as OpenAI answers
 * it: reasoning counts inside the cap, so `max_output_tokens` bounds reasoning and text together
 * and a Response the cap cut is `incomplete` (with no message when reasoning used the whole cap).
 * The gateway's bridge (providers/openai-compatible/responses-upstream) reads that as chat's
 * `finish_reason: "length"`, and bills no more output than the cap.
 */
const KEY = 'sk-sy-responses-capped';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => responsesOnlyConfig(sim, KEY));
});
afterAll(() => h.close());

const question = 'Explain how a circuit breaker protects an upstream service';

describe('o3-pro under an output cap, through the gateway', () => {
  it('answers a chat client whose cap the reasoning fills with finish_reason "length", no text, and output billed within the cap', async () => {
    const { data: answer, response } = await h
      .openai(KEY)
      .chat.completions.create({ model: 'o3-pro', max_completion_tokens: 20, messages: [{ role: 'user', content: question }] })
      .withResponse();
    expect(lastUpstream(h)).toMatchObject({ path: '/v1/responses', body: { model: 'o3-pro', max_output_tokens: 20 } });
    expect(answer.choices[0]?.finish_reason).toBe('length');
    expect(answer.choices[0]?.message.content).toBe('');
    expect(answer.usage?.completion_tokens).toBeLessThanOrEqual(20);
    expect(answer.usage?.completion_tokens_details?.reasoning_tokens).toBe(answer.usage?.completion_tokens);
    const trace = await h.traceOf(response);
    expect(trace.status).toBe(200);
    expect(trace.costUsd).toBeCloseTo((answer.usage!.prompt_tokens * 20 + answer.usage!.completion_tokens * 80) / 1e6, 9);
  });

  it('cuts the text of a cap that leaves room after the reasoning, whole and streamed, at exactly the cap', async () => {
    const client = h.openai(KEY);
    const whole = await client.chat.completions.create({ model: 'o3-pro', messages: [{ role: 'user', content: question }] });
    const reasoning = whole.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    const visible = (whole.usage?.completion_tokens ?? 0) - reasoning;
    expect(whole.choices[0]?.finish_reason).toBe('stop');
    expect(visible).toBeGreaterThan(4);
    const cap = reasoning + Math.floor(visible / 2);
    const cut = await client.chat.completions.create({ model: 'o3-pro', max_completion_tokens: cap, messages: [{ role: 'user', content: question }] });
    expect(cut.choices[0]?.finish_reason).toBe('length');
    expect(cut.usage?.completion_tokens).toBe(cap);
    const text = cut.choices[0]?.message.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    expect(whole.choices[0]?.message.content?.startsWith(text)).toBe(true);

    const stream = await client.chat.completions.create({ model: 'o3-pro', max_completion_tokens: cap, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: question }] });
    let streamed = '';
    let finish: string | null = null;
    let usage: OpenAI.Completions.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      streamed += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(streamed).toBe(text);
    expect(finish).toBe('length');
    expect(usage?.completion_tokens).toBe(cap);
  });

  it("gives a Responses client OpenAI's incomplete Response: reasoning alone, incomplete_details max_output_tokens, usage within the cap, whole and streamed", async () => {
    const client = h.openai(KEY);
    const response = await client.responses.create({ model: 'o3-pro', input: question, max_output_tokens: 20 });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output_text).toBe('');
    expect(response.usage?.output_tokens).toBeLessThanOrEqual(20);
    const stream = await client.responses.create({ model: 'o3-pro', input: question, max_output_tokens: 20, stream: true });
    let final: OpenAI.Responses.Response | undefined;
    let last = '';
    for await (const event of stream) {
      last = event.type;
      if (event.type === 'response.incomplete' || event.type === 'response.completed') final = event.response;
    }
    expect(last).toBe('response.incomplete');
    expect(final?.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(final?.usage?.output_tokens).toBeLessThanOrEqual(20);
  });

  it('answers an Anthropic client whose max_tokens the reasoning fills with stop_reason "max_tokens" and output within the cap', async () => {
    const message = await h.anthropic(KEY).messages.create({ model: 'o3-pro', max_tokens: 20, messages: [{ role: 'user', content: question }] });
    expect(lastUpstream(h).body).toMatchObject({ max_output_tokens: 20 });
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBeLessThanOrEqual(20);
  });
});
