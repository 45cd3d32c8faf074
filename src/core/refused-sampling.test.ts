import { describe, expect, it } from 'vitest';
import { takesSamplingParams } from './claude-models.js';
import { openAIReasons, refusedIn, samplingRefusals } from './refused-sampling.js';

const refused = (model: string, body: Record<string, unknown>, effort?: string) => refusedIn(body, samplingRefusals(model, effort));
const all = { temperature: 0.2, top_p: 0.9, top_k: 40, presence_penalty: 0.5, frequency_penalty: 0.5, logprobs: true, top_logprobs: 2, logit_bias: { '50256': -100 } };

describe('the sampling parameters each model refuses', () => {
  it('Claude Opus 4.7 and later, Mythos and Fable refuse temperature, top_p and top_k at any value; earlier Claude and stand-ins take them', () => {
    for (const model of ['claude-opus-4-7', 'claude-opus-4-8', 'claude-opus-5', 'claude-mythos-preview', 'claude-fable-5', 'claude-opus-4-7-20260416']) {
      expect(refused(model, { ...all, temperature: 1 })).toEqual(['temperature', 'top_p', 'top_k']);
      expect(takesSamplingParams(model)).toBe(false);
    }
    for (const model of ['claude-opus-4-6', 'claude-sonnet-4-5-20250929', 'claude-3-7-sonnet-20250219', 'claude-standin']) expect(refused(model, all)).toEqual([]);
  });

  it('OpenAI reasoning models take temperature 1 only and none of top_p, penalties, logprobs or logit_bias; chat models and GPT-4 take them all', () => {
    const every = ['temperature', 'top_p', 'presence_penalty', 'frequency_penalty', 'logprobs', 'top_logprobs', 'logit_bias'];
    for (const model of ['o1', 'o3-mini', 'o4-mini-2025-04-16', 'gpt-5', 'gpt-5-mini', 'gpt-5.6-luna']) expect(refused(model, all)).toEqual(every);
    expect(refused('gpt-5-mini', { temperature: 1 })).toEqual([]);
    for (const model of ['gpt-4o', 'gpt-4.1-mini', 'gpt-5-chat-latest']) expect(refused(model, all)).toEqual([]);
  });

  it('the gpt-5.x chat and -pro models reason at a fixed effort, and GPT-5.5 by default: temperature refused without an effort (the recorded probes)', () => {
    for (const model of ['gpt-5.2-chat-latest', 'gpt-5.3-chat-latest', 'gpt-5.4-pro', 'gpt-5.5', 'gpt-5.5-pro']) expect([model, refused(model, { temperature: 0.5 })]).toEqual([model, ['temperature']]);
    // gpt-5.1 to gpt-5.4 (and gpt-5.3-codex) default to "none", and sample.
    for (const model of ['gpt-5.1', 'gpt-5.3-codex', 'gpt-5.4-nano']) expect([model, refused(model, { temperature: 0.5 })]).toEqual([model, []]);
    expect(refused('gpt-5.5', { temperature: 0.5 }, 'none')).toEqual([]);
  });

  it('gpt-5.1 on sample again when they do not reason (effort "none", their default up to gpt-5.4), penalties and logit_bias still refused', () => {
    const stillRefused = ['presence_penalty', 'frequency_penalty', 'logit_bias'];
    expect(refused('gpt-5.2', all)).toEqual(stillRefused);
    expect(refused('gpt-5.4-mini', all, 'none')).toEqual(stillRefused);
    expect(refused('gpt-5.2', { temperature: 0.2 }, 'low')).toEqual(['temperature']);
    // GPT-5.6 reasons by default; gpt-5 itself has no "none".
    expect(refused('gpt-5.6-terra', { temperature: 0.2 })).toEqual(['temperature']);
    expect(refused('gpt-5', { temperature: 0.2 }, 'minimal')).toEqual(['temperature']);
    expect([openAIReasons('gpt-5.4-mini', undefined), openAIReasons('gpt-5.4-mini', 'low'), openAIReasons('o3', undefined), openAIReasons('gpt-4o', 'high')]).toEqual([false, true, true, false]);
  });

  it('Gemini 2.5 on refuse a penalty other than 0; gemini-2.0 takes them', () => {
    expect(refused('gemini-2.5-flash', { ...all, presence_penalty: 0 })).toEqual(['frequency_penalty']);
    expect(refused('models/gemini-3-pro-preview', all)).toEqual(['presence_penalty', 'frequency_penalty']);
    expect(refused('gemini-2.0-flash', all)).toEqual([]);
  });

  it('says why, in the vendor’s words', () => {
    expect(samplingRefusals('claude-opus-4-7').reason).toContain('`temperature` is deprecated for this model.');
    expect(samplingRefusals('gpt-5').reason).toContain('unsupported_value');
    expect(samplingRefusals('gemini-2.5-pro').reason).toContain('Penalty is not enabled');
    expect(samplingRefusals('gpt-4o').params.size).toBe(0);
  });
});
