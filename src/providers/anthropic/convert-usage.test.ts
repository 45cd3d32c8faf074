import { describe, expect, it } from 'vitest';
import { toAnthropicUsage, toOpenAIUsage } from './convert-usage.js';

describe('usage', () => {
  it('adds cache reads and writes into prompt_tokens and reports cache reads as cached_tokens', () => {
    expect(toOpenAIUsage({ input_tokens: 25, cache_read_input_tokens: 1000, cache_creation_input_tokens: 300, output_tokens: 40 })).toEqual({
      prompt_tokens: 1325,
      completion_tokens: 40,
      total_tokens: 1365,
      prompt_tokens_details: { cached_tokens: 1000, audio_tokens: 0, cache_write_tokens: 300 },
      // Claude counts no thinking apart from its output: reasoning_tokens is left out, not 0.
      completion_tokens_details: { audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
  });

  it('treats null counts (message_delta) as zero', () => {
    expect(toOpenAIUsage({ input_tokens: null, cache_read_input_tokens: null, output_tokens: 3 }).prompt_tokens).toBe(0);
  });

  /** The fields of Anthropic's Usage an OpenAI usage has nothing for, as Claude sends them without server tools or fast mode. */
  const claudeDefaults = { server_tool_use: null, service_tier: 'standard', inference_geo: 'not_available', speed: null };

  it('round-trips Anthropic usage through OpenAI usage, every field of Anthropic’s Usage present', () => {
    const anthropic = {
      input_tokens: 25,
      output_tokens: 40,
      cache_creation_input_tokens: 300,
      cache_read_input_tokens: 1000,
      cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 0 },
      output_tokens_details: null,
      ...claudeDefaults,
    };
    expect(toAnthropicUsage(toOpenAIUsage(anthropic))).toEqual(anthropic);
  });

  it('gives OpenAI’s priority tier as priority and any other as standard', () => {
    const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
    expect([toAnthropicUsage(usage, 'priority').service_tier, toAnthropicUsage(usage, 'default').service_tier, toAnthropicUsage(usage, 'flex').service_tier]).toEqual(['priority', 'standard', 'standard']);
  });

  it('round-trips thinking tokens as reasoning tokens, both ways', () => {
    const anthropic = {
      input_tokens: 25,
      output_tokens: 400,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      output_tokens_details: { thinking_tokens: 320 },
      ...claudeDefaults,
    };
    expect(toOpenAIUsage(anthropic).completion_tokens_details).toEqual({ reasoning_tokens: 320, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 });
    expect(toAnthropicUsage(toOpenAIUsage(anthropic))).toEqual(anthropic);
  });

  it('never reports negative fresh input when an upstream counts cached tokens oddly', () => {
    expect(toAnthropicUsage({ prompt_tokens: 10, completion_tokens: 1, total_tokens: 11, prompt_tokens_details: { cached_tokens: 64 } }).input_tokens).toBe(0);
  });
});
