import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

// The models clients send today are priced from the built-in table (no `price:` in the config):
// Codex CLI's default GPT-6.2 Sol with its cached and reasoning tokens, the Claude 5 models with
// cache reads and writes, and the whole request repriced past a long-context threshold. A model
// nobody priced is marked so on its trace instead of passing for free.
let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

/** Per million tokens: input, cache read, cache write, output (reasoning and thinking bill as output). */
type Rates = [input: number, read: number, write: number, output: number];

const CLAUDE: Record<string, Rates> = {
  'claude-opus-5-5': [4, 0.2, 5, 20],
  'claude-opus-5': [5, 0.5, 6.25, 25],
  // Cache reads cut to 0.05x input on 2026-10-07.
  'claude-sonnet-5-5': [2, 0.1, 2.5, 10],
  'claude-sonnet-5': [2, 0.2, 2.5, 10],
  'claude-haiku-5-5': [0.1, 0.01, 0.125, 0.5],
  'claude-fable-5-1': [10, 0.25, 12.5, 50],
  'claude-fable-5': [10, 1, 12.5, 50],
  'claude-mythos-5-1': [10, 0.25, 12.5, 50],
  'claude-mythos-5': [10, 1, 12.5, 50],
};

beforeAll(async () => {
  const claudeModels = Object.keys(CLAUDE).map((model) => `  ${model}: { provider: anth, model: ${model} }`);
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  codex: { provider: oai, model: gpt-6.2-sol }
  terra: { provider: oai, model: gpt-6.1-terra }
  astra: { provider: oai, model: gpt-6.2-astra }
  sol56: { provider: oai, model: gpt-5.6-sol }
  finetune: { provider: oai, model: "ft:gpt-6.2-astra:acme:support" }
  finetune-priced:
    provider: oai
    model: "ft:gpt-6.2-astra:acme:support"
    price: { input_per_mtok: 8, cached_input_per_mtok: 0.8, output_per_mtok: 40, long_context: { above_input_tokens: 272000, input_per_mtok: 16, cached_input_per_mtok: 1.6, output_per_mtok: 60 } }
${claudeModels.join('\n')}
retry: { max_attempts: 1 }`);
  openai = h.openai('x');
  anthropic = h.anthropic('x');
  h.sim.addScript({ match: 'codex short turn', model: 'gpt-6.2-sol', reply: 'done', usage: { prompt_tokens: 50_000, cached_tokens: 48_000, completion_tokens: 900, reasoning_tokens: 700 } });
  h.sim.addScript({ match: 'codex short turn', model: 'gpt-6.1-terra', reply: 'done', usage: { prompt_tokens: 50_000, cached_tokens: 48_000, completion_tokens: 900, reasoning_tokens: 700 } });
  h.sim.addScript({ match: 'long codex turn', model: 'gpt-6.2-sol', reply: 'done', usage: { prompt_tokens: 300_000, cached_tokens: 250_000, completion_tokens: 900, reasoning_tokens: 700 } });
  for (const model of ['gpt-6.2-astra', 'gpt-5.6-sol', 'ft:gpt-6.2-astra:acme:support']) {
    h.sim.addScript({ match: 'astra turn', model, reply: 'done', usage: { prompt_tokens: 300_000, cached_tokens: 200_000, completion_tokens: 100, reasoning_tokens: 40 } });
    h.sim.addScript({ match: 'short turn', model, reply: 'done', usage: { prompt_tokens: 50_000, cached_tokens: 48_000, completion_tokens: 900, reasoning_tokens: 700 } });
  }
  for (const model of Object.keys(CLAUDE)) {
    h.sim.addScript({ match: 'agent turn', model, reply: 'done', usage: { prompt_tokens: 20_000, cached_tokens: 15_000, cache_creation_tokens: 4_000, completion_tokens: 800 } });
  }
  h.sim.addScript({ match: 'hour cache turn', model: 'claude-opus-5-5', reply: 'done', usage: { prompt_tokens: 20_000, cached_tokens: 15_000, cache_creation_tokens: 4_000, cache_creation_1h_tokens: 3_000, completion_tokens: 800 } });
  h.sim.addScript({ match: 'long haiku turn', model: 'claude-haiku-5-5', reply: 'done', usage: { prompt_tokens: 150_000, cached_tokens: 120_000, cache_creation_tokens: 20_000, completion_tokens: 800 } });
});
afterAll(() => h.close());

const responsesTurn = (model: string, input: string) => openai.responses.create({ model, input }).withResponse();
const messagesTurn = (model: string, content: string) => anthropic.messages.create({ model, max_tokens: 1024, messages: [{ role: 'user', content }] }).withResponse();

describe('cost of the models clients send today', () => {
  it('GPT-6.2 Sol (Codex CLI): cached input at $0.10, reasoning tokens as output at $10', async () => {
    const { response } = await responsesTurn('codex', 'codex short turn');
    const trace = await h.traceOf(response);
    expect(trace).toMatchObject({ upstreamModel: 'gpt-6.2-sol', inputTokens: 50_000, cachedTokens: 48_000, outputTokens: 900, reasoningTokens: 700 });
    expect(trace.costUsd).toBeCloseTo((2_000 * 2 + 48_000 * 0.1 + 900 * 10) / 1e6, 12);
    expect(trace.decisions?.cost).toBeUndefined();
  });

  it('GPT-6.1 Terra: cached input at $0.05, reasoning tokens as output at $5', async () => {
    const { response } = await responsesTurn('terra', 'codex short turn');
    const trace = await h.traceOf(response);
    expect(trace).toMatchObject({ upstreamModel: 'gpt-6.1-terra', inputTokens: 50_000, cachedTokens: 48_000, outputTokens: 900, reasoningTokens: 700 });
    expect(trace.costUsd).toBeCloseTo((2_000 * 1 + 48_000 * 0.05 + 900 * 5) / 1e6, 12);
  });

  it('GPT-6.2 Astra: $8, cached $0.40, output $40; past 272K input the whole request at $16 / $0.80 / $60', async () => {
    const short = await h.traceOf((await responsesTurn('astra', 'short turn')).response);
    expect(short.costUsd).toBeCloseTo((2_000 * 8 + 48_000 * 0.4 + 900 * 40) / 1e6, 12);
    const long = await h.traceOf((await responsesTurn('astra', 'astra turn')).response);
    expect(long.costUsd).toBeCloseTo((100_000 * 16 + 200_000 * 0.8 + 100 * 60) / 1e6, 12);
    expect(long.decisions?.cost).toBeUndefined();
  });

  it('GPT-5.6 Sol at its list price since the promotion ended: $5, cached $0.50, output $30; $10 / $1 / $45 past 272K', async () => {
    const short = await h.traceOf((await responsesTurn('sol56', 'short turn')).response);
    expect(short.costUsd).toBeCloseTo((2_000 * 5 + 48_000 * 0.5 + 900 * 30) / 1e6, 12);
    const long = await h.traceOf((await responsesTurn('sol56', 'astra turn')).response);
    expect(long.costUsd).toBeCloseTo((100_000 * 10 + 200_000 * 1 + 100 * 45) / 1e6, 12);
  });

  it('GPT-6.2 Sol past 272K input tokens: the whole request at 2x input and cache, 1.5x output', async () => {
    const { response } = await responsesTurn('codex', 'long codex turn');
    const trace = await h.traceOf(response);
    expect(trace.costUsd).toBeCloseTo((50_000 * 4 + 250_000 * 0.2 + 900 * 15) / 1e6, 12);
  });

  it.each(Object.entries(CLAUDE))('%s: fresh input, cache reads, cache writes and output at their own prices', async (model, [input, read, write, output]) => {
    const { response } = await messagesTurn(model, 'agent turn');
    const trace = await h.traceOf(response);
    expect(trace).toMatchObject({ upstreamModel: model, inputTokens: 20_000, cachedTokens: 15_000, outputTokens: 800 });
    expect(trace.costUsd).toBeCloseTo((1_000 * input + 15_000 * read + 4_000 * write + 800 * output) / 1e6, 12);
    expect(trace.decisions?.cost).toBeUndefined();
  });

  it.each([false, true])('Claude Code’s 1-hour cache writes at 2x input, the 5-minute ones at 1.25x (streamed: %s)', async (stream) => {
    const request = { model: 'claude-opus-5-5', max_tokens: 1024, messages: [{ role: 'user' as const, content: 'hour cache turn' }] };
    const response = stream ? (await anthropic.messages.create({ ...request, stream: true }).withResponse()).response : (await anthropic.messages.create(request).withResponse()).response;
    if (stream) await response.text();
    const trace = await h.traceOf(response);
    expect(trace.costUsd).toBeCloseTo((1_000 * 4 + 15_000 * 0.2 + 1_000 * 5 + 3_000 * 8 + 800 * 20) / 1e6, 12);
  });

  it('Claude Haiku 5.5 past 100,000 prompt tokens (cache reads and writes counted): 5x, every token', async () => {
    const { response } = await messagesTurn('claude-haiku-5-5', 'long haiku turn');
    const trace = await h.traceOf(response);
    expect(trace.costUsd).toBeCloseTo((10_000 * 0.5 + 120_000 * 0.05 + 20_000 * 0.625 + 800 * 2.5) / 1e6, 12);
  });
});

describe('a model with no price', () => {
  it('is marked unpriced on its trace, not booked as a free call', async () => {
    // A fine-tune's name is not its base model's: no price in the table.
    const { response } = await responsesTurn('finetune', 'astra turn');
    const trace = await h.traceOf(response);
    expect(trace.costUsd).toBe(0);
    expect(trace.decisions?.cost).toEqual({ priced: false, model: 'ft:gpt-6.2-astra:acme:support' });
  });

  it('is priced by the config, long-context tier included, and then not marked', async () => {
    const { response } = await responsesTurn('finetune-priced', 'astra turn');
    const trace = await h.traceOf(response);
    expect(trace.costUsd).toBeCloseTo((100_000 * 16 + 200_000 * 1.6 + 100 * 60) / 1e6, 12);
    expect(trace.decisions?.cost).toBeUndefined();
  });
});
