/**
 * The simulator's web search as the official SDKs see it: Claude's web search server tool
 * (server_tool_use, web_search_tool_result, cited text, usage.server_tool_use), whole and
 * streamed, and Gemini's Google Search grounding (groundingMetadata).
 */
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { anthropicOn, simulatorPerFile } from '../test-support/simulator-per-file.js';
import type { Simulator } from './types.js';

let sim: Simulator;
let claude: Anthropic;
let gemini: GoogleGenAI;

simulatorPerFile((started) => {
  sim = started;
  claude = anthropicOn(sim);
  gemini = new GoogleGenAI({ apiKey: 'AIza-test', httpOptions: { baseUrl: sim.url } });
});

const search = { type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 2, allowed_domains: ['nodejs.org'] };
const ask = { model: 'claude-sonnet-4-5-20250929', max_tokens: 256, messages: [{ role: 'user' as const, content: 'Latest Node.js LTS?' }], tools: [search] };

describe('Claude’s web search tool', () => {
  it('searches, lists the pages found and cites one, and counts the search in usage', async () => {
    const message = await claude.messages.create(ask);
    // As Anthropic's web search page shows an answer: what Claude says before searching is a text block of its own.
    expect(message.content.map((block) => block.type)).toEqual(['text', 'server_tool_use', 'web_search_tool_result', 'text']);
    const [, use, result, cited] = message.content;
    expect(use).toMatchObject({ type: 'server_tool_use', id: expect.stringMatching(/^srvtoolu_01/), name: 'web_search', input: { query: 'Latest Node.js LTS' } });
    expect(result?.type === 'web_search_tool_result' && result.tool_use_id).toBe(use?.type === 'server_tool_use' && use.id);
    const pages = result?.type === 'web_search_tool_result' && Array.isArray(result.content) ? result.content : [];
    expect(pages.length).toBe(2);
    for (const page of pages) expect(page).toEqual({ type: 'web_search_result', url: expect.stringMatching(/^https:\/\/nodejs\.org\//), title: expect.any(String), encrypted_content: expect.any(String), page_age: expect.any(String) });
    expect(cited?.type === 'text' && cited.citations?.[0]).toMatchObject({ type: 'web_search_result_location', url: pages[0]?.url, title: pages[0]?.title, cited_text: expect.any(String), encrypted_index: expect.any(String) });
    expect(message.usage.server_tool_use).toEqual({ web_search_requests: 1, web_fetch_requests: 0 });
  });

  it('streams the same message: the query as input_json_delta, the result whole, the citation as a citations_delta', async () => {
    const stream = claude.messages.stream(ask);
    const deltas: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_delta') deltas.push(event.delta.type);
    });
    const streamed = await stream.finalMessage();
    const whole = await claude.messages.create(ask);
    // The same blocks but for the search's id (ids are never reused).
    const idless = (content: unknown) => JSON.parse(JSON.stringify(content).replace(/srvtoolu_\w+/g, 'srvtoolu'));
    expect(idless(streamed.content)).toEqual(idless(whole.content));
    expect(streamed.usage.server_tool_use).toEqual({ web_search_requests: 1, web_fetch_requests: 0 });
    expect(deltas).toContain('input_json_delta');
    expect(deltas).toContain('citations_delta');
  });

  it('searches for what the person asked, not for an agent’s tagged context beside it', async () => {
    // The Codex CLI's environment block, joined by the gateway to the question for Claude: the
    // search went out for the whole block ("<environment_context> <cwd>/tmp …") before.
    const environment = '<environment_context>\n  <cwd>/tmp/project</cwd>\n  <shell>bash</shell>\n</environment_context>';
    const message = await claude.messages.create({ ...ask, messages: [{ role: 'user', content: [{ type: 'text', text: environment }, { type: 'text', text: 'Latest Node.js LTS?' }] }] });
    expect(message.content.find((block) => block.type === 'server_tool_use')).toMatchObject({ input: { query: 'Latest Node.js LTS' } });
  });

  it('takes a tool_choice naming the search tool (and searches), not a name no tool has', async () => {
    const forced = await claude.messages.create({ ...ask, tool_choice: { type: 'tool', name: 'web_search' } });
    expect(forced.content[0]?.type).toBe('server_tool_use');
    await expect(claude.messages.create({ ...ask, tool_choice: { type: 'tool', name: 'web_fetch' } })).rejects.toMatchObject({ status: 400 });
  });

  it('refuses, in Claude’s error shape, the server tools it does not run and tool types the API does not know; client tools are the client’s', async () => {
    const base = { model: 'claude-sonnet-4-5-20250929', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Fetch https://nodejs.org' }] };
    for (const type of ['web_fetch_20250910', 'code_execution_20250825', 'tool_search_tool_regex_20251119']) {
      const refused = await claude.messages.create({ ...base, tools: [{ type, name: type.replace(/_\d+$/, '') } as never] }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ status: 400, error: { type: 'error', error: { type: 'invalid_request_error', message: `tools.0: the simulator does not run Anthropic's server tool '${type}' (it runs web_search only)` } } });
    }
    const unknown = await claude.messages.create({ ...base, tools: [{ type: 'teleport_20250101', name: 'teleport' } as never] }).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ status: 400, error: { error: { type: 'invalid_request_error', message: expect.stringMatching(/^tools\.0: Input tag 'teleport_20250101' found using 'type' does not match any of the expected tags: 'custom'/) } } });
    // The MCP connector is Anthropic calling the servers for the model: not run either (it was answered without their tools).
    const mcp = await claude.beta.messages.create({ ...base, mcp_servers: [{ type: 'url', url: 'https://mcp.example.com/sse', name: 'files' }], betas: ['mcp-client-2025-04-04'] }).catch((error: unknown) => error);
    expect(mcp).toMatchObject({ status: 400, error: { type: 'error', error: { type: 'invalid_request_error', message: "mcp_servers: the simulator does not run Anthropic's MCP connector (it runs web_search only)" } } });
    expect((await claude.messages.create({ ...base, mcp_servers: [] } as never)).stop_reason).toBeDefined();
    // Bash and the text editor are Anthropic-defined client tools: accepted, run by the client.
    const bash = await claude.messages.create({ ...base, tools: [{ type: 'bash_20250124', name: 'bash' }, { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' }] });
    expect(bash.stop_reason).toBeDefined();
  });

  it('refuses a tool the API would refuse', async () => {
    await expect(claude.messages.create({ ...ask, tools: [{ ...search, blocked_domains: ['x.org'] }] })).rejects.toMatchObject({ status: 400 });
    await expect(claude.messages.create({ ...ask, tools: [{ ...search, max_uses: 0 }] })).rejects.toMatchObject({ status: 400 });
  });
});

describe('Gemini’s Google Search grounding', () => {
  it('grounds the answer: queries, pages, supported segment in bytes, whole and streamed', async () => {
    const request = { model: 'gemini-2.5-flash', contents: 'Latest Node.js LTS?', config: { tools: [{ googleSearch: {} }] } };
    const response = await gemini.models.generateContent(request);
    const grounding = response.candidates?.[0]?.groundingMetadata;
    expect(grounding?.webSearchQueries).toEqual(['Latest Node.js LTS']);
    expect(grounding?.groundingChunks?.map((chunk) => chunk.web?.uri?.startsWith('https://vertexaisearch.cloud.google.com/grounding-api-redirect/'))).toEqual([true, true]);
    const support = grounding?.groundingSupports?.[0];
    const text = response.text ?? '';
    expect(Buffer.from(text).subarray(support?.segment?.startIndex ?? 0, support?.segment?.endIndex).toString()).toBe(support?.segment?.text);
    expect(support?.groundingChunkIndices).toEqual([0, 1]);
    expect(grounding?.searchEntryPoint?.renderedContent).toContain('Latest Node.js LTS');

    // The results fed to the model are counted apart, as toolUsePromptTokenCount, and in the total.
    const usage = response.usageMetadata;
    expect(usage?.toolUsePromptTokenCount).toBeGreaterThan(0);
    expect(usage?.toolUsePromptTokensDetails).toEqual([{ modality: 'TEXT', tokenCount: usage?.toolUsePromptTokenCount }]);
    expect(usage?.totalTokenCount).toBe(usage!.promptTokenCount! + usage!.toolUsePromptTokenCount! + usage!.candidatesTokenCount! + (usage!.thoughtsTokenCount ?? 0));

    let last: typeof grounding;
    let lastUsage: typeof usage;
    for await (const event of await gemini.models.generateContentStream(request)) {
      last = event.candidates?.[0]?.groundingMetadata ?? last;
      expect(event.usageMetadata?.toolUsePromptTokenCount).toBe(usage?.toolUsePromptTokenCount);
      lastUsage = event.usageMetadata;
    }
    expect(last).toEqual(grounding);
    expect(lastUsage).toEqual(usage);
    // Without the tool, no grounding and no tool-use prompt.
    const plain = await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Latest Node.js LTS?' });
    expect(plain.candidates?.[0]?.groundingMetadata).toBeUndefined();
    expect(plain.usageMetadata).not.toHaveProperty('toolUsePromptTokenCount');
  });
});
