import { describe, expect, it } from 'vitest';
import { budgetBounds, geminiLevelOf, nearestLevel, refusedLevelMessage, thinkingLevels } from './gemini-thinking.js';

describe('how much each Gemini model can be told to think', () => {
  it('gives each Gemini 3 model the levels Google lists for it, and none to Gemini 2.5', () => {
    const table = Object.fromEntries(
      ['gemini-3-pro-preview', 'models/gemini-3-pro-preview', 'gemini-3.1-pro-preview', 'gemini-3-flash-preview', 'gemini-3.1-flash-lite-preview', 'gemini-3.5-flash', 'gemini-3.5-flash-lite', 'gemini-3.6-flash', 'gemini-3.7-flash', 'gemini-3.8-flash', 'gemini-4-ultra', 'gemini-4-neon', 'gemini-4-hydrogen-preview', 'gemini-4-argon', 'gemini-2.5-flash', 'gpt-5.1']
        .map((model) => [model, thinkingLevels(model)?.join(' ')]),
    );
    expect(table).toEqual({
      'gemini-3-pro-preview': 'LOW HIGH',
      'models/gemini-3-pro-preview': 'LOW HIGH',
      'gemini-3.1-pro-preview': 'LOW MEDIUM HIGH',
      'gemini-3-flash-preview': 'MINIMAL LOW MEDIUM HIGH',
      'gemini-3.1-flash-lite-preview': 'MINIMAL LOW MEDIUM HIGH',
      'gemini-3.5-flash': 'MINIMAL LOW MEDIUM HIGH',
      'gemini-3.5-flash-lite': 'MINIMAL LOW MEDIUM HIGH',
      'gemini-3.6-flash': 'MINIMAL LOW MEDIUM HIGH',
      'gemini-3.7-flash': 'LOW MEDIUM HIGH',
      'gemini-3.8-flash': 'LOW MEDIUM HIGH',
      'gemini-4-ultra': 'MINIMAL LOW MEDIUM HIGH',
      'gemini-4-neon': 'LOW MEDIUM HIGH XHIGH',
      'gemini-4-hydrogen-preview': 'LOW MEDIUM HIGH XHIGH',
      'gemini-4-argon': 'MINIMAL LOW MEDIUM HIGH',
      'gemini-2.5-flash': undefined,
      'gpt-5.1': undefined,
    });
  });

  it('picks the nearest level a model takes: its least below, the higher of two as near', () => {
    expect(nearestLevel('gemini-3-pro-preview', 'MINIMAL')).toBe('LOW');
    expect(nearestLevel('gemini-3-pro-preview', 'MEDIUM')).toBe('HIGH');
    expect(nearestLevel('gemini-3.7-flash', 'MINIMAL')).toBe('LOW');
    expect(nearestLevel('gemini-3-flash-preview', 'MINIMAL')).toBe('MINIMAL');
    expect(nearestLevel('gemini-2.5-pro', 'LOW')).toBeUndefined();
    expect(nearestLevel('gemini-3-flash-preview', 'XHIGH')).toBe('HIGH');
    expect(nearestLevel('gemini-4-neon', 'XHIGH')).toBe('XHIGH');
    expect(nearestLevel('gemini-4-neon', 'MINIMAL')).toBe('LOW');
  });

  it('reads a level in any case of its ASCII letters only', () => {
    expect(['high', 'High', 'XHIGH', 'minimal'].map(geminiLevelOf)).toEqual(['HIGH', 'HIGH', 'XHIGH', 'MINIMAL']);
    // "hıgh".toUpperCase() is "HIGH" in JavaScript; Google reads no such level.
    expect(['hıgh', 'mınımal', ' high', 'HIGH\u0000', '', 'THINKING_LEVEL_UNSPECIFIED', '__proto__', 5, null].map(geminiLevelOf)).toEqual(Array(9).fill(undefined));
  });

  it('words Google’s refusal of a level the model does not take', () => {
    expect(refusedLevelMessage('gemini-3-pro-preview', 'MEDIUM')).toBe('Thinking level MEDIUM is not supported for this model. Please retry with other thinking level.');
    expect(refusedLevelMessage('gemini-3-pro-preview', 'LOW')).toBeUndefined();
    expect(refusedLevelMessage('gemini-3-flash-preview', 'MINIMAL')).toBeUndefined();
    expect(refusedLevelMessage('gemini-2.5-flash', 'LOW')).toBeUndefined();
    expect(refusedLevelMessage('gemini-3-flash-preview', 'XHIGH')).toBe('Thinking level XHIGH is not supported for this model. Please retry with other thinking level.');
    expect(refusedLevelMessage('gemini-4-neon', 'XHIGH')).toBeUndefined();
  });

  it('keeps the Gemini 2.5 budget bounds: Pro cannot stop thinking, Flash-Lite starts at 512', () => {
    expect(budgetBounds('gemini-2.5-pro')).toEqual({ min: 128, max: 32_768, canStop: false });
    expect(budgetBounds('gemini-2.5-flash')).toEqual({ min: 1, max: 24_576, canStop: true });
    expect(budgetBounds('gemini-2.5-flash-lite-preview-09-2025')).toEqual({ min: 512, max: 24_576, canStop: true });
    expect(budgetBounds('gemini-3-flash-preview')).toBeUndefined();
  });
});
