import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * Stop sequences the upstream refuses (whitespace-only ones for Claude, OpenAI's fifth, Gemini's
 * sixth) are applied by the gateway; on a stream it ends the upstream call where one matches, so
 * the simulator stops generating and the trace's usage and cost are those of the text generated.
 */
let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;
// Paced, so the answer is still being generated when the sequence matches (a real model's is).
const paced = 'headers: { x-sim-tokens-per-second: "200" }';
// 'One' ends the first line; the rest (some 200 tokens, a second's generation) is what the client never sees.
const answer = `One\n${Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ')}`;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
providers:
  anth: { type: anthropic, base_url: "${sim}", api_key: sk-ant-up, ${paced} }
  oai:  { type: openai, base_url: "${sim}/v1", api_key: sk-up, ${paced} }
  gem:  { type: gemini, base_url: "${sim}", api_key: AIza-x, ${paced} }
models:
  sonnet: { provider: anth, model: claude-sonnet-4-5-20250929 }
  gpt: { provider: oai, model: gpt-4.1-mini }
  flash: { provider: gem, model: gemini-2.5-flash }
`);
  h.sim.addScript({ match: 'first line', reply: answer });
  openai = h.openai('x');
  anthropic = h.anthropic('x');
});
afterAll(() => h.close());

const ask = [{ role: 'user' as const, content: 'Say the first line' }];

/** The simulator's count of abandoned streams once it has seen `count` more than `before` (the socket closes just after the answer). */
async function abandoned(before: { streamsAbandoned: number }, count: number): Promise<number> {
  const deadline = Date.now() + 5_000;
  while (h.sim.stats().streamsAbandoned - before.streamsAbandoned < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return h.sim.stats().streamsAbandoned - before.streamsAbandoned;
}

/** The trace's output tokens and cost of the whole answer, with no stop sequence. */
async function whole(model: string): Promise<{ outputTokens: number; costUsd: number | null }> {
  const { response } = await openai.chat.completions.create({ model, messages: ask }).withResponse();
  return h.traceOf(response);
}

describe('a held stop sequence on a stream', () => {
  it('ends the Claude call at a whitespace-only sequence: the simulator stops generating, usage is estimated from the text generated', async () => {
    const full = await whole('sonnet');
    const before = h.sim.stats();
    const { data, response } = await openai.chat.completions.create({ model: 'sonnet', stream: true, stop: ['\n'], messages: ask, stream_options: { include_usage: true } }).withResponse();
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of data) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish ??= chunk.choices[0]?.finish_reason;
      usage ??= chunk.usage;
    }
    expect([text, finish]).toEqual(['One', 'stop']);
    const trace = await h.traceOf(response);
    expect(await abandoned(before, 1)).toBe(1);
    expect(h.sim.stats().tokensUnsent - before.tokensUnsent).toBeGreaterThan(full.outputTokens / 2);
    expect(trace.outputTokens).toBeLessThan(full.outputTokens / 2);
    expect(trace.usageEstimated).toBe(true);
    expect(trace.costUsd).toBeLessThan(full.costUsd as number);
    // The client is told the same usage the trace holds.
    expect(usage).toMatchObject({ prompt_tokens: trace.inputTokens, completion_tokens: trace.outputTokens });
    expect(trace.decisions?.stop_sequences).toMatchObject({ applied_by: 'gateway', stopped_on: '\n', usage: 'estimated' });
  });

  it('ends an OpenAI call at an Anthropic client’s fifth sequence, which reports no usage before its end: both sides counted locally', async () => {
    const full = await whole('gpt');
    const before = h.sim.stats();
    const stream = anthropic.messages.stream({ model: 'gpt', max_tokens: 500, stop_sequences: ['six', 'seven', 'eight', 'nine', '\n'], messages: ask });
    const message = await stream.finalMessage();
    expect(message).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: '\n', content: [{ type: 'text', text: 'One' }] });
    const trace = await h.traceOf((await stream.withResponse()).response.headers);
    expect(await abandoned(before, 1)).toBe(1);
    expect(trace.outputTokens).toBeGreaterThan(0);
    expect(trace.outputTokens).toBeLessThan(full.outputTokens / 2);
    expect(trace.inputTokens).toBeGreaterThan(0);
    expect(trace.usageEstimated).toBe(true);
    expect(message.usage.output_tokens).toBe(trace.outputTokens);
  });

  it('ends a Gemini call at its sixth sequence', async () => {
    const full = await whole('flash');
    const before = h.sim.stats();
    const { data, response } = await openai.chat.completions.create({ model: 'flash', stream: true, stop: ['six', 'seven', 'eight', 'nine', 'ten', '\n'], messages: ask }).withResponse();
    let text = '';
    for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('One');
    const trace = await h.traceOf(response);
    expect(await abandoned(before, 1)).toBe(1);
    expect(trace.outputTokens).toBeLessThan(full.outputTokens / 2);
  });

  it('lets a stream that no held sequence stops run to its end, with the usage the upstream reported', async () => {
    const before = h.sim.stats();
    const { data, response } = await openai.chat.completions.create({ model: 'sonnet', stream: true, stop: [' \t '], messages: ask }).withResponse();
    for await (const _ of data) void _;
    const trace = await h.traceOf(response);
    expect(h.sim.stats().streamsAbandoned).toBe(before.streamsAbandoned);
    expect(trace.usageEstimated).toBe(false);
    expect(trace.outputTokens).toBe((await whole('sonnet')).outputTokens);
  });
});
