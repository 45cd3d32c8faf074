import { describe, expect, it } from 'vitest';
import { geminiRequestTier, geminiServedTier } from './gemini-service-tier.js';

describe('Gemini service tiers', () => {
  it('asks for flex and priority (OpenAI priority under either name); default and auto are standard, not asked', () => {
    expect(geminiRequestTier('flex')).toBe('flex');
    expect(geminiRequestTier('priority')).toBe('priority');
    expect(geminiRequestTier('fast')).toBe('priority');
    expect(geminiRequestTier('default')).toBeUndefined();
    expect(geminiRequestTier('auto')).toBeUndefined();
    expect(geminiRequestTier(undefined)).toBeUndefined();
  });

  it('reads the served tier from the header, in any case or enum spelling; standard or none is default', () => {
    expect(geminiServedTier({ 'x-gemini-service-tier': 'flex' })).toBe('flex');
    expect(geminiServedTier({ 'x-gemini-service-tier': 'SERVICE_TIER_PRIORITY' })).toBe('priority');
    expect(geminiServedTier({ 'x-gemini-service-tier': 'standard' })).toBe('default');
    expect(geminiServedTier({})).toBe('default');
    expect(geminiServedTier(undefined)).toBe('default');
  });
});
