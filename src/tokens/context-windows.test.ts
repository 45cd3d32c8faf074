import { describe, expect, it } from 'vitest';
import { contextWindow, sharedWindow } from './context-windows.js';
import { outputLimit } from './output-limits.js';

describe('contextWindow', () => {
  it('knows the Claude models whose windows Anthropic states, by alias and dated snapshot', () => {
    expect(contextWindow('claude-sonnet-4-5')).toBe(200_000);
    expect(contextWindow('claude-sonnet-4-5-20250929')).toBe(200_000);
    expect(contextWindow('claude-haiku-4-5-20251001')).toBe(200_000);
    expect(contextWindow('claude-opus-4-6')).toBe(1_000_000);
    expect(contextWindow('claude-sonnet-4-6')).toBe(1_000_000);
    expect(contextWindow('claude-opus-4-7')).toBe(1_000_000);
    expect(contextWindow('claude-opus-4-8')).toBe(1_000_000);
    expect(contextWindow('claude-opus-5-5')).toBe(1_000_000);
    expect(contextWindow('claude-haiku-5-5')).toBe(1_000_000);
  });

  it('knows GPT-5.1 by its snapshot, and not the 128K chat alias that shares its prefix', () => {
    expect(contextWindow('gpt-5.1-2025-11-13')).toBe(272_000);
    expect(contextWindow('gpt-5.1-chat-latest')).toBeUndefined();
  });

  it("knows the o-series models only the Responses API serves and the GPT-4o search models, not by their families' names", () => {
    expect(contextWindow('o3-pro-2025-06-10')).toBe(200_000);
    expect(contextWindow('o1-pro')).toBe(200_000);
    expect(contextWindow('o4-mini-deep-research-2025-06-26')).toBe(200_000);
    expect(contextWindow('gpt-4o-mini-search-preview')).toBe(128_000);
  });

  it('knows GPT-5 pro and GPT-5-Codex by their pages (the input what the output leaves of 400,000)', () => {
    expect(contextWindow('gpt-5-pro-2025-10-06')).toBe(128_000);
    expect(outputLimit('gpt-5-pro-2025-10-06')).toBe(272_000);
    expect(contextWindow('gpt-5-codex')).toBe(272_000);
    // 128,000 in and 272,000 out fill the 400,000 apart: a prompt at the input limit with the
    // largest cap fits, so no shared window of 128,000 refuses a 100,000-token prompt asking for 50,000.
    expect(sharedWindow('gpt-5-pro')).toBeUndefined();
  });

  it('knows the priced 5.x codex and pro models (272,000 in, 128,000 out apart), and not the search and computer-use models, whose windows no page here states', () => {
    for (const model of ['gpt-5.1-codex', 'gpt-5.1-codex-mini', 'gpt-5.1-codex-max', 'gpt-5.2-pro', 'gpt-5.2-pro-2025-12-11', 'gpt-5.2-codex', 'gpt-5.2-codex-2026-01-14']) {
      expect(contextWindow(model), model).toBe(272_000);
      expect(outputLimit(model), model).toBe(128_000);
      // The output is kept apart: a prompt at the input limit with the largest cap fits.
      expect(sharedWindow(model), model).toBeUndefined();
    }
    expect(sharedWindow('gpt-5-codex')).toBeUndefined();
    // Not a sibling by prefix: gpt-5.3-codex is no snapshot of gpt-5.2-codex's family.
    expect(contextWindow('gpt-5.3-codex')).toBeUndefined();
    expect(contextWindow('gpt-5-search-api')).toBeUndefined();
    expect(contextWindow('computer-use-preview-2025-03-11')).toBeUndefined();
  });

  it('leaves out a model whose window no vendor page here states', () => {
    expect(contextWindow('claude-sonnet-4-20250514')).toBeUndefined();
    expect(contextWindow('gpt-5.4')).toBeUndefined();
    expect(contextWindow('claude-mythos-1')).toBeUndefined();
  });
});
