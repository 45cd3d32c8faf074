import { describe, expect, it } from 'vitest';
import { geminiImageTokens, imagesIn, openAIImageTokens } from './image-tokens.js';

describe('openAIImageTokens', () => {
  it('counts base plus 512 px tiles as OpenAI’s worked examples do (gpt-4o)', () => {
    expect(openAIImageTokens('gpt-4o', { width: 1024, height: 1024 }, 'high')).toBe(765);
    expect(openAIImageTokens('gpt-4o', { width: 2048, height: 4096 }, 'high')).toBe(1105);
    expect(openAIImageTokens('gpt-4o', { width: 4096, height: 8192 }, 'low')).toBe(85);
    // "auto" and no detail count as high; a small image is not scaled up.
    expect(openAIImageTokens('gpt-4.1', { width: 1024, height: 1024 })).toBe(765);
    expect(openAIImageTokens('gpt-4o-2024-08-06', { width: 400, height: 300 }, 'auto')).toBe(85 + 170);
  });

  it('uses each model family’s base and tile cost', () => {
    const square = { width: 1024, height: 1024 };
    expect(openAIImageTokens('gpt-4o-mini', square)).toBe(2833 + 4 * 5667);
    expect(openAIImageTokens('gpt-5', square)).toBe(70 + 4 * 140);
    expect(openAIImageTokens('gpt-5.4', square)).toBe(70 + 4 * 140);
    expect(openAIImageTokens('o3', square)).toBe(75 + 4 * 150);
  });

  it('counts 32 px patches times the multiplier for the patch models, shrinking past 1,536 patches as the docs’ example', () => {
    expect(openAIImageTokens('gpt-4.1-mini', { width: 1024, height: 1024 })).toBe(Math.ceil(1024 * 1.62));
    expect(openAIImageTokens('gpt-5.4-mini', { width: 1800, height: 2400 })).toBe(Math.ceil(1452 * 1.62));
    expect(openAIImageTokens('gpt-5-nano', { width: 1800, height: 2400 })).toBe(Math.ceil(1452 * 2.46));
    expect(openAIImageTokens('o4-mini', { width: 100, height: 100 })).toBe(Math.ceil(16 * 1.72));
  });

  it('counts an image of unknown size at the most the formula allows', () => {
    expect(openAIImageTokens('gpt-4o', undefined)).toBe(85 + 8 * 170);
    expect(openAIImageTokens('gpt-4o', undefined, 'low')).toBe(85);
    expect(openAIImageTokens('gpt-4.1-mini', undefined)).toBe(Math.ceil(1536 * 1.62));
  });
});

describe('geminiImageTokens', () => {
  it('counts 258 up to 384 × 384 and 258 a tile beyond (Gemini 2.x), a fixed 1,120 on Gemini 3', () => {
    expect(geminiImageTokens('gemini-2.5-flash', { width: 384, height: 384 })).toBe(258);
    expect(geminiImageTokens('gemini-2.5-flash', { width: 1024, height: 1024 })).toBe(4 * 258);
    expect(geminiImageTokens('gemini-2.0-flash', { width: 3000, height: 1500 })).toBe(4 * 2 * 258);
    expect(geminiImageTokens('gemini-2.5-pro', undefined)).toBe(258);
    expect(geminiImageTokens('gemini-3-flash-preview', { width: 3000, height: 1500 })).toBe(1120);
  });
});

describe('imagesIn', () => {
  it('finds the image parts of every message, and skips malformed ones', () => {
    const images = imagesIn([
      { role: 'system', content: 'Look carefully.' },
      { role: 'user', content: [{ type: 'text', text: 'Compare' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA==', detail: 'low' } }, { type: 'image_url' }] },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/b.png' } }] },
    ]);
    expect(images).toEqual([{ url: 'data:image/png;base64,AA==', detail: 'low' }, { url: 'https://example.com/b.png' }]);
  });
});
