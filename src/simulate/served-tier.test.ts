import { describe, expect, it } from 'vitest';
import { parseScriptRule } from './script.js';
import { claudeBillingFields, openAIServedTier } from './served-tier.js';

describe('the tier a simulated answer says served it', () => {
  it('OpenAI: flex, priority and scale served as asked; auto and none as default; a script overrides', () => {
    for (const tier of ['flex', 'priority', 'scale']) expect(openAIServedTier({ service_tier: tier }, undefined)).toBe(tier);
    expect(openAIServedTier({ service_tier: 'auto' }, undefined)).toBe('default');
    expect(openAIServedTier({}, undefined)).toBe('default');
    expect(openAIServedTier({ service_tier: 'flex' }, { reply: 'x', service_tier: 'default' })).toBe('default');
  });

  it('OpenAI: fast mode answers priority (its other name); ultrafast only on the models that have it', () => {
    expect(openAIServedTier({ model: 'gpt-5.4-mini', service_tier: 'fast' }, undefined)).toBe('priority');
    expect(openAIServedTier({ model: 'gpt-5.6-sol', service_tier: 'ultrafast' }, undefined)).toBe('ultrafast');
    expect(openAIServedTier({ model: 'gpt-5.4-mini', service_tier: 'ultrafast' }, undefined)).toBe('default');
    // OpenAI's Ultrafast guide (2026-12): GPT-6.2 Astra, GPT-6.2 Sol, GPT-6 Astra and GPT-6.1 Sol.
    for (const model of ['gpt-6.2-sol', 'gpt-6.2-astra', 'gpt-6-astra', 'gpt-6.1-sol']) expect(openAIServedTier({ model, service_tier: 'ultrafast' }, undefined), model).toBe('ultrafast');
    expect(openAIServedTier({ model: 'gpt-6.1-terra', service_tier: 'ultrafast' }, undefined)).toBe('default');
  });

  it('Claude: priority only for a scripted organisation with capacity and never on standard_only; the region and speed as asked', () => {
    expect(claudeBillingFields({}, undefined)).toEqual({ service_tier: 'standard', inference_geo: 'not_available', speed: 'standard' });
    expect(claudeBillingFields({ inference_geo: 'us', speed: 'fast' }, { reply: 'x', service_tier: 'priority' })).toEqual({ service_tier: 'priority', inference_geo: 'us', speed: 'fast' });
    expect(claudeBillingFields({ service_tier: 'standard_only' }, { reply: 'x', service_tier: 'priority' }).service_tier).toBe('standard');
  });

  it('a script names a known tier or is refused, naming the value', () => {
    expect(parseScriptRule({ reply: 'x', service_tier: 'flex' }).service_tier).toBe('flex');
    expect(() => parseScriptRule({ reply: 'x', service_tier: 'turbo' })).toThrow(/"service_tier" must be one of default, flex, priority, scale, standard; got "turbo"/);
  });
});
