/**
 * Reasoning counts inside the output cap, as OpenAI counts it: on the Responses API
 * `usage.output_tokens` (reasoning included) never exceeds `max_output_tokens`, and a Response cut
 * by it is `incomplete` (with no message at all when reasoning used the whole cap); on chat
 * completions `max_completion_tokens` bounds each choice's reasoning and visible tokens together
 * (`finish_reason: "length"`). Seen through the official `openai` SDK, whole and streamed.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { openaiOn, simulatorPerFile } from '../test-support/simulator-per-file.js';
import type { Simulator } from './types.js';

let client: OpenAI;

simulatorPerFile((sim: Simulator) => {
  client = openaiOn(sim);
}, { clearBetweenTests: true });

const question = 'Explain how a circuit breaker protects an upstream service';

/** The events of a streamed Response, and its last (`response.completed` or `response.incomplete`). */
async function streamedResponse(cap: number) {
  const stream = await client.responses.create({ model: 'o3-pro', input: question, max_output_tokens: cap, stream: true });
  const types: string[] = [];
  let final: OpenAI.Responses.Response | undefined;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.completed' || event.type === 'response.incomplete') final = event.response;
  }
  return { types, final };
}

describe('max_output_tokens on the Responses API bounds reasoning and the answer together', () => {
  it('answers a cap smaller than the reasoning with the reasoning item alone, incomplete, billing no more than the cap (it billed 164 for a cap of 20)', async () => {
    const response = await client.responses.create({ model: 'o3-pro', input: question, max_output_tokens: 20 });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output.map((item) => item.type)).toEqual(['reasoning']);
    expect(response.output_text).toBe('');
    expect(response.usage?.output_tokens).toBe(20);
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(20);
  });

  it('cuts the message where reasoning and text reach the cap, and completes a call the cap does not reach', async () => {
    const whole = await client.responses.create({ model: 'o3-pro', input: question });
    const reasoning = whole.usage?.output_tokens_details.reasoning_tokens ?? 0;
    const visible = (whole.usage?.output_tokens ?? 0) - reasoning;
    expect(whole.status).toBe('completed');
    expect(reasoning).toBeGreaterThan(0);
    expect(visible).toBeGreaterThan(4);
    const cap = reasoning + Math.floor(visible / 2);
    const cut = await client.responses.create({ model: 'o3-pro', input: question, max_output_tokens: cap });
    expect(cut.status).toBe('incomplete');
    expect(cut.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(cut.usage?.output_tokens).toBe(cap);
    expect(cut.usage?.output_tokens_details.reasoning_tokens).toBe(reasoning);
    expect(cut.output_text.length).toBeGreaterThan(0);
    expect(whole.output_text.startsWith(cut.output_text)).toBe(true);
    const roomy = await client.responses.create({ model: 'o3-pro', input: question, max_output_tokens: reasoning + visible });
    expect(roomy.status).toBe('completed');
    expect(roomy.usage?.output_tokens).toBe(reasoning + visible);
  });

  it('streams the same: response.incomplete last, no message events, usage within the cap', async () => {
    const { types, final } = await streamedResponse(20);
    expect(types.at(-1)).toBe('response.incomplete');
    expect(types).not.toContain('response.output_text.delta');
    expect(final?.status).toBe('incomplete');
    expect(final?.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(final?.usage?.output_tokens).toBeLessThanOrEqual(20);
  });

  it('cuts a function call the cap breaks off and marks it incomplete', async () => {
    const tool = { type: 'function' as const, name: 'lookup_order', strict: false, parameters: { type: 'object', properties: { order_id: { type: 'string' }, reason: { type: 'string' } } } };
    const whole = await client.responses.create({ model: 'o3-pro', input: 'Look up order 4711', tools: [tool], tool_choice: 'required' });
    const reasoning = whole.usage?.output_tokens_details.reasoning_tokens ?? 0;
    const cap = reasoning + 6;
    expect((whole.usage?.output_tokens ?? 0) - reasoning).toBeGreaterThan(6);
    const cut = await client.responses.create({ model: 'o3-pro', input: 'Look up order 4711', tools: [tool], tool_choice: 'required', max_output_tokens: cap });
    expect(cut.status).toBe('incomplete');
    expect(cut.usage?.output_tokens).toBeLessThanOrEqual(cap);
    const call = cut.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', status: 'incomplete' });
  });
});

describe('max_completion_tokens on chat completions bounds reasoning and the answer together', () => {
  const ask = (cap: number, n = 1) => client.chat.completions.create({ model: 'o3', n, max_completion_tokens: cap, messages: [{ role: 'user', content: question }] });

  it('answers a cap the reasoning fills with empty content and finish_reason "length", billing the cap', async () => {
    const completion = await ask(20);
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.choices[0]?.message.content).toBe('');
    expect(completion.usage?.completion_tokens).toBe(20);
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(20);
  });

  it('cuts the text where reasoning and text reach the cap, per choice', async () => {
    const whole = await client.chat.completions.create({ model: 'o3', messages: [{ role: 'user', content: question }] });
    const reasoning = whole.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    const visible = (whole.usage?.completion_tokens ?? 0) - reasoning;
    expect(reasoning).toBeGreaterThan(0);
    const cap = reasoning + Math.floor(visible / 2);
    const cut = await ask(cap, 2);
    expect(cut.choices.map((choice) => choice.finish_reason)).toEqual(['length', 'length']);
    expect(cut.usage?.completion_tokens).toBe(2 * cap);
    expect(cut.usage?.completion_tokens_details?.reasoning_tokens).toBe(2 * reasoning);
    expect(whole.choices[0]?.message.content?.startsWith(cut.choices[0]?.message.content ?? 'x')).toBe(true);
  });

  it('streams the same: finish_reason "length" and usage within the cap', async () => {
    const stream = await client.chat.completions.create({ model: 'o3', max_completion_tokens: 20, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: question }] });
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('');
    expect(finish).toBe('length');
    expect(usage?.completion_tokens).toBeLessThanOrEqual(20);
  });
});
