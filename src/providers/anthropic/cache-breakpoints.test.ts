import { describe, expect, it } from 'vitest';
import type { AnthropicMessage, AnthropicTextBlock } from '../../core/anthropic-wire.js';
import { breakpointCacheControl, capBreakpoints, MAX_CACHE_BREAKPOINTS, setTranslatedBreakpoint } from './cache-breakpoints.js';

describe('breakpointCacheControl', () => {
  it("is Claude's default cache for a breakpoint without ttl, its longest for one with", () => {
    expect(breakpointCacheControl({ type: 'text', text: 'x', prompt_cache_breakpoint: { mode: 'explicit' } })).toEqual({ type: 'ephemeral' });
    expect(breakpointCacheControl({ type: 'text', text: 'x', prompt_cache_breakpoint: { mode: 'explicit', ttl: '12h' } })).toEqual({ type: 'ephemeral', ttl: '1h' });
    expect(breakpointCacheControl({ type: 'text', text: 'x' })).toBeUndefined();
  });
});

describe('capBreakpoints', () => {
  it("keeps the client's own cache_control and the last translated breakpoints that fit in Claude's four", () => {
    const own: AnthropicTextBlock = { type: 'text', text: 'system', cache_control: { type: 'ephemeral' } };
    const turns: AnthropicTextBlock[] = Array.from({ length: 6 }, (_, i) => ({ type: 'text', text: `turn ${i}` }));
    for (const block of turns) setTranslatedBreakpoint(block, { type: 'ephemeral' });
    const messages: AnthropicMessage[] = turns.map((block, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: [block] }));
    capBreakpoints([own], messages);
    expect(own.cache_control).toEqual({ type: 'ephemeral' });
    expect(turns.map((block) => block.cache_control !== undefined)).toEqual([false, false, false, true, true, true]);
    expect(1 + turns.filter((block) => block.cache_control).length).toBe(MAX_CACHE_BREAKPOINTS);
  });
});
