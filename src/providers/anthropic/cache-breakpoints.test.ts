import { describe, expect, it } from 'vitest';
import type { AnthropicMessage, AnthropicTextBlock } from '../../core/anthropic-wire.js';
import { breakpointCacheControl, capBreakpoints, lengthenBreakpoints, MAX_CACHE_BREAKPOINTS, setTranslatedBreakpoint } from './cache-breakpoints.js';
import { toAnthropicRequest } from './convert-to-anthropic-request.js';

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

describe('lengthenBreakpoints', () => {
  it("gives translated breakpoints without a ttl Claude's hour when the request's prompt_cache_options names a lifetime (openai 7.50), the client's own cache_control as sent", () => {
    const own: AnthropicTextBlock = { type: 'text', text: 'system', cache_control: { type: 'ephemeral' } };
    const bare: AnthropicTextBlock = { type: 'text', text: 'turn' };
    setTranslatedBreakpoint(bare, { type: 'ephemeral' });
    lengthenBreakpoints([own], [{ role: 'user', content: [bare] }], { mode: 'explicit' });
    expect(bare.cache_control).toEqual({ type: 'ephemeral' });
    lengthenBreakpoints([own], [{ role: 'user', content: [bare] }], { ttl: '12h' });
    expect(bare.cache_control).toEqual({ type: 'ephemeral', ttl: '1h' });
    expect(own.cache_control).toEqual({ type: 'ephemeral' });
  });

  it('applies through the request translation', () => {
    const text = { type: 'text' as const, text: 'A long shared prefix.', prompt_cache_breakpoint: { mode: 'explicit' } };
    const messages = [{ role: 'user' as const, content: [text, { type: 'text' as const, text: 'Question?' }] }];
    const request = toAnthropicRequest({ model: 'claude', messages, prompt_cache_options: { ttl: '12h' } } as never, 'claude-sonnet-4-6');
    expect(JSON.stringify(request.messages)).toContain('"cache_control":{"type":"ephemeral","ttl":"1h"}');
  });
});
