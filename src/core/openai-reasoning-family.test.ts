import { describe, expect, it } from 'vitest';
import { takenEfforts } from './openai-efforts.js';
import { AFTER_GPT_5, OPENAI_REASONING_FAMILY, OPENAI_REASONING_NOT_CHAT } from './openai-reasoning-family.js';
import { openAIReasons, samplingRefusals } from './refused-sampling.js';

describe("OpenAI's reasoning models by name", () => {
  it('takes every major from gpt-5 on (the gpt-6 models openai 7.10 to 7.58 named) and the o-series, no GPT-4-era model', () => {
    for (const model of ['o3', 'gpt-5', 'gpt-5.4-mini', 'gpt-6-astra', 'gpt-6.2-sol', 'gpt-6.2-astra-law', 'gpt-6-rosalind', 'gpt-10']) expect(OPENAI_REASONING_FAMILY.test(model), model).toBe(true);
    for (const model of ['gpt-4o', 'gpt-4.1-mini', 'gpt-3.5-turbo', 'gpt-50x', 'gpt-image-2', 'chatgpt-4o-latest']) expect(OPENAI_REASONING_FAMILY.test(model), model).toBe(false);
    expect(OPENAI_REASONING_NOT_CHAT.test('gpt-5.1-chat-latest')).toBe(false);
    expect(OPENAI_REASONING_NOT_CHAT.test('gpt-6-sol')).toBe(true);
    expect(AFTER_GPT_5.test('gpt-6.1-terra')).toBe(true);
    expect(AFTER_GPT_5.test('gpt-5.6-sol')).toBe(false);
  });

  it('gpt-6 reasons by default, refuses sampling, and takes the efforts its 400s list (no "none" on Astra)', () => {
    expect(openAIReasons('gpt-6.2-sol', undefined)).toBe(true);
    expect(samplingRefusals('gpt-6.2-sol').params.has('temperature')).toBe(true);
    expect(takenEfforts('gpt-6.2-astra')).toEqual(['low', 'medium', 'high', 'xhigh', 'max']);
    expect(takenEfforts('gpt-6-sol')).toEqual(['none', 'low', 'medium', 'high', 'xhigh', 'max']);
  });
});
