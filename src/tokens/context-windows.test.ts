import { describe, expect, it } from 'vitest';
import { contextWindow } from './context-windows.js';

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

  it('leaves out a model whose window no vendor page here states', () => {
    expect(contextWindow('claude-sonnet-4-20250514')).toBeUndefined();
    expect(contextWindow('gpt-5.4')).toBeUndefined();
    expect(contextWindow('claude-mythos-1')).toBeUndefined();
  });
});
