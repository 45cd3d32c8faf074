import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../core/openai-wire.js';
import { GEMINI_TOOL_NAMES, renamedTools, upstreamToolName, withUpstreamToolNames } from './upstream-tool-names.js';

const tool = (name: string) => ({ type: 'function' as const, function: { name, parameters: { type: 'object' } } });

describe('tool names for OpenAI', () => {
  it('keeps a name OpenAI takes and makes one it refuses fit, distinct for names that clean alike', () => {
    expect(upstreamToolName('mcp__github__get_me')).toBe('mcp__github__get_me');
    expect(upstreamToolName('x'.repeat(64))).toBe('x'.repeat(64));
    const dotted = upstreamToolName('github.get_me');
    expect(dotted).toMatch(/^github_get_me_[0-9a-f]{8}$/);
    expect(upstreamToolName('github/get_me')).not.toBe(dotted);
    expect(upstreamToolName('y'.repeat(128))).toMatch(/^y{55}_[0-9a-f]{8}$/);
  });

  it('changes nothing, the same object, when every name is fine', () => {
    const request: ChatCompletionRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], tools: [tool('get_time')] };
    const renamed = renamedTools(request);
    expect(renamed.size).toBe(0);
    expect(withUpstreamToolNames(request, renamed)).toBe(request);
  });

  it('renames the tools, a named tool_choice and earlier calls, and maps back', () => {
    const long = 'z'.repeat(70);
    const request: ChatCompletionRequest = {
      model: 'm',
      messages: [{ role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: long, arguments: '{}' } }] }],
      tools: [tool(long), tool('ok')],
      tool_choice: { type: 'function', function: { name: long } },
    };
    const renamed = renamedTools(request);
    const short = upstreamToolName(long);
    expect([...renamed]).toEqual([[short, long]]);
    const sent = withUpstreamToolNames(request, renamed) as unknown as ChatCompletionRequest;
    expect(sent.tools?.map((t) => t.function.name)).toEqual([short, 'ok']);
    expect(sent.tool_choice).toEqual({ type: 'function', function: { name: short } });
    expect(sent.messages[0]?.tool_calls?.[0]?.function.name).toBe(short);
    expect(request.tools?.[0]?.function.name).toBe(long);
  });
});

describe("tool names for Gemini (a letter or _ first, then a-z A-Z 0-9 _ . : -, 64 at most)", () => {
  it('keeps what Gemini takes, dots and colons too, and makes the rest fit', () => {
    expect(upstreamToolName('github.get_me', GEMINI_TOOL_NAMES)).toBe('github.get_me');
    expect(upstreamToolName('ns:tool-1', GEMINI_TOOL_NAMES)).toBe('ns:tool-1');
    expect(upstreamToolName('_'.repeat(64), GEMINI_TOOL_NAMES)).toBe('_'.repeat(64));
    expect(upstreamToolName('z'.repeat(65), GEMINI_TOOL_NAMES)).toMatch(/^z{55}_[0-9a-f]{8}$/);
    expect(upstreamToolName('get weather', GEMINI_TOOL_NAMES)).toMatch(/^get_weather_[0-9a-f]{8}$/);
    expect(upstreamToolName('1st_pass', GEMINI_TOOL_NAMES)).toMatch(/^_1st_pass_[0-9a-f]{8}$/);
    expect(upstreamToolName('-x', GEMINI_TOOL_NAMES)).toMatch(/^_-x_[0-9a-f]{8}$/);
    for (const name of ['z'.repeat(200), '1'.repeat(70), 'é', '']) expect(upstreamToolName(name, GEMINI_TOOL_NAMES)).toMatch(GEMINI_TOOL_NAMES.allowed);
  });

  it('keeps each rule\'s renames apart for one request (a fallback may send it to both)', () => {
    const request: ChatCompletionRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], tools: [tool('github.get_me')] };
    expect(renamedTools(request).size).toBe(1);
    expect(renamedTools(request, GEMINI_TOOL_NAMES).size).toBe(0);
    expect(withUpstreamToolNames(request, renamedTools(request, GEMINI_TOOL_NAMES), GEMINI_TOOL_NAMES)).toBe(request);
  });
});
