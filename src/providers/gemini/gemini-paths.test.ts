import { describe, expect, it } from 'vitest';
import { geminiChatPath, geminiEmbedPath, geminiHeaders, geminiModelResource, isGemini3OrLater } from './gemini-paths.js';

describe('paths and headers', () => {
  it('build the documented endpoint paths', () => {
    expect(geminiChatPath('gemini-2.5-flash', false)).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(geminiChatPath('models/gemini-2.5-flash', true)).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(geminiEmbedPath('gemini-embedding-001', 'embedContent')).toBe('/v1beta/models/gemini-embedding-001:embedContent');
    expect(geminiModelResource('tunedModels/my-tune')).toBe('tunedModels/my-tune');
    expect(geminiHeaders('AIza-key')).toEqual({ 'x-goog-api-key': 'AIza-key' });
  });

  it('cannot be steered into another path or query by the model name', () => {
    expect(geminiChatPath('../files?key=x#', false)).toBe('/v1beta/models/..%2Ffiles%3Fkey%3Dx%23:generateContent');
    expect(() => geminiChatPath('x'.repeat(10_000), false)).toThrow(/1 to 256 characters/);
  });

  it('tells Gemini 3 and later apart', () => {
    expect(['gemini-3-pro-preview', 'gemini-3.1-flash', 'models/gemini-4-ultra'].map(isGemini3OrLater)).toEqual([true, true, true]);
    expect(['gemini-2.5-flash', 'gemini-2.0-flash-lite', 'gemma-3-27b-it'].map(isGemini3OrLater)).toEqual([false, false, false]);
  });
});
