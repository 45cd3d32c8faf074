import { describe, expect, it } from 'vitest';
import { claudeImageTokens, geminiImageTokens, imagesIn, openAIImageTokens } from './image-tokens.js';

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

describe('geminiImageTokens at a media resolution', () => {
  it('follows the media resolution guide: Gemini 3 fixed by level, earlier models 66 at LOW and one tile at MEDIUM', () => {
    const size = { width: 1024, height: 1024 };
    expect(geminiImageTokens('gemini-3-flash-preview', size, 'MEDIA_RESOLUTION_LOW')).toBe(280);
    expect(geminiImageTokens('gemini-3.1-pro-preview', size, 'MEDIA_RESOLUTION_MEDIUM')).toBe(560);
    expect(geminiImageTokens('gemini-3-flash-preview', size, 'MEDIA_RESOLUTION_ULTRA_HIGH')).toBe(2240);
    expect(geminiImageTokens('gemini-3-flash-preview', size, 'MEDIA_RESOLUTION_UNSPECIFIED')).toBe(1120);
    expect(geminiImageTokens('gemini-2.5-flash', size, 'MEDIA_RESOLUTION_LOW')).toBe(66);
    expect(geminiImageTokens('gemini-2.5-flash', size, 'MEDIA_RESOLUTION_MEDIUM')).toBe(258);
    expect(geminiImageTokens('gemini-2.5-flash', size, 'MEDIA_RESOLUTION_HIGH')).toBe(4 * 258);
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

describe('claudeImageTokens', () => {
  it('counts 28 px patches, padding included, on images within the native resolution (the vision guide’s table of sizes not resized)', () => {
    expect(claudeImageTokens('claude-sonnet-4-6', { width: 200, height: 200 })).toBe(8 * 8);
    expect(claudeImageTokens('claude-sonnet-4-6', { width: 1092, height: 1092 })).toBe(39 * 39);
    expect(claudeImageTokens('claude-haiku-4-5', { width: 784, height: 1568 })).toBe(28 * 56);
    expect(claudeImageTokens('claude-sonnet-4-6', { width: 1, height: 1 })).toBe(1);
  });

  it('scales a larger image down, aspect kept, until its long edge and its tokens fit: 1,568 px and ~1,600; 2,576 px and ~4,784 on Opus 4.7 and later', () => {
    for (const size of [{ width: 1920, height: 1080 }, { width: 4000, height: 3000 }, { width: 8000, height: 8000 }]) {
      expect(claudeImageTokens('claude-sonnet-4-6', size)).toBeLessThanOrEqual(1600);
      expect(claudeImageTokens('claude-sonnet-4-6', size)).toBeGreaterThan(1500);
    }
    // A long strip: the edge decides (1,568 × 20 px), not the token budget.
    expect(claudeImageTokens('claude-sonnet-4-6', { width: 8000, height: 100 })).toBe(56 * 1);
    expect(claudeImageTokens('claude-opus-4-7', { width: 1920, height: 1080 })).toBe(69 * 39);
    expect(claudeImageTokens('claude-opus-4-7', { width: 3840, height: 2160 })).toBeLessThanOrEqual(4784);
    expect(claudeImageTokens('claude-fable-5', { width: 4000, height: 3000 })).toBe(claudeImageTokens('claude-opus-4-8', { width: 4000, height: 3000 }));
    // A stand-in name keeps the earlier limits.
    expect(claudeImageTokens('claude-standin', { width: 3840, height: 2160 })).toBe(claudeImageTokens('claude-sonnet-4-5', { width: 3840, height: 2160 }));
  });

  it('counts an image of unknown size at the most the model reads', () => {
    expect(claudeImageTokens('claude-sonnet-4-6', undefined)).toBe(1600);
    expect(claudeImageTokens('claude-opus-4-7', undefined)).toBe(4784);
  });
});
