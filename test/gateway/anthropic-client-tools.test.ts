/**
 * Anthropic-defined client tools (bash, text editor, computer use, memory) from the official
 * Anthropic SDK: the client runs them, Anthropic defines their input schema. A translated model
 * (OpenAI, Gemini) gets each as a function tool with that schema, and its call comes back as a
 * `tool_use` block of the tool's name; Claude gets them as sent.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let client: Anthropic;

beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
models:
  gpt: { provider: oai, model: gpt-4.1-mini }
  flash: { provider: gem, model: gemini-2.5-flash }
  claude: { provider: anth, model: claude-sonnet-4-5 }
`);
  client = h.anthropic('sk-sy-test');
});
afterAll(() => h.close());

const bash: Anthropic.ToolBash20250124 = { type: 'bash_20250124', name: 'bash' };
const editor: Anthropic.ToolTextEditor20250728 = { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' };
// Beta tools in the SDK's types; the Messages API takes them beside the others.
const computer = { type: 'computer_20250124', name: 'computer', display_width_px: 1280, display_height_px: 800 } as unknown as Anthropic.Tool;
const memory = { type: 'memory_20250818', name: 'memory' } as unknown as Anthropic.Tool;
const ask: Anthropic.MessageParam = { role: 'user', content: 'List the files in the current directory.' };

function upstreamBody(): Record<string, unknown> {
  return h.sim.stats().lastRequests.at(-1)?.body as Record<string, unknown>;
}

/** The message of an Anthropic API error's body. */
function errorMessage(error: unknown): string {
  return (error as { error?: { error?: { message?: string } } }).error?.error?.message ?? String(error);
}

describe('Anthropic-defined client tools on a translated model', () => {
  it('reach an OpenAI model as function tools with Anthropic’s schemas (Claude as sent), and the call comes back as a tool_use block, whole', async () => {
    const message = await client.messages.create({ model: 'gpt', max_tokens: 200, tools: [bash, editor, computer, memory], tool_choice: { type: 'tool', name: 'bash' }, messages: [ask] });
    const sent = upstreamBody() as { tools: { type: string; function: { name: string; description: string; parameters: { properties: Record<string, unknown> } } }[] };
    expect(sent.tools.map((tool) => [tool.type, tool.function.name])).toEqual([
      ['function', 'bash'], ['function', 'str_replace_based_edit_tool'], ['function', 'computer'], ['function', 'memory'],
    ]);
    expect(Object.keys(sent.tools[0]!.function.parameters.properties)).toEqual(['command', 'restart']);
    expect(sent.tools[1]!.function.parameters.properties).toMatchObject({ command: { enum: ['view', 'create', 'str_replace', 'insert'] }, old_str: {}, new_str: {}, insert_line: {} });
    expect(sent.tools[2]!.function.description).toContain('1280x800');
    expect(upstreamBody()['tool_choice']).toEqual({ type: 'function', function: { name: 'bash' } });
    expect(message.stop_reason).toBe('tool_use');
    const use = message.content.find((block) => block.type === 'tool_use');
    expect(use).toMatchObject({ type: 'tool_use', name: 'bash' });
    // Claude gets the same tools as sent, and calls them itself.
    const native = await client.messages.create({ model: 'claude', max_tokens: 200, tools: [bash, editor], tool_choice: { type: 'tool', name: 'bash' }, messages: [ask] });
    expect(upstreamBody()['tools']).toEqual([bash, editor]);
    expect(native.content.find((block) => block.type === 'tool_use')).toMatchObject({ name: 'bash' });
  });

  it('reach a Gemini model as function declarations, and the call streams back as a tool_use block whose input fits the schema', async () => {
    const message = await client.messages
      .stream({ model: 'flash', max_tokens: 200, tools: [editor], tool_choice: { type: 'tool', name: 'str_replace_based_edit_tool' }, messages: [{ role: 'user', content: 'Show me README.md' }] })
      .finalMessage();
    const declared = (upstreamBody() as { tools: { functionDeclarations?: { name: string }[] }[] }).tools.flatMap((tool) => tool.functionDeclarations ?? []);
    expect(declared.map((fn) => fn.name)).toEqual(['str_replace_based_edit_tool']);
    expect(message.stop_reason).toBe('tool_use');
    const use = message.content.find((block) => block.type === 'tool_use');
    expect(use).toMatchObject({ type: 'tool_use', name: 'str_replace_based_edit_tool', input: { command: expect.stringMatching(/^(view|create|str_replace|insert)$/), path: expect.any(String) } });
  });

  it('go round: the client runs the call and sends its tool_result back, whole and streamed', async () => {
    const first = await client.messages.create({ model: 'gpt', max_tokens: 200, tools: [bash], tool_choice: { type: 'tool', name: 'bash' }, messages: [ask] });
    const use = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    const messages: Anthropic.MessageParam[] = [
      ask,
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'README.md\nsrc\ntest' }] },
    ];
    const whole = await client.messages.create({ model: 'gpt', max_tokens: 200, tools: [bash], messages });
    const sent = upstreamBody() as { messages: { role: string; tool_call_id?: string; content?: unknown; tool_calls?: { function: { name: string } }[] }[] };
    expect(sent.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(sent.messages[1]?.tool_calls?.[0]?.function.name).toBe('bash');
    expect(sent.messages[2]).toMatchObject({ tool_call_id: use.id, content: 'README.md\nsrc\ntest' });
    expect(whole.stop_reason).toBe('end_turn');
    expect(whole.content[0]?.type).toBe('text');
    const streamed = await client.messages.stream({ model: 'flash', max_tokens: 200, tools: [bash], messages }).finalMessage();
    expect(streamed.stop_reason).toBe('end_turn');
    expect(streamed.content[0]?.type === 'text' && streamed.content[0].text.length).toBeGreaterThan(0);
  });

  it('still refuse a real server tool, and an unknown tool type, naming it', async () => {
    const fetchTool = { type: 'web_fetch_20250910', name: 'web_fetch' } as unknown as Anthropic.Tool;
    const refused = await client.messages.create({ model: 'gpt', max_tokens: 50, tools: [bash, fetchTool], messages: [ask] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    expect(errorMessage(refused)).toMatch(/tools\[1\]: Anthropic server tool "web_fetch_20250910" is not available/);
    const unknown = { type: 'teleport_20990101', name: 'teleport' } as unknown as Anthropic.Tool;
    const strange = await client.messages.create({ model: 'flash', max_tokens: 50, tools: [unknown], messages: [ask] }).catch((e: unknown) => e);
    expect(errorMessage(strange)).toMatch(/tools\[0\]: tool type "teleport_20990101"/);
  });

  it('refuse the MCP connector’s servers, whole and streamed, rather than answer without the tools they offer', async () => {
    const mcp_servers: Anthropic.Beta.BetaRequestMCPServerURLDefinition[] = [{ type: 'url', url: 'https://mcp.example.com/sse', name: 'files' }];
    for (const model of ['gpt', 'flash']) {
      for (const stream of [false, true]) {
        const sentBefore = h.sim.stats().lastRequests.length;
        const refused = await client.beta.messages.create({ model, max_tokens: 50, messages: [ask], mcp_servers, betas: ['mcp-client-2025-04-04'], stream }).catch((e: unknown) => e);
        expect(refused, model).toBeInstanceOf(Anthropic.BadRequestError);
        expect(errorMessage(refused), model).toMatch(/^mcp_servers: Anthropic's MCP connector .* is not available on this model/);
        expect(h.sim.stats().lastRequests.length, model).toBe(sentBefore);
      }
    }
    // An empty list offers no tool: the model answers, and the field is named as dropped.
    const answer = await client.beta.messages.create({ model: 'gpt', max_tokens: 50, messages: [ask], mcp_servers: [] }).withResponse();
    expect(answer.data.content[0]?.type).toBe('text');
    expect(answer.response.headers.get('x-switchyard-dropped-params')).toBe('mcp_servers');
  });
});
