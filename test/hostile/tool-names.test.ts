import Anthropic from '@anthropic-ai/sdk';
import { FunctionCallingConfigMode, GoogleGenAI, Type } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

// An Anthropic client's tool names on OpenAI and Gemini models (providers/upstream-tool-names.ts):
// thousands of MCP names that share their first 64 characters, so every shortened name has the
// same stem; names apart only by an invisible character; and more tools than OpenAI takes.
let h: Harness;
let claude: Anthropic;
beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
models:
  mini: { provider: oai, model: gpt-4o-mini }
  flash: { provider: gem, model: gemini-2.5-flash }
  haiku: { provider: anth, model: claude-haiku-4-5 }
  gpt-then-claude:
    fallbacks: [ { provider: oai, model: gpt-4o-mini }, { provider: anth, model: claude-haiku-4-5 } ]
keys: [ { key: sk-sy-test, name: compat } ]
`);
  claude = h.anthropic('sk-sy-test');
});
afterAll(() => h.close());

const PREFIX = 'mcp__a_server_with_a_really_long_name_here__and_a_tool_family_named_';
const tool = (name: string) => ({ name, description: `the ${name.length}-character tool`, input_schema: { type: 'object' as const, properties: { q: { type: 'string' } } } });

describe('tool names an upstream refuses, at scale and colliding', () => {
  it.each([
    ['flash', 3_000],
    ['mini', 128],
  ])('%s: %i tools whose shortened names share a stem each come back under the client’s name, the last one called', async (model, n) => {
    const tools = Array.from({ length: n }, (_, i) => tool(`${PREFIX}${i}`));
    for (const pick of [tools[n - 1], tools[Math.floor(n / 2)]] as { name: string }[]) {
      const message = await claude.messages.create({ model, max_tokens: 200, tools, tool_choice: { type: 'tool', name: pick.name }, messages: [{ role: 'user', content: 'use it' }] });
      const uses = message.content.filter((b) => b.type === 'tool_use').map((b) => (b as { name: string }).name);
      expect(uses.length).toBeGreaterThan(0);
      expect(new Set(uses)).toEqual(new Set([pick.name]));
    }
    // The names the upstream was sent are distinct and within its 64 characters.
    const sent = h.sim.stats().lastRequests.at(-1)?.body as { tools?: { function?: { name: string } }[]; functionDeclarations?: unknown };
    const names = JSON.stringify(sent).match(/"name":"[^"]*"/g) ?? [];
    expect(names.every((n) => n.length - 9 <= 64)).toBe(true);
  });

  it('names apart only by a zero-width space are two tools, each called back under its own name', async () => {
    for (const model of ['mini', 'flash']) {
      for (const name of ['Read', 'Read\u200b']) {
        const message = await claude.messages.create({ model, max_tokens: 200, tools: [tool('Read'), tool('Read\u200b')], tool_choice: { type: 'tool', name }, messages: [{ role: 'user', content: 'read' }] });
        const uses = message.content.filter((b) => b.type === 'tool_use').map((b) => (b as { name: string }).name);
        expect({ model, uses }).toEqual({ model, uses: [name] });
      }
    }
  });

  it('more tools than OpenAI takes, on a chain that goes on to Claude: Claude answers, the refusal on the trace', async () => {
    const tools = Array.from({ length: 129 }, (_, i) => tool(`${PREFIX}${i}`));
    const { data, response } = await claude.messages.create({ model: 'gpt-then-claude', max_tokens: 50, tools, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(data.model).toBe('claude-haiku-4-5');
    const trace = await h.traceOf(response);
    expect(trace.attempts.map((a) => `${a.model}:${a.status}`)).toEqual(['gpt-4o-mini:400', 'claude-haiku-4-5:200']);
    expect(trace.attempts[0]?.error).toContain('array too long');
  });

  it('more tools than OpenAI takes: its 400 reaches the Anthropic client naming the limit, not a 500', async () => {
    const tools = Array.from({ length: 129 }, (_, i) => tool(`${PREFIX}${i}`));
    const error = await claude.messages.create({ model: 'mini', max_tokens: 50, tools, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as Error).message).toContain('Expected an array with maximum length 128, but got an array with length 129 instead');
  });
});

describe('a Gemini client’s tool names on Claude', () => {
  // Gemini takes dots and colons; Claude's rule is OpenAI's characters: its 400 named tools.0.custom.name.
  const NAMES = ['github.get_me', 'fs:read', `${'n'.repeat(70)}.long`];
  const ai = () => new GoogleGenAI({ apiKey: 'sk-sy-test', httpOptions: { baseUrl: h.gateway.url } });
  const config = (name: string) => ({
    tools: [{ functionDeclarations: NAMES.map((n) => ({ name: n, description: `the ${n} tool`, parameters: { type: Type.OBJECT, properties: { q: { type: Type.STRING } } } })) }],
    toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY, allowedFunctionNames: [name] } },
  });

  it.each(NAMES)('%s is called back under its own name, whole and streamed, and a tool loop continues', async (name) => {
    const answer = await ai().models.generateContent({ model: 'haiku', contents: 'use the tool', config: config(name) });
    expect(answer.functionCalls?.map((c) => c.name)).toEqual([name]);
    let streamed: string[] = [];
    for await (const chunk of await ai().models.generateContentStream({ model: 'haiku', contents: 'use the tool', config: config(name) })) streamed = [...streamed, ...(chunk.functionCalls ?? []).map((c) => c.name as string)];
    expect(streamed).toEqual([name]);
    // Claude was sent names it takes.
    const sent = h.sim.stats().lastRequests.at(-1)?.body as { tools: { name: string }[] };
    expect(sent.tools.every((t) => /^[a-zA-Z0-9_-]{1,128}$/.test(t.name))).toBe(true);
    const call = answer.functionCalls?.[0];
    const next = await ai().models.generateContent({
      model: 'haiku',
      contents: [
        { role: 'user', parts: [{ text: 'use the tool' }] },
        { role: 'model', parts: [{ functionCall: { ...call, name } }] },
        { role: 'user', parts: [{ functionResponse: { id: call?.id, name, response: { result: 'done' } } }] },
      ],
      config: { tools: config(name).tools },
    });
    expect(next.text?.length).toBeGreaterThan(0);
  });
});
